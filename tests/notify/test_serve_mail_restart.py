"""Restart safety of the mails under `govaudit serve`, with real processes: serve's morning mail
job is killed (SIGKILL) in the middle of its batch to a slow SMTP server; serve is started again
and its next mail job finishes the batch. Every mail reaches the server exactly once, the outbox
ends consistent. (The mail time is set to the coming minute, so the test waits for the clock.)"""

from __future__ import annotations

import datetime as dt
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from govaudit.notify import outbox
from govaudit.store import open_db
from govaudit.store.loop_tables import OutboxMail
from sqlalchemy import select

from tests.issues import seed
from tests.notify.test_outbox import mails
from tests.scheduler.test_serve_restart import _serve
from tests.smtpserver import Handler, SmtpServer

N = 5


def _config(path: Path, smtp_port: int) -> None:
    """The seed config, its mail job at the coming minute (UTC), nothing else scheduled."""
    now = dt.datetime.now(dt.UTC)
    at = now + dt.timedelta(minutes=1 if now.second < 45 else 2)
    data = yaml.safe_load(seed.config_text(smtp_port=smtp_port))
    data["schedule"] = {"audit": None, "probe_minutes": 0, "mail": at.strftime("%H:%M"), "weekly": None,
                        "timezone": "UTC", "recheck_seconds": 60}  # fmt: skip
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _states(db: str) -> list[str]:
    with open_db(db)() as s:
        return list(s.scalars(select(OutboxMail.state)))


@pytest.mark.timeout(400)
def test_serve_killed_mid_mail_batch_then_restarted(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    sessions = open_db(db)
    cfg, log = tmp_path / "c.yaml", tmp_path / "serve.log"
    handler = Handler(rcpt_delay=0.6)
    with SmtpServer(handler) as srv:
        seed.seed(sessions, seed.config(smtp_port=srv.port))
        for m in mails(N):  # mails left from an earlier morning, delivered in the same batch
            outbox.enqueue(sessions, m)
        _config(cfg, srv.port)
        first = _serve(cfg, db, log)
        try:
            end = time.monotonic() + 180
            while handler.rcpt_seen < 3 and time.monotonic() < end:
                time.sleep(0.05)
            assert handler.rcpt_seen >= 3, log.read_text(encoding="utf-8", errors="replace")[-2000:]
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        before = len(handler.received)
        rows = _states(db)
        assert 1 <= before < len(rows) and "sending" in rows, rows

        handler.rcpt_delay = 0
        _config(cfg, srv.port)  # the next mail job: the coming minute again
        second = _serve(cfg, db, log)
        try:
            end = time.monotonic() + 180
            while set(_states(db)) != {"sent"} and time.monotonic() < end:
                time.sleep(0.3)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(30)
        keys = handler.keys()

    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text, text[-3000:]
    with sessions() as s:
        rows_ = list(s.scalars(select(OutboxMail)))
    assert len(rows_) == N + 3  # ours, two units' mails and the office summary: queued once
    assert {r.state for r in rows_} == {"sent"} and all(r.claimed_by is None for r in rows_)
    counted = Counter(keys)
    assert set(counted) == {r.key for r in rows_} and max(counted.values()) == 1, counted
