"""The site spider: homepage → columns → list pages (pagination) → articles, then link checks.

Phase 1 fetches pages in full and extracts them (pure functions in crawler/extract/); phase 2,
started when phase 1 has drained, checks every link target found on those pages that was not
already fetched, reading only the response headers (the body download is stopped), so large
attachments cost nothing. Every outcome, good or bad, is written to the store as data; nothing
is judged here (checks/ does that).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from govaudit.config import CrawlSettings, Site
from govaudit.store import SnapshotWriter
from govaudit.store.evidence import spool_html
from scrapy import Request, Spider, signals
from scrapy.exceptions import StopDownload
from scrapy.http import Response
from twisted.python.failure import Failure

from govaudit.urls import origin

from .attachment_requests import AttachmentRequests
from .extract import (
    decode_html,
    extract_datastore_response,
    extract_dated_links,
    extract_links,
    extract_list,
    extract_page_info,
    parse_html,
)
from .extract.attachments import REASONS
from .extract.content import Content, extract_content
from .extract.hidden_links import extract_hidden_links
from .extract.types import Link, ListItem, ListOverrides, ListResult, PageInfo
from .fetcherrors import classify, describe
from .linktargets import ATTACHMENT_EXTS, LINKCHECK_READ, LinkTargets, Outcome, Target
from .listpages import max_articles, max_list_pages, screen_list
from .plan import CrawlPlan
from .policy import FetchPolicy, Refusal, install, proxy_urls, url_refusal

log = logging.getLogger(__name__)
T = TypeVar("T")


def guarded(fallback: Callable[[], T], fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run an extractor; on an unexpected exception (a hostile page meeting a bug), log it and
    return `fallback()` so that the page is still recorded and the crawl goes on."""
    try:
        return fn(*args, **kwargs)
    except Exception:  # noqa: BLE001 - one page must never stop a crawl
        log.exception("extraction failed in %s", getattr(fn, "__name__", fn))
        return fallback()


def _no_links() -> list[Link]:
    return []


def _no_items() -> list[ListItem]:
    return []


def _no_content() -> Content:
    return Content()


def _unreadable() -> ListResult:
    return ListResult(unreadable="页面解析出错，列表未能读取（已记录日志）")


def _folder_index(url: str) -> str:
    """'http://a/zwyw/index.html' -> 'http://a/zwyw/' (a column's page 0 under its other name)."""
    head, _, tail = url.rpartition("/")
    if tail.split("?")[0].lower() in (
        "index.html",
        "index.htm",
        "index.shtml",
        "index.jsp",
        "default.htm",
        "default.html",
    ):
        return head + "/"
    return url


class SiteSpider(LinkTargets, AttachmentRequests, Spider):
    name = "govaudit"

    def __init__(
        self,
        site: Site,
        crawl: CrawlSettings,
        as_of: dt.date,
        writer: SnapshotWriter,
        progress: Callable[[dict[str, Any]], None] | None = None,
        spool_dir: str | None = None,
        plan: CrawlPlan | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.site = site
        self.plan = plan  # None: the whole site; else a recheck's few URLs (crawler/plan.py)
        self.crawl_cfg = crawl
        self.as_of = as_of
        self.writer = writer
        self.progress = progress
        self.origin = origin(site.url)
        self.max_body = int(crawl.max_body_mb * 1024 * 1024)
        self.spool_dir = spool_dir if crawl.attachments else None
        # pages as fetched, for the site-wide facts and the evidence kept (store/evidence.py)
        self.html_dir = os.path.join(spool_dir, "html") if spool_dir else None
        self.max_attachment = int(crawl.attachment_max_mb * 1024 * 1024)
        self.attachments_queued = 0
        self.requested: set[str] = set()  # page URLs (and POST keys) requested in full
        self.outcomes: dict[str, Outcome] = {}
        self.targets: dict[str, Target] = {}
        self.to_check: deque[str] = deque()
        self.list_pages: Counter[str] = Counter()
        self.articles: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self.items_seen: set[tuple[str | None, str]] = set()
        self.reuse = kwargs.get("reuse")  # an incremental crawl's earlier state (crawler/reuse.py)
        self.known_lists: Counter[str] = Counter()
        self.capped: dict[str, set[str]] = {}  # column -> list pages its cap kept from being read
        self._last_progress = 0.0
        # the fetch policy of this crawl (crawler/policy.py), also used by crawler/guard.py
        trusted = [site.url, *(c.url for c in site.columns), *proxy_urls()]
        self.policy = install(FetchPolicy(trusted, crawl.allow_networks))
        # a column's URL is fetched as that column, even when another column lists or pages to it
        self.column_urls = {c.url for c in site.columns}

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider: SiteSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider._on_bytes, signal=signals.bytes_received)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._on_closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._on_response, signal=signals.response_received)
        return spider

    # ---- requests -------------------------------------------------------------------------

    def _page_request(self, url: str, role: str, callback: Callable, column: str | None = None,
                      page_no: int | None = None, method: str = "GET", body: str | None = None,
                      priority: int = 0) -> Request | None:  # fmt: skip
        key = url if method == "GET" else f"{method} {url} {body}"
        if key in self.requested or (role not in ("column", "homepage") and url in self.column_urls):
            return None
        self.requested.add(key)
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" else None
        meta = {"url": url, "role": role, "column": column, "page_no": page_no}
        refused = self.policy.quick_refusal(url)
        if refused is None:
            try:
                return Request(url, callback=callback, errback=self._on_error, method=method, body=body,
                               headers=headers, priority=priority, dont_filter=True, meta=meta)  # fmt: skip
            except ValueError:
                refused = Refusal("bad_url", f"链接地址无法解析（{url[:120]}），未访问")
        self._failed(meta, refused.kind, refused.reason)
        return None

    async def start(self) -> AsyncIterator[Any]:
        plan = self.plan
        if plan is None or plan.homepage or self.site.url in plan.sources:
            req = self._page_request(self.site.url, "homepage", self.parse_homepage, priority=10)
            if req:
                yield req
        for col in self.site.columns:
            req = self._page_request(col.url, "column", self.parse_list, col.name, 1, priority=5)
            if req:
                yield req
        if plan is not None:
            for url, column in plan.pages:
                if (
                    req := self._page_request(url, "article", self.parse_article, column, priority=5)
                ) is not None:
                    yield req
            for url in plan.sources:
                if (req := self._page_request(url, "source", self.parse_source, priority=5)) is not None:
                    yield req

    # ---- signals --------------------------------------------------------------------------

    def _on_headers(self, headers: Any, body_length: int, request: Request, spider: Spider) -> None:
        known = isinstance(body_length, int) and body_length >= 0  # chunked: no length announced
        if request.meta.get("linkcheck") and not (known and body_length <= LINKCHECK_READ):
            raise StopDownload(fail=False)  # the status is all a link check needs
        if request.meta.get("role") == "attachment" and known and body_length > self.max_attachment:
            request.meta["_announced"] = body_length
            raise StopDownload(fail=False)  # too large to read: the status is kept for the link check

    def _on_bytes(self, data: bytes, request: Request, spider: Spider) -> None:
        got = request.meta.get("_bytes", 0) + len(data)
        request.meta["_bytes"] = got
        cap = self.max_attachment if request.meta.get("role") == "attachment" else self.max_body
        if got > cap:
            raise StopDownload(fail=False)  # keep what came; the page is marked truncated

    def _on_response(self, response: Response, request: Request, spider: Spider) -> None:
        self.counts["responses"] += 1
        self._report()

    def _report(self, force: bool = False, **extra: Any) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last_progress < 0.5:
            return
        self._last_progress = now
        scheduler = getattr(self.crawler.engine, "scheduler", None)
        queued = len(scheduler) if scheduler is not None and hasattr(scheduler, "__len__") else 0
        self.progress({
            "pages": self.counts["pages"], "responses": self.counts["responses"],
            "queued": queued + len(self.to_check), "links": len(self.targets),
            "link_errors": self.counts["link_errors"], **extra,
        })  # fmt: skip

    # ---- outcomes -------------------------------------------------------------------------

    def _on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get("url", request.url)
        kind, detail = classify(failure.value) if failure.value is not None else ("other", "")
        self._failed({**request.meta, "url": url}, kind, detail)

    def _failed(self, meta: dict[str, Any], kind: str, detail: str) -> None:
        """Record a fetch that failed, or that the fetch policy refused, as its outcome."""
        url = meta["url"]
        self.outcomes[url] = Outcome(status=None, error=kind, detail=detail)
        self.counts["link_errors"] += 1
        role = meta.get("role")
        if role == "attachment":
            self._attachment_row(meta, status=None, readable=False, reason_kind="fetch_error",
                                 reason=REASONS["fetch_error"].format(detail=describe(None, kind)))  # fmt: skip
        elif role in ("homepage", "column", "list", "article", "datastore", "source"):
            self.counts["pages"] += 1
            self.writer.page(
                url=url, role="list" if role == "datastore" else role, column=meta.get("column"),
                page_no=meta.get("page_no"), status=None, error=kind, error_detail=detail,
            )  # fmt: skip

    # ---- pages ----------------------------------------------------------------------------

    def _decode(self, response: Response) -> tuple[Any, str | None, str | None]:
        """(lxml document or None for non-HTML, text, encoding)."""
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        body = response.body
        looks_html = "html" in ctype or "xml" in ctype or (not ctype and body.lstrip()[:1] == b"<")
        if not looks_html:
            return None, None, None
        text, encoding = decode_html(body, ctype or None)
        return parse_html(text), text, encoding

    def _base_record(self, response: Response, role: str) -> dict[str, Any]:
        out = self._record_outcome(response)
        meta = response.meta
        self.counts["pages"] += 1
        if self.html_dir is not None and response.body:
            spool_html(self.html_dir, meta.get("url", response.url), response.body)
        return {
            "url": meta.get("url", response.url), "final_url": out.final_url, "role": role,
            "column": meta.get("column"), "page_no": meta.get("page_no"), "status": response.status,
            "content_type": (response.headers.get("Content-Type") or b"").decode("latin-1")[:200] or None,
            "size": len(response.body), "truncated": "download_stopped" in response.flags,
            "elapsed": meta.get("download_latency"),
        }  # fmt: skip

    def _content(self, doc: Any, response: Response, rec: dict[str, Any], role: str,
                 column: str | None) -> list[Link]:  # fmt: skip
        """The page's text, links and tables into `rec`; its links queued for checking."""
        links = guarded(_no_links, extract_links, doc, response.url)
        content = guarded(_no_content, extract_content, doc, response.url, links)
        rec.update(text=content.text or None, out_links=content.links, tables=content.tables)
        if self.crawl_cfg.check_links:
            source = {"page": rec["url"], "role": role, "column": column}
            targets = [lk for lk in links if lk.url != rec["url"] and url_refusal(lk.url) is None]
            for link in targets:
                self._add_target(link.url, link.kind, link.text, source)
            if role == "article":  # what a later run adds when it carries the page over (crawler/reuse.py)
                rec["targets"] = [[lk.url, lk.kind, lk.text[:80]] for lk in targets]
        return links

    def parse_source(self, response: Response) -> None:
        """A recheck re-reads a page's links (does it still link to the broken target?)."""
        rec = self._base_record(response, "source")
        doc, _, encoding = self._decode(response) if response.status < 400 else (None, None, None)
        if doc is not None:
            rec.update(encoding=encoding)
            self._content(doc, response, rec, "source", None)
        self.writer.page(**rec)

    def parse_homepage(self, response: Response) -> None:
        rec = self._base_record(response, "homepage")
        doc, _, encoding = self._decode(response) if response.status < 400 else (None, None, None)
        if doc is not None:
            info = guarded(PageInfo, extract_page_info, doc, response.url, ref_date=self.as_of)
            rec.update(encoding=encoding, title=info.title, meta=info.meta)
            self._content(doc, response, rec, "homepage", None)
            rec["hidden_links"] = guarded(list, extract_hidden_links, doc, response.url)
            dated = guarded(_no_items, extract_dated_links, doc, response.url, ref_date=self.as_of)
            self.writer.items([
                {"column": None, "list_url": rec["url"], "position": i, "url": it.url, "title": it.title[:500],
                 "date": it.date, "date_text": it.date_text, "yearless": it.yearless}
                for i, it in enumerate(dated)
            ])  # fmt: skip
        self.writer.page(**rec)

    def _overrides(self, column: str | None) -> ListOverrides | None:
        col = next((c for c in self.site.columns if c.name == column), None)
        if col is None or col.list is None:
            return None
        return ListOverrides(**col.list.model_dump())

    def _max_pages(self, column: str) -> int:
        col = next((c for c in self.site.columns if c.name == column), None)
        cap = (
            col.max_pages if col is not None and col.max_pages is not None else self.crawl_cfg.max_list_pages
        )
        # list pages of entries read before do not count: each run reads further (crawler/reuse.py)
        return max_list_pages(cap + self.known_lists[column] if cap else cap)

    def parse_list(self, response: Response) -> Any:
        role = response.meta["role"]
        column = response.meta["column"]
        rec = self._base_record(response, role)
        doc, _, encoding = self._decode(response) if response.status < 400 else (None, None, None)
        if doc is None:
            self.writer.page(**rec)
            return
        info = guarded(PageInfo, extract_page_info, doc, response.url, ref_date=self.as_of)
        result = guarded(_unreadable, extract_list, doc, response.url, ref_date=self.as_of,
                         overrides=self._overrides(column))  # fmt: skip
        result, refused = screen_list(result)
        self._refused_entries(refused, rec["url"], column)
        rec.update(encoding=encoding, title=info.title, meta=info.meta)
        dom = {lk.url for lk in self._content(doc, response, rec, role, column)}
        rec["hidden_links"] = guarded(list, extract_hidden_links, doc, response.url)
        self._store_list(rec, result)
        self._add_item_targets(result, rec["url"], column, dom)
        yield from self._follow(result, column, rec["url"])

    def parse_datastore(self, response: Response) -> Any:
        column = response.meta["column"]
        rec = self._base_record(response, "list")
        if response.status >= 400:
            self.writer.page(**rec)
            return
        text, encoding = decode_html(
            response.body, (response.headers.get("Content-Type") or b"").decode("latin-1")
        )
        result = guarded(_unreadable, extract_datastore_response, text, response.url, ref_date=self.as_of)
        result, refused = screen_list(result)
        self._refused_entries(refused, rec["url"], column)
        rec.update(encoding=encoding)
        self._store_list(rec, result)
        self._add_item_targets(result, rec["url"], column)
        yield from self._follow(result, column, rec["url"])

    def _store_list(self, rec: dict[str, Any], result: ListResult) -> None:
        rec.update(
            list_source=result.source, list_items=len(result.items), list_placeholder=result.placeholder,
            list_unreadable=result.unreadable, total_records=result.total_records, total_pages=result.total_pages,
        )  # fmt: skip
        self.writer.page(**rec)
        fresh = []
        for it in result.items:  # an entry seen on an earlier page of the column is stored once
            key = (rec["column"], it.url)
            if key not in self.items_seen:
                self.items_seen.add(key)
                fresh.append(it)
        self.writer.items([
            {"column": rec["column"], "list_url": rec["url"], "position": i, "url": it.url, "title": it.title[:500],
             "date": it.date, "date_text": (it.date_text or "")[:60] or None, "yearless": it.yearless}
            for i, it in enumerate(fresh)
        ])  # fmt: skip

    def _follow(self, result: ListResult, column: str, page_url: str) -> Any:
        if self.reuse is not None and self.reuse.all_known(result.items, column):
            self.known_lists[column] += 1
        cap = self._max_pages(column)
        column_home = _folder_index(next((c.url for c in self.site.columns if c.name == column), page_url))
        for fr in result.follow:
            page_no = self.list_pages[column] + 2  # the column page is page 1; in order of discovery
            if _folder_index(fr.url) == column_home and fr.method == "GET":
                continue
            if self.list_pages[column] + 1 >= cap:  # (what was cut: crawler/runner.py names it)
                self.capped.setdefault(column, set()).add(
                    fr.url if fr.method == "GET" else f"{fr.method} {fr.url} {fr.body}"
                )
                break
            if fr.kind == "datastore":
                req = self._page_request(fr.url, "datastore", self.parse_datastore, column, page_no,
                                         method=fr.method, body=fr.body, priority=4)  # fmt: skip
            else:
                req = self._page_request(fr.url, "list", self.parse_list, column, page_no, priority=4)
            if req is not None:
                self.list_pages[column] += 1
                yield req
        cap_articles = max_articles(self.crawl_cfg.max_articles)
        # entries that are documents themselves (a 公示 column listing .xlsx files) are read too
        yield from self._attachment_requests([(it.url, it.title) for it in result.items], page_url, column)
        for it in result.items:
            if urlsplit(it.url).path.lower().endswith(ATTACHMENT_EXTS):
                continue
            if self.articles[column] >= cap_articles:
                break
            if self.reuse is not None and self.reuse.carry_article(self, it.url, column):
                self.articles[column] += 1  # its earlier copy is taken over (crawler/reuse.py)
                continue
            req = self._page_request(it.url, "article", self.parse_article, column, priority=2)
            if req is not None:
                self.articles[column] += 1
                yield req

    def parse_article(self, response: Response) -> Any:
        rec = self._base_record(response, "article")
        doc, _, encoding = self._decode(response) if response.status < 400 else (None, None, None)
        links: list[Link] = []
        if doc is not None:
            info = guarded(PageInfo, extract_page_info, doc, response.url, ref_date=self.as_of)
            rec.update(
                encoding=encoding, title=(info.title or "")[:500] or None, meta=info.meta, xxgk=info.xxgk,
                pub_date=info.pub_date, pub_date_source=info.pub_date_source, dates=info.dates,
            )  # fmt: skip
            links = self._content(doc, response, rec, "article", response.meta.get("column"))
            rec["hidden_links"] = guarded(list, extract_hidden_links, doc, response.url)
        self.writer.page(**rec)
        anchors = [(lk.url, lk.text) for lk in links if lk.tag in ("a", "area")]
        yield from self._attachment_requests(anchors, rec["url"], response.meta.get("column"))
