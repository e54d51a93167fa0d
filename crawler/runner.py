"""Entry point of a crawl process: one site, one Scrapy reactor, one process.

Scrapy's reactor cannot be restarted inside one process, and a crash or hang of one site's
crawl must not take down the caller; scheduler/audit.py starts `crawl_process` in a fresh
(spawned) process and watches it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import queue as queue_mod
import sys
import threading
import time
from typing import Any

from govaudit.config import CrawlSettings, Site
from govaudit.store import SnapshotWriter, open_db
from govaudit.store.carry import carry_over, stamp_fetched

from .plan import CrawlPlan
from .settings import scrapy_settings


def _exit_when_orphaned(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(3)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def crawl_process(
    site: Site,
    crawl: CrawlSettings,
    run_id: int,
    db_url: str,
    as_of: dt.date,
    progress_queue: Any | None = None,
    log_level: str = "ERROR",
    spool_dir: str | None = None,
    plan: CrawlPlan | None = None,
    incremental: bool = False,
) -> None:
    """Crawl one site into run `run_id` (only `plan`'s URLs for a recheck). Runs inside a child
    process, which ends itself if its parent dies (a killed `govaudit serve` leaves no crawl).

    Attachments are written to `spool_dir` (read afterwards by crawler/attachments.py in the
    caller, under a time cap per file); without it they are not downloaded."""
    from scrapy.crawler import CrawlerProcess

    from .spider import SiteSpider

    _exit_when_orphaned(os.getppid())
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(log_level)  # Scrapy resets the root logger's level; filter at the handler
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    sessions = open_db(db_url)
    reuse = None
    if incremental and plan is None:  # a recheck reads what it was asked to, always
        from .reuse import TrackingWriter, load

        reuse = load(sessions, site.name, run_id, as_of, crawl.refetch_days, crawl.link_ttl_days)
        writer: SnapshotWriter = TrackingWriter(sessions, run_id, reuse)
    else:
        writer = SnapshotWriter(sessions, run_id)
    last: dict[str, Any] = {}

    def progress(data: dict[str, Any]) -> None:
        last.clear()
        last.update(data)
        if progress_queue is not None:
            with contextlib.suppress(queue_mod.Full, OSError, ValueError):
                progress_queue.put_nowait(data)

    process = CrawlerProcess(
        settings={**scrapy_settings(crawl, log_level), "LOG_INSTALL_ROOT_HANDLER": False}
    )
    # (set after CrawlerProcess: its logging setup resets logger levels)
    if logging.getLevelName(log_level) > logging.INFO:
        # "Gave up retrying" is an expected outcome (it becomes a finding), not an error to show
        logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(logging.CRITICAL)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, site=site, crawl=crawl, as_of=as_of, writer=writer, progress=progress,
                  spool_dir=spool_dir, plan=plan, reuse=reuse)  # fmt: skip
    process.start()
    writer.flush()
    if reuse is not None:
        carry_over(sessions, run_id, as_of, reuse, spool_dir)
    else:
        with sessions() as s, s.begin():
            stamp_fetched(s, run_id, as_of)
    spider = crawler.spider
    extra = {"incremental": dict(reuse.counts) if reuse is not None else None,
             "previous_run": reuse.prev.id if reuse is not None and reuse.prev is not None else None,
             "capped": _capped(spider)}  # fmt: skip
    progress({**last, **extra})


def _capped(spider: Any) -> dict[str, int]:
    """Columns whose list-page cap kept list pages unread at the end: the pages read."""
    cut = getattr(spider, "capped", None) or {}
    return {column: spider.list_pages[column] + 1 for column, keys in cut.items()
            if any(k not in spider.requested for k in keys)}  # fmt: skip
