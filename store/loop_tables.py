"""Database tables of the daily loop and the office's workbench (SQLAlchemy 2.x ORM): issues and
their audit trail, recheck requests, homepage probes, the mail outbox, the app secret, the config
copy, proof files, locks and web sessions. The snapshot's tables are in store/schema.py, which
re-exports these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)  # fmt: skip
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base

# ---- the daily loop: issues over time, their audit trail, recheck requests, probes ----------


class IssueRow(Base):
    """A problem followed over time: the findings of successive runs with the same fingerprint.

    state: new | assigned | feedback | rectified | reopened | waived | false_alarm | merged
    (issues/lifecycle.py `IssueState`; transitions only through issues/lifecycle.py).
    """

    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(32), unique=True)
    # what the fingerprint is made of (schema version 4; see FindingRow): the thing at fault by its
    # path and query for the site's own pages, so that the issue survives the site's move
    thing: Mapped[str | None] = mapped_column(Text, nullable=True)
    problem_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    check: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(10))
    site: Mapped[str] = mapped_column(String(200), index=True)
    column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    url: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    message: Mapped[str] = mapped_column(Text)  # as last found
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)  # as last found
    state: Mapped[str] = mapped_column(String(20), default="new", index=True)
    opened: Mapped[dt.date] = mapped_column(Date)  # as_of of the first run that found it
    deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    first_run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # last run that found it
    last_seen: Mapped[dt.date] = mapped_column(Date)  # as_of of that run
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    feedback_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)  # fixed | cannot_fix
    feedback_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    rectified_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # as_of of the run
    updated: Mapped[dt.datetime] = mapped_column(DateTime)


class IssueEvent(Base):
    """One transition of an issue: who, when, why. Append-only (never updated or deleted)."""

    __tablename__ = "issue_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))  # "system", "office", a unit name, a user login
    from_state: Mapped[str | None] = mapped_column(String(20), nullable=True)  # None: created
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RecheckRequest(Base):
    """A unit's or the office's request to recheck some issues (processed by the scheduler)."""

    __tablename__ = "recheck_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_ids: Mapped[list[Any]] = mapped_column(default=list)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(
        String(20), default="pending", index=True
    )  # pending|running|done|failed
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)  # str(issue id) -> new state
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class Probe(Base):
    """One availability probe of a site's homepage (feeds site_unreachable's 7-day rule)."""

    __tablename__ = "probes"
    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    ok: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    elapsed: Mapped[float | None] = mapped_column(Float, nullable=True)

    __table_args__ = (Index("ix_probes_site_at", "site", "at"),)


# ---- mails and web pages of the daily loop: the outbox, its attachments, the app secret -------


class OutboxMail(Base):
    """A mail to send. Queued once per key ("daily:UNIT:DATE"); marked sent only after the SMTP
    server accepted it (reports/outbox.py).

    state: queued (waiting; `next_attempt` after a failure) → sending (claimed by `claimed_by`,
    a "host:pid", while it talks to the server) → sent | failed (given up after max_attempts).
    """

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # daily | summary | weekly
    to: Mapped[str] = mapped_column(Text)  # addresses, comma-separated
    subject: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")  # plain-text alternative
    message_id: Mapped[str] = mapped_column(String(200))  # stable: a resend carries the same id
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_attempt: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class OutboxAttachment(Base):
    """A file attached to an outbox mail (the XLSX 交办单), stored with the mail."""

    __tablename__ = "outbox_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(Text)
    mime: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AppSecret(Base):
    """Secrets generated once and kept (the key signing web sessions and recheck links in mails),
    so that every process (serve, send-reports) signs and verifies with the same key."""

    __tablename__ = "app_secrets"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# ---- the office's workbench (schema version 5): the config kept in the database, proof files ----


class ConfigCopy(Base):
    """A saved version of the config (YAML text): the newest is what `govaudit serve` and the web
    console use; the office edits it in the browser, `govaudit config import/export` moves it to and
    from a file. Versions are kept (append-only) so a bad edit can be undone by importing an old one."""

    __tablename__ = "config_copies"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)
    saved_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(Text, nullable=True)  # the file imported (absolute path)


class FeedbackFile(Base):
    """A file a unit attached to its 反馈 as proof (image, PDF, DOCX; type checked by its bytes)."""

    __tablename__ = "feedback_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the feedback event it came with
    filename: Mapped[str] = mapped_column(Text)
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    uploaded_by: Mapped[str] = mapped_column(String(200))


class Lock(Base):
    """A named lock (store/locks.py): the row is updated first in a transaction that must not run
    alongside another one of the same name (issue sync of one site), so the second one waits."""

    __tablename__ = "locks"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))  # "host:pid" of the last holder
    acquired: Mapped[dt.datetime] = mapped_column(DateTime)


class WebSession(Base):
    """A login to the web pages (web/sessions.py): the cookie carries a random token, this row
    its hash; logging out revokes the row, so a copied cookie stops working at once."""

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    login: Mapped[str] = mapped_column(String(200), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    expires: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
