"""Database tables (SQLAlchemy 2.x ORM). One audit of one site is a Run with its snapshot.

A run's snapshot (pages, list items, links) is what the crawler saw; findings and notes are what
the checks concluded. Later runs are compared with earlier ones (issue tracking builds on this).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
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
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from govaudit.models import Finding, Severity

SCHEMA_VERSION = 8


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class SchemaInfo(Base):
    """One row: the schema version this database is at (see store/db.py for upgrades)."""

    __tablename__ = "schema_info"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class Run(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(String(200), index=True)
    site_url: Mapped[str] = mapped_column(Text)
    as_of: Mapped[dt.date] = mapped_column(Date)
    started: Mapped[dt.datetime] = mapped_column(DateTime)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # running → crawled → done; crawl_failed / timeout when the crawl process did not end well
    status: Mapped[str] = mapped_column(String(20), default="running")
    pages: Mapped[int] = mapped_column(Integer, default=0)  # pages fetched in full
    requests: Mapped[int] = mapped_column(Integer, default=0)  # all requests incl. link checks
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # a Celery worker running the run says it is alive (scheduler/workers.py; schema version 8)
    heartbeat: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # the process running it (schema version 7): a run left "running" by a process that is gone
    # is marked interrupted by the next govaudit command on the same host (store/liveness.py)
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    host: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Page(Base):
    """A page fetched in full (homepage, column page, further list page, article)."""

    __tablename__ = "pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    role: Mapped[str] = mapped_column(String(20))  # homepage | column | list | article
    column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    page_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)  # HTTP status, None if no answer
    error: Mapped[str | None] = mapped_column(String(40), nullable=True)  # fetch error kind
    error_detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    content_type: Mapped[str | None] = mapped_column(String(200), nullable=True)
    encoding: Mapped[str | None] = mapped_column(String(40), nullable=True)
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    elapsed: Mapped[float | None] = mapped_column(Float, nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    xxgk: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pub_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    pub_date_source: Mapped[str | None] = mapped_column(String(20), nullable=True)
    dates: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # list pages: how the list was read
    list_source: Mapped[str | None] = mapped_column(String(20), nullable=True)
    list_items: Mapped[int | None] = mapped_column(Integer, nullable=True)
    list_placeholder: Mapped[str | None] = mapped_column(Text, nullable=True)
    list_unreadable: Mapped[str | None] = mapped_column(Text, nullable=True)
    total_records: Mapped[int | None] = mapped_column(Integer, nullable=True)
    total_pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # article pages: what the page says, for the content and 政务公开 checks (schema version 2)
    # the visible text of the page's main content (site header/menu/footer left out), paragraphs
    # separated by "\n", capped (crawler/extract/content.py)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    # every <a href> of the page: [{"url": absolute url, "text": anchor text}] in page order
    out_links: Mapped[list[Any]] = mapped_column(default=list)
    # the tables of the main content: [{"name": caption or "表N", "rows": [[cell text, ...], ...]}]
    tables: Mapped[list[Any]] = mapped_column(default=list)
    # links to other hosts hidden by CSS (crawler/extract/hidden_links.py), for the 暗链 check:
    # [{"url", "text", "how", "element", "toggled"}] (schema version 3)
    hidden_links: Mapped[list[Any]] = mapped_column(default=list)
    # incremental audits (schema version 8): a page not fetched by this run but carried over from
    # the run that last read it (`carried_from`: that run's id; None: fetched by this run), the date
    # its copy was read, and an article's link targets [[url, kind, text]] (what carrying it over
    # adds to the run's link checks)
    carried_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fetched_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    targets: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)

    __table_args__ = (Index("ix_pages_run_url", "run_id", "url"),)


class Item(Base):
    """An entry of a list: a column's list, or a dated link on the homepage (column is None)."""

    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    list_url: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date_text: Mapped[str | None] = mapped_column(String(60), nullable=True)
    yearless: Mapped[bool] = mapped_column(Boolean, default=False)


class Link(Base):
    """A link target found on crawled pages, with the result of checking it."""

    __tablename__ = "links"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # page | attachment | image
    internal: Mapped[bool] = mapped_column(Boolean)
    checked: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error_detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    final_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_count: Mapped[int] = mapped_column(Integer, default=1)
    # the first few pages linking here: [{"page": url, "text": anchor text, "role": homepage|...}]
    sources: Mapped[list[Any]] = mapped_column(default=list)
    # when the outcome was obtained, and the run that checked it when it was carried over (a target
    # that worked is checked again after crawl.link_ttl_days; schema version 8)
    checked_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    carried_from: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Attachment(Base):
    """A document linked from a crawled article (.pdf .doc .docx .xls .xlsx .csv .wps .txt …):
    its text and tables as extracted, never its bytes (schema version 2)."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    page_url: Mapped[str] = mapped_column(Text)  # the (first) article linking to it
    column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)  # the link text
    ext: Mapped[str] = mapped_column(String(10))  # ".pdf", by URL or content type
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)  # HTTP status
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)  # bytes received (or announced)
    # readable: text (and tables) extracted. Otherwise `reason_kind` is one of fetch_error,
    # too_large, timeout, encrypted, corrupt, no_text (scanned image), unsupported (or pending:
    # downloaded, not read yet, left so only by an interrupted audit), and `reason`
    # says it in Chinese for the report.
    readable: Mapped[bool] = mapped_column(Boolean, default=False)
    reason_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # the text: PDF pages separated by "\f"; spreadsheet rows by "\n", cells by "\t"; capped
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    # [{"name": sheet name, "第N页" or "表N", "rows": [[cell text, ...], ...]}]
    tables: Mapped[list[Any]] = mapped_column(default=list)
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)  # PDF pages / sheets
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)  # text cut at the cap
    carried_from: Mapped[int | None] = mapped_column(Integer, nullable=True)  # as Page (version 8)
    fetched_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class PageCache(Base):
    """The last body of a site's homepage, column and list pages with the server's validators
    (ETag, Last-Modified): a conditional GET answered 304 reuses it (crawler/incremental.py)."""

    __tablename__ = "page_cache"
    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    content_type: Mapped[str | None] = mapped_column(String(200), nullable=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed
    fetched_on: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (Index("ix_page_cache_site_url", "site", "url"),)


class SiteFact(Base):
    """What the site-wide gatherer (crawler/sitewide.py) saw of a site in a run, by kind: footer,
    tls, ipv6, search, statement, media (schema version 6; data only, judged by checks/)."""

    __tablename__ = "site_facts"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class EvidencePage(Base):
    """A page as it was fetched when a finding was made on it (store/evidence.py): the HTML
    bytes gzip-compressed, an optional PNG screenshot. Kept while an issue with the fingerprint
    is open, pruned after (schema version 6)."""

    __tablename__ = "evidence_pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(32), index=True)
    run_id: Mapped[int] = mapped_column(Integer, index=True)
    url: Mapped[str] = mapped_column(Text)
    fetched: Mapped[dt.datetime] = mapped_column(DateTime)
    content_type: Mapped[str | None] = mapped_column(String(200), nullable=True)
    html_gz: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    screenshot: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class FindingRow(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    check: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(10))
    site: Mapped[str] = mapped_column(String(200))
    column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    url: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(200), nullable=True)
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fingerprint: Mapped[str] = mapped_column(String(32), index=True)
    # what the fingerprint is made of (schema version 4): the thing at fault as the issue knows it
    # (govaudit/models.py Finding.thing) and the finding's key (None: unknown, from before v4)
    thing: Mapped[str | None] = mapped_column(Text, nullable=True)
    problem_key: Mapped[str | None] = mapped_column(Text, nullable=True)

    @classmethod
    def of(cls, run_id: int, f: Finding) -> FindingRow:
        return cls(run_id=run_id, check=f.check, severity=f.severity.value, site=f.site, column=f.column,
                   url=f.url, unit=f.unit, message=f.message, evidence=f.evidence, fingerprint=f.fingerprint,
                   thing=f.thing, problem_key=f.key)  # fmt: skip

    def finding(self, site_url: str = "") -> Finding:
        return Finding(check=self.check, severity=Severity(self.severity), site=self.site, column=self.column,
                       url=self.url, unit=self.unit, message=self.message, evidence=self.evidence,
                       key=self.problem_key or "", site_url=site_url)  # fmt: skip


class NoteRow(Base):
    """What a run could not judge, and why (an unreadable list, a crawl cut short)."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    site: Mapped[str] = mapped_column(String(200))
    column: Mapped[str | None] = mapped_column(String(200), nullable=True)
    url: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
