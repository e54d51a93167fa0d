"""A run's lifecycle in the database: create, mark, save results, load snapshot and findings."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now
from govaudit.models import Finding, Note

from . import liveness
from .probes import ProbeSummary, probe_summary
from .schema import Attachment, FindingRow, Item, Link, NoteRow, Page, Run, SiteFact
from .stream import load_views


def create_run(sessions: sessionmaker[Session], site: str, site_url: str, as_of: dt.date) -> int:
    with sessions() as s, s.begin():
        run = Run(site=site, site_url=site_url, as_of=as_of, started=now(), status="running",
                  stats=liveness.owner(), pid=os.getpid(), host=liveness.this_host())  # fmt: skip
        s.add(run)
        s.flush()
        return run.id


def clear_snapshot(sessions: sessionmaker[Session], run_id: int) -> None:
    """Forget what a run's crawl stored (the crawl is done again)."""
    with sessions() as s, s.begin():
        for table in (Attachment, Link, Item, Page, SiteFact):
            s.execute(delete(table).where(table.run_id == run_id))


def homepage_outcome(sessions: sessionmaker[Session], run_id: int) -> tuple[int | None, str | None] | None:
    """(HTTP status, error kind) of the run's homepage fetch; None when it was not fetched."""
    with sessions() as s:
        row = s.execute(
            select(Page.status, Page.error).where(Page.run_id == run_id, Page.role == "homepage").limit(1)
        ).first()
    return (row[0], row[1]) if row is not None else None


def update_run(sessions: sessionmaker[Session], run_id: int, **fields: Any) -> None:
    with sessions() as s, s.begin():
        run = s.get(Run, run_id)
        assert run is not None
        for k, v in fields.items():
            setattr(run, k, v)


def get_run(sessions: sessionmaker[Session], run_id: int) -> Run:
    with sessions() as s:
        run = s.get(Run, run_id)
        if run is None:
            raise KeyError(run_id)
        return run


@dataclass
class Snapshot:
    """What one crawl saw of one site. Checks read only this (and config, and as_of)."""

    run: Run
    pages: list[Page] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    # the homepage probe history of the 7 days before the run's as_of (None: never probed)
    probes: ProbeSummary | None = None
    # what crawler/sitewide.py saw of the site as a whole, by kind (footer, tls, ipv6, search,
    # statement, media); a kind absent: not gathered in this run
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_url: dict[str, Page] = {}
        self._by_page: dict[str, list[Attachment]] | None = None
        for p in self.pages:
            self._by_url.setdefault(p.url, p)
            if p.final_url:
                self._by_url.setdefault(p.final_url, p)

    def page(self, url: str) -> Page | None:
        return self._by_url.get(url)

    @property
    def homepage(self) -> Page | None:
        return next((p for p in self.pages if p.role == "homepage"), None)

    def column_page(self, column: str) -> Page | None:
        return next((p for p in self.pages if p.role == "column" and p.column == column), None)

    def list_pages(self, column: str) -> list[Page]:
        return [p for p in self.pages if p.column == column and p.role in ("column", "list")]

    def column_items(self, column: str) -> list[Item]:
        return [i for i in self.items if i.column == column]

    def homepage_items(self) -> list[Item]:
        return [i for i in self.items if i.column is None]

    def articles(self, column: str | None = None) -> list[Page]:
        """Article pages fetched (of one column, or all)."""
        return [p for p in self.pages if p.role == "article" and (column is None or p.column == column)]

    def attachments_of(self, page_url: str) -> list[Attachment]:
        """Attachments linked from one article."""
        if self._by_page is None:
            self._by_page = {}
            for a in self.attachments:
                self._by_page.setdefault(a.page_url, []).append(a)
        return list(self._by_page.get(page_url, ()))


def load_snapshot(sessions: sessionmaker[Session], run_id: int) -> Snapshot:
    """The run's snapshot; pages and attachments as light views whose text is read when a check
    asks for it (store/stream.py), so memory does not grow with the articles' text."""
    with sessions() as s:
        run = s.get(Run, run_id)
        if run is None:
            raise KeyError(run_id)
        facts = {f.kind: f.data for f in s.scalars(select(SiteFact).where(SiteFact.run_id == run_id))}
        s.expunge_all()
    items = load_views(sessions, Item, run_id, (Item.id,))
    links = load_views(sessions, Link, run_id, (Link.id,))
    pages = load_views(sessions, Page, run_id, (Page.id,))
    # attachments by URL: the same order whether they were downloaded (in any order) or carried over
    attachments = load_views(sessions, Attachment, run_id, (Attachment.url, Attachment.id))
    probes = probe_summary(sessions, run.site, run.as_of)
    return Snapshot(run=run, pages=pages, items=items, links=links, attachments=attachments, probes=probes,
                    facts=facts)  # fmt: skip


def save_facts(sessions: sessionmaker[Session], run_id: int, facts: dict[str, dict[str, Any]]) -> None:
    """Store the site-wide facts of a run (replacing those of the same kinds)."""
    with sessions() as s, s.begin():
        s.execute(delete(SiteFact).where(SiteFact.run_id == run_id, SiteFact.kind.in_(list(facts))))
        s.add_all(SiteFact(run_id=run_id, kind=k, data=v) for k, v in facts.items())


def save_results(
    sessions: sessionmaker[Session], run_id: int, findings: list[Finding], notes: list[Note]
) -> None:
    """Replace the run's findings and notes (a re-check of the same run stays idempotent)."""
    with sessions() as s, s.begin():
        s.execute(delete(FindingRow).where(FindingRow.run_id == run_id))
        s.execute(delete(NoteRow).where(NoteRow.run_id == run_id))
        s.add_all(FindingRow.of(run_id, f) for f in findings)
        s.add_all(
            NoteRow(run_id=run_id, site=n.site, column=n.column, url=n.url, message=n.message) for n in notes
        )


def load_results(sessions: sessionmaker[Session], run_id: int) -> tuple[list[Finding], list[Note]]:
    with sessions() as s:
        run = s.get(Run, run_id)
        rows = s.scalars(select(FindingRow).where(FindingRow.run_id == run_id).order_by(FindingRow.id))
        findings = [r.finding(run.site_url if run else "") for r in rows]
        notes = [
            Note(site=n.site, column=n.column, url=n.url, message=n.message)
            for n in s.scalars(select(NoteRow).where(NoteRow.run_id == run_id).order_by(NoteRow.id))
        ]
    return findings, notes
