"""Incremental daily audits over HTTP: a second audit of an unchanged site costs a fraction of the
first and finds exactly the same; a new article un-stales its column and changes nothing else;
`--full` reads everything again; a carried copy too old never closes an issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from govaudit.config import parse_config
from govaudit.scheduler.audit import audit
from govaudit.store import load_snapshot, open_db

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, make_config
from tests.content_site import COLUMNS, content_site
from tests.sitebuilder import article, column_page, days

STALE = [(f"旧闻第{i}篇", f"/jwl/{i}.html", days(AS_OF, 60 + i)) for i in range(1, 7)]


def _site(server: SiteServer) -> str:
    base = content_site(server)
    server.add("/jwl/", column_page("旧闻", [(t, u, d.isoformat()) for t, u, d in STALE]))
    for t, u, d in STALE:
        server.add(u, article(t, d))
    return base


def _config(base: str) -> str:
    cols = [*COLUMNS, {"name": "旧闻", "url": "/jwl/", "kind": "news"}]
    return make_config(base, cols, crawl={"check_external": False})


def _audit(text: str, db: str, day: int, *, full: bool = False):
    config = parse_config(text, "t.yaml")
    return audit(config, list(config.sites), AS_OF + dt.timedelta(days=day), db, full=full)


def _keys(result) -> set[tuple[str, str, str]]:
    return {(f.check, f.fingerprint, f.message) for f in result.findings}


def _full_audit(text: str, tmp_path: Path, day: int) -> set[tuple[str, str, str]]:
    """The findings of a full audit of the site as it is today (a fresh database)."""
    db = f"sqlite:///{tmp_path / f'full-{day}.db'}"
    return _keys(_audit(text, db, day, full=True))


@pytest.mark.slow
def test_second_audit_of_unchanged_site_reuses_and_finds_the_same(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    text, db = _config(base), f"sqlite:///{tmp_path / 'a.db'}"
    first = _audit(text, db, 0)
    first_bytes, first_hits = server.bytes_sent, sum(server.hits.values())
    assert {f.check for f in first.findings} >= {"privacy_leak", "typo", "column_stale", "serious_error"}
    server.reset_hits()
    second = _audit(text, db, 1)
    second_bytes, second_hits = server.bytes_sent, sum(server.hits.values())
    assert _keys(second) == _full_audit(text, tmp_path, 1)
    assert second_bytes <= 0.10 * first_bytes, (second_bytes, first_bytes)
    assert second_hits < first_hits
    # what was not fetched is in the snapshot all the same, marked carried
    snap = load_snapshot(open_db(db), second.sites[0].run_id)
    carried = [p for p in snap.articles() if p.carried_from is not None]
    assert carried and len(carried) == len(snap.articles())
    assert all(p.carried_from == first.sites[0].run_id and p.fetched_on == AS_OF for p in carried)
    assert all(a.carried_from is not None for a in snap.attachments) and any(
        a.readable for a in snap.attachments
    )
    assert len(snap.links) == len(load_snapshot(open_db(db), first.sites[0].run_id).links)
    stats = second.sites[0].stats["incremental"]
    assert stats["revalidated"] >= 3 and stats["pages_carried"] == len(carried)

    # a new article in the stale column: the column is no longer stale, nothing else changes
    new = ("旧闻第七篇", "/jwl/7.html", AS_OF + dt.timedelta(days=1))
    server.add("/jwl/", column_page("旧闻", [(t, u, d.isoformat()) for t, u, d in [new, *STALE]]))
    server.add(new[1], article(new[0], new[2]))
    server.reset_hits()
    third = _audit(text, db, 2)
    assert server.hits["/jwl/7.html"] == 1 and server.hits["/jwl/1.html"] == 0
    assert any(k[0] == "column_stale" and "旧闻" in k[2] for k in _keys(second))
    assert _keys(third) == {k for k in _keys(second) if not (k[0] == "column_stale" and "旧闻" in k[2])}
    assert _keys(third) == _full_audit(text, tmp_path, 2)

    # --full reads every page again
    server.reset_hits()
    full = _audit(text, db, 2, full=True)
    assert server.hits["/jwl/1.html"] == 1 and _keys(full) == _keys(third)
    snap = load_snapshot(open_db(db), full.sites[0].run_id)
    assert all(p.carried_from is None for p in snap.pages)


@pytest.mark.slow
def test_changed_entry_and_age_fetch_again(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    text, db = _config(base), f"sqlite:///{tmp_path / 'a.db'}"
    _audit(text, db, 0)
    # a changed title in the list: that article is read again, not its neighbours
    changed = [("旧闻第1篇（更正）", *STALE[0][1:]), *STALE[1:]]
    server.add("/jwl/", column_page("旧闻", [(t, u, d.isoformat()) for t, u, d in changed]))
    server.reset_hits()
    _audit(text, db, 1)
    assert server.hits["/jwl/1.html"] == 1 and server.hits["/jwl/2.html"] == 0
    # 7 days after it was read, every article has been read again
    server.reset_hits()
    _audit(text, db, 7)
    assert server.hits["/jwl/2.html"] == 1 and server.hits["/gzdt/c.html"] == 1
