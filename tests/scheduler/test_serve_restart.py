"""Restart safety of `govaudit serve`, with real processes: killed (SIGKILL) in the middle of an
audit and started again, no job is lost or run twice, the database stays consistent."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from govaudit.issues import lifecycle as issue_api
from govaudit.store import open_db
from govaudit.store.schema import Run
from sqlalchemy import select, text

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import make_config
from tests.sitebuilder import column_page, page

SITE = "测试县人民政府"


def _wait(cond: Callable[[], bool], timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _serve(path: Path, db: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "govaudit.cli", "-v", "serve", "--config", str(path), "--db", db, "--port", "0"],
        stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def _runs(db: str) -> list[Run]:
    with open_db(db)() as s:
        return list(s.scalars(select(Run).where(Run.site == SITE).order_by(Run.id)))


def test_killed_mid_audit_then_restarted(server: SiteServer, tmp_path: Path) -> None:
    slow = Resp(page("文章", "<p>正文</p>"), delay=0.8)
    items = [(f"通知{i}", f"/tzgg/{i}.html", "2020-01-01") for i in range(12)]
    routes = {"/": page(SITE, "<p>首页</p>"), "/tzgg/": column_page("通知公告", items)}
    for i in range(12):
        routes[f"/tzgg/{i}.html"] = slow
    for path_, route in routes.items():
        server.add(path_, route)
    data = yaml.safe_load(make_config(server.url, [{"name": "通知公告", "url": "/tzgg/", "kind": "notice"}],
                                      crawl={"concurrency_per_host": 1, "concurrency": 1}))  # fmt: skip
    data["issues"] = {"auto_assign": True}
    # the audit time has passed today (UTC midnight): serve catches up today's audit at once
    data["schedule"] = {"audit": "00:00", "probe_minutes": 0, "mail": None, "weekly": None,
                        "recheck_seconds": 2, "timezone": "UTC"}  # fmt: skip
    data["sites"][0]["disable"] += ["meta_missing"]
    cfg = tmp_path / "c.yaml"
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    log = tmp_path / "serve.log"

    first = _serve(cfg, db, log)
    try:
        _wait(lambda: any(r.status == "running" for r in _runs(db)) and server.hits["/tzgg/0.html"] > 0, 60,
              "the audit to be crawling")  # fmt: skip
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    (killed,) = _runs(db)
    assert killed.status == "running"
    # the orphaned crawl process ends by itself: the server stops seeing requests
    time.sleep(2.5)
    hits = sum(server.hits.values())
    time.sleep(2)
    assert sum(server.hits.values()) == hits, "the crawl outlived the killed serve"

    second = _serve(cfg, db, log)
    try:
        _wait(lambda: any(r.status == "done" for r in _runs(db)), 90, "the caught-up audit to finish")
        time.sleep(3)  # nothing else runs the audit again
        runs = _runs(db)
        assert [r.status for r in runs] == ["interrupted", "done"], log.read_text()
        assert runs[0].error and "中断" in runs[0].error
        sessions = open_db(db)
        issues = issue_api.list_issues(sessions)
        assert [(i.check, i.state, i.first_run_id) for i in issues] == [
            ("column_stale", "assigned", runs[1].id)
        ]
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(20) == 0

    third = _serve(cfg, db, log)  # today's audit is done: not run twice; jobs not duplicated
    try:
        _wait(lambda: "已启动" in log.read_text(encoding="utf-8").split("已停止")[-1], 30, "the third start")
        time.sleep(3)
        assert [r.status for r in _runs(db)] == ["interrupted", "done"]
        with open_db(db)() as s:
            ids = sorted(row[0] for row in s.execute(text("SELECT id FROM apscheduler_jobs")))
        assert ids == [f"audit:{SITE}", "recheck"]
    finally:
        third.send_signal(signal.SIGTERM)
        assert third.wait(20) == 0
    assert "Traceback" not in log.read_text(encoding="utf-8")
