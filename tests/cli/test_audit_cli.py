"""`govaudit audit` as a user runs it: the CHECKS.md contract for arguments, exit codes and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, make_config, serve
from tests.sitebuilder import article, column_page, days, page

FINDING_KEYS = {"check", "severity", "site", "column", "url", "unit", "message", "evidence"}


def _site(server: SiteServer) -> str:
    hostile = '<script>alert("x")</script>要闻'
    return serve(server, {
        "/": page("首页", '<a href="/missing.html">失效链接</a>'),
        "/zwyw/": column_page("政务要闻", [(hostile, "/zwyw/a.html", days(AS_OF, 40).isoformat())]),
        "/zwyw/a.html": article(hostile, days(AS_OF, 40)),
    })  # fmt: skip


def _audit(tmp_path: Path, config: str, *extra: str) -> subprocess.CompletedProcess[str]:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(config, encoding="utf-8")
    cmd = [sys.executable, "-m", "govaudit.cli", "audit", "--config", str(cfg), "--as-of", AS_OF.isoformat(),
           "--json", str(tmp_path / "out.json"), "--html", str(tmp_path / "out.html"), *extra]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=tmp_path)


def test_audit_contract(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    res = _audit(tmp_path, make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}]))
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert "JSON 报告" in res.stdout
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert set(data) == {"run", "findings"}
    run = data["run"]
    assert run["as_of"] == AS_OF.isoformat() and run["pages"] >= 3
    assert {"started", "finished"} <= set(run)
    assert data["findings"], data
    for f in data["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["severity"] in ("veto", "major", "minor")
    checks = {f["check"] for f in data["findings"]}
    assert {"column_stale", "broken_link"} <= checks
    stale = next(f for f in data["findings"] if f["check"] == "column_stale")
    assert stale["url"] == base + "/zwyw/" and stale["evidence"]["latest"] == days(AS_OF, 40).isoformat()
    assert (tmp_path / "govaudit.db").exists()  # the default SQLite store in the working directory
    report = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "政府网站检查报告" in report and "栏目不更新" in report
    assert "<script>alert" not in report  # page text is escaped, not executed


def test_audit_on_postgresql(server: SiteServer, tmp_path: Path) -> None:
    admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"PostgreSQL not available: {exc.__class__.__name__}")
    name = f"govaudit_cli_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        base = _site(server)
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        res = _audit(
            tmp_path, make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}]), "--db", url
        )
        assert res.returncode == 0, res.stderr
        engine = create_engine(url)
        with engine.connect() as c:
            assert c.execute(text("select count(*) from findings")).scalar_one() >= 2
            assert c.execute(text("select count(*) from pages")).scalar_one() >= 3
        engine.dispose()
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_html_alone_and_neither(server: SiteServer, tmp_path: Path) -> None:
    """`--html F` alone writes only the HTML report; with neither report: one Chinese line, exit 2."""
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        make_config(_site(server), [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}]), encoding="utf-8"
    )
    base = [sys.executable, "-m", "govaudit.cli", "audit", "--config", str(cfg), "--as-of", AS_OF.isoformat()]
    res = subprocess.run(
        [*base, "--html", "only.html"], capture_output=True, text=True, timeout=180, cwd=tmp_path
    )
    assert res.returncode == 0, res.stderr
    assert "HTML 报告" in res.stdout and "JSON 报告" not in res.stdout
    assert (tmp_path / "only.html").is_file() and not list(tmp_path.glob("*.json"))
    none = subprocess.run(base, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert none.returncode == 2 and none.stderr.count("\n") == 1
    assert "请至少指定一个报告文件" in none.stderr and "Traceback" not in none.stderr
