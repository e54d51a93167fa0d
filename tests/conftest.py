"""Shared fixtures: real HTTP site servers on 127.0.0.1 and an audit runner."""

from __future__ import annotations

import atexit
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from govaudit.config import parse_config
from govaudit.scheduler.audit import audit

from govaudit.demo.siteserver import Route, SiteServer
from govaudit.models import AuditResult

# every evidence key a check writes must be declared with its Chinese label (checks/base.py)
os.environ["GOVAUDIT_STRICT_EVIDENCE"] = "1"

REPO = Path(__file__).resolve().parents[1]
REALPAGES = REPO.parent / "shared" / "realpages"
AS_OF = dt.date(2026, 11, 20)

# Fast, still polite enough for loopback: no delay, short timeout, one retry, no pause before a
# failed homepage is tried again.
FAST_CRAWL: dict[str, Any] = {"delay": 0, "autothrottle": False, "timeout": 3, "retries": 1,
                              "concurrency": 16, "concurrency_per_host": 8,
                              "unreachable_retry_seconds": 0}  # fmt: skip
_REFERENCE: list[SiteServer] = []


def reference_url() -> str:
    """A live local "reference site" (monitor.reference_urls): tests never ask the internet, and
    a test site that is down is the site's fault, not an outage (tests of outages set their own)."""
    if not _REFERENCE:
        ref = SiteServer()
        ref.add("/", "<html><body>reference</body></html>")
        _REFERENCE.append(ref.start())
        atexit.register(ref.stop)
    return _REFERENCE[0].url + "/"


@pytest.fixture
def server() -> Iterator[SiteServer]:
    with SiteServer() as s:
        yield s


# the site-wide checks (issue 13) judge a site as a whole (footer, HTTPS, IPv6, search, 年度报表);
# tests of other checks switch them off unless they ask for them (sitewide=True)
SITEWIDE_CHECKS = (
    "footer_missing",
    "tls_problem",
    "ipv6_missing",
    "search_broken",
    "annual_statement_missing",
)


def make_config(base: str, columns: list[Mapping[str, Any]], *, site: Mapping[str, Any] | None = None,
                extra_sites: list[Mapping[str, Any]] | None = None, crawl: Mapping[str, Any] | None = None,
                units: list[str] | None = None, references: list[str] | None = None,
                sitewide: bool = False) -> str:  # fmt: skip
    """Config YAML for one test site served at `base` (column urls may be paths); the reference
    URLs of the outage rule are a live local server unless `references` are given. The site-wide
    checks are off unless `sitewide`."""
    cols = [{**c, "url": c["url"] if str(c["url"]).startswith("http") else base + c["url"]} for c in columns]
    main = {
        "name": "测试县人民政府",
        "url": base + "/",
        "unit": "县政府办公室",
        "columns": cols,
        **(site or {}),
    }
    sites = [main, *(extra_sites or [])]
    if not sitewide:
        sites = [{**one, "disable": [*SITEWIDE_CHECKS, *(one.get("disable") or [])]} for one in sites]
    data = {
        "units": [{"name": u} for u in (units or ["县政府办公室", "县教育局", "县发展和改革局"])],
        "crawl": {**FAST_CRAWL, **(crawl or {})},
        "sites": sites,
        "monitor": {"reference_urls": [reference_url()] if references is None else references},
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def run(config_text: str, tmp_path: Path, as_of: dt.date = AS_OF, db: str | None = None) -> AuditResult:
    config = parse_config(config_text, "test.yaml")
    return audit(config, list(config.sites), as_of, db or f"sqlite:///{tmp_path / 'audit.db'}")


def by_check(result: AuditResult, check: str) -> list:
    return [f for f in result.findings if f.check == check]


def serve(server: SiteServer, routes: Mapping[str, Route]) -> str:
    for path, route in routes.items():
        server.add(path, route)
    return server.url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database on 127.0.0.1:5432 (dropped afterwards); skips without a server."""
    import uuid

    from sqlalchemy import create_engine, text

    try:
        admin = create_engine(
            "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as c:
            c.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means: no server here
        pytest.skip(f"PostgreSQL not available: {exc.__class__.__name__}")
    name = f"govaudit_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        from govaudit.store.db import close_db

        close_db(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
