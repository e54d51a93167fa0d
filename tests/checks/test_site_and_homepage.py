"""site_unreachable and homepage_stale on real local HTTP servers (positive and decoy cases)."""

from __future__ import annotations

import socket
from pathlib import Path

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, by_check, make_config, run, serve
from tests.sitebuilder import column_meta, days, page, ul_list


def _home(newest_days: int, *extra: tuple[str, str, str]) -> str:
    items = [("县委常委会召开会议研究部署重点工作", "/zwyw/a1.html", days(AS_OF, newest_days).isoformat()),
             ("全县安全生产工作会议召开", "/zwyw/a2.html", days(AS_OF, newest_days + 30).isoformat()), *extra]  # fmt: skip
    return page("测试县人民政府", "<h3>要闻动态</h3>" + ul_list(items), meta=column_meta("首页"))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_homepage_refused_and_500(server: SiteServer, tmp_path: Path) -> None:
    base = serve(server, {"/": _home(2), "/down/": Resp("<h1>Internal error</h1>", status=500)})
    dead = f"http://127.0.0.1:{_closed_port()}"
    config = make_config(base, [], extra_sites=[
        {"name": "某镇人民政府", "url": dead + "/", "unit": "县教育局",
         "columns": [{"name": "镇务动态", "url": dead + "/zwdt/", "kind": "news"}]},
        {"name": "某局网站", "url": base + "/down/", "unit": "县发展和改革局"},
    ])  # fmt: skip
    result = run(config, tmp_path)
    found = {f.site: f for f in by_check(result, "site_unreachable")}
    assert set(found) == {"某镇人民政府", "某局网站"}  # the healthy site is the decoy
    assert found["某镇人民政府"].severity.value == "veto"
    assert "连接被拒绝" in found["某镇人民政府"].message
    assert found["某镇人民政府"].unit == "县教育局"
    assert "HTTP 500" in found["某局网站"].message
    # the column of the dead site fails for the same reason: not reported twice
    assert not [f for f in by_check(result, "column_unreachable") if f.site == "某镇人民政府"]
    assert all(s.status == "crawled" for s in result.sites)


def test_homepage_retry_then_ok_is_not_unreachable(server: SiteServer, tmp_path: Path) -> None:
    calls = {"n": 0}

    def flaky(_req):  # first answer 503, then the page: a retry must save it
        calls["n"] += 1
        return Resp("busy", status=503) if calls["n"] == 1 else Resp(_home(1))

    base = serve(server, {"/": flaky})
    result = run(make_config(base, []), tmp_path)
    assert calls["n"] >= 2
    assert not by_check(result, "site_unreachable")


def test_homepage_stale_veto_warning_and_fresh(tmp_path: Path) -> None:
    with SiteServer({"/": _home(20)}) as stale, SiteServer({"/": _home(12)}) as warn, \
            SiteServer({"/": _home(3, ("2027年春节团拜会预告", "/zwyw/f.html", "2027-01-20"))}) as fresh:  # fmt: skip
        config = make_config(stale.url, [], extra_sites=[
            {"name": "预警站", "url": warn.url + "/"}, {"name": "新鲜站", "url": fresh.url + "/"}])  # fmt: skip
        result = run(config, tmp_path)
    found = {f.site: f for f in by_check(result, "homepage_stale")}
    assert set(found) == {"测试县人民政府", "预警站"}
    assert found["测试县人民政府"].severity.value == "veto"
    assert found["测试县人民政府"].evidence["age_days"] == 20
    assert found["测试县人民政府"].evidence["latest"] == days(AS_OF, 20).isoformat()
    assert found["预警站"].severity.value == "minor" and found["预警站"].evidence["warning"] is True


def test_homepage_without_dates_is_a_note_not_a_finding(server: SiteServer, tmp_path: Path) -> None:
    base = serve(server, {"/": page("测试县", "<a href='/a/'>走进测试县</a><a href='/b/'>政务公开</a>")})
    result = run(make_config(base, []), tmp_path)
    assert not by_check(result, "homepage_stale")
    assert any("未判定首页是否及时更新" in n.message for n in result.notes)
