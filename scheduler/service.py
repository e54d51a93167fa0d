"""`govaudit serve`: the daily loop's scheduler (APScheduler 3.x) and the web pages.

Jobs (ids are stable; `replace_existing`, so a restart never duplicates them):

    audit:<site>   daily at schedule.audit (or sites[].schedule.audit)   scheduler/jobs.py audit_job
    probe:<site>   every schedule.probe_minutes                         probe_job
    mail           daily at schedule.mail                               mail_job
    weekly         schedule.weekly ("mon 08:30")                        weekly_job
    outbox         every 5 minutes (retries failed sends)                outbox_job
    recheck        every schedule.recheck_seconds                       recheck_job

They live in the database (SQLAlchemyJobStore on the same URL) with coalesce, one instance at a
time and a misfire grace, so a restart neither loses nor double-runs them. On start, `recover`
marks runs left "running" by a dead process as interrupted, puts recheck requests left
"running" back in the queue, and catches up today's audit of any site whose audit time has
passed without a finished audit (the audit job itself skips a day already audited).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import threading
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from govaudit.config import Config
from govaudit.store import open_db
from govaudit.store.db import engine_of
from govaudit.store.liveness import interrupt_dead_runs
from govaudit.store.loop_tables import RecheckRequest
from govaudit.store.schema import Run
from sqlalchemy import select, update

from govaudit.clock import now
from govaudit.errors import ConfigError

from . import jobs
from .webserver import WebServer

log = logging.getLogger(__name__)

JOBS = "govaudit.scheduler.jobs:"


def recover(config: Config, db_url: str) -> dict[str, int]:
    """Repair what a killed serve left behind; returns counts (interrupted runs, requeued requests).
    (Every command marks the runs of dead processes interrupted when it opens the database,
    store/liveness.py; serve also puts its recheck requests back in the queue.)"""
    sessions = open_db(db_url)
    counts = {"interrupted": interrupt_dead_runs(sessions), "requeued": 0}
    with sessions() as s, s.begin():
        counts["requeued"] = (
            s.execute(
                update(RecheckRequest).where(RecheckRequest.status == "running").values(status="pending")
            ).rowcount
            or 0
        )
    if counts["interrupted"] or counts["requeued"]:
        log.warning(
            "recovered: %(interrupted)d interrupted run(s), %(requeued)d recheck request(s) requeued", counts
        )
    return counts


def _clock(value: str) -> tuple[int, int]:
    hh, mm = value.split(":")
    return int(hh), int(mm)


def build_scheduler(config: Config, config_path: str, db_url: str) -> BackgroundScheduler:
    """A scheduler with every job of `config` (not started)."""
    sch = config.schedule
    tz = sch.timezone
    scheduler = BackgroundScheduler(
        # catch-up runs are recomputed at every start: kept in memory, not in the database
        jobstores={
            "default": SQLAlchemyJobStore(engine=engine_of(open_db(db_url))),
            "memory": MemoryJobStore(),
        },
        executors={"default": ThreadPoolExecutor(4)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": sch.misfire_grace_minutes * 60,
        },
        timezone=tz,
    )
    scheduler.start(paused=True)  # the job store is open; nothing runs until resume()
    sync_jobs(scheduler, config, config_path, db_url)
    _catch_up(scheduler, config, config_path, db_url)
    return scheduler


def sync_jobs(scheduler: BackgroundScheduler, config: Config, config_path: str, db_url: str) -> None:
    """Make the scheduler's stored jobs those of `config`: at start, and whenever the office changes
    the config in the web console (a site added or removed there is audited from then on)."""
    sch = config.schedule
    tz = sch.timezone
    wanted: dict[str, tuple[str, Any, tuple[str, ...]]] = {}
    for site in config.sites:
        at = config.audit_time_for(site)
        if at:
            h, m = _clock(at)
            wanted[f"audit:{site.name}"] = ("audit_job", CronTrigger(hour=h, minute=m, timezone=tz),
                                            (config_path, db_url, site.name))  # fmt: skip
        minutes = config.probe_minutes_for(site)
        if minutes:
            wanted[f"probe:{site.name}"] = ("probe_job", IntervalTrigger(minutes=minutes, timezone=tz),
                                            (config_path, db_url, site.name))  # fmt: skip
    if sch.mail:
        h, m = _clock(sch.mail)
        wanted["mail"] = ("mail_job", CronTrigger(hour=h, minute=m, timezone=tz), (config_path, db_url))
        wanted["outbox"] = ("outbox_job", IntervalTrigger(minutes=5, timezone=tz), (config_path, db_url))
    if sch.weekly:
        day, clock = sch.weekly.split(" ")
        h, m = _clock(clock)
        wanted["weekly"] = ("weekly_job", CronTrigger(day_of_week=day, hour=h, minute=m, timezone=tz),
                            (config_path, db_url))  # fmt: skip
    wanted["recheck"] = ("recheck_job", IntervalTrigger(seconds=sch.recheck_seconds, timezone=tz),
                         (config_path, db_url))  # fmt: skip
    for job in scheduler.get_jobs(jobstore="default"):
        if job.id not in wanted:
            scheduler.remove_job(job.id)  # a site or job no longer in the config
    for job_id, (func, trigger, args) in wanted.items():
        existing = scheduler.get_job(job_id)
        if (existing is not None and str(existing.trigger) == str(trigger) and tuple(existing.args) == args
                and str(getattr(existing.trigger, "timezone", "")) == str(getattr(trigger, "timezone", ""))):  # fmt: skip
            continue  # keep its stored next run time (a missed run is then run within the grace)
        scheduler.add_job(JOBS + func, trigger, args=args, id=job_id, name=job_id, replace_existing=True)


def _catch_up(scheduler: BackgroundScheduler, config: Config, config_path: str, db_url: str) -> None:
    """Today's audit of a site whose audit time has passed with no finished audit: run it now."""
    current = jobs.local_now(config)
    for site in config.sites:
        at = config.audit_time_for(site)
        if not at:
            continue
        h, m = _clock(at)
        if current.time() < dt.time(h, m) or jobs.audited_today(db_url, site.name, current.date()):
            continue
        log.info("catching up today's audit of %s", site.name)
        scheduler.add_job(JOBS + "audit_job", DateTrigger(timezone=config.schedule.timezone),
                          args=(config_path, db_url, site.name), id=f"catchup:{site.name}",
                          name=f"catch-up audit of {site.name}", replace_existing=True, jobstore="memory")  # fmt: skip


def _web_app(config: Config, db_url: str, on_config_change: Any = None) -> Any | None:
    try:
        from govaudit.web import create_app  # type: ignore[attr-defined]
    except ImportError:
        log.warning("web pages not available (govaudit.web missing); serving the scheduler only")
        return None
    return create_app(config, db_url, on_config_change=on_config_change)


def serve(
    config: Config, config_path: str, db_url: str, *, host: str | None = None, port: int | None = None
) -> int:
    """Run until SIGTERM/SIGINT: the scheduler in the background, the web pages in the foreground."""
    stop = threading.Event()
    running: list[BackgroundScheduler] = []

    def config_changed(new: Config) -> None:  # the office edited the config in the web console
        if running:
            sync_jobs(running[0], new, os.path.abspath(config_path), db_url)

    app = _web_app(config, db_url, config_changed)
    server = None
    if app is not None:
        bind = (host or config.web.host, config.web.port if port is None else port)
        try:
            server = WebServer(app, bind[0], bind[1], config.web)
        except OSError as exc:
            raise ConfigError(f"无法在 {bind[0]}:{bind[1]} 上提供网页控制台：{exc.strerror or exc}") from None
    recover(config, db_url)
    scheduler = build_scheduler(config, os.path.abspath(config_path), db_url)
    running.append(scheduler)
    if server is not None:
        server.start()

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("signal %d: stopping", signum)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    scheduler.resume()
    where = f"，网页 http://{host or config.web.host}:{server.port}/" if server else ""
    print(f"govaudit serve: 已启动（{len(scheduler.get_jobs())} 个定时任务{where}）", flush=True)
    try:
        while not stop.wait(1):
            pass
    finally:
        if server is not None:
            server.stop()
        scheduler.shutdown(wait=False)
        for sig, handler in previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(sig, handler)
    busy = _mark_own_runs(db_url)
    print("govaudit serve: 已停止" + (f"（{busy} 个运行中的检查已标记为中断）" if busy else ""), flush=True)
    if busy:
        # an audit thread would keep the process alive for the rest of its crawl; its run is marked
        # interrupted (and caught up at the next start), its crawl process ends with this one
        logging.shutdown()
        os._exit(0)
    return 0


def _mark_own_runs(db_url: str) -> int:
    """Mark the runs this process is still running as interrupted (stopping mid-audit)."""
    n = 0
    with open_db(db_url)() as s, s.begin():
        for run in s.scalars(select(Run).where(Run.status.in_(["running", "crawled"]))):
            if (run.stats or {}).get("pid") == os.getpid():
                run.status, run.finished, run.error = (
                    "interrupted",
                    now(),
                    "运行中断（服务停止），本次结果不完整",
                )
                n += 1
    return n
