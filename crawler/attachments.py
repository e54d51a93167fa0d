"""Reading the attachments a crawl downloaded: text and tables into the store, bytes thrown away.

The spider writes each attachment's bytes to a spool folder and a row marked ``pending``. After
the crawl, `read_spooled` reads every pending file in worker processes (pebble), each under the
site's `crawl.attachment_timeout`: a file that hangs a parser, or crashes it, is reported as
unreadable (``timeout`` / ``corrupt``) and the next file is read by a fresh worker. The spool
folder is removed by the caller. Nothing here raises for a bad file.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections import Counter
from concurrent.futures import TimeoutError as FutureTimeout

from govaudit.config import CrawlSettings
from govaudit.store.schema import Attachment
from pebble import ProcessPool
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .extract.attachments import AttachmentText, extract_attachment, unreadable

log = logging.getLogger(__name__)

WORKERS = 2


def spool_name(url: str, ext: str) -> str:
    """File name of an attachment's bytes in the spool folder (read after the crawl)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest() + ext


def spool(spool_dir: str, url: str, ext: str, body: bytes, cap: int) -> bool:
    """Write an attachment's bytes for `read_spooled`; an attachment over `cap` bytes (its
    decoded size, crawler/decompress.py) is not written at all: False."""
    if len(body) > cap:
        return False
    with open(os.path.join(spool_dir, spool_name(url, ext)), "wb") as fh:
        fh.write(body)
    return True


def _read_file(path: str, ext: str) -> AttachmentText:
    with open(path, "rb") as fh:
        data = fh.read()
    return extract_attachment(data, ext)


def read_spooled(
    sessions: sessionmaker[Session], run_id: int, spool_dir: str, crawl: CrawlSettings
) -> Counter[str]:
    """Read the run's pending attachments from `spool_dir`; returns counts by outcome."""
    with sessions() as s:
        pending = [(a.id, a.url, a.ext) for a in s.scalars(
            select(Attachment).where(Attachment.run_id == run_id, Attachment.reason_kind == "pending")
        )]  # fmt: skip
    counts: Counter[str] = Counter()
    if not pending:
        return counts
    timeout = crawl.attachment_timeout
    results: dict[int, AttachmentText] = {}
    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
    with ProcessPool(max_workers=min(WORKERS, len(pending)), context=context) as pool:
        futures = []
        for att_id, url, ext in pending:
            path = os.path.join(spool_dir, spool_name(url, ext))
            if not os.path.exists(path):
                results[att_id] = unreadable("corrupt")
                continue
            if os.path.getsize(path) > crawl.attachment_max_mb * 1024 * 1024:  # never read past the cap
                results[att_id] = unreadable("too_large", f"{crawl.attachment_max_mb:g} MB")
                continue
            futures.append((att_id, pool.schedule(_read_file, args=(path, ext), timeout=timeout)))
        for att_id, future in futures:
            try:
                results[att_id] = future.result()
            except FutureTimeout:
                results[att_id] = unreadable("timeout", f"超过 {timeout:g} 秒")
            except Exception as exc:  # noqa: BLE001 - a worker that died on a hostile file
                log.info("attachment %d not readable: %s", att_id, exc)
                results[att_id] = unreadable("corrupt")
    with sessions() as s, s.begin():
        for att_id, res in results.items():
            row = s.get(Attachment, att_id)
            if row is None:
                continue
            row.readable, row.reason_kind, row.reason = res.readable, res.reason_kind, res.reason
            row.text, row.tables, row.pages = res.text or None, res.tables, res.pages
            row.truncated = res.truncated
            counts["read" if res.readable else res.reason_kind or "unreadable"] += 1
    return counts
