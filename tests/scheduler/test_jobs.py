"""Scheduler pieces on real SQLite and real local HTTP: job store, probes, recovery, recheck queue."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import yaml
from govaudit.config import load_config
from govaudit.issues import lifecycle as issue_api
from govaudit.issues import rechecks
from govaudit.scheduler import jobs
from govaudit.scheduler.recheck import process_pending
from govaudit.scheduler.service import build_scheduler, recover
from govaudit.store import create_run, open_db, update_run
from govaudit.store.loop_tables import Probe, RecheckRequest
from govaudit.store.runs import now
from govaudit.store.schema import Run
from sqlalchemy import select

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, make_config, run
from tests.sitebuilder import page


def _config(tmp_path: Path, base: str, **extra: object) -> Path:
    data = yaml.safe_load(make_config(base, [], extra_sites=[{"name": "某局网站", "url": base + "/b/",
                                                               "schedule": {"audit": "07:15", "probe_minutes": 10}}]))  # fmt: skip
    data.update(extra)
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_jobs_are_stored_once_with_stable_ids(tmp_path: Path) -> None:
    path = _config(tmp_path, "http://127.0.0.1:9", schedule={"audit": "23:59", "timezone": "Asia/Shanghai"})
    db = f"sqlite:///{tmp_path / 's.db'}"
    config = load_config(path)
    for _ in range(2):  # a restart: same jobs, not duplicated
        sched = build_scheduler(config, str(path), db)
        jobs_ = {j.id: j for j in sched.get_jobs(jobstore="default")}
        sched.shutdown(wait=False)
    assert set(jobs_) == {"audit:测试县人民政府", "audit:某局网站", "probe:测试县人民政府", "probe:某局网站",
                          "mail", "outbox", "weekly", "recheck"}  # fmt: skip
    assert "hour='7', minute='15'" in str(jobs_["audit:某局网站"].trigger)
    assert "0:10:00" in str(jobs_["probe:某局网站"].trigger)
    assert jobs_["audit:测试县人民政府"].coalesce and jobs_["audit:测试县人民政府"].max_instances == 1
    # a site taken out of the config loses its jobs
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sites"] = data["sites"][:1]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    sched = build_scheduler(load_config(path), str(path), db)
    ids = {j.id for j in sched.get_jobs(jobstore="default")}
    sched.shutdown(wait=False)
    assert "audit:某局网站" not in ids and "probe:某局网站" not in ids


def test_probes_record_ok_failure_and_no_answer(server: SiteServer, tmp_path: Path) -> None:
    server.add("/", page("首页", "<p>x</p>"))
    server.add("/b/", Resp("down", status=503))
    path = _config(tmp_path, server.url)
    db = f"sqlite:///{tmp_path / 'p.db'}"
    config = load_config(path)
    assert jobs.probe_site(config, "测试县人民政府", db) is True
    assert jobs.probe_site(config, "某局网站", db) is False
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    dead_cfg = _config(tmp_path, f"http://127.0.0.1:{dead}")
    assert jobs.probe_site(load_config(dead_cfg), "测试县人民政府", db) is False
    with open_db(db)() as s:
        rows = list(s.scalars(select(Probe).order_by(Probe.id)))
    assert [(r.ok, r.status) for r in rows] == [(True, 200), (False, 503), (False, None)]
    assert rows[2].error and "Connection" in rows[2].error and rows[0].elapsed is not None


def test_recover_marks_dead_runs_and_requeues_requests(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    sessions = open_db(db)
    dead = create_run(sessions, "测试县人民政府", "http://127.0.0.1:9/", AS_OF)
    update_run(sessions, dead, stats={"pid": 2**22 + 12345, "kind": "audit"})
    mine = create_run(sessions, "测试县人民政府", "http://127.0.0.1:9/", AS_OF)
    import os

    update_run(sessions, mine, stats={"pid": os.getpid(), "kind": "audit"})
    with sessions() as s, s.begin():
        s.add(RecheckRequest(issue_ids=[1], requested_by="县教育局", requested_at=now(), status="running"))
    path = _config(tmp_path, "http://127.0.0.1:9")
    assert recover(load_config(path), db) == {"interrupted": 1, "requeued": 1}
    with sessions() as s:
        assert s.get(Run, dead).status == "interrupted" and s.get(Run, mine).status == "running"  # type: ignore[union-attr]
        assert s.scalar(select(RecheckRequest.status)) == "pending"


def test_recheck_requests_are_processed(server: SiteServer, tmp_path: Path) -> None:
    server.add("/", page("首页", '<a href="/gone.html">旧链接</a>'))
    server.add("/b/", page("某局", "<p>x</p>"))
    path = _config(tmp_path, server.url, issues={"auto_assign": True})
    db = f"sqlite:///{tmp_path / 'audit.db'}"
    run(path.read_text(encoding="utf-8"), tmp_path)
    sessions = open_db(db)
    (issue,) = [i for i in issue_api.list_issues(sessions) if i.check == "broken_link"]
    req = rechecks.request_recheck(sessions, [issue.id], actor="县政府办公室")
    with sessions() as s, s.begin():
        s.add(RecheckRequest(issue_ids=[999], requested_by="x", requested_at=now(), status="pending"))
    server.add("/gone.html", page("恢复", "<p>ok</p>"))
    assert process_pending(load_config(path), db, as_of=AS_OF + dt.timedelta(days=1)) == 2
    with sessions() as s:
        done, bad = s.scalars(select(RecheckRequest).order_by(RecheckRequest.id))
    assert done.id == req and done.status == "done" and done.result == {str(issue.id): "rectified"}
    assert bad.status == "failed" and "999" in (bad.error or "") and bad.finished_at is not None
    assert process_pending(load_config(path), db) == 0


def test_a_crashed_crawl_does_not_take_the_job_down_nor_close_issues(
    server: SiteServer, tmp_path: Path
) -> None:
    import multiprocessing
    import os
    import signal
    import threading
    import time

    items = "".join(f'<li><a href="/n/{i}.html">通知{i}</a><span>2020-01-01</span></li>' for i in range(8))
    server.add("/", page("首页", '<a href="/gone.html">旧链接</a>'))
    server.add("/n/", page("通知公告", f'<ul class="news-list">{items}</ul>'))
    for i in range(8):
        server.add(f"/n/{i}.html", Resp(page("通知", "<p>x</p>"), delay=1.0))
    data = yaml.safe_load(make_config(server.url, [{"name": "通知公告", "url": "/n/", "kind": "notice"}],
                                      crawl={"concurrency_per_host": 1, "concurrency": 1}))  # fmt: skip
    data["issues"] = {"auto_assign": True}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'audit.db'}"
    config = load_config(path)
    today = jobs.local_now(config).date()
    from govaudit.scheduler.audit import audit_site

    audit_site(config, config.site("测试县人民政府"), today - dt.timedelta(days=1), db)
    sessions = open_db(db)
    before = {i.id: i.state for i in issue_api.list_issues(sessions)}
    assert before and set(before.values()) == {"assigned"}
    job = threading.Thread(target=jobs.audit_job, args=(str(path), db, "测试县人民政府"))
    job.start()
    deadline = time.monotonic() + 60
    crawl = None
    while crawl is None and time.monotonic() < deadline:
        crawl = next(
            (p for p in multiprocessing.active_children() if p.name.startswith("govaudit-crawl")), None
        )
        time.sleep(0.2)
    assert crawl is not None and crawl.pid is not None
    while server.hits["/n/0.html"] == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    os.kill(crawl.pid, signal.SIGKILL)  # the crawl crashes mid-way
    job.join(60)
    assert not job.is_alive()
    with sessions() as s:
        last = s.scalars(select(Run).order_by(Run.id.desc())).first()
    assert last is not None and last.status == "crawl_failed" and last.as_of == today
    assert {i.id: i.state for i in issue_api.list_issues(sessions)} == before  # nothing rectified


def test_a_site_added_in_the_web_console_gets_its_jobs(tmp_path: Path) -> None:
    """`serve` passes the console a hook: a site saved in the browser is scheduled at once."""
    from govaudit.config import dbcopy
    from govaudit.scheduler.service import sync_jobs
    from govaudit.web import create_app

    path = _config(tmp_path, "http://127.0.0.1:9", schedule={"audit": "23:59"})
    db = f"sqlite:///{tmp_path / 'h.db'}"
    config = load_config(path)
    sched = build_scheduler(config, str(path), db)
    try:
        app = create_app(config, db, on_config_change=lambda cfg: sync_jobs(sched, cfg, str(path), db))
        console = app.extensions["govaudit"]

        def add(data: dict) -> None:
            data["sites"].append({"name": "新增网站", "url": "http://127.0.0.1:9/new/"})

        console.use(dbcopy.edit(open_db(db), add, actor="办公室", note="test", current=console.config))
        ids = {j.id for j in sched.get_jobs(jobstore="default")}
        assert {"audit:新增网站", "probe:新增网站"} <= ids
    finally:
        sched.shutdown(wait=False)
