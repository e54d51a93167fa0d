"""The outbox: mails are queued in the database, then delivered over SMTP, each exactly once.

- Queuing is idempotent by key ("daily:UNIT:DATE"): re-running the morning job queues nothing new.
- A mail is claimed (state `sending`, `claimed_by` = "host:pid") and committed before it is
  sent, so that two delivering processes never send the same mail; it is marked `sent` right
  after the server accepted it (smtplib returned from DATA), and that is committed before the
  next mail is touched.
- A failed send goes back to `queued` with `attempts`, `last_error` and a `next_attempt` after a
  doubling back-off; after `smtp.max_attempts` it is `failed` (kept, listed, never deleted).
- A process killed while it held a claim: the claim is taken back at once when its pid is dead
  (same host), else after `STALE_CLAIM`. The only window in which a mail can go out twice is the
  few milliseconds between the server's "250 OK" and our commit; a resend then carries the same
  Message-ID, so that mail clients show it once. No mail is ever dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate

from govaudit.config.schema import Config, SmtpSettings
from govaudit.store.loop_tables import OutboxAttachment, OutboxMail
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now
from govaudit.errors import ConfigError

log = logging.getLogger(__name__)

STALE_CLAIM = dt.timedelta(minutes=15)  # a claim older than this is taken back even if alive
MAX_BACKOFF = dt.timedelta(hours=6)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    mime: str = XLSX_MIME


@dataclass(frozen=True)
class Mail:
    """A rendered mail, before it is queued (or written to a folder by a dry run)."""

    key: str
    kind: str  # daily | summary | weekly
    to: tuple[str, ...]
    subject: str
    html: str
    text: str = ""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


def message_id(key: str) -> str:
    """The same Message-ID every time a mail of this key is sent (a resend is recognisable)."""
    return f"<{hashlib.sha1(key.encode('utf-8')).hexdigest()[:24]}@govaudit>"


def enqueue(sessions: sessionmaker[Session], mail: Mail) -> bool:
    """Queue a mail unless one with its key exists. True when it was queued now."""
    try:
        with sessions() as s, s.begin():
            if s.scalar(select(OutboxMail.id).where(OutboxMail.key == mail.key)) is not None:
                return False
            row = OutboxMail(
                key=mail.key, kind=mail.kind, to=", ".join(mail.to), subject=mail.subject, html=mail.html,
                text=mail.text, message_id=message_id(mail.key), state="queued", attempts=0, created=now(),
            )  # fmt: skip
            s.add(row)
            s.flush()
            s.add_all(
                OutboxAttachment(mail_id=row.id, filename=a.filename, mime=a.mime, data=a.data)
                for a in mail.attachments
            )
    except IntegrityError:  # queued at the same moment by another process
        return False
    return True


def to_message(mail: Mail, sender: str) -> EmailMessage:
    """The MIME message: plain text and HTML alternatives, then the attachments."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(mail.to)
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id(mail.key)
    msg["X-Govaudit-Key"] = mail.key
    msg.set_content(mail.text or "本邮件为 HTML 格式，请使用支持 HTML 的邮件客户端查看。")
    msg.add_alternative(mail.html, subtype="html")
    for a in mail.attachments:
        maintype, _, subtype = a.mime.partition("/")
        msg.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.filename)
    return msg


def _stored(s: Session, row: OutboxMail) -> Mail:
    atts = s.scalars(
        select(OutboxAttachment).where(OutboxAttachment.mail_id == row.id).order_by(OutboxAttachment.id)
    )
    return Mail(
        key=row.key, kind=row.kind, to=tuple(a.strip() for a in row.to.split(",") if a.strip()),
        subject=row.subject, html=row.html, text=row.text,
        attachments=tuple(Attachment(a.filename, a.data, a.mime) for a in atts),
    )  # fmt: skip


def _claimant() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claim_dead(claimed_by: str | None, claimed_at: dt.datetime | None, at: dt.datetime) -> bool:
    """Whether a `sending` claim belongs to a process that no longer runs (or is stale)."""
    if claimed_at is None or claimed_by is None or at - claimed_at > STALE_CLAIM:
        return True
    host, _, pid = claimed_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine: wait for the lease to expire
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False  # that process still runs: its claim stands


def _release_dead_claims(sessions: sessionmaker[Session], at: dt.datetime) -> None:
    with sessions() as s, s.begin():
        for row in s.scalars(select(OutboxMail).where(OutboxMail.state == "sending")):
            if _claim_dead(row.claimed_by, row.claimed_at, at):
                log.warning("mail %s: taking back the claim of %s (process gone)", row.key, row.claimed_by)
                row.state, row.claimed_by, row.claimed_at = "queued", None, None


def _due(sessions: sessionmaker[Session], at: dt.datetime) -> list[int]:
    with sessions() as s:
        return list(
            s.scalars(
                select(OutboxMail.id)
                .where(OutboxMail.state == "queued")
                .where(or_(OutboxMail.next_attempt.is_(None), OutboxMail.next_attempt <= at))
                .order_by(OutboxMail.id)
            )
        )


def _claim(sessions: sessionmaker[Session], mail_id: int, me: str) -> bool:
    with sessions() as s, s.begin():
        res = s.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.state == "queued")
            .values(state="sending", claimed_by=me, claimed_at=now())
        )
        return bool(res.rowcount)  # type: ignore[attr-defined]


def _password(smtp: SmtpSettings) -> str | None:
    if smtp.password_env is None:
        return None
    value = os.environ.get(smtp.password_env)
    if value is None:
        raise ConfigError(f"smtp.password_env: 环境变量 {smtp.password_env} 未设置（发信密码从该变量读取）")
    return value


def connect(smtp: SmtpSettings, password: str | None) -> smtplib.SMTP:
    """An SMTP connection, logged in when a user is configured."""
    conn: smtplib.SMTP
    if smtp.ssl:
        conn = smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=smtp.timeout, context=ssl.create_default_context()
        )
    else:
        conn = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        if smtp.starttls:
            conn.starttls(context=ssl.create_default_context())
    try:
        if smtp.user:
            conn.login(smtp.user, password or "")
    except BaseException:
        conn.close()
        raise
    return conn


def _backoff(smtp: SmtpSettings, attempts: int) -> dt.timedelta:
    return min(dt.timedelta(minutes=smtp.retry_minutes) * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def _record_failure(sessions: sessionmaker[Session], mail_id: int, smtp: SmtpSettings, error: str,
                    at: dt.datetime) -> None:  # fmt: skip
    with sessions() as s, s.begin():
        row = s.get(OutboxMail, mail_id)
        assert row is not None
        row.attempts += 1
        row.last_error = error[:2000]
        row.claimed_by = row.claimed_at = None
        if row.attempts >= smtp.max_attempts:
            row.state, row.next_attempt = "failed", None
            log.error("mail %s: given up after %d attempts: %s", row.key, row.attempts, error)
        else:
            row.state, row.next_attempt = "queued", at + _backoff(smtp, row.attempts)
            log.warning("mail %s: attempt %d failed (%s); next at %s", row.key, row.attempts, error,
                        row.next_attempt)  # fmt: skip


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "收件人被拒绝: " + "; ".join(f"{r} {c} {m!r}" for r, (c, m) in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error
        return f"SMTP {exc.smtp_code}: {detail.decode('utf-8', 'replace') if isinstance(detail, bytes) else detail}"
    return f"{type(exc).__name__}: {exc}"


def deliver(sessions: sessionmaker[Session], config: Config, *, at: dt.datetime | None = None,
            limit: int | None = None) -> tuple[int, int]:  # fmt: skip
    """Send the queued mails that are due. Returns (sent, failed) for this call ((0, 0) without
    an `smtp:` block).

    One connection serves the batch; a mail that fails closes it and the next mail reconnects.
    When the server cannot be reached at all the batch stops (the rest stay queued as they are).
    """
    if config.smtp is None:
        log.info("no smtp block in the config: nothing is delivered")
        return 0, 0
    smtp = config.smtp
    password = _password(smtp)  # before any mail is claimed: a missing variable is one line
    at = at or now()
    me = _claimant()
    _release_dead_claims(sessions, at)
    sent = failed = 0
    conn: smtplib.SMTP | None = None
    try:
        for mail_id in _due(sessions, at)[:limit]:
            if not _claim(sessions, mail_id, me):
                continue  # another process took it
            with sessions() as s:
                row = s.get(OutboxMail, mail_id)
                assert row is not None
                mail = _stored(s, row)
            msg = to_message(mail, smtp.sender)
            try:
                if conn is None:
                    conn = connect(smtp, password)
                conn.send_message(msg, from_addr=smtp.sender, to_addrs=list(mail.to))
            except (smtplib.SMTPException, OSError) as exc:
                _record_failure(sessions, mail_id, smtp, _error_text(exc), at)
                failed += 1
                reachable = conn is not None
                if conn is not None:
                    _close(conn)
                    conn = None
                if not reachable:
                    break  # cannot connect: try the rest later
                continue
            with sessions() as s, s.begin():  # accepted by the server: record it at once
                row = s.get(OutboxMail, mail_id)
                assert row is not None
                row.state, row.sent_at, row.attempts = "sent", now(), row.attempts + 1
                row.claimed_by = row.claimed_at = None
                row.last_error = None
            sent += 1
            log.info("mail %s sent to %s", mail.key, ", ".join(mail.to))
    finally:
        if conn is not None:
            _close(conn)
    return sent, failed


def _close(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Mails by state."""
    with sessions() as s:
        out: dict[str, int] = {}
        for state in s.scalars(select(OutboxMail.state)):
            out[state] = out.get(state, 0) + 1
        return out
