"""Network faults and hostile pages: a fault becomes a finding or a note, never a crash, and the
run completes with everything else recorded."""

from __future__ import annotations

import os
import time
from pathlib import Path

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, by_check, make_config, run, serve
from tests.sitebuilder import article, column_meta, column_page, days, page


def test_faults_become_findings_and_the_run_completes(server: SiteServer, tmp_path: Path) -> None:
    fresh = [("全县召开经济运行分析会", "/ok/a.html", days(AS_OF, 1).isoformat())]
    base = serve(server, {
        "/": page("首页", '<a href="/ok/">工作动态</a> <a href="/loop/a">循环链接</a> <a href="/drop.html">断开</a>'
                  ' <a href="/slow.html">超时页面</a>', meta=column_meta("首页")),
        "/ok/": column_page("工作动态", fresh), "/ok/a.html": article(fresh[0][0], days(AS_OF, 1)),
        "/err/": Resp("<h1>500</h1>", status=500),
        "/slowcol/": Resp(column_page("慢栏目", fresh), delay=6),
        "/loop/a": Resp("", status=302, redirect="/loop/b"), "/loop/b": Resp("", status=302, redirect="/loop/a"),
        "/drop.html": Resp(drop=True),
        "/slow.html": Resp("late", delay=6),
        # hostile pages: broken markup, binary garbage served as HTML, deep nesting
        "/broken/": Resp("<html><body><ul><li><a href='/broken/a.html'>未闭合标签的通知<span>" + days(AS_OF, 2).isoformat()
                         + "<div><table><tr><td>" + "<div>" * 20000),
        "/garbage/": Resp(os.urandom(20000), content_type="text/html"),
    })  # fmt: skip
    server.add("/broken/a.html", article("未闭合标签的通知", days(AS_OF, 2)))
    config = make_config(base, [
        {"name": "工作动态", "url": "/ok/", "kind": "news"},
        {"name": "出错栏目", "url": "/err/", "kind": "notice"},
        {"name": "慢栏目", "url": "/slowcol/", "kind": "notice"},
        {"name": "坏页面栏目", "url": "/broken/", "kind": "notice"},
        {"name": "乱码栏目", "url": "/garbage/", "kind": "notice"},
    ], crawl={"timeout": 2, "retries": 1})  # fmt: skip
    started = time.monotonic()
    result = run(config, tmp_path)
    assert time.monotonic() - started < 90
    assert result.sites[0].status == "crawled"
    unreachable = {f.column: f for f in by_check(result, "column_unreachable")}
    assert set(unreachable) == {"出错栏目", "慢栏目"}
    assert "HTTP 500" in unreachable["出错栏目"].message
    assert "超时" in unreachable["慢栏目"].message
    broken = {f.url.removeprefix(base): f for f in by_check(result, "broken_link")}
    assert "重定向" in broken["/loop/a"].message
    assert "连接中断" in broken["/drop.html"].message or "无法访问" in broken["/drop.html"].message
    assert "超时" in broken["/slow.html"].message
    assert not by_check(result, "site_unreachable")
    # the healthy column is still judged healthy; hostile pages are not called blank or stale
    assert not [
        f
        for f in result.findings
        if f.column in ("工作动态", "坏页面栏目", "乱码栏目") and f.check.startswith("column_")
    ]


def test_huge_page_is_cut_off_not_fatal(server: SiteServer, tmp_path: Path) -> None:
    rows = "".join(
        f'<li><a href="/big/t{i}.html">关于第{i}号事项的通知</a><span>{days(AS_OF, 1).isoformat()}</span></li>'
        for i in range(3)
    )
    huge = page(
        "通知公告", f'<ul class="list">{rows}</ul>' + "<p>填充内容</p>" * 400000, meta=column_meta("通知公告")
    )
    base = serve(server, {"/": page("首页", ""), "/big/": huge})
    for i in range(3):
        server.add(f"/big/t{i}.html", article(f"关于第{i}号事项的通知", days(AS_OF, 1)))
    result = run(make_config(base, [{"name": "通知公告", "url": "/big/", "kind": "notice"}],
                             crawl={"max_body_mb": 1}), tmp_path)  # fmt: skip
    assert not by_check(result, "column_empty") and not by_check(result, "column_stale")
    assert not by_check(result, "column_unreachable")


def test_time_limit_stops_the_crawl_and_keeps_what_it_saw(server: SiteServer, tmp_path: Path) -> None:
    rows = [(f"关于第{i}号事项的通知", f"/slow/t{i}.html", days(AS_OF, 1).isoformat()) for i in range(40)]
    base = serve(server, {"/": page("首页", ""), "/slow/": column_page("通知公告", rows)})
    for _, url, _ in rows:
        server.add(url, Resp(article("通知", days(AS_OF, 1)), delay=1.0))
    config = make_config(base, [{"name": "通知公告", "url": "/slow/", "kind": "notice"}],
                         crawl={"time_limit": 10, "concurrency": 1, "concurrency_per_host": 1})  # fmt: skip
    started = time.monotonic()
    result = run(config, tmp_path)
    assert time.monotonic() - started < 40
    site = result.sites[0]
    assert site.status == "timeout"
    assert any("未正常结束" in n.message for n in result.notes)
    assert 3 <= site.pages < 42  # the homepage, the column and the articles fetched before the limit
    assert not by_check(result, "column_stale") and not by_check(result, "column_empty")
