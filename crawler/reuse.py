"""What an incremental audit may take over from the site's previous run instead of fetching again.

The previous run is the site's last finished audit (status done). From it:

- an article is carried over (not fetched) when this run's list entry for it — column, URL,
  title and date as shown — is the one the previous run read, its copy was read successfully,
  and the copy is not due: a copy is re-read when it is `crawl.refetch_days` old, and from half
  that age on the day of the cycle given by its URL (so that re-reading spreads over the days of
  the week instead of coming all at once);
- an attachment read before (same URL, readable or too large) likewise, by its own age;
- a link target that worked is taken over until it is `crawl.link_ttl_days` old; failures and
  "try later" answers are checked again every run;
- homepage, column and list pages are always asked for, conditionally (crawler/incremental.py).

What was carried is copied into this run after the crawl (store/carry.py), marked with the run
that read it, so every check sees the whole site.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from govaudit.crawler.fetcherrors import is_failure
from govaudit.store.schema import Attachment, Item, Link, Page, PageCache, Run
from govaudit.store.writer import SnapshotWriter
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

CARRIED_REASONS = (None, "too_large")  # attachment outcomes worth carrying (others: try again)


@dataclass(slots=True)
class PrevPage:
    id: int
    status: int | None
    final_url: str | None
    fetched_on: dt.date


@dataclass(slots=True)
class PrevLink:
    status: int | None
    final_url: str | None
    checked_on: dt.date
    run_id: int


def due(url: str, fetched_on: dt.date, as_of: dt.date, every_days: int) -> bool:
    """Whether a copy read on `fetched_on` is to be read again on `as_of`: at `every_days`, or
    from half that age on the URL's own day of the cycle."""
    age = (as_of - fetched_on).days
    if age >= every_days:
        return True
    if age < every_days // 2 + 1:
        return False
    return zlib.crc32(url.encode("utf-8")) % every_days == as_of.toordinal() % every_days


def previous_run(sessions: sessionmaker[Session], site: str, as_of: dt.date, before: int) -> Run | None:
    """The site's last finished audit before run `before` (not a recheck, not an outage)."""
    with sessions() as s:
        for run in s.scalars(
            select(Run).where(Run.site == site, Run.id < before, Run.status == "done", Run.as_of <= as_of)
            .order_by(Run.id.desc()).limit(20)
        ):  # fmt: skip
            if (run.stats or {}).get("kind", "audit") == "audit":
                s.expunge(run)
                return run
    return None


@dataclass
class Reuse:
    """The previous run's state, as the crawl process consults it (one per crawl)."""

    site: str
    run_id: int  # this run
    as_of: dt.date
    refetch_days: int
    link_ttl_days: int
    prev: Run | None = None
    pages: dict[str, PrevPage] = field(default_factory=dict)  # articles read before, by URL
    entries: dict[tuple[str | None, str], tuple[str, dt.date | None]] = field(default_factory=dict)
    attachments: dict[str, tuple[int, dt.date]] = field(default_factory=dict)  # url -> (row id, read on)
    # an article's attachments (page url -> [(url, row id or None when not worth carrying)])
    page_attachments: dict[str, list[tuple[str, int | None]]] = field(default_factory=dict)
    links: dict[str, PrevLink] = field(default_factory=dict)
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # this run: its list entries (from the writer), and what was carried
    current: dict[tuple[str | None, str], tuple[str, dt.date | None]] = field(default_factory=dict)
    carried_pages: dict[str, int] = field(default_factory=dict)  # url -> previous row id
    carried_attachments: dict[str, int] = field(default_factory=dict)
    carried_links: dict[str, PrevLink] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    sessions: Any = None

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    # ---- decisions ----------------------------------------------------------------------

    def article(self, url: str, column: str | None) -> PrevPage | None:
        """The previous copy of an article to carry over, else None (fetch it)."""
        prev = self.pages.get(url)
        if prev is None or is_failure(prev.status, None):
            return None
        entry = self.current.get((column, url))
        if entry is None or self.entries.get((column, url)) != entry:
            return None
        if due(url, prev.fetched_on, self.as_of, self.refetch_days):
            return None
        if any(aid is None for _, aid in self.page_attachments.get(url, [])):
            return None  # an attachment to fetch again: read the page again too
        return prev

    def carry_article(self, spider: Any, url: str, column: str | None) -> bool:
        """Take over the article's earlier copy instead of requesting it (the spider's hook): its
        link targets and attachments are added as if it had been read; False: request it."""
        if url in spider.requested:
            return False
        prev = self.article(url, column)
        if prev is None:
            return False
        from .linktargets import Outcome

        spider.requested.add(url)
        spider.counts["pages"] += 1
        spider.outcomes[url] = Outcome(status=prev.status, final_url=prev.final_url)
        self.carried_pages[url] = prev.id
        self.count("pages_carried")
        if spider.crawl_cfg.check_links:
            source = {"page": url, "role": "article", "column": column}
            for target, kind, text in targets_of(self.sessions, prev.id):
                spider._add_target(target, kind, text, source)
        for att_url, row in self.page_attachments.get(url, []):  # (all carryable: see `article`)
            if att_url in spider.requested or row is None:
                continue
            spider.requested.add(att_url)
            spider.attachments_queued += 1
            self.carried_attachments[att_url] = row
            self.count("attachments_carried")
            link = self.links.get(att_url)
            spider.outcomes[att_url] = Outcome(status=link.status if link else 200,
                                               final_url=link.final_url if link else None)  # fmt: skip
        return True

    def carry_link(self, spider: Any, url: str) -> bool:
        """Take over a link target's recent outcome instead of checking it (the spider's hook)."""
        prev = self.link(url)
        if prev is None:
            return False
        from .linktargets import Outcome

        spider.outcomes[url] = Outcome(status=prev.status, final_url=prev.final_url)
        self.carried_links[url] = prev
        self.count("links_carried")
        return True

    def attachment(self, url: str) -> int | None:
        found = self.attachments.get(url)
        if found is None or due(url, found[1], self.as_of, self.refetch_days):
            return None
        return found[0]

    def link(self, url: str) -> PrevLink | None:
        prev = self.links.get(url)
        if prev is None or self.link_ttl_days <= 0 or is_failure(prev.status, None):
            return None
        if (self.as_of - prev.checked_on).days >= self.link_ttl_days:
            return None
        return prev

    def all_known(self, items: list[Any], column: str | None) -> bool:
        """A list page whose every article entry would be carried over (nothing new on it): it
        does not count against the list-page cap, so that each run reads further down the list."""
        from .linktargets import ATTACHMENT_EXTS

        articles = [it for it in items if not urlsplit(it.url).path.lower().endswith(ATTACHMENT_EXTS)]
        if not articles:
            return False
        for it in articles:  # (one due to be read again still counts as known: it is not new)
            if self.entries.get((column, it.url)) != (it.title[:500], it.date) or it.url not in self.pages:
                return False
        return True

    # ---- the stored body of a list page ------------------------------------------------

    def cached_body(self, url: str) -> tuple[bytes, str | None] | None:
        with self.sessions() as s:
            row = s.execute(
                select(PageCache.body, PageCache.content_type).where(PageCache.site == self.site,
                                                                     PageCache.url == url).limit(1)
            ).first()  # fmt: skip
        return (zlib.decompress(row[0]), row[1]) if row is not None else None


def load(sessions: sessionmaker[Session], site: str, run_id: int, as_of: dt.date, refetch_days: int,
         link_ttl_days: int) -> Reuse:  # fmt: skip
    """The reuse state of run `run_id` (empty without a previous finished audit)."""
    state = Reuse(site=site, run_id=run_id, as_of=as_of, refetch_days=refetch_days, link_ttl_days=link_ttl_days,
                  sessions=sessions)  # fmt: skip
    with sessions() as s:
        for url, etag, modified in s.execute(
            select(PageCache.url, PageCache.etag, PageCache.last_modified).where(PageCache.site == site)
        ):
            state.validators[url] = (etag, modified)
    prev = previous_run(sessions, site, as_of, run_id)
    if prev is None:
        return state
    state.prev = prev
    with sessions() as s:
        for pid, url, status, final_url, fetched_on in s.execute(
            select(Page.id, Page.url, Page.status, Page.final_url, Page.fetched_on)
            .where(Page.run_id == prev.id, Page.role == "article", Page.targets.is_not(None))
        ):  # fmt: skip
            state.pages.setdefault(url, PrevPage(pid, status, final_url, fetched_on or prev.as_of))
        for column, url, title, date in s.execute(
            select(Item.column, Item.url, Item.title, Item.date).where(Item.run_id == prev.id)
        ):
            state.entries.setdefault((column, url), (title, date))
        for aid, url, page_url, reason_kind, readable, fetched_on in s.execute(
            select(Attachment.id, Attachment.url, Attachment.page_url, Attachment.reason_kind,
                   Attachment.readable, Attachment.fetched_on).where(Attachment.run_id == prev.id)
        ):  # fmt: skip
            ok = readable or reason_kind in CARRIED_REASONS
            if ok:
                state.attachments.setdefault(url, (aid, fetched_on or prev.as_of))
            state.page_attachments.setdefault(page_url, []).append((url, aid if ok else None))
        for url, status, error, final_url, checked, checked_on, carried in s.execute(
            select(Link.url, Link.status, Link.error, Link.final_url, Link.checked, Link.checked_on,
                   Link.carried_from).where(Link.run_id == prev.id)
        ):  # fmt: skip
            if checked and not is_failure(status, error):
                state.links[url] = PrevLink(status, final_url, checked_on or prev.as_of, carried or prev.id)
    return state


def targets_of(sessions: sessionmaker[Session], page_id: int) -> list[list[str]]:
    with sessions() as s:
        return list(s.scalar(select(Page.targets).where(Page.id == page_id)) or [])


class TrackingWriter(SnapshotWriter):
    """The snapshot writer of an incremental crawl: it remembers this run's list entries (what
    decides whether an article's earlier copy may be carried over)."""

    def __init__(self, sessions: sessionmaker[Session], run_id: int, reuse: Reuse) -> None:
        super().__init__(sessions, run_id)
        self.reuse = reuse

    def items(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.reuse.current.setdefault((row["column"], row["url"]), (row["title"], row["date"]))
        super().items(rows)
