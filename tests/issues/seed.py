"""Issues in a real SQLite database for the mail and web tests: runs written through the store,
synced into issues by the lifecycle (reports/issues.py), as an audit would leave them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from govaudit.config import parse_config
from govaudit.config.schema import Config
from govaudit.issues.sync import sync_run
from govaudit.store import SnapshotWriter, create_run, save_results, update_run
from sqlalchemy.orm import Session, sessionmaker

from govaudit.models import Finding, Severity

SITE = "测试县人民政府"
BASE = "http://127.0.0.1:9"
MON = dt.date(2026, 11, 16)  # a Monday


def config_text(smtp_port: int | None = None, users: list[dict[str, Any]] | None = None) -> str:
    import yaml

    data: dict[str, Any] = {
        "units": [{"name": "县政府办公室", "email": "office@example.test"},
                  {"name": "县教育局", "email": "jyj@example.test"},
                  {"name": "县发展和改革局"}],
        "issues": {"deadline_workdays": {"veto": 3, "major": 5, "minor": 10}, "auto_assign": True},
        "sites": [{"name": SITE, "url": BASE + "/", "unit": "县政府办公室", "columns": [
            {"name": "政务要闻", "url": BASE + "/zwyw/", "kind": "news"},
            {"name": "教育动态", "url": BASE + "/jy/", "kind": "news", "unit": "县教育局"},
            {"name": "发改动态", "url": BASE + "/fg/", "kind": "news", "unit": "县发展和改革局"}]}],
        "web": {"users": users or []},
    }  # fmt: skip
    if smtp_port is not None:
        data["smtp"] = {"host": "127.0.0.1", "port": smtp_port, "sender": "govaudit@example.test",
                        "office_email": "zwgk@example.test", "base_url": "http://127.0.0.1:8080/",
                        "timeout": 5}  # fmt: skip
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def config(smtp_port: int | None = None, users: list[dict[str, Any]] | None = None) -> Config:
    return parse_config(config_text(smtp_port, users), "t.yaml")


def findings() -> list[Finding]:
    return [
        Finding("column_stale", Severity.MAJOR, SITE, "政务要闻", BASE + "/zwyw/", "县政府办公室",
                "栏目“政务要闻”已 30 天未更新（要求 14 天内）",
                {"latest": "2026-10-17", "age_days": 30, "limit_days": 14}),
        Finding("column_stale", Severity.MAJOR, SITE, "教育动态", BASE + "/jy/", "县教育局",
                "栏目“教育动态”已 40 天未更新（要求 14 天内）", {"latest": "2026-10-07", "age_days": 40}),
        Finding("broken_link", Severity.MINOR, SITE, "教育动态", BASE + "/jy/x.pdf", "县教育局",
                "附件链接无法访问（HTTP 404）<script>alert(1)</script>",
                {"status": 404, "sources": [{"page": BASE + "/jy/", "text": "招生简章"}]}, key="HTTP 404"),
        Finding("homepage_stale", Severity.VETO, SITE, None, BASE + "/", "县政府办公室",
                "首页已 20 天未更新（要求 14 天内）", {"age_days": 20}),
    ]  # fmt: skip


def audit_run(sessions: sessionmaker[Session], cfg: Config, as_of: dt.date, found: list[Finding]) -> int:
    """A finished audit of the site with these findings, synced into issues."""
    run_id = create_run(sessions, SITE, BASE + "/", as_of)
    w = SnapshotWriter(sessions, run_id)
    w.page(url=BASE + "/", role="homepage", status=200)
    for path, col in (("zwyw", "政务要闻"), ("jy", "教育动态"), ("fg", "发改动态")):
        w.page(url=f"{BASE}/{path}/", role="column", column=col, status=200)
    w.link(url=BASE + "/jy/x.pdf", kind="attachment", internal=True, checked=True,
           status=404 if any(f.check == "broken_link" for f in found) else 200)  # fmt: skip
    w.flush()
    save_results(sessions, run_id, found, [])
    update_run(sessions, run_id, status="done")
    sync_run(sessions, cfg, SITE, run_id, as_of)
    return run_id


def seed(sessions: sessionmaker[Session], cfg: Config, as_of: dt.date = MON) -> int:
    return audit_run(sessions, cfg, as_of, findings())
