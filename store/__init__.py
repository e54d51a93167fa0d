"""Store: SQLAlchemy persistence of runs, their snapshots (pages, items, links) and findings."""

from .db import DEFAULT_DB, open_db
from .runs import Snapshot, create_run, get_run, load_results, load_snapshot, save_results, update_run
from .writer import SnapshotWriter

__all__ = [
    "DEFAULT_DB", "Snapshot", "SnapshotWriter", "create_run", "get_run", "load_results", "load_snapshot",
    "open_db", "save_results", "update_run",
]  # fmt: skip
