"""Two govaudit processes on one database (issue 10 item 3): two audits started together never
crash and every finding becomes exactly one issue (SQLite and PostgreSQL); a run left "running"
by a process killed with SIGKILL is marked interrupted by the next command, its temporary folder
removed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from govaudit.store import open_db
from govaudit.store.loop_tables import IssueRow
from govaudit.store.schema import Run
from sqlalchemy import func, select

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, make_config
from tests.sitebuilder import article, column_page, days, page

SITE = "测试县人民政府"
LINKS = 400  # a sync long enough for the two to overlap


def _site(server: SiteServer) -> str:
    links = "".join(f'<a href="/gone/{i}.html">失效{i}</a>' for i in range(LINKS))
    items = [(f"通知{i}", f"/tzgg/{i}.html", days(AS_OF, 300 + i).isoformat()) for i in range(6)]
    server.add("/", page(SITE, links))
    server.add("/tzgg/", column_page("通知公告", items))
    for i in range(6):
        server.add(f"/tzgg/{i}.html", article(f"通知{i}", days(AS_OF, 300 + i)))
    return server.url


def _audit(tmp_path: Path, cfg: Path, name: str, db: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "govaudit.cli", "audit", "--config", str(cfg), "--as-of", AS_OF.isoformat(),
           "--json", str(tmp_path / f"{name}.json"), "--html", str(tmp_path / f"{name}.html"), "--db", db]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)


def _two_audits_together(server: SiteServer, tmp_path: Path, db: str) -> None:
    cfg = tmp_path / "c.yaml"
    data = yaml.safe_load(
        make_config(_site(server), [{"name": "通知公告", "url": "/tzgg/", "kind": "notice"}])
    )
    data["limits"] = {"findings_per_page": LINKS}  # every broken link its own finding and issue
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    procs = [_audit(tmp_path, cfg, name, db) for name in ("a", "b")]  # on a database not yet created
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "IntegrityError" not in err
    fingerprints: set[str] = set()
    for name in ("a", "b"):
        data = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        assert len([f for f in data["findings"] if f["check"] == "broken_link"]) == LINKS
        assert (tmp_path / f"{name}.html").stat().st_size > 0
    from govaudit.store import load_results

    sessions = open_db(db)
    with sessions() as s:
        runs = list(s.scalars(select(Run).where(Run.site == SITE)))
        assert [r.status for r in runs] == ["done", "done"]
        for r in runs:
            fingerprints |= {f.fingerprint for f in load_results(sessions, r.id)[0]}
        counts = dict(
            s.execute(select(IssueRow.fingerprint, func.count()).group_by(IssueRow.fingerprint)).all()
        )
    assert len(fingerprints) >= LINKS  # the broken links at least
    assert set(counts) == fingerprints and set(counts.values()) == {1}


def test_two_audits_at_once_on_sqlite(server: SiteServer, tmp_path: Path) -> None:
    _two_audits_together(server, tmp_path, f"sqlite:///{tmp_path / 'shared.db'}")


@pytest.mark.postgres
def test_two_audits_at_once_on_postgres(server: SiteServer, tmp_path: Path, postgres_url: str) -> None:
    _two_audits_together(server, tmp_path, postgres_url)


def test_sync_lock_serialises_two_syncs(tmp_path: Path) -> None:
    """The mechanism itself: while one transaction holds a site's issue lock, a second one waits
    and then sees what the first committed (threads on one SQLite file, two connections)."""
    import threading

    from govaudit.store.locks import hold

    sessions = open_db(f"sqlite:///{tmp_path / 'l.db'}")
    order: list[str] = []
    held = threading.Event()

    def first() -> None:
        with sessions() as s, s.begin():
            hold(s, "issues:x")
            held.set()
            time.sleep(1.0)
            order.append("first done")

    t = threading.Thread(target=first)
    t.start()
    held.wait(5)
    with sessions() as s, s.begin():
        hold(s, "issues:x")
        order.append("second in")
    t.join()
    assert order == ["first done", "second in"]


def test_killed_run_is_marked_interrupted_by_the_next_command(server: SiteServer, tmp_path: Path) -> None:
    slow = Resp(page("文章", "<p>正文</p>"), delay=1.0)
    items = [(f"通知{i}", f"/tzgg/{i}.html", "2020-01-01") for i in range(20)]
    server.add("/", page(SITE, "<p>首页</p>"))
    server.add("/tzgg/", column_page("通知公告", items))
    for i in range(20):
        server.add(f"/tzgg/{i}.html", slow)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(make_config(server.url, [{"name": "通知公告", "url": "/tzgg/", "kind": "notice"}],
                               crawl={"concurrency_per_host": 1, "concurrency": 1}), encoding="utf-8")  # fmt: skip
    db_path = tmp_path / "k.db"
    db = f"sqlite:///{db_path}"
    proc = _audit(tmp_path, cfg, "k", db)
    try:
        end = time.monotonic() + 60
        while server.hits.get("/tzgg/0.html", 0) == 0 and time.monotonic() < end:
            time.sleep(0.2)
        assert server.hits.get("/tzgg/0.html", 0) > 0, "the audit never started crawling"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
    import sqlite3

    with sqlite3.connect(db_path) as raw:  # read without govaudit: nothing repaired yet
        status, stats, pid, host = raw.execute("select status, stats, pid, host from runs").fetchone()
    spool = json.loads(stats)["spool"]
    assert status == "running" and pid == proc.pid and host and Path(spool).is_dir()
    # the next command of any kind (here: listing issues) repairs it
    res = subprocess.run([sys.executable, "-m", "govaudit.cli", "issues", "list", "--config", str(cfg),
                          "--db", db], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert res.returncode == 0, res.stderr
    with sqlite3.connect(db_path) as raw:
        status, error = raw.execute("select status, error from runs").fetchone()
    assert status == "interrupted" and "运行中断" in error
    assert not Path(spool).exists()


def _sync_race(db: str) -> None:
    """Two runs of one site with the same 300 findings, synced by two threads at the same moment."""
    import threading

    from govaudit.config import parse_config
    from govaudit.issues.sync import sync_run
    from govaudit.store import create_run, save_results, update_run

    from govaudit.models import Finding, Severity

    config = parse_config(make_config("http://127.0.0.1:9", []), "t.yaml")
    sessions = open_db(db)
    findings = [Finding(check="broken_link", severity=Severity.MINOR, site=SITE, column=None,
                        url=f"http://127.0.0.1:9/gone/{i}.html", unit="县政府办公室", message=f"失效{i}",
                        site_url="http://127.0.0.1:9/") for i in range(300)]  # fmt: skip
    runs = []
    for _ in range(2):
        run_id = create_run(sessions, SITE, "http://127.0.0.1:9/", AS_OF)
        save_results(sessions, run_id, findings, [])
        update_run(sessions, run_id, status="done")
        runs.append(run_id)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sync(run_id: int) -> None:
        barrier.wait()
        try:
            sync_run(sessions, config, SITE, run_id, AS_OF)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=sync, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(IssueRow)) == 300


def test_two_syncs_at_the_same_moment_sqlite(tmp_path: Path) -> None:
    _sync_race(f"sqlite:///{tmp_path / 'race.db'}")


@pytest.mark.postgres
def test_two_syncs_at_the_same_moment_postgres(postgres_url: str) -> None:
    _sync_race(postgres_url)
