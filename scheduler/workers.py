"""Site audits on Celery workers: a province's many county sites spread over machines.

One task is one site's audit (politeness stays per site: the task runs the same `run_site` as
the in-process path, crawl in its own process included). Workers (`govaudit worker --config C`)
share the broker (Redis or RabbitMQ) and the database (PostgreSQL); a task writes its run,
snapshot, findings and notes there and returns the run's id; the caller (`govaudit audit`,
`govaudit serve`) waits for every site, then judges outages and syncs issues as in-process.

Delivery is at least once: a message is acknowledged only after its task ended (acks_late),
and a worker that dies mid-audit (killed, out of memory, machine lost) leaves it unacknowledged,
so the broker hands it to another worker (reject_on_worker_lost; with Redis after
`executor.visibility_timeout`). Runs are tagged with their task's id and carry a heartbeat: when a
task is delivered again, a run of it that finished is its answer, a live one is waited for, and
one whose worker fell silent is marked "interrupted" before the audit runs again — no run stays
"running", and nothing runs twice at once. A task that
fails is retried `executor.retries` times; Celery's time limit stops one that hangs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from typing import Any

from celery import Celery
from govaudit.config import Config
from govaudit.store import open_db
from govaudit.store.schema import Run

from govaudit.clock import now

from . import ipslots

log = logging.getLogger(__name__)
TASK = "govaudit.audit_site"
_WORKER: dict[str, Any] = {}  # the worker's config (set by `govaudit worker`)


def backend_of(broker: str) -> str:
    """Where task results (a run id) travel back: the Redis broker itself, else RPC replies."""
    return broker if broker.startswith(("redis://", "rediss://")) else "rpc://"


def make_app(config: Config) -> Celery:
    ex = config.executor
    assert ex.broker is not None
    limit = config.crawl.time_limit + max(config.crawl.unreachable_retry_seconds, 0) * 2 + 900
    app = Celery("govaudit", broker=ex.broker, backend=backend_of(ex.broker), set_as_current=False)
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_default_queue=ex.queue, task_serializer="json", result_serializer="json", accept_content=["json"],
        task_time_limit=int(limit), task_soft_time_limit=int(limit) - 60, result_expires=7 * 24 * 3600,
        broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
        broker_transport_options={"visibility_timeout": ex.visibility_timeout or int(limit) + 1800,
                                  "unacked_restore_interval": 2, "unacked_restore_throttle": 1},
        result_backend_transport_options={"visibility_timeout": ex.visibility_timeout or int(limit) + 1800},
        worker_cancel_long_running_tasks_on_connection_loss=False,
    )  # fmt: skip
    app.task(name=TASK, bind=True, max_retries=ex.retries, autoretry_for=(Exception,),
             retry_backoff=5, retry_jitter=False)(audit_site_task)  # fmt: skip
    return app


HEARTBEAT_S = 5  # a worker running a site's audit says so this often
DEAD_AFTER_S = 30  # ... and is taken for dead after this long without a word


def _runs_of(s: Any, site: str, task_id: str) -> list[Run]:
    rows = s.query(Run).filter(Run.site == site, Run.status != "interrupted").order_by(Run.id)
    return [r for r in rows if (r.stats or {}).get("task_id") == task_id]


def earlier_attempt(db_url: str, site: str, task_id: str) -> int | None:
    """Before a (re)delivered task runs: the run of an earlier delivery of the same task.

    A run that finished: its id (the task is done; nothing is run twice). A run still going with
    a recent heartbeat (the broker handed the task out again while its worker is alive): wait for
    it. A run whose worker fell silent (killed, machine lost): marked interrupted — its partial
    snapshot is kept and never closes an issue — and None, so the audit runs again."""
    sessions = open_db(db_url)
    while True:
        with sessions() as s, s.begin():
            runs = _runs_of(s, site, task_id)
            done = next((r.id for r in runs if r.status != "running"), None)
            if done is not None:
                return done
            live = [r for r in runs if (now() - (r.heartbeat or r.started)).total_seconds() < DEAD_AFTER_S]
            if not live:
                for r in runs:
                    r.status, r.error = "interrupted", "工作进程中止，本网站的检查已由其他工作进程重新执行"
                    log.warning("site %s: run %d of task %s was abandoned by its worker", site, r.id, task_id)
                return None
        time.sleep(HEARTBEAT_S)


def _beat(db_url: str, site: str, task_id: str, stop: threading.Event) -> None:
    sessions = open_db(db_url)
    while not stop.wait(HEARTBEAT_S / 2):
        with sessions() as s, s.begin():
            for r in _runs_of(s, site, task_id):
                if r.status == "running" and (r.stats or {}).get("pid") == os.getpid():
                    r.heartbeat = now()


def audit_site_task(task: Any, site_name: str, as_of: str, db_url: str, full: bool = False) -> dict[str, Any]:
    """One site's audit on a worker; returns {"run_id", "status"} (everything else is in the DB)."""
    from .audit import run_site

    config: Config = _WORKER["config"]
    site = config.site(site_name)
    task_id = task.request.id
    done = earlier_attempt(db_url, site_name, task_id)
    if done is not None:
        return {"run_id": done, "status": "done"}
    slot = ipslots.take(config, site, task_id)  # the site's address's share of crawl.concurrency_per_ip
    if slot is None:  # every slot of the address is busy: back to the queue for a while
        raise task.retry(countdown=5, max_retries=None)
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(db_url, site_name, task_id, stop), daemon=True)
    beat.start()
    try:
        result = run_site(config, site, dt.date.fromisoformat(as_of), db_url, announce=False, full=full,
                          tag={"task_id": task_id, "worker": socket.gethostname()})  # fmt: skip
    finally:
        stop.set()
        if isinstance(slot, ipslots.Slot):
            slot.release()
    return {"run_id": result.run_id, "status": result.status}


def start_worker(config: Config, *, concurrency: int | None = None, loglevel: str = "INFO") -> None:
    """`govaudit worker`: serve site audits from the config's queue until stopped."""
    _WORKER["config"] = config
    app = make_app(config)
    logging.basicConfig(level=loglevel, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    argv = ["worker", f"--loglevel={loglevel}", "--pool=threads", f"--queues={config.executor.queue}",
            f"--concurrency={concurrency or config.executor.concurrency}", "--without-gossip", "--without-mingle",
            f"--hostname=govaudit-{os.getpid()}@{socket.gethostname()}"]  # fmt: skip
    app.worker_main(argv)
