"""Attachment downloads of a crawl: which links are documents to read, their requests, their rows.

A mixin of the site spider (crawler/spider.py). An attachment whose text govaudit reads is
fetched (up to `crawl.max_attachments`), its bytes spooled to disk and read after the crawl in
worker processes (crawler/attachments.py); a failed or too large one is recorded as such.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from govaudit.config import CrawlSettings
from govaudit.store import SnapshotWriter
from scrapy import Request
from scrapy.http import Response

from .attachments import spool
from .extract.attachments import REASONS, TEXT_EXTENSIONS
from .extract.links import link_kind
from .fetcherrors import describe
from .policy import url_refusal


def attachment_ext(url: str, text: str = "") -> str | None:
    """The extension of an attachment whose text govaudit reads (".pdf", ".xlsx", …), else None.
    Also for download scripts naming the file in a query value or the link text."""
    if link_kind(url, "a", text) != "attachment":
        return None
    path, _, query = url.partition("?")
    for name in (path, *(part.partition("=")[2] for part in query.split("&") if query), text.strip()):
        ext = os.path.splitext(name.split("#", 1)[0].lower())[1]
        if ext in TEXT_EXTENSIONS:
            return ext
    return None


class AttachmentRequests:
    """The attachment half of the site spider (state set up by SiteSpider.__init__)."""

    spool_dir: str | None
    crawl_cfg: CrawlSettings
    writer: SnapshotWriter
    requested: set[str]
    attachments_queued: int
    max_attachment: int
    _record_outcome: Callable[[Response], Any]
    _on_error: Callable[[Any], None]

    def _attachment_requests(self, links: list[tuple[str, str]], page_url: str, column: str | None) -> Any:
        """Requests for the readable attachments among (url, text) links of a page."""
        if self.spool_dir is None:
            return
        cap = self.crawl_cfg.max_attachments or 10**9
        for url, text in links:
            ext = attachment_ext(url, text)
            if ext is None or url in self.requested or url_refusal(url) is not None:
                continue
            if self.attachments_queued >= cap:
                return
            self.requested.add(url)
            self.attachments_queued += 1
            yield Request(
                url, callback=self.parse_attachment, errback=self._on_error, priority=1, dont_filter=True,
                meta={"url": url, "role": "attachment", "column": column, "page_url": page_url,
                      "title": text[:500], "ext": ext},
            )  # fmt: skip

    def _attachment_row(self, meta: dict[str, Any], **fields: Any) -> None:
        self.writer.attachment(url=meta["url"], page_url=meta["page_url"], column=meta.get("column"),
                               title=meta.get("title") or None, ext=meta["ext"], **fields)  # fmt: skip

    def parse_attachment(self, response: Response) -> None:
        """Spool the bytes for reading after the crawl (crawler/attachments.py); record the rest."""
        out = self._record_outcome(response)
        meta = response.meta
        if response.status >= 400:
            self._attachment_row(meta, status=response.status, readable=False, reason_kind="fetch_error",
                                 reason=REASONS["fetch_error"].format(detail=describe(out.status, None)))  # fmt: skip
            return
        size = meta.get("_announced") or len(response.body)
        assert self.spool_dir is not None
        if "download_stopped" in response.flags or not spool(
            self.spool_dir, meta["url"], meta["ext"], response.body, self.max_attachment
        ):
            limit = f"{self.crawl_cfg.attachment_max_mb:g} MB"
            self._attachment_row(meta, status=response.status, size=size, readable=False,
                                 reason_kind="too_large", reason=REASONS["too_large"].format(detail=limit))  # fmt: skip
            return
        self._attachment_row(meta, status=response.status, size=size, readable=False, reason_kind="pending",
                             reason="附件已下载，尚未读取（读取前抓取中断）")  # fmt: skip
