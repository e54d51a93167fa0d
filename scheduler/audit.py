"""An audit: for each site, crawl it in its own process, then run the checks on the snapshot.

Used by the `govaudit audit` and `govaudit demo` commands and the scheduled daily audit.
A homepage that failed is tried again after a pause (scheduler/network.py); when it answers
then, the site is crawled again. Once every site is crawled: when nothing answered (no site,
no reference URL) the audit is a monitoring-side outage — its runs judge no reachability and
change no issue; otherwise each site's issues are brought up to date.
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
from govaudit.crawler import sitewide
from govaudit.crawler.attachments import read_spooled
from govaudit.crawler.fetcherrors import is_blocked, is_failure
from govaudit.crawler.plan import CrawlPlan
from govaudit.crawler.runner import crawl_process
from govaudit.store import create_run, liveness, load_snapshot, open_db, save_results, update_run
from govaudit.store import evidence as evidence_store
from govaudit.store.runs import clear_snapshot, homepage_outcome, save_facts

from govaudit.clock import now
from govaudit.models import AuditResult, Note, SiteResult

from . import network
from .incremental_notes import not_reached

log = logging.getLogger(__name__)
# the checks that judge whether something can be reached: none of them judges during an outage
REACHABILITY = (
    "site_unreachable", "column_unreachable", "broken_link", "media_unreachable", "tls_problem", "ipv6_missing",
)  # fmt: skip

ProgressFn = Callable[[str, dict[str, Any]], None]  # (site name, progress data)


def _run_crawl(config: Config, site: Site, run_id: int, db_url: str, as_of: dt.date,
               progress: ProgressFn | None, log_level: str,
               spool_dir: str | None, plan: CrawlPlan | None = None,
               incremental: bool = False) -> tuple[str, str | None, dict[str, Any]]:  # fmt: skip
    """Crawl in a spawned process; returns (status, error, last progress data)."""
    crawl = config.crawl_for(site)
    if plan is not None:  # a recheck checks the links it was asked to, whatever the site's settings
        crawl = crawl.model_copy(update={"check_links": True, "check_external": True})
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue(maxsize=1000)
    proc = ctx.Process(
        target=crawl_process, args=(site, crawl, run_id, db_url, as_of, q, log_level, spool_dir, plan, incremental),
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
               progress: ProgressFn | None = None, log_level: str = "ERROR", full: bool = False) -> SiteResult:  # fmt: skip
    """Crawl and check one site, then bring its issues up to date (issues/lifecycle.py) — unless
    nothing answered, not even a reference URL (an outage: nothing judged, see `audit_sites`)."""
    return audit_sites(config, [site], as_of, db_url, progress=progress, log_level=log_level, full=full)[0]


def audit_sites(config: Config, sites: list[Site], as_of: dt.date, db_url: str, *,
                progress: ProgressFn | None = None, log_level: str = "ERROR",
                full: bool = False) -> list[SiteResult]:  # fmt: skip
    """Crawl and check each site (sites side by side, scheduler/parallel.py); then, unless the
    audit is an outage, sync each site's issues."""
    from govaudit.issues.sync import sync_run

    from .parallel import run_sites

    if config.executor.kind == "celery":  # one task per site on the workers (scheduler/workers.py)
        from .remote import audit_remote

        results = audit_remote(config, sites, as_of, db_url, progress=progress, full=full)
    else:
        results = run_sites(config, sites, lambda s: run_site(config, s, as_of, db_url, progress=progress,
                                                              log_level=log_level, announce=False, full=full))  # fmt: skip
    outage = network.outage_reason(config, any(r.answered for r in results))
    for r in results:
        if outage:
            declare_outage(db_url, r, outage)
        else:
            r.issues = sync_run(open_db(db_url), config, r.site.name, r.run_id, as_of)
        if progress:
            progress(r.site.name, {**r.last_progress, "findings": len(r.findings), "answered": r.answered,
                                   "outage": outage})  # fmt: skip
    if not outage:
        evidence_store.prune(open_db(db_url))  # pages of issues no longer open
    return results


def declare_outage(db_url: str, result: SiteResult, reason: str) -> None:
    """A run during a monitoring-side outage: no reachability finding, a note saying why, status
    "outage" (not done: issues/lifecycle.py changes nothing for it)."""
    sessions = open_db(db_url)
    result.findings = [f for f in result.findings if f.check not in REACHABILITY]
    result.notes.insert(0, Note(site=result.site.name, column=None, url=result.site.url, message=reason))
    save_results(sessions, result.run_id, result.findings, result.notes)
    stats = {**(result.last_progress or {}), **result.stats, "outage": reason}
    update_run(sessions, result.run_id, status="outage", stats=stats, error=reason)
    result.status, result.outage = "outage", reason


def keep_evidence(sessions: Any, run_id: int, findings: list[Any], html_dir: str, snapshot: Any,
                  config: Config) -> int:  # fmt: skip
    """Keep the pages findings point at as fetched (and a screenshot when configured)."""
    shot = None
    if config.evidence.screenshots:
        from govaudit.crawler.screenshot import Screenshotter

        shot = Screenshotter(timeout=config.crawl.timeout)
    try:
        types = {p.url: p.content_type for p in snapshot.pages}
        return evidence_store.keep(sessions, run_id, findings, html_dir, types,
                                   max_pages=config.evidence.max_pages, screenshot=shot)  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - evidence is a help, never a reason to fail the run
        log.warning("evidence not kept for run %d: %s", run_id, exc)
        return 0
    finally:
        if shot is not None:
            shot.close()


def _retry_homepage(config: Config, site: Site, run_id: int, db_url: str) -> dict[str, Any] | None:
    """When the crawl's homepage failed: the second attempt after the pause (None: not needed)."""
    outcome = homepage_outcome(open_db(db_url), run_id)
    if outcome is None or not is_failure(*outcome) or is_blocked(outcome[1]):
        return None  # (a homepage the fetch policy refused is not asked again outside it)
    crawl = config.crawl_for(site)
    answer = network.retry_homepage(site.url, crawl)
    log.info(
        "homepage of %s failed; retried after %s s: %s", site.name, crawl.unreachable_retry_seconds, answer
    )
    return {"after_s": crawl.unreachable_retry_seconds, "status": answer.status, "error": answer.error,
            "ok": answer.ok}  # fmt: skip


def run_site(config: Config, site: Site, as_of: dt.date, db_url: str, *, progress: ProgressFn | None = None,
             log_level: str = "ERROR", plan: CrawlPlan | None = None, only: set[str] | None = None,
             kind: str = "audit", announce: bool = True, full: bool = False,
             tag: dict[str, Any] | None = None) -> SiteResult:  # fmt: skip
    """One run: crawl (all of `site`, or `plan`'s URLs), run the checks (all, or `only`), save.

    The run records the checks it ran, its kind (audit | recheck) and the process that ran it
    (a run left "running" by a killed process is marked interrupted later, see scheduler/service.py).
    A homepage that failed is tried again after a pause; when it answers then, the crawl is done
    again (the first one met a passing fault). `announce`: report the end to `progress` (an audit
    of several sites does so once it knows whether the run was an outage).
    """
    sessions = open_db(db_url)
    run_id = create_run(sessions, site.name, site.url, as_of)
    checks = sorted(only) if only is not None else list(REGISTRY)
    spool_dir = tempfile.mkdtemp(prefix="govaudit-attachments-")  # bytes live only until read
    # the process and its temporary folder: a run left by a killed process is found, its folder
    # removed, by the next command (store/liveness.py)
    # an audit takes over what it may from the site's last audit unless told to read everything
    incremental = not full and plan is None and kind == "audit"
    base: dict[str, Any] = liveness.owner({"kind": kind, "checks_run": checks, "spool": spool_dir,
                                           "full": not incremental, **(tag or {}),
                                           "refetch_days": config.crawl_for(site).refetch_days})  # fmt: skip
    update_run(sessions, run_id, stats=base)
    try:
        status, error, last = _run_crawl(config, site, run_id, db_url, as_of, progress, log_level, spool_dir,
                                         plan, incremental)  # fmt: skip
        retry = _retry_homepage(config, site, run_id, db_url) if status == "crawled" else None
        if retry is not None:
            base["homepage_retry"] = retry
            if retry["ok"]:  # the site is back: crawl it again rather than judge a passing fault
                clear_snapshot(sessions, run_id)
                shutil.rmtree(spool_dir, ignore_errors=True)
                os.makedirs(spool_dir, exist_ok=True)
                status, error, last = _run_crawl(config, site, run_id, db_url, as_of, progress, log_level,
                                                 spool_dir, plan, incremental)  # fmt: skip
        read_spooled(sessions, run_id, spool_dir, config.crawl_for(site))
        update_run(sessions, run_id, status=status, error=error, stats=base)
        snapshot = load_snapshot(sessions, run_id)
        html_dir = os.path.join(spool_dir, "html")
        if plan is None or plan.homepage:  # site-wide facts (footer, HTTPS, IPv6, search, media …)
            snapshot.facts = sitewide.gather(config, site, snapshot, html_dir, as_of, only)
            save_facts(sessions, run_id, snapshot.facts)
        answered = (any(p.status is not None and p.carried_from is None for p in snapshot.pages)
                    or any(lk.status is not None and lk.carried_from is None for lk in snapshot.links)
                    or bool(retry and retry["status"] is not None))  # fmt: skip
        findings, notes = run_checks(
            Context(config=config, site=site, snapshot=snapshot, as_of=as_of), only=only
        )
        if error:
            notes.insert(0, Note(site=site.name, column=None, url=site.url,
                                 message=f"本次抓取未正常结束（{error}），结果可能不完整"))  # fmt: skip
        notes.extend(not_reached(site, last))
        save_results(sessions, run_id, findings, notes)
        if config.evidence.keep:
            kept = keep_evidence(sessions, run_id, findings, html_dir, snapshot, config)
            base["evidence_pages"] = kept
    finally:
        shutil.rmtree(spool_dir, ignore_errors=True)
    if progress and announce:
        progress(site.name, {**last, "findings": len(findings), "reason": last.get("reason", status),
                             "answered": answered})  # fmt: skip
    pages = len(snapshot.pages)
    requests = int(last.get("responses", pages))
    update_run(sessions, run_id, status="done" if status == "crawled" else status, finished=now(),
               pages=pages, requests=requests, stats={**last, **base, "answered": answered})  # fmt: skip
    unreadable = [
        {"url": a.url, "page": a.page_url, "reason_kind": a.reason_kind, "reason": a.reason}
        for a in snapshot.attachments if not a.readable
    ]  # fmt: skip
    return SiteResult(site=site, run_id=run_id, status=status, pages=pages, requests=requests,
                      findings=findings, notes=notes, attachments_unreadable=unreadable,
                      attachments_read=len(snapshot.attachments) - len(unreadable), answered=answered,
                      stats={**last, **base}, last_progress=last)  # fmt: skip


def audit(config: Config, sites: list[Site], as_of: dt.date, db_url: str, *,
          progress: ProgressFn | None = None, log_level: str = "ERROR", full: bool = False) -> AuditResult:  # fmt: skip
    started = now()
    from govaudit.issues.lifecycle import tracker

    results = audit_sites(config, sites, as_of, db_url, progress=progress, log_level=log_level, full=full)
    outage = next((r.outage for r in results if r.outage), None)
    result = AuditResult(as_of=as_of, started=started, finished=now(), sites=results, outage=outage)
    result.tracker = tracker(
        open_db(db_url), [s.name for s in sites], [f.fingerprint for f in result.findings], as_of
    )
    return result
