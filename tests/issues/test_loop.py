"""The daily loop without mail, on a real local site and real processes: audit → issues assigned →
the site is fixed → recheck (the CLI) → rectified; a problem that comes back is reopened; a
waived one stays waived. Probe history feeds site_unreachable."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

from govaudit.config import parse_config
from govaudit.issues import lifecycle as issue_api
from govaudit.store import open_db
from govaudit.store.probes import record_probe

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, by_check, make_config, run, serve
from tests.sitebuilder import column_page, days, page, ul_list

ISSUES = {"issues": {"auto_assign": True, "deadline_workdays": {"veto": 3, "major": 5, "minor": 10}}}


def _site(server: SiteServer) -> str:
    fresh = days(AS_OF, 1).isoformat()
    home = page("测试县人民政府", "<h3>要闻</h3>" + ul_list([("县政府召开常务会议", "/zwyw/a1.html", fresh)])
                + '<a href="/files/plan.pdf">年度计划</a>')  # fmt: skip
    return serve(server, {
        "/": home,
        "/zwyw/": column_page("政务要闻", [("县政府召开常务会议", "/zwyw/a1.html", fresh)]),
        "/zwyw/a1.html": page("县政府召开常务会议", "<p>正文</p>"),
        "/tzgg/": column_page("通知公告", [("关于开展培训的通知", "/tzgg/b1.html", days(AS_OF, 400).isoformat())]),
        "/tzgg/b1.html": page("关于开展培训的通知", "<p>正文</p>"),
        "/files/plan.pdf": Resp("not here", status=404),
    })  # fmt: skip


def _config(base: str, tmp_path: Path) -> tuple[str, Path]:
    import yaml

    text = make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"},
                              {"name": "通知公告", "url": "/tzgg/", "kind": "notice", "unit": "县教育局"}])  # fmt: skip
    data = yaml.safe_load(text)
    data.update(ISSUES)
    data["sites"][0]["disable"] += ["meta_missing"]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return text, path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govaudit.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_loop_audit_assign_fix_recheck_reopen_waive(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    text, path = _config(base, tmp_path)
    db = f"sqlite:///{tmp_path / 'audit.db'}"
    result = run(text, tmp_path)
    assert {f.check for f in result.findings} == {"broken_link", "column_stale"}
    common = ["--config", str(path), "--db", db]
    listing = _cli("issues", "list", "--json", *common)
    assert listing.returncode == 0, listing.stderr
    rows = {r["check"]: r for r in json.loads(listing.stdout)}
    link, stale = rows["broken_link"], rows["column_stale"]
    assert (
        link["state"] == "assigned" and link["unit"] == "县政府办公室" and link["opened"] == AS_OF.isoformat()
    )
    assert stale["unit"] == "县教育局" and stale["deadline"] and link["reopen_count"] == 0
    # the office waives the stale column; the unit fixes the link and says so
    assert (
        _cli("issues", "waive", str(stale["id"]), "--reason", "栏目已停用，经批准豁免", *common).returncode
        == 0
    )
    fb = _cli("issues", "feedback", str(link["id"]), "--kind", "fixed", "--note", "已重新上传附件", *common)
    assert fb.returncode == 0 and "已反馈" in fb.stdout
    server.add("/files/plan.pdf", Resp(b"%PDF-1.4 plan", content_type="application/pdf"))
    server.reset_hits()
    started = time.monotonic()
    out = _cli("recheck", *common, "--as-of", AS_OF.isoformat(), str(link["id"]))
    took = time.monotonic() - started
    assert out.returncode == 0, out.stderr
    assert f"问题 {link['id']}（链接不可用）" in out.stdout and "：已整改" in out.stdout
    assert took < 20
    assert server.hits["/files/plan.pdf"] >= 1 and server.hits["/tzgg/"] == 0  # only what the issue needs
    sessions = open_db(db)
    assert issue_api.get_issue(sessions, link["id"]).state == "rectified"
    # the problem comes back in tomorrow's audit: reopened; the waived one stays waived
    server.add("/files/plan.pdf", Resp("gone again", status=404))
    run(text, tmp_path, as_of=AS_OF + dt.timedelta(days=1))
    again = issue_api.get_issue(sessions, link["id"])
    assert again.state == "reopened" and again.reopen_count == 1
    assert issue_api.get_issue(sessions, stale["id"]).state == "waived"
    shown = _cli("issues", "show", str(link["id"]), *common)
    assert shown.returncode == 0 and "重新打开" in shown.stdout and "已整改" in shown.stdout
    assert "复核：未再发现该问题，已整改" in shown.stdout and "broken_link" not in shown.stdout
    states = [e.to_state for e in issue_api.history(sessions, link["id"])]
    assert states == ["new", "assigned", "feedback", "rectified", "reopened"]


def test_recheck_still_broken_goes_back_to_assigned(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    text, path = _config(base, tmp_path)
    db = f"sqlite:///{tmp_path / 'audit.db'}"
    run(text, tmp_path)
    sessions = open_db(db)
    (link,) = [i for i in issue_api.list_issues(sessions) if i.check == "broken_link"]
    issue_api.give_feedback(sessions, link.id, actor="县政府办公室", kind="fixed", note="已处理")
    from govaudit.scheduler.recheck import recheck

    (outcome,) = recheck(parse_config(text, "c.yaml"), db, [link.id], as_of=AS_OF)
    assert outcome.state == "assigned" and outcome.judged
    assert "仍存在" in issue_api.history(sessions, link.id)[-1].note


def test_cli_errors_are_one_line_exit_2(tmp_path: Path, server: SiteServer) -> None:
    text, path = _config(_site(server), tmp_path)
    common = ["--config", str(path), "--db", f"sqlite:///{tmp_path / 'e.db'}"]
    for args in (["issues", "show", "42"], ["issues", "list", "--state", "bogus"], ["recheck", "7"],
                 ["issues", "waive", "1", "--reason", "x"]):  # fmt: skip
        res = _cli(*args, *common)
        assert res.returncode == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr, (
            res.stderr
        )


def _probes(sessions, site: str, url: str, failed_per_day: int) -> None:  # type: ignore[no-untyped-def]
    for back in range(1, 8):
        day = AS_OF - dt.timedelta(days=back)
        for k in range(48):
            at = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=30 * k)
            ok = k >= failed_per_day
            record_probe(sessions, site=site, url=url, at=at, ok=ok, status=200 if ok else None,
                         error=None if ok else "ConnectTimeout", elapsed=0.1)  # fmt: skip


def test_probe_history_feeds_site_unreachable(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    text, _ = _config(base, tmp_path)
    sessions = open_db(f"sqlite:///{tmp_path / 'audit.db'}")
    _probes(sessions, "测试县人民政府", base + "/", failed_per_day=3)  # 21 / 336 = 6.25 %
    (f,) = by_check(run(text, tmp_path), "site_unreachable")
    assert f.severity.value == "veto" and "6.2%" in f.message and f.evidence["probes"] == 336
    assert f.evidence["failed"] == 21


def test_probe_history_under_5_percent_or_thin_is_no_finding(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    text, _ = _config(base, tmp_path)
    sessions = open_db(f"sqlite:///{tmp_path / 'audit.db'}")
    _probes(sessions, "测试县人民政府", base + "/", failed_per_day=2)  # 14 / 336 = 4.2 %: decoy
    result = run(text, tmp_path)
    assert by_check(result, "site_unreachable") == []
    # a thin history (a day with fewer than 20 probes) is a note, never a finding
    sessions2 = open_db(f"sqlite:///{tmp_path / 'thin.db'}")
    for k in range(10):
        record_probe(sessions2, site="测试县人民政府", url=base + "/", at=dt.datetime.combine(AS_OF - dt.timedelta(days=1),
                     dt.time(k)), ok=False, status=None, error="x", elapsed=None)  # fmt: skip
    result = run(text, tmp_path, db=f"sqlite:///{tmp_path / 'thin.db'}")
    assert by_check(result, "site_unreachable") == []
    assert any("监测记录不足" in n.message for n in result.notes)


def test_overdue_issues_escalate_in_the_reports(server: SiteServer, tmp_path: Path) -> None:
    from govaudit.reports import html_report, json_report

    text, _ = _config(_site(server), tmp_path)
    first = json_report.build(run(text, tmp_path))
    assert first["run"]["issues"]["overdue"] == [] and first["run"]["sites"][0]["issues"]["new"] == 2
    later = run(text, tmp_path, as_of=AS_OF + dt.timedelta(days=30))
    data = json_report.build(later)
    overdue = data["run"]["issues"]["overdue"]
    assert {i["check"] for i in overdue} == {"broken_link", "column_stale"}
    assert all(i["overdue"] and i["overdue_workdays"] > 0 for i in overdue)
    # (30 days on, the fixture's news is old too: two new stale issues, not yet overdue)
    assert data["run"]["sites"][0]["issues"] == {"new": 2, "reopened": 0, "rectified": 0, "still_open": 2}
    assert set(data) == {"run", "findings"}  # the CHECKS.md contract
    html = html_report.render(later)
    assert "逾期未整改问题（请督办）" in html and "已逾期" in html and "问题跟踪" in html


def test_recheck_link_removed_and_column_updated(server: SiteServer, tmp_path: Path) -> None:
    """A broken link on an article that the unit removed, and a stale column that got a new
    entry: the recheck reads the article's links again and the column's list, and closes both."""
    base = _site(server)
    old = days(AS_OF, 400).isoformat()
    server.add("/tzgg/", column_page("通知公告", [("关于开展培训的通知", "/tzgg/b1.html", old)]))
    server.add("/tzgg/b1.html", page("关于开展培训的通知", '<p>见<a href="/files/old.doc">附件</a></p>'))
    text, path = _config(base, tmp_path)
    db = f"sqlite:///{tmp_path / 'audit.db'}"
    run(text, tmp_path)
    sessions = open_db(db)
    mine = [i for i in issue_api.list_issues(sessions, unit="县教育局")]
    assert {i.check for i in mine} == {"broken_link", "column_stale"}, [(i.check, i.url) for i in mine]
    server.add("/tzgg/b1.html", page("关于开展培训的通知", "<p>附件已撤下</p>"))
    server.add("/tzgg/", column_page("通知公告", [("关于开展培训的通知（续）", "/tzgg/b2.html", AS_OF.isoformat()),
                                              ("关于开展培训的通知", "/tzgg/b1.html", old)]))  # fmt: skip
    server.add("/tzgg/b2.html", page("关于开展培训的通知（续）", "<p>正文</p>"))
    server.reset_hits()
    out = _cli(
        "recheck", "--config", str(path), "--db", db, "--unit", "县教育局", "--as-of", AS_OF.isoformat()
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("：已整改") == 2, out.stdout
    assert server.hits["/files/old.doc"] == 0 and server.hits["/files/plan.pdf"] == 0  # not re-checked
    assert server.hits["/zwyw/"] == 0  # another unit's column is not fetched
    assert {issue_api.get_issue(sessions, i.id).state for i in mine} == {"rectified"}
