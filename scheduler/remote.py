"""Sending site audits to Celery workers and waiting for them (scheduler/workers.py).

The caller's side of `executor: {kind: celery}`: one task per site, then each site's result is
read back from the database the workers wrote it to. A site whose task failed for good (every
retry used, or the wait timed out) becomes a crawl_failed run with a note, never a lost site.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from govaudit.config import Config, Site
from govaudit.store import create_run, get_run, load_results, load_snapshot, open_db, save_results, update_run

from govaudit.clock import now
from govaudit.models import Note, SiteResult

from .audit import ProgressFn

log = logging.getLogger(__name__)


def result_of_run(site: Site, run_id: int, db_url: str) -> SiteResult:
    """A finished run as the in-process path returns it, read from the database."""
    sessions = open_db(db_url)
    run = get_run(sessions, run_id)
    findings, notes = load_results(sessions, run_id)
    stats = dict(run.stats or {})
    attachments = load_snapshot(sessions, run_id).attachments
    unreadable = [
        {"url": a.url, "page": a.page_url, "reason_kind": a.reason_kind, "reason": a.reason}
        for a in attachments if not a.readable
    ]  # fmt: skip
    status = "crawled" if run.status == "done" else run.status
    return SiteResult(site=site, run_id=run_id, status=status, pages=run.pages, requests=run.requests,
                      findings=findings, notes=notes, attachments_unreadable=unreadable,
                      attachments_read=len(attachments) - len(unreadable), answered=bool(stats.get("answered", True)),
                      stats=stats, last_progress=stats)  # fmt: skip


def _failed(site: Site, as_of: dt.date, db_url: str, reason: str) -> SiteResult:
    sessions = open_db(db_url)
    run_id = create_run(sessions, site.name, site.url, as_of)
    note = Note(
        site=site.name,
        column=None,
        url=site.url,
        message=f"本网站的检查未能在工作进程中完成（{reason}），未判定",
    )
    save_results(sessions, run_id, [], [note])
    update_run(sessions, run_id, status="crawl_failed", finished=now(), error=reason, stats={"kind": "audit"})
    return SiteResult(site=site, run_id=run_id, status="crawl_failed", pages=0, requests=0, notes=[note],
                      answered=True)  # fmt: skip


def audit_remote(config: Config, sites: list[Site], as_of: dt.date, db_url: str, *,
                 progress: ProgressFn | None = None, full: bool = False) -> list[SiteResult]:  # fmt: skip
    """Each site's audit as a Celery task; the results in the sites' order."""
    from .workers import TASK, make_app

    app = make_app(config)
    sent: list[tuple[Site, Any]] = []
    for site in sites:
        sent.append((site, app.send_task(TASK, args=[site.name, as_of.isoformat(), db_url, full],
                                         queue=config.executor.queue)))  # fmt: skip
        if progress:
            progress(site.name, {"pages": 0, "responses": 0, "queued": 0, "links": 0, "link_errors": 0})
    results = []
    for site, pending in sent:
        try:
            out = pending.get(
                timeout=config.executor.wait_timeout, propagate=True, disable_sync_subtasks=False
            )
            results.append(result_of_run(site, int(out["run_id"]), db_url))
        except Exception as exc:  # noqa: BLE001 - a failed site is a recorded failure, not a lost audit
            log.warning("site %s: remote audit failed: %s", site.name, exc)
            results.append(_failed(site, as_of, db_url, "工作进程执行失败或超时"))
        finally:
            pending.forget()
    return results
