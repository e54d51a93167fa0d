"""Restart safety of the mails, with real processes: `govaudit send-reports` is killed (SIGKILL)
in the middle of a batch sent to a slow SMTP server, then started again. Every mail is delivered
exactly once (counted at the server) and the outbox ends consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from govaudit.notify import outbox
from govaudit.store import open_db
from govaudit.store.loop_tables import OutboxMail
from sqlalchemy import select

from tests.issues import seed
from tests.notify.test_outbox import mails
from tests.smtpserver import Handler, SmtpServer

N = 6


def _send(config: Path, db: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "govaudit.cli", "send-reports", "--config", str(config), "--db", db,
         "--as-of", "2026-11-17"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def test_killed_mid_batch_then_restarted_delivers_each_mail_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    sessions = open_db(db)
    handler = Handler(rcpt_delay=0.5)
    with SmtpServer(handler) as srv:
        config = tmp_path / "c.yaml"
        config.write_text(seed.config_text(smtp_port=srv.port), encoding="utf-8")
        seed.seed(sessions, seed.config(smtp_port=srv.port))  # the morning job adds its own mails
        for m in mails(N):
            outbox.enqueue(sessions, m)

        first = _send(config, db)
        deadline = time.monotonic() + 60
        while handler.rcpt_seen < 3 and time.monotonic() < deadline:  # the 3rd mail is being sent
            time.sleep(0.02)
        assert handler.rcpt_seen >= 3, "the batch did not start"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        sent_before = len(handler.received)
        assert 1 <= sent_before < N, "the kill did not land mid-batch"
        with sessions() as s:
            assert s.scalar(select(OutboxMail).where(OutboxMail.state == "sending")) is not None

        handler.rcpt_delay = 0
        second = _send(config, db)
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, out + err
        assert "Traceback" not in err
        keys = handler.keys()

    with sessions() as s:
        rows = list(s.scalars(select(OutboxMail)))
    assert len(rows) == N + 3  # ours + two units' mails + the office summary, queued once
    assert {r.state for r in rows} == {"sent"}
    assert all(r.claimed_by is None and r.sent_at is not None for r in rows)
    counted = Counter(keys)
    assert set(counted) == {r.key for r in rows}
    assert max(counted.values()) == 1, counted  # nothing twice


def test_restart_after_the_batch_sends_nothing_again(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    sessions = open_db(db)
    with SmtpServer() as srv:
        config = tmp_path / "c.yaml"
        config.write_text(seed.config_text(smtp_port=srv.port), encoding="utf-8")
        seed.seed(sessions, seed.config(smtp_port=srv.port))
        for _ in range(2):
            proc = _send(config, db)
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, out + err
        assert len(srv.handler.received) == 3  # the same day's mails once, not twice
        assert "新排队 0 封" in out
