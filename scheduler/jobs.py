"""The jobs `govaudit serve` runs. Module-level functions with plain arguments (the config file
path, the database URL, a site name), so that APScheduler can store them in the database; each
reloads the config, so an edited config takes effect at the next run without a restart.

Every job catches and logs its own failure: one site's crash never stops the scheduler.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import requests
from govaudit.config import Config, dbcopy, load_config
from govaudit.store import open_db
from govaudit.store.probes import record_probe
from govaudit.store.schema import Run
from sqlalchemy import select

from govaudit.clock import now as local_now

from . import network

log = logging.getLogger(__name__)

AUDIT_LOCK = threading.Lock()  # one audit at a time (a crawl is heavy; the machine is small)
# (an "outage" run judged nothing: the day's audit is still to do, e.g. caught up at the next start)
FINISHED = ("done", "crawl_failed", "timeout")


def _guarded(name: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except Exception:  # noqa: BLE001 - a job's failure is logged; the scheduler goes on
        log.exception("job %s failed", name)
        return None


def current_config(config_path: str, db_url: str) -> Config:
    """The config a job uses: the database copy (edited in the web console, `govaudit config
    import`) when the database holds one, else the file."""
    return dbcopy.load(open_db(db_url)) or load_config(config_path)


def audited_today(db_url: str, site: str, as_of: dt.date) -> bool:
    """Whether a scheduled/CLI audit of `site` for `as_of` has already finished."""
    with open_db(db_url)() as s:
        runs = s.scalars(select(Run).where(Run.site == site, Run.as_of == as_of, Run.status.in_(FINISHED)))
        return any((r.stats or {}).get("kind", "audit") == "audit" for r in runs)


def audit_job(config_path: str, db_url: str, site_name: str) -> None:
    """The daily audit of one site (idempotent per day: a finished audit of today is not redone)."""

    def run() -> None:
        from .audit import audit_site

        config = current_config(config_path, db_url)
        site = config.site(site_name)
        as_of = local_now(config).date()
        with AUDIT_LOCK:
            if audited_today(db_url, site_name, as_of):
                log.info("audit of %s for %s already done; skipped", site_name, as_of)
                return
            log.info("audit of %s for %s started", site_name, as_of)
            result = audit_site(config, site, as_of, db_url)
            log.info("audit of %s done: %s, %d findings", site_name, result.status, len(result.findings))

    _guarded(f"audit:{site_name}", run)


def probe_site(config: Config, site_name: str, db_url: str) -> bool:
    """One availability probe of a site's homepage (GET, the crawl's timeout and user agent).

    A probe nothing answered, when no reference URL answers either, was taken during a
    monitoring-side outage (scheduler/network.py): it is not recorded against the site."""
    site = config.site(site_name)
    crawl = config.crawl_for(site)
    started = time.monotonic()
    status: int | None = None
    error: str | None = None
    try:
        # (the user agent may hold Chinese: sent as UTF-8 bytes, as Scrapy does)
        ua = crawl.user_agent.encode("utf-8")
        with requests.get(site.url, timeout=crawl.timeout, headers={"User-Agent": ua}, stream=True) as resp:
            status = resp.status_code  # the status is all a probe needs: the body is not read
    except (requests.RequestException, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    ok = status is not None and status < 400
    if status is None and network.outage_reason(config, any_site_answered=False):
        log.warning(
            "probe of %s not counted: no reference URL answers either (monitoring-side outage)", site_name
        )
        return False
    record_probe(open_db(db_url), site=site.name, url=site.url, at=local_now(config), ok=ok, status=status,
                 error=error, elapsed=round(time.monotonic() - started, 3))  # fmt: skip
    return ok


def probe_job(config_path: str, db_url: str, site_name: str) -> None:
    _guarded(f"probe:{site_name}", lambda: probe_site(current_config(config_path, db_url), site_name, db_url))


def recheck_job(config_path: str, db_url: str) -> None:
    def run() -> None:
        from .recheck import process_pending

        config = current_config(config_path, db_url)
        n = process_pending(config, db_url, as_of=local_now(config).date())
        if n:
            log.info("processed %d recheck request(s)", n)

    _guarded("recheck", run)


def _mail_call(name: str, config_path: str, db_url: str) -> None:
    """Queue a mail batch (the mail module's function `name`), then deliver the outbox."""

    def run() -> None:
        try:
            from govaudit.notify import mail, outbox  # type: ignore[attr-defined]
        except ImportError:
            log.warning("mail job %s skipped: govaudit.notify.mail is not available", name)
            return
        config = current_config(config_path, db_url)
        sessions = open_db(db_url)
        queued = getattr(mail, name)(sessions, config, local_now(config).date())
        sent, failed = outbox.deliver(sessions, config)
        log.info("%s: %s queued, %s sent, %s failed", name, queued, sent, failed)

    _guarded(name, run)


def mail_job(config_path: str, db_url: str) -> None:
    _mail_call("queue_daily_mails", config_path, db_url)


def weekly_job(config_path: str, db_url: str) -> None:
    _mail_call("queue_weekly_summary", config_path, db_url)


def outbox_job(config_path: str, db_url: str) -> None:
    """Deliver what the outbox still holds (a send that failed is retried here)."""

    def run() -> None:
        try:
            from govaudit.notify import outbox  # type: ignore[attr-defined]
        except ImportError:
            return
        sent, failed = outbox.deliver(open_db(db_url), current_config(config_path, db_url))
        if sent or failed:
            log.info("outbox: %s sent, %s failed", sent, failed)

    _guarded("outbox", run)
