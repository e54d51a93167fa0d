"""The report archive tells a recheck (only some issues' pages fetched) from a full audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govaudit.store import create_run, open_db, update_run
from govaudit.web import create_app

from tests.issues import seed
from tests.visible_text import assert_chinese, html_text
from tests.web.test_web import USERS, login


def test_recheck_runs_are_marked_as_such(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    sessions = open_db(db)
    cfg = seed.config(users=USERS)
    audit_id = seed.seed(sessions, cfg)
    recheck_id = create_run(sessions, seed.SITE, seed.BASE + "/", seed.MON)
    update_run(sessions, recheck_id, status="done", stats={"kind": "recheck", "checks_run": ["broken_link"]})
    client = create_app(cfg, db, today=lambda: seed.MON + dt.timedelta(days=1)).test_client()
    login(client, "office")
    runs = client.get("/runs").get_data(as_text=True)
    rows = {line.split("</td>")[0].rsplit(">", 1)[-1]: line for line in runs.split("<tr") if "<td>" in line}
    assert ">复核</span>" in rows[str(recheck_id)] and "<td>全面检查</td>" not in rows[str(recheck_id)]
    assert "<td>全面检查</td>" in rows[str(audit_id)]
    assert_chinese(html_text(runs), "/runs", ("office",))
    report = client.get(f"/runs/{recheck_id}/report.html").get_data(as_text=True)
    assert "这是一次复核，不是全面检查" in report and "政府网站问题复核记录" in report
    full = client.get(f"/runs/{audit_id}/report.html").get_data(as_text=True)
    assert "这是一次复核" not in full and "政府网站检查报告" in full
