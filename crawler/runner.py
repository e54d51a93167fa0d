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
    writer = SnapshotWriter(sessions, run_id)

    def progress(data: dict[str, Any]) -> None:
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
    process.crawl(SiteSpider, site=site, crawl=crawl, as_of=as_of, writer=writer, progress=progress,
                  spool_dir=spool_dir, plan=plan)  # fmt: skip
    process.start()
    writer.flush()
