"""The outbox against a real SMTP server (aiosmtpd): idempotent queuing, retries, no duplicates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from govaudit.config import parse_config
from govaudit.notify import outbox
from govaudit.notify.outbox import Attachment, Mail
from govaudit.store import open_db
from govaudit.store.loop_tables import OutboxMail
from sqlalchemy import select

from govaudit.errors import ConfigError
from tests.smtpserver import Handler, SmtpServer, free_port


def smtp_config(port: int, **smtp: object) -> object:
    data = {
        "units": [{"name": "县教育局", "email": "jyj@example.test"}],
        "sites": [{"name": "测试县", "url": "http://127.0.0.1:1/"}],
        "smtp": {"host": "127.0.0.1", "port": port, "sender": "govaudit@example.test",
                 "retry_minutes": 1, "max_attempts": 3, "timeout": 5, **smtp},
    }  # fmt: skip
    return parse_config(yaml.safe_dump(data, allow_unicode=True), "test.yaml")


def mails(n: int) -> list[Mail]:
    return [
        Mail(key=f"daily:单位{i}:2026-11-20", kind="daily", to=(f"u{i}@example.test",),
             subject=f"【整改交办】单位{i} 待整改问题", html=f"<p>问题 {i}</p>", text=f"问题 {i}",
             attachments=(Attachment(f"交办单-{i}.xlsx", b"PK\x03\x04 fake"),))
        for i in range(n)
    ]  # fmt: skip


@pytest.fixture
def sessions(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_db(f"sqlite:///{tmp_path / 'mail.db'}")


def states(sessions) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with sessions() as s:
        return {r.key: r.state for r in s.scalars(select(OutboxMail))}


def test_queue_is_idempotent_by_key(sessions) -> None:  # type: ignore[no-untyped-def]
    assert [outbox.enqueue(sessions, m) for m in mails(3)] == [True, True, True]
    assert [outbox.enqueue(sessions, m) for m in mails(3)] == [False, False, False]
    assert outbox.counts(sessions) == {"queued": 3}


def test_delivered_once_with_attachment_and_chinese_subject(sessions) -> None:  # type: ignore[no-untyped-def]
    with SmtpServer() as srv:
        cfg = smtp_config(srv.port)
        for m in mails(3):
            outbox.enqueue(sessions, m)
        assert outbox.deliver(sessions, cfg) == (3, 0)  # type: ignore[arg-type]
        assert outbox.deliver(sessions, cfg) == (0, 0)  # type: ignore[arg-type]
        got = srv.handler.received
    assert sorted(r.key for r in got) == sorted(m.key for m in mails(3))
    first = next(r for r in got if r.key == "daily:单位0:2026-11-20")
    assert first.message["Subject"] == "【整改交办】单位0 待整改问题"
    assert first.rcpt_tos == ["u0@example.test"]
    html = first.message.get_body(("html",))
    assert html is not None and "问题 0" in html.get_content()
    (att,) = list(first.message.iter_attachments())
    assert att.get_filename() == "交办单-0.xlsx" and att.get_content() == b"PK\x03\x04 fake"
    assert set(states(sessions).values()) == {"sent"}
    with sessions() as s:
        assert all(r.sent_at is not None and r.attempts == 1 for r in s.scalars(select(OutboxMail)))


def test_server_down_then_up_retries_later(sessions) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    cfg = smtp_config(port)
    for m in mails(2):
        outbox.enqueue(sessions, m)
    t0 = dt.datetime(2026, 11, 20, 8, 0)
    # nobody listens: the first mail records the failure, the batch stops, nothing is lost
    assert outbox.deliver(sessions, cfg, at=t0) == (0, 1)  # type: ignore[arg-type]
    with sessions() as s:
        rows = {r.key: r for r in s.scalars(select(OutboxMail))}
    first, second = rows["daily:单位0:2026-11-20"], rows["daily:单位1:2026-11-20"]
    assert first.state == "queued" and first.attempts == 1 and first.last_error
    assert first.next_attempt == t0 + dt.timedelta(minutes=1)
    assert second.attempts == 0
    with SmtpServer(port=port) as srv:
        # the second mail is due now; the first waits for its back-off
        assert outbox.deliver(sessions, cfg, at=t0 + dt.timedelta(seconds=10)) == (1, 0)  # type: ignore[arg-type]
        assert outbox.deliver(sessions, cfg, at=t0 + dt.timedelta(minutes=2)) == (1, 0)  # type: ignore[arg-type]
        assert sorted(srv.handler.keys()) == sorted(rows)


def test_dropped_connection_mid_batch_no_duplicates(sessions) -> None:  # type: ignore[no-untyped-def]
    handler = Handler(drop_at={2}, tempfail_at={4})
    with SmtpServer(handler) as srv:
        cfg = smtp_config(srv.port)
        for m in mails(5):
            outbox.enqueue(sessions, m)
        t0 = dt.datetime(2026, 11, 20, 8, 0)
        # mail 2 is dropped at DATA, mail 4 gets "451": both stay queued, the others go
        assert outbox.deliver(sessions, cfg, at=t0) == (3, 2)  # type: ignore[arg-type]
        st = states(sessions)
        assert [st[m.key] for m in mails(5)] == ["sent", "queued", "sent", "queued", "sent"]
        with sessions() as s:
            four = s.scalar(select(OutboxMail).where(OutboxMail.key == mails(5)[3].key))
            assert four is not None and "451" in (four.last_error or "")
        assert outbox.deliver(sessions, cfg, at=t0 + dt.timedelta(minutes=5)) == (2, 0)  # type: ignore[arg-type]
        keys = srv.handler.keys()
    assert sorted(keys) == sorted(m.key for m in mails(5))  # each exactly once


def test_given_up_after_max_attempts(sessions) -> None:  # type: ignore[no-untyped-def]
    cfg = smtp_config(free_port())
    outbox.enqueue(sessions, mails(1)[0])
    t = dt.datetime(2026, 11, 20, 8, 0)
    for _ in range(3):
        assert outbox.deliver(sessions, cfg, at=t) == (0, 1)  # type: ignore[arg-type]
        t += dt.timedelta(hours=7)
    assert outbox.counts(sessions) == {"failed": 1}
    assert outbox.deliver(sessions, cfg, at=t) == (0, 0)  # type: ignore[arg-type]


def test_password_comes_from_environment_only(sessions, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GOVAUDIT_TEST_SMTP_PW", raising=False)
    cfg = smtp_config(free_port(), user="u", password_env="GOVAUDIT_TEST_SMTP_PW")
    outbox.enqueue(sessions, mails(1)[0])
    with pytest.raises(ConfigError, match="GOVAUDIT_TEST_SMTP_PW"):
        outbox.deliver(sessions, cfg)  # type: ignore[arg-type]
    assert outbox.counts(sessions) == {"queued": 1}  # nothing claimed, nothing lost


def test_claim_of_a_dead_process_is_taken_back(sessions) -> None:  # type: ignore[no-untyped-def]
    import socket

    outbox.enqueue(sessions, mails(1)[0])
    with sessions() as s, s.begin():
        row = s.scalar(select(OutboxMail))
        assert row is not None
        row.state, row.claimed_by, row.claimed_at = "sending", f"{socket.gethostname()}:999999", outbox.now()
    with SmtpServer() as srv:
        assert outbox.deliver(sessions, smtp_config(srv.port)) == (1, 0)  # type: ignore[arg-type]
        assert len(srv.handler.received) == 1


def test_smtp_config_errors() -> None:
    with pytest.raises(ConfigError, match="smtp.ssl"):
        smtp_config(465, ssl=True, starttls=True)
    with pytest.raises(ConfigError, match="smtp.password"):
        smtp_config(25, password="secret")  # the password never sits in the file


@pytest.mark.postgres
def test_outbox_on_postgres(postgres_url: str) -> None:
    pg = open_db(postgres_url)
    assert [outbox.enqueue(pg, m) for m in mails(2)] == [True, True]
    assert outbox.enqueue(pg, mails(1)[0]) is False
    with SmtpServer() as srv:
        assert outbox.deliver(pg, smtp_config(srv.port)) == (2, 0)  # type: ignore[arg-type]
        (att,) = list(srv.handler.received[0].message.iter_attachments())
        assert att.get_content() == b"PK\x03\x04 fake"
    assert outbox.counts(pg) == {"sent": 2}
    pg.kw["bind"].dispose()
