"""column_unreachable, column_stale and column_empty on real local HTTP servers."""

from __future__ import annotations

from pathlib import Path

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, by_check, make_config, run, serve
from tests.sitebuilder import article, column_meta, column_page, days, page


def _items(prefix: str, ages: list[int], fmt: str = "%Y-%m-%d") -> list[tuple[str, str, str]]:
    return [(f"关于做好第{i + 1}批重点工作的通知", f"/{prefix}/t{i}.html", days(AS_OF, a).strftime(fmt))
            for i, a in enumerate(ages)]  # fmt: skip


def _articles(prefix: str, ages: list[int]) -> dict[str, str]:
    return {
        f"/{prefix}/t{i}.html": article(f"关于做好第{i + 1}批重点工作的通知", days(AS_OF, a))
        for i, a in enumerate(ages)
    }


def test_column_unreachable_and_decoys(server: SiteServer, tmp_path: Path) -> None:
    base = serve(server, {
        "/": page("首页", "<a href='/zwyw/'>政务要闻</a>"),
        "/gone/": Resp("<h1>404</h1>", status=404),
        "/moved/": Resp("", status=301, redirect="/zwyw/"),
        "/zwyw/": column_page("政务要闻", _items("zwyw", [1, 5])), **_articles("zwyw", [1, 5]),
    })  # fmt: skip
    config = make_config(base, [
        {"name": "已撤销栏目", "url": "/gone/", "kind": "notice", "unit": "县教育局"},
        {"name": "迁移栏目", "url": "/moved/", "kind": "news"},
        {"name": "政务要闻", "url": "/zwyw/", "kind": "news"},
    ])  # fmt: skip
    result = run(config, tmp_path)
    found = by_check(result, "column_unreachable")
    assert [(f.column, f.unit, f.severity.value) for f in found] == [("已撤销栏目", "县教育局", "major")]
    assert "HTTP 404" in found[0].message and found[0].url == base + "/gone/"
    assert not by_check(result, "column_stale")  # the redirected column is healthy
    assert not [n for n in result.notes if n.column == "迁移栏目"]


def test_column_stale_by_kind_yearless_and_article_dates(server: SiteServer, tmp_path: Path) -> None:
    undated = [(f"关于印发测试县2026年第{i}项重点工作方案的通知", f"/nodate/a{i}.html", "") for i in range(3)]
    blank = [(f"测试县第{i}批干部任前公示", f"/blank/a{i}.html", "") for i in range(3)]
    base = serve(server, {
        "/": page("首页", ""),
        "/zwyw/": column_page("政务要闻", _items("zwyw", [30, 45])), **_articles("zwyw", [30, 45]),
        "/tzgg/": column_page("通知公告", _items("tzgg", [100, 200])), **_articles("tzgg", [100, 200]),
        # yearless [MM-DD] dates on the list, the year comes from the articles
        "/bmdt/": column_page("部门动态", _items("bmdt", [3, 9], fmt="[%m-%d]")), **_articles("bmdt", [3, 9]),
        # no date on the list; the article page has it and it is fresh
        "/nodate/": column_page("无日期列表", undated),
        **{u: article(t, days(AS_OF, 2 + i)) for i, (t, u, _) in enumerate(undated)},
        # no date anywhere: counts as not updated (2015 census rule)
        "/blank/": column_page("人事信息", blank),
        **{u: page(t, "<p>经研究决定，拟任用以下同志……</p>") for t, u, _ in blank},
    })  # fmt: skip
    config = make_config(base, [
        {"name": "政务要闻", "url": "/zwyw/", "kind": "news", "unit": "县发展和改革局"},
        {"name": "通知公告", "url": "/tzgg/", "kind": "notice"},
        {"name": "部门动态", "url": "/bmdt/", "kind": "news"},
        {"name": "无日期列表", "url": "/nodate/", "kind": "news"},
        {"name": "人事信息", "url": "/blank/", "kind": "personnel"},
    ])  # fmt: skip
    result = run(config, tmp_path)
    found = {f.column: f for f in by_check(result, "column_stale")}
    assert set(found) == {"政务要闻", "人事信息"}
    news = found["政务要闻"]
    assert news.severity.value == "major" and news.unit == "县发展和改革局"
    assert news.evidence["latest"] == days(AS_OF, 30).isoformat() and news.evidence["age_days"] == 30
    assert news.message == "栏目“政务要闻”已 30 天未更新（要求 14 天内）"
    assert "均未标注发布日期" in found["人事信息"].message


def test_column_stale_veto_line(server: SiteServer, tmp_path: Path) -> None:
    routes = {"/": page("首页", "")}
    columns = []
    for n in range(5):
        routes[f"/c{n}/"] = column_page(f"动态{n}", _items(f"c{n}", [40]))
        routes.update(_articles(f"c{n}", [40]))
        columns.append({"name": f"动态{n}", "url": f"/c{n}/", "kind": "news"})
    base = serve(server, routes)
    result = run(make_config(base, columns), tmp_path)
    found = by_check(result, "column_stale")
    assert len(found) == 5
    assert all(f.severity.value == "veto" and f.evidence["stale_columns_2w_6m"] == 5 for f in found)


def test_column_empty_and_decoys(server: SiteServer, tmp_path: Path) -> None:
    base = serve(server, {
        "/": page("首页", ""),
        "/kong/": page("规划计划", '<ul class="list"></ul><div class="empty">暂无信息</div>', meta=column_meta("规划计划")),
        "/js/": page("政策解读", '<ul id="list"></ul><script>loadPageData({channelCode:"zcjd",perPage:"15"});</script>',
                     meta=column_meta("政策解读")),
        "/ok/": page("工作动态", '<div class="side">暂无通知</div>' + column_page("工作动态", [
            ("全县召开乡村振兴推进会", "/ok/a.html", days(AS_OF, 1).isoformat())]), meta=column_meta("工作动态")),
        "/ok/a.html": article("全县召开乡村振兴推进会", days(AS_OF, 1)),
    })  # fmt: skip
    config = make_config(base, [
        {"name": "规划计划", "url": "/kong/", "kind": "planning", "unit": "县发展和改革局"},
        {"name": "政策解读", "url": "/js/", "kind": "interpretation"},
        {"name": "工作动态", "url": "/ok/", "kind": "news"},
    ])  # fmt: skip
    result = run(config, tmp_path)
    found = by_check(result, "column_empty")
    assert [(f.column, f.unit) for f in found] == [("规划计划", "县发展和改革局")]
    assert "暂无信息" in found[0].message
    # a script-built list that could not be read is never called blank: a note says why
    assert not [f for f in result.findings if f.column == "政策解读"]
    assert any(n.column == "政策解读" and "未判定是否空白" in n.message for n in result.notes)
