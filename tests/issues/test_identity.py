"""Issue identity that survives a move (issue 9 item 4): sites reached at new addresses (other
ports, the config's URLs updated, the names unchanged) keep their issues — none rectified, none
new — while a problem really fixed at the new address is still rectified, and an outside target
keeps its full URL. Real local HTTP servers and real SQLite."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from govaudit.config import parse_config
from govaudit.issues import lifecycle as issue_api
from govaudit.scheduler.audit import audit
from govaudit.store import open_db

from govaudit.demo.siteserver import Resp, SiteServer
from govaudit.models import AuditResult
from tests.checks.content_helpers import ID_A, MOBILE_A
from tests.conftest import AS_OF, make_config
from tests.sitebuilder import article, column_page, days, page, ul_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _closed() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


OUTSIDE = _closed() + "/partner/"  # an outside site that is down: a broken link by its full URL


def _routes(*, fixed: bool = False) -> dict[str, Any]:
    fresh = days(AS_OF, 1)
    leak = f"<p>经审核，张三（身份证号：{ID_A}，联系电话：{MOBILE_A}）符合条件。</p>"
    return {
        "/": page("测试县人民政府", ul_list([("县政府召开常务会议", "/zwyw/a1.html", fresh.isoformat())])
                  + '<a href="/files/plan.pdf">年度计划</a>' + f'<a href="{OUTSIDE}">合作单位</a>'),
        "/zwyw/": column_page("政务要闻", [("县政府召开常务会议", "/zwyw/a1.html", fresh.isoformat()),
                                        ("关于发放补贴的公示", "/zwyw/a2.html?id=7", fresh.isoformat())]),
        "/zwyw/a1.html": page("县政府召开常务会议", "<p>正文</p>"),
        "/zwyw/a2.html": article("关于发放补贴的公示", fresh, body=leak),
        "/tzgg/": column_page("通知公告", [("关于开展培训的通知", "/tzgg/b1.html", days(AS_OF, 400).isoformat())]),
        "/tzgg/b1.html": page("关于开展培训的通知", "<p>正文</p>"),
        "/files/plan.pdf": Resp(b"%PDF-1.4", content_type="application/pdf") if fixed else Resp("gone", status=404),
    }  # fmt: skip


def _audit(a: str, b: str, db: str) -> AuditResult:
    cols = [
        {"name": "政务要闻", "url": "/zwyw/", "kind": "news"},
        {"name": "通知公告", "url": "/tzgg/", "kind": "notice"},
    ]
    text = make_config(a, cols, crawl={"attachments": False}, extra_sites=[
        {"name": "某局网站", "url": b + "/", "unit": "县教育局",
         "columns": [{"name": "通知公告", "url": b + "/tzgg/", "kind": "notice"}]}])  # fmt: skip
    config = parse_config(text, "test.yaml")
    return audit(config, list(config.sites), AS_OF, db)


def _changes(result: AuditResult) -> dict[str, int]:
    syncs = [s.issues for s in result.sites]
    return {k: sum(len(getattr(x, k)) for x in syncs) for k in ("new", "rectified", "reopened", "still_open")}


@pytest.mark.slow
def test_sites_moved_to_other_ports_keep_their_issues(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    with SiteServer(_routes()) as a, SiteServer(_routes()) as b:
        first = _audit(a.url, b.url, db)
    checks = {(f.site, f.check) for f in first.findings}
    assert {("测试县人民政府", "broken_link"), ("测试县人民政府", "column_stale"), ("测试县人民政府", "privacy_leak"),
            ("某局网站", "column_stale")} <= checks  # fmt: skip
    opened = _changes(first)["new"]
    assert opened == len(first.findings)
    # the same sites at other ports, the config updated, the names unchanged
    with SiteServer(_routes()) as a2, SiteServer(_routes()) as b2:
        moved = _audit(a2.url, b2.url, db)
        new_a = a2.url
    assert {(f.site, f.check, f.thing) for f in moved.findings} == {
        (f.site, f.check, f.thing) for f in first.findings
    }
    assert _changes(moved) == {"new": 0, "rectified": 0, "reopened": 0, "still_open": opened}
    issues = issue_api.list_issues(open_db(db))
    assert len(issues) == opened and all(i.state == "new" for i in issues)
    leak = next(i for i in issues if i.check == "privacy_leak" and i.site == "测试县人民政府")
    assert leak.url == new_a + "/zwyw/a2.html?id=7" and leak.thing == "/zwyw/a2.html?id=7"  # where it is now
    outside = next(i for i in issues if i.check == "broken_link" and i.url.startswith(OUTSIDE[:20]))
    assert outside.thing == OUTSIDE  # an outside target keeps its full URL
    # decoy: at the new address, a problem really fixed is rectified, and only that one
    with SiteServer(_routes(fixed=True)) as a3, SiteServer(_routes()) as b3:
        fixed = _audit(a3.url, b3.url, db)
    assert _changes(fixed) == {"new": 0, "rectified": 1, "reopened": 0, "still_open": opened - 1}
    rectified = [i for i in issue_api.list_issues(open_db(db)) if i.state == "rectified"]
    assert [(i.check, i.thing) for i in rectified] == [("broken_link", "/files/plan.pdf")]


def test_same_paths_on_another_site_are_other_issues(tmp_path: Path) -> None:
    """Decoy: identity is the site's configured name too — two sites serving the same paths (or one
    site renamed in the config) do not share issues."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    with SiteServer(_routes()) as a, SiteServer(_routes()) as b:
        result = _audit(a.url, b.url, db)
    stale = [f for f in result.findings if f.check == "column_stale"]
    assert len(stale) == 2 and stale[0].thing == stale[1].thing == "/tzgg/"
    assert len({f.fingerprint for f in stale}) == 2
    assert _changes(result)["new"] == len(result.findings)
