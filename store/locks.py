"""Named locks in the database, so that two processes (serve's daily audit and a manual
`govaudit audit`, an audit and a recheck) never interleave the transactions that must not.

`hold(s, name)` is called first in a transaction: it writes the lock's row, which makes the
transaction wait for any other one holding the same name until that one commits.

- SQLite: the write takes the database's write lock (waiting up to the connection's
  busy_timeout, store/db.py); the reads that follow see everything committed before. (The
  driver starts its transaction only at the first write: reads before it would not be
  protected, hence "first".)
- PostgreSQL: the row lock of the UPDATE (with a `lock_timeout`), READ COMMITTED reads after
  it see what the other transaction committed.

A lock not obtained in time raises `Busy` (a StoreError with a Chinese message).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from govaudit.clock import now
from govaudit.errors import StoreError

from .loop_tables import Lock

T = TypeVar("T")
LOCK_TIMEOUT_S = 120  # PostgreSQL; SQLite waits its busy_timeout
ATTEMPTS = 3  # a transaction that met a busy database is tried again this often


class Busy(StoreError):
    """Another process holds the lock longer than we wait."""


def holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def hold(s: Session, name: str) -> None:
    """Take the lock `name` for the rest of the session's transaction (call it first)."""
    dialect = s.get_bind().dialect.name
    values = {"name": name, "holder": holder(), "acquired": now()}
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        s.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_S}s'"))
        s.execute(pg_insert(Lock).values(**values).on_conflict_do_nothing(index_elements=["name"]))
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        s.execute(sqlite_insert(Lock).values(**values).on_conflict_do_nothing(index_elements=["name"]))
    else:  # another database: insert when missing (a race here only costs a retry)
        if s.get(Lock, name) is None:
            with s.begin_nested():
                s.add(Lock(**values))
    s.execute(
        update(Lock).where(Lock.name == name).values(holder=values["holder"], acquired=values["acquired"])
    )


def is_busy(exc: BaseException) -> bool:
    """A database error that means "another transaction holds what we wait for"."""
    if not isinstance(exc, OperationalError):
        return False
    text_ = str(exc.orig if exc.orig is not None else exc).lower()
    return any(w in text_ for w in ("database is locked", "lock timeout", "lock_timeout", "locknotavailable",
                                      "deadlock", "could not serialize", "database table is locked"))  # fmt: skip


def retrying(what: str, fn: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """`fn()`, tried again when the database was busy; then `Busy` with a Chinese message."""
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            if attempt == attempts - 1:
                raise Busy(f"数据库正忙（另一个检查正在{what}），请稍后重试") from None
    raise AssertionError("unreachable")
