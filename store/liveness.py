"""Runs left "running" by a process that is gone (killed with SIGKILL, the machine rebooted).

Every run records the process running it: `runs.pid` and `runs.host` (schema version 7), and in
its stats the pid, the process's start time (so a pid reused by another process is not taken
for it) and its temporary folder. The first time a process opens a database (store/db.py
`open_db`, so every govaudit command), runs of this host whose process is gone are marked
interrupted (their partial snapshot kept, never used to close issues) and their temporary
folders removed. Runs of another host are left alone: their process cannot be seen from here.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now

from .schema import Run

log = logging.getLogger(__name__)
ACTIVE = ("running", "crawled")
INTERRUPTED = "运行中断（进程被终止），本次结果不完整，未用于问题判定"


def this_host() -> str:
    return socket.gethostname()[:200]


def process_start(pid: int) -> str | None:
    """The start time of process `pid` (clock ticks since boot, Linux /proc); None elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def owner(stats: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a run records about the process running it (merged into its stats)."""
    pid = os.getpid()
    return {**(stats or {}), "pid": pid, "pid_start": process_start(pid)}


def alive(pid: Any, host: str | None = None, start: str | None = None) -> bool:
    """Whether the process that ran a run may still run it (another host's: assumed so)."""
    if host and host != this_host():
        return True
    if not isinstance(pid, int) or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if _zombie(pid):
        return False
    current = process_start(pid)
    return not (start and current and current != start)  # the pid now names another process


def _clean_temp(folder: Any) -> None:
    """Remove a dead run's temporary folder (only a govaudit folder under the temp directory)."""
    if not isinstance(folder, str) or not folder:
        return
    path = Path(folder)
    if path.name.startswith("govaudit-") and path.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(path, ignore_errors=True)


def interrupt_dead_runs(sessions: sessionmaker[Session]) -> int:
    """Mark this host's runs whose process is gone as interrupted; returns how many."""
    n = 0
    with sessions() as s, s.begin():
        for run in s.scalars(select(Run).where(Run.status.in_(ACTIVE))):
            stats = run.stats or {}
            pid = stats.get("pid", run.pid)
            if alive(pid, run.host, stats.get("pid_start")):
                continue
            run.status, run.finished, run.error = "interrupted", now(), INTERRUPTED
            if not run.host or run.host == this_host():
                _clean_temp(stats.get("spool"))
            n += 1
    if n:
        log.warning("%d run(s) left running by a process that is gone marked interrupted", n)
    return n
