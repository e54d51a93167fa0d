"""Site audits on Celery workers: two `govaudit worker` processes on this machine's Redis, results
in PostgreSQL. Same findings as the in-process audit; a worker killed mid-audit: the site's audit
is run again by the other worker and completes, and no run stays "running"."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import yaml
from govaudit.config import parse_config
from govaudit.scheduler.audit import audit
from govaudit.store import open_db
from govaudit.store.schema import Run

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, REPO, make_config
from tests.content_site import COLUMNS, content_site
from tests.sitebuilder import article, column_page, days

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
BROKER = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def _redis() -> None:
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - no server here: skip
        pytest.skip(f"Redis not available: {exc.__class__.__name__}")


def _celery_config(text: str, queue: str, path: Path, visibility: int = 120) -> str:
    data = yaml.safe_load(text)
    data["executor"] = {"kind": "celery", "broker": BROKER, "queue": queue, "visibility_timeout": visibility,
                        "retries": 2, "wait_timeout": 300}  # fmt: skip
    out = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(out, encoding="utf-8")
    return out


class Workers:
    def __init__(self, config: Path, tmp: Path, n: int) -> None:
        self.procs: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        for i in range(n):
            log = tmp / f"worker{i}.log"
            self.logs.append(log)
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "govaudit.cli", "worker", "--config", str(config), "--concurrency", "1"],
                stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env, cwd=tmp,
            ))  # fmt: skip

    def text(self) -> str:
        return "".join(p.read_text(encoding="utf-8", errors="replace") for p in self.logs)

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _keys(result) -> set[tuple[str, str, str]]:
    return {(f.check, f.fingerprint, f.message) for f in result.findings}


def test_two_workers_give_the_in_process_findings(
    server: SiteServer, tmp_path: Path, postgres_url: str
) -> None:
    base = content_site(server)
    other = SiteServer().start()
    try:
        entries = [(f"工作动态第{i}篇", f"/d/{i}.html", days(AS_OF, 40 + i).isoformat()) for i in range(6)]
        other.add("/", column_page("首页", entries))
        other.add("/d/", column_page("动态", entries))
        for i, (t, u, _) in enumerate(entries):
            other.add(u, article(t, days(AS_OF, 40 + i)))
        extra = [{"name": "第二站", "url": other.url + "/", "unit": "县政府办公室",
                  "columns": [{"name": "动态", "url": other.url + "/d/", "kind": "news"}]}]  # fmt: skip
        text = make_config(base, COLUMNS, crawl={"check_external": False}, extra_sites=extra)
        local = parse_config(text, "t.yaml")
        in_process = audit(local, list(local.sites), AS_OF, f"sqlite:///{tmp_path / 'local.db'}")
        queue = f"govaudit-test-{uuid.uuid4().hex[:8]}"
        remote_cfg = parse_config(_celery_config(text, queue, tmp_path / "c.yaml"), "c.yaml")
        workers = Workers(tmp_path / "c.yaml", tmp_path, 2)
        try:
            remote = audit(remote_cfg, list(remote_cfg.sites), AS_OF, postgres_url)
        finally:
            workers.stop()
    finally:
        other.stop()
    assert [r.status for r in remote.sites] == ["crawled", "crawled"]
    assert _keys(remote) == _keys(in_process) and remote.findings
    assert [r.pages for r in remote.sites] == [r.pages for r in in_process.sites]
    log = workers.text()
    assert len(re.findall(r"Task govaudit.audit_site\[[-0-9a-f]+\] succeeded in", log)) == 2, log[-3000:]
    with open_db(postgres_url)() as s:
        assert {r.status for r in s.query(Run)} == {"done"}


def test_worker_killed_mid_audit_is_retried_elsewhere(tmp_path: Path, postgres_url: str) -> None:
    slow = SiteServer().start()
    try:
        entries = [(f"工作动态第{i}篇", f"/d/{i}.html", days(AS_OF, i).isoformat()) for i in range(16)]
        slow.add("/", column_page("首页", entries))
        slow.add("/d/", column_page("动态", entries))
        for i, (t, u, _) in enumerate(entries):
            slow.add(u, Resp(article(t, days(AS_OF, i)), delay=1.0))
        text = make_config(slow.url, [{"name": "动态", "url": "/d/", "kind": "news"}],
                           crawl={"concurrency_per_host": 2})  # fmt: skip
        queue = f"govaudit-test-{uuid.uuid4().hex[:8]}"
        # the broker gives an unacknowledged task to another worker after 20 s
        config = parse_config(_celery_config(text, queue, tmp_path / "c.yaml", visibility=20), "c.yaml")
        workers = Workers(tmp_path / "c.yaml", tmp_path, 2)
        out: dict = {}
        t = threading.Thread(
            target=lambda: out.update(r=audit(config, list(config.sites), AS_OF, postgres_url))
        )
        t.start()
        sessions = open_db(postgres_url)
        victim = None
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline:
            time.sleep(0.5)
            with sessions() as s:
                run = s.query(Run).filter(Run.status == "running").first()
                if run is not None and run.stats.get("task_id") and slow.hits.get("/d/", 0):
                    victim = int(run.stats["pid"])
        assert victim in [p.pid for p in workers.procs]
        time.sleep(1.5)  # in the middle of the crawl
        os.kill(victim, signal.SIGKILL)
        t.join(240)
        log = workers.text()
        workers.stop()
    finally:
        slow.stop()
    assert not t.is_alive()
    result = out["r"]
    assert result.sites[0].status == "crawled" and result.sites[0].pages == 18
    with sessions() as s:
        runs = {r.id: r.status for r in s.query(Run)}
    assert sorted(runs.values()) == ["done", "interrupted"], runs
    assert "running" not in runs.values()
    assert "succeeded in" in log, log[-3000:]
