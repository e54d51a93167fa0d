"""Opening the database: engine, automatic schema creation and upgrades.

Schema upgrades: `SchemaInfo.version` records the schema a database is at. On open, missing
tables are created (new tables need no migration), then the numbered steps in `MIGRATIONS`
newer than the database's version run in order, in one transaction. A database written by a
newer govaudit is refused rather than damaged.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from govaudit.errors import StoreError

from . import (
    liveness,
    loop_tables,  # noqa: F401  (its tables join Base.metadata before create_all)
    refingerprint,
)
from .schema import SCHEMA_VERSION, Base, SchemaInfo

log = logging.getLogger(__name__)

DEFAULT_DB = "sqlite:///govaudit.db"
BUSY_TIMEOUT_MS = 60_000
UPGRADE_ATTEMPTS = 5  # two processes opening a new database at once: the second one tries again
_OPEN: dict[tuple[int, str], sessionmaker[Session]] = {}
_OPEN_LOCK = threading.Lock()

# version -> SQL statements (or functions of the open session, for data) bringing a database from
# version-1 to version.
MIGRATIONS: dict[int, list[str | Callable[[Session], None]]] = {
    # 2: article text, links and tables for the content and 政务公开 checks (attachments is a new
    # table, created automatically)
    2: [
        "ALTER TABLE pages ADD COLUMN text TEXT",
        "ALTER TABLE pages ADD COLUMN out_links JSON",
        "ALTER TABLE pages ADD COLUMN tables JSON",
    ],
    # 3: links hidden by CSS on every HTML page, for serious_error's 暗链 rule
    3: ["ALTER TABLE pages ADD COLUMN hidden_links JSON"],
    # 4: issue identity that survives a site's move, one issue per problem (issue 9): what the
    # fingerprint is made of is stored, every stored fingerprint recomputed (store/refingerprint.py)
    4: [
        "ALTER TABLE findings ADD COLUMN thing TEXT",
        "ALTER TABLE findings ADD COLUMN problem_key TEXT",
        "ALTER TABLE issues ADD COLUMN thing TEXT",
        "ALTER TABLE issues ADD COLUMN problem_key TEXT",
        refingerprint.migrate,
    ],
    # 5: the office's workbench (issue 12): the config kept in the database (config_copies) and
    # the units' proof files (feedback_files) are new tables, created automatically
    5: [],
    # 6: site-wide facts (site_facts) and evidence pages (evidence_pages) are new tables,
    # created automatically; the step only moves the version (issue 13)
    6: [],
    # 7: the process running a run (issue 10: runs of a killed process are marked interrupted by
    # the next command, store/liveness.py); the locks table is new (created automatically)
    7: [
        "ALTER TABLE runs ADD COLUMN pid INTEGER",
        "ALTER TABLE runs ADD COLUMN host VARCHAR(200)",
    ],
    # 8: incremental audits (issue 11): carried-over pages, attachments and link outcomes, an
    # article's link targets (page_cache is a new table, created automatically)
    8: [
        lambda s: _add_columns(
            s,
            {
                "pages": {"carried_from": "INTEGER", "fetched_on": "DATE", "targets": "JSON"},
                "links": {"checked_on": "DATE", "carried_from": "INTEGER"},
                "attachments": {"carried_from": "INTEGER", "fetched_on": "DATE"},
                "runs": {"heartbeat": "TIMESTAMP"},
            },
        ),
    ],
}


def _add_columns(s: Session, tables: dict[str, dict[str, str]]) -> None:
    """ALTER TABLE … ADD COLUMN for each column a table does not have yet (a step that can meet
    a database whose tables were created with the columns already)."""
    inspector = inspect(s.connection())
    for table, columns in tables.items():
        have = {c["name"] for c in inspector.get_columns(table)}
        for name, kind in columns.items():
            if name not in have:
                s.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # the crawl process writes while reports read
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # another process writing: wait for it
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for a SQLAlchemy URL; SQLite folders are created as needed."""
    try:
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError, OSError) as exc:
        raise StoreError(f"无法使用数据库 {url!r}：{exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def upgrade(engine: Engine) -> None:
    """Create missing tables and run pending migrations."""
    Base.metadata.create_all(engine)
    with Session(engine) as s, s.begin():
        info = s.scalar(select(SchemaInfo))
        if info is None:
            s.add(SchemaInfo(id=1, version=SCHEMA_VERSION))
            return
        if info.version > SCHEMA_VERSION:
            raise StoreError(
                f"数据库结构版本为 {info.version}，比本程序支持的版本（{SCHEMA_VERSION}）新：请升级 govaudit"
            )
        for version in range(info.version + 1, SCHEMA_VERSION + 1):
            for step in MIGRATIONS.get(version, []):
                if isinstance(step, str):
                    s.execute(text(step))
                else:
                    step(s)
            log.info("database upgraded to schema version %d", version)
        info.version = SCHEMA_VERSION


def open_db(url: str | None) -> sessionmaker[Session]:
    """The session factory of a database, opened (created, upgraded) once per process and URL.

    One engine per process and database: every caller of the same URL shares its connection pool
    (a process that forks gets its own, the pid is part of the key)."""
    url = url or DEFAULT_DB
    key = (os.getpid(), url)
    with _OPEN_LOCK:
        found = _OPEN.get(key)
        if found is not None:
            return found
        engine = make_engine(url)
        try:
            _upgrade_racing(engine)
        except StoreError:
            engine.dispose()
            raise
        except SQLAlchemyError as exc:
            engine.dispose()
            reason = str(exc.orig if hasattr(exc, "orig") and exc.orig else exc).splitlines()[0]
            raise StoreError(
                f"无法打开数据库 {engine.url.render_as_string(hide_password=True)}：{reason}"
            ) from None
        _OPEN[key] = sessions = sessionmaker(engine, expire_on_commit=False)
    try:  # every command: runs left running by a process that is gone are marked interrupted
        liveness.interrupt_dead_runs(sessions)
    except SQLAlchemyError as exc:  # never a reason not to start (a busy database: next time)
        log.warning("could not check for interrupted runs: %s", str(exc).splitlines()[0])
    return sessions


def _upgrade_racing(engine: Engine) -> None:
    """`upgrade`, tried again when another process created the same tables or steps meanwhile
    (two commands started together on a new database)."""
    for attempt in range(UPGRADE_ATTEMPTS):
        try:
            upgrade(engine)
            return
        except (IntegrityError, OperationalError, ProgrammingError) as exc:
            if attempt == UPGRADE_ATTEMPTS - 1 or not _racing(exc):
                raise
            log.info("database being created or upgraded by another process; trying again")
            time.sleep(0.2 * (attempt + 1))


def _racing(exc: SQLAlchemyError) -> bool:
    text_ = str(exc).lower()
    return any(w in text_ for w in ("already exists", "duplicate", "unique constraint", "locked",
                                    "duplicate column"))  # fmt: skip


def engine_of(sessions: sessionmaker[Session]) -> Engine:
    """The engine behind a session factory from `open_db`."""
    bind = sessions.kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def close_db(url: str | None = None) -> None:
    """Dispose of the engine of `url` (every engine of this process when None); the next
    `open_db` opens and checks the database again."""
    with _OPEN_LOCK:
        for key in [k for k in _OPEN if url is None or k[1] == (url or DEFAULT_DB)]:
            engine_of(_OPEN.pop(key)).dispose()
