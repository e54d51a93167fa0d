"""Incremental crawls: a downloader middleware between the spider and the network.

- Homepage, column and list pages (GET) are asked for conditionally (If-None-Match /
  If-Modified-Since with the validators the server gave last time); a 304 answer is replaced by
  the stored body (table page_cache), so the spider parses it as if it had been sent again.
  Every 200 answer carrying a validator is stored for next time.
- An attachment read recently (one listed in a column: those of carried articles are carried with
  them) gets an empty stand-in answer, flagged "carried"; its row is replaced by the earlier copy
  after the crawl (store/carry.py).

Articles and link outcomes taken over never reach the downloader: the spider asks `Reuse`
(crawler/reuse.py) before it requests them.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any

from govaudit.store.schema import PageCache
from scrapy import Request, signals
from scrapy.http import Response
from sqlalchemy import delete, insert

from .reuse import Reuse

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
        if role == "attachment":
            return self._carry_attachment(reuse, request, url)
        return None

    def _stand_in(self, request: Request, url: str, status: int) -> Response:
        return Response(url=url, status=status, body=b"", request=request, flags=["carried"])

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
