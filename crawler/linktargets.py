"""Link targets of a crawl: where each was seen, and the outcome of checking it (phase 2).

A mixin of the site spider (crawler/spider.py). Every link of a crawled page is a target,
remembered once with its first pages by URL (the evidence of a broken link); when the pages have
drained, the targets not already fetched are checked a batch per idle round, reading only the
response headers of anything larger than LINKCHECK_READ. At the end every target and its outcome
is written to the store.
"""

from __future__ import annotations

import bisect
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from govaudit.config import CrawlSettings
from govaudit.store import SnapshotWriter
from scrapy import Request, Spider
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from govaudit.urls import origin

from .extract.types import ListResult
from .plan import CrawlPlan
from .policy import Refusal

MAX_SOURCES = 5  # pages kept as evidence per link target
LINK_BATCH = 500  # link checks scheduled per idle round
# a link target announcing at most this many bytes is read whole rather than cut at its headers: an
# aborted connection costs more than a small body
LINKCHECK_READ = 256 * 1024
ATTACHMENT_EXTS = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".csv", ".txt", ".zip", ".rar", ".7z",
    ".ppt", ".pptx", ".ofd", ".jpg", ".jpeg", ".png", ".gif", ".mp4", ".mp3",
)  # fmt: skip


@dataclass(slots=True)
class Target:
    """A link target seen on crawled pages."""

    kind: str
    internal: bool
    count: int = 0
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Outcome:
    status: int | None
    error: str | None = None
    detail: str | None = None
    final_url: str | None = None


def _source_key(source: dict[str, Any]) -> tuple[bool, str, str]:
    """Sources kept as evidence: the homepage first, then by page URL."""
    return (source.get("role") != "homepage", source.get("page") or "", source.get("text") or "")


class LinkTargets:
    """The link-target half of the site spider (state set up by SiteSpider.__init__)."""

    plan: CrawlPlan | None
    crawl_cfg: CrawlSettings
    origin: tuple[str, str, int | None]
    writer: SnapshotWriter
    requested: set[str]
    outcomes: dict[str, Outcome]
    targets: dict[str, Target]
    to_check: deque[str]
    counts: Counter[str]
    reuse: Any
    crawler: Any

    def _report(self, force: bool = False, **extra: Any) -> None:
        raise NotImplementedError

    def _on_error(self, failure: Any) -> None:
        raise NotImplementedError

    def _on_idle(self, spider: Spider) -> None:
        """Phase 2: check link targets not already fetched, a batch at a time."""
        if self.plan is not None:
            self._plan_targets()
        scheduled = 0
        while self.to_check and scheduled < LINK_BATCH:
            url = self.to_check.popleft()
            if url in self.outcomes or url in self.requested:
                continue
            if self.reuse is not None and self.reuse.carry_link(self, url):
                continue  # a recent outcome is taken over (crawler/reuse.py)
            self.requested.add(url)
            self.crawler.engine.crawl(Request(
                url, callback=self._on_linkcheck, errback=self._on_error, dont_filter=True,
                meta={"url": url, "role": "link", "linkcheck": True},
            ))  # fmt: skip
            scheduled += 1
        if scheduled:
            raise DontCloseSpider

    def _on_closed(self, spider: Spider, reason: str) -> None:
        for url, t in self.targets.items():
            out = self.outcomes.get(url)
            self.writer.link(
                url=url, kind=t.kind, internal=t.internal, checked=out is not None,
                status=out.status if out else None, error=out.error if out else None,
                error_detail=out.detail if out else None, final_url=out.final_url if out else None,
                source_count=t.count, sources=t.sources,
            )  # fmt: skip
        self.writer.flush()
        self.counts["close_reason_" + reason] = 1
        self._report(force=True, reason=reason)

    def _record_outcome(self, response: Response) -> Outcome:
        url = response.meta.get("url", response.url)
        out = Outcome(status=response.status, final_url=response.url if response.url != url else None)
        self.outcomes[url] = out
        if response.status >= 400:
            self.counts["link_errors"] += 1
        return out

    def _on_linkcheck(self, response: Response) -> None:
        self._record_outcome(response)

    def _plan_targets(self) -> None:
        """A recheck's link targets: checked when seen again on a source page, or when a source
        page could not be read (a target that every source page dropped is not checked)."""
        assert self.plan is not None
        for url, info in self.plan.links.items():
            if url in self.targets:
                continue
            srcs = [s["page"] for s in info.get("sources", [])]
            if not srcs or any(self.outcomes.get(p) is None or self.outcomes[p].status is None
                               or (self.outcomes[p].status or 0) >= 400 for p in srcs):  # fmt: skip
                self.targets[url] = Target(kind=info.get("kind", "page"), internal=bool(info.get("internal")),
                                           count=len(srcs) or 1, sources=list(info.get("sources", [])))  # fmt: skip
                self.to_check.append(url)

    def _add_target(self, url: str, kind: str, text: str, source: dict[str, Any]) -> None:
        """Remember a link target and where it was seen; queue it for checking once."""
        t = self.targets.get(url)
        if t is None:
            internal = origin(url) == self.origin
            t = self.targets[url] = Target(kind=kind, internal=internal)
            wanted = self.plan is None or url in self.plan.links
            if wanted and (internal or self.crawl_cfg.check_external):
                self.to_check.append(url)
        t.count += 1
        # the first pages by URL (homepage first), whatever order they were read in: an incremental
        # run, which takes pages over from an earlier one, keeps the same evidence as a full crawl
        entry = {**source, "text": text[:80]}
        if len(t.sources) < MAX_SOURCES or _source_key(entry) < _source_key(t.sources[-1]):
            bisect.insort(t.sources, entry, key=_source_key)
            del t.sources[MAX_SOURCES:]

    def _add_item_targets(self, result: ListResult, page_url: str, column: str | None,
                          dom: set[str] | frozenset[str] = frozenset()) -> None:  # fmt: skip
        """Entries read from comments, scripts or XML are links a person clicks, like any <a>."""
        if not self.crawl_cfg.check_links:
            return
        source = {"page": page_url, "role": "list", "column": column}
        for it in result.items:
            # (already counted when the entry is a link of the page itself; whether another page
            # linked it first does not matter: the outcome is the same in any crawl order)
            if it.url not in dom:
                kind = "attachment" if urlsplit(it.url).path.lower().endswith(ATTACHMENT_EXTS) else "page"
                self._add_target(it.url, kind, it.title, source)

    def _refused_entries(self, refused: list[tuple[str, str, Refusal]], page_url: str,
                         column: str | None) -> None:  # fmt: skip
        """List entries and pager links that are not fetched: link outcomes, shown as notes."""
        for url, text, why in refused:
            if url not in self.targets:
                self.targets[url] = Target(kind="page", internal=False)
                self.outcomes[url] = Outcome(status=None, error=why.kind, detail=why.reason)
            t = self.targets[url]
            t.count += 1
            if len(t.sources) < MAX_SOURCES:
                t.sources.append({"page": page_url, "role": "list", "column": column, "text": text[:80]})
