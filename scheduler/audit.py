"""An audit: for each site, crawl it in its own process, then run the checks on the snapshot.

Used by the `govaudit audit` and `govaudit demo` commands (and by scheduled jobs later).
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import queue as queue_mod
import shutil
import tempfile
import time
from collections.abc import Callable
from typing import Any

from govaudit.checks import REGISTRY, Context, run_checks
from govaudit.config import Config, Site
from govaudit.crawler.attachments import read_spooled
from govaudit.crawler.plan import CrawlPlan
from govaudit.crawler.runner import crawl_process
from govaudit.store import create_run, load_snapshot, open_db, save_results, update_run

from govaudit.clock import now
from govaudit.models import AuditResult, Note, SiteResult

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, dict[str, Any]], None]  # (site name, progress data)


def _run_crawl(config: Config, site: Site, run_id: int, db_url: str, as_of: dt.date,
               progress: ProgressFn | None, log_level: str,
               spool_dir: str | None, plan: CrawlPlan | None = None) -> tuple[str, str | None, dict[str, Any]]:  # fmt: skip
    """Crawl in a spawned process; returns (status, error, last progress data)."""
    crawl = config.crawl_for(site)
    if plan is not None:  # a recheck checks the links it was asked to, whatever the site's settings
        crawl = crawl.model_copy(update={"check_links": True, "check_external": True})
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue(maxsize=1000)
    proc = ctx.Process(
        target=crawl_process, args=(site, crawl, run_id, db_url, as_of, q, log_level, spool_dir, plan),
        name=f"govaudit-crawl-{run_id}", daemon=True,
    )  # fmt: skip
    proc.start()
    deadline = time.monotonic() + crawl.time_limit + 60  # the spider stops itself at time_limit
    last: dict[str, Any] = {}

    def drain() -> None:
        nonlocal last
        while True:
            try:
                last = q.get_nowait()
            except (queue_mod.Empty, OSError, EOFError, ValueError):
                return
            if progress:
                progress(site.name, last)

    status, error = "crawled", None
    while proc.is_alive():
        proc.join(0.25)
        drain()
        if time.monotonic() > deadline:
            proc.terminate()
            proc.join(10)
            if proc.is_alive():
                proc.kill()
                proc.join()
            status, error = "timeout", f"crawl exceeded its time limit ({crawl.time_limit} s) and was stopped"
            break
    drain()
    if status == "crawled" and proc.exitcode != 0:
        status, error = "crawl_failed", f"crawl process exited with code {proc.exitcode}"
    if status == "crawled" and last.get("reason") == "closespider_timeout":
        status, error = "timeout", f"crawl reached its time limit ({crawl.time_limit} s); results are partial"
    q.close()
    return status, error, last


def audit_site(config: Config, site: Site, as_of: dt.date, db_url: str, *,
               progress: ProgressFn | None = None, log_level: str = "ERROR") -> SiteResult:  # fmt: skip
    """Crawl and check one site, then bring its issues up to date (reports/issues.py)."""
    from govaudit.issues.lifecycle import sync_run

    result = run_site(config, site, as_of, db_url, progress=progress, log_level=log_level)
    result.issues = sync_run(open_db(db_url), config, site.name, result.run_id, as_of)
    return result


def run_site(config: Config, site: Site, as_of: dt.date, db_url: str, *, progress: ProgressFn | None = None,
             log_level: str = "ERROR", plan: CrawlPlan | None = None, only: set[str] | None = None,
             kind: str = "audit") -> SiteResult:  # fmt: skip
    """One run: crawl (all of `site`, or `plan`'s URLs), run the checks (all, or `only`), save.

    The run records the checks it ran, its kind (audit | recheck) and the process that ran it
    (a run left "running" by a killed process is marked interrupted later, see scheduler/service.py).
    """
    sessions = open_db(db_url)
    run_id = create_run(sessions, site.name, site.url, as_of)
    checks = sorted(only) if only is not None else list(REGISTRY)
    base = {"kind": kind, "pid": os.getpid(), "checks_run": checks}
    update_run(sessions, run_id, stats=base)
    spool_dir = tempfile.mkdtemp(prefix="govaudit-attachments-")  # bytes live only until read
    try:
        status, error, last = _run_crawl(config, site, run_id, db_url, as_of, progress, log_level, spool_dir,
                                         plan)  # fmt: skip
        read_spooled(sessions, run_id, spool_dir, config.crawl_for(site))
    finally:
        shutil.rmtree(spool_dir, ignore_errors=True)
    update_run(sessions, run_id, status=status, error=error)
    snapshot = load_snapshot(sessions, run_id)
    findings, notes = run_checks(Context(config=config, site=site, snapshot=snapshot, as_of=as_of), only=only)
    if error:
        notes.insert(0, Note(site=site.name, column=None, url=site.url,
                             message=f"本次抓取未正常结束（{error}），结果可能不完整"))  # fmt: skip
    save_results(sessions, run_id, findings, notes)
    if progress:
        progress(site.name, {**last, "findings": len(findings), "reason": last.get("reason", status)})
    pages = len(snapshot.pages)
    requests = int(last.get("responses", pages))
    update_run(sessions, run_id, status="done" if status == "crawled" else status, finished=now(),
               pages=pages, requests=requests, stats={**last, **base})  # fmt: skip
    unreadable = [
        {"url": a.url, "page": a.page_url, "reason_kind": a.reason_kind, "reason": a.reason}
        for a in snapshot.attachments if not a.readable
    ]  # fmt: skip
    return SiteResult(site=site, run_id=run_id, status=status, pages=pages, requests=requests,
                      findings=findings, notes=notes, attachments_unreadable=unreadable,
                      attachments_read=len(snapshot.attachments) - len(unreadable))  # fmt: skip


def audit(config: Config, sites: list[Site], as_of: dt.date, db_url: str, *,
          progress: ProgressFn | None = None, log_level: str = "ERROR") -> AuditResult:  # fmt: skip
    started = now()
    from govaudit.issues.lifecycle import tracker

    results = [audit_site(config, s, as_of, db_url, progress=progress, log_level=log_level) for s in sites]
    result = AuditResult(as_of=as_of, started=started, finished=now(), sites=results)
    result.tracker = tracker(
        open_db(db_url), [s.name for s in sites], [f.fingerprint for f in result.findings], as_of
    )
    return result
