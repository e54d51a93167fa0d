"""Incremental crawls: a downloader middleware between the spider and the network.

- Homepage, column and list pages (GET) are asked for conditionally (If-None-Match /
  If-Modified-Since with the validators the server gave last time); a 304 answer is replaced by
  the stored body (table page_cache), so the spider parses it as if it had been sent again.
  Every 200 answer carrying a validator is stored for next time.
- An article whose earlier copy may be carried over (crawler/reuse.py) is not fetched: the spider
  gets an empty stand-in answer (its row is replaced by the earlier copy after the crawl,
  store/carry.py), and the article's link targets and attachments are added as if it had been
  read — so the run's link table is the one a full crawl would build.
- An attachment read recently, and a link target that worked within `crawl.link_ttl_days`, are
  answered from the previous run in the same way.

The spider itself is unchanged by all this (its one hook: list pages of known entries do not count
against the list-page cap, `Reuse.all_known`). Stand-in answers carry the flag "carried".
"""

from __future__ import annotations

import logging
import zlib
from typing import Any

from govaudit.store.schema import PageCache
from scrapy import Request, signals
from scrapy.http import Response
from sqlalchemy import delete, insert

from .reuse import Reuse, targets_of
from .spider import Outcome

log = logging.getLogger(__name__)
LIST_ROLES = ("homepage", "column", "list")
CACHE_BATCH = 50


class IncrementalMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self._pending: list[dict[str, Any]] = []
        crawler.signals.connect(self._flush, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> IncrementalMiddleware:
        return cls(crawler)

    @property
    def reuse(self) -> Reuse | None:
        spider = self.crawler.spider
        return getattr(spider, "reuse", None) if spider is not None else None

    # ---- requests ---------------------------------------------------------------------

    def process_request(self, request: Request, spider: Any = None) -> Response | None:
        reuse = self.reuse
        if reuse is None:
            return None
        meta = request.meta
        role = meta.get("role")
        url = meta.get("url", request.url)
        if role in LIST_ROLES and request.method == "GET":
            etag, modified = reuse.validators.get(url, (None, None))
            if etag:
                request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
            if modified:
                request.headers.setdefault(b"If-Modified-Since", modified.encode("latin-1"))
            return None
        if role == "article":
            return self._carry_article(reuse, request, url)
        if role == "attachment":
            return self._carry_attachment(reuse, request, url)
        if meta.get("linkcheck"):
            prev = reuse.link(url)
            if prev is None:
                return None
            reuse.carried_links[url] = prev
            reuse.count("links_carried")
            return self._stand_in(request, prev.final_url or url, prev.status or 200)
        return None

    def _stand_in(self, request: Request, url: str, status: int) -> Response:
        return Response(url=url, status=status, body=b"", request=request, flags=["carried"])

    def _carry_article(self, reuse: Reuse, request: Request, url: str) -> Response | None:
        column = request.meta.get("column")
        prev = reuse.article(url, column)
        if prev is None:
            return None
        spider = self.crawler.spider
        reuse.carried_pages[url] = prev.id
        reuse.count("pages_carried")
        if spider.crawl_cfg.check_links:
            source = {"page": url, "role": "article", "column": column}
            for target, kind, text in targets_of(reuse.sessions, prev.id):
                spider._add_target(target, kind, text, source)
        for att_url, row in reuse.page_attachments.get(url, []):  # (all carryable, see Reuse.article)
            if att_url in spider.requested or row is None:
                continue
            spider.requested.add(att_url)
            spider.attachments_queued += 1
            reuse.carried_attachments[att_url] = row
            reuse.count("attachments_carried")
            link = reuse.links.get(att_url)
            spider.outcomes[att_url] = Outcome(status=link.status if link else 200,
                                               final_url=link.final_url if link else None)  # fmt: skip
        return self._stand_in(request, prev.final_url or url, prev.status or 200)

    def _carry_attachment(self, reuse: Reuse, request: Request, url: str) -> Response | None:
        row = reuse.attachment(url)
        prev_link = reuse.links.get(url)
        if row is None:
            return None
        reuse.carried_attachments[url] = row
        reuse.count("attachments_carried")
        status = prev_link.status if prev_link is not None else 200
        return self._stand_in(request, (prev_link.final_url if prev_link else None) or url, status or 200)

    # ---- answers ----------------------------------------------------------------------

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        reuse = self.reuse
        meta = request.meta
        if reuse is None or meta.get("role") not in LIST_ROLES or request.method != "GET":
            return response
        url = meta.get("url", request.url)
        if response.status == 304:
            cached = reuse.cached_body(url)
            if cached is None:
                return response
            reuse.count("revalidated")
            body, ctype = cached
            headers = {"Content-Type": ctype} if ctype else {}
            return response.replace(
                status=200, body=body, headers=headers, flags=[*response.flags, "revalidated"]
            )
        if response.status == 200 and "download_stopped" not in response.flags:
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
            if etag or modified:
                self._pending.append({
                    "site": reuse.site, "url": url, "etag": etag.decode("latin-1") if etag else None,
                    "last_modified": modified.decode("latin-1") if modified else None,
                    "content_type": (response.headers.get("Content-Type") or b"").decode("latin-1")[:200] or None,
                    "body": zlib.compress(response.body, 6), "fetched_on": reuse.as_of,
                })  # fmt: skip
                if len(self._pending) >= CACHE_BATCH:
                    self._flush()
        return response

    def _flush(self, *args: Any, **kwargs: Any) -> None:
        reuse = self.reuse
        rows, self._pending = self._pending, []
        if not rows or reuse is None:
            return
        with reuse.sessions() as s, s.begin():
            urls = [r["url"] for r in rows]
            for i in range(0, len(urls), 500):
                s.execute(
                    delete(PageCache).where(
                        PageCache.site == reuse.site, PageCache.url.in_(urls[i : i + 500])
                    )
                )
            s.execute(insert(PageCache), rows)
