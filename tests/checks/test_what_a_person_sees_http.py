"""Issue 9 items 1 and 2 end to end: real-template pages served over HTTP (SiteServer on
127.0.0.1), crawled, audited. Each rule with its decoy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govaudit.store import load_snapshot, open_db

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, by_check, make_config, run, serve
from tests.sitebuilder import article, page
from tests.templates import (
    consultation_notice,
    fujian_trs_static_blocks,
    letter_page,
    li_font_xxgk_document,
    li_span_mailbox,
)

D = dt.date


def _d(n: int) -> str:
    return (AS_OF - dt.timedelta(days=n)).isoformat()


def _entries(folder: str, n: int, word: str) -> list[tuple[str, str, dt.date]]:
    return [(f"测试县{word}第{i + 1}期工作情况通报", f"/{folder}/t2026_{i + 1}.html", AS_OF - dt.timedelta(days=3 * i + 1))
            for i in range(n)]  # fmt: skip


def test_sibling_block_lists_and_a_stated_total_larger_than_read(server: SiteServer, tmp_path: Path) -> None:
    """Fujian TRS 动静结合 pages (modelled on changwu/pingtan-gov-zwgk-archive ·
    pingtan/zwgk/ghxx/gzjzqk/_lists/index.html): 75 rows in 15 wrappers of 5 with recordCount 107,
    and 15 rows with recordCount 15. Both are read in full; the first is a partial list (a note, and
    the catalog's standing item there is not judged), the second is complete (the same standing
    item missing there is a finding: the decoy shows the rule still judges complete lists)."""
    big, small = _entries("gzjz", 75, "工作进展"), _entries("tzgg", 15, "公示公告")
    routes = {
        "/": page("首页", "<a href='/gzjz/'>工作进展情况</a><a href='/tzgg/'>公示公告</a>"),
        "/gzjz/": fujian_trs_static_blocks("工作进展情况", big, record_count=107),
        "/tzgg/": fujian_trs_static_blocks("公示公告", small, record_count=15),
    }
    for t, h, d in big + small:
        routes[h] = article(t, d)
    base = serve(server, routes)
    catalog = {"items": [
        {"item": "权责清单", "time_limit": "长期公开", "channel": "工作进展情况", "keywords": ["权责清单"]},
        {"item": "行政事业性收费目录", "time_limit": "长期公开", "channel": "公示公告", "keywords": ["收费目录"]},
    ]}  # fmt: skip
    config = make_config(base, [{"name": "工作进展情况", "url": "/gzjz/", "kind": "notice"},
                                {"name": "公示公告", "url": "/tzgg/", "kind": "notice"}],
                         site={"catalog": catalog})  # fmt: skip
    result = run(config, tmp_path)
    snap = load_snapshot(open_db(f"sqlite:///{tmp_path / 'audit.db'}"), result.sites[0].run_id)
    assert len(snap.column_items("工作进展情况")) == 75
    assert len(snap.column_items("公示公告")) == 15
    assert [it.title for it in snap.column_items("工作进展情况")] == [t for t, _, _ in big]
    # the partial list: a note, no column or catalog finding
    partial = [n for n in result.notes if n.column == "工作进展情况"]
    assert any("页面显示共 107 条" in n.message and "只读到 75 条" in n.message for n in partial), partial
    assert any("权责清单" in n.message and "未读全" in n.message for n in partial), partial
    column_checks = {"column_empty", "column_stale", "catalog_item_missing"}
    assert not [f for f in result.findings if f.check in column_checks and f.column == "工作进展情况"]
    # the complete list (decoy): judged, no partial note
    missing = by_check(result, "catalog_item_missing")
    assert [f.column for f in missing] == ["公示公告"], [f.message for f in missing]
    assert not [n for n in result.notes if n.column == "公示公告" and "未读全" in n.message]


def _fields(age: int, validity: str, *, written_age: int | None = None) -> list[tuple[str, str]]:
    year = (AS_OF - dt.timedelta(days=age)).year
    return [("索引号", f"11339901002500121W/{year}-{age:05d}"), ("责任部门", "测试县人民政府办公室"),
            ("生成日期", _d(written_age if written_age is not None else age + 2)), ("发布日期", _d(age)),
            ("文号", f"测政办发〔{year}〕{age}号"), ("有效性", validity)]  # fmt: skip


BODY = "<p>各乡镇人民政府，县政府各部门：现印发给你们，请认真贯彻执行。</p><p>本办法自印发之日起施行，有效期5年。</p>"


def test_metadata_in_child_elements_empty_validity_and_meta_dates(server: SiteServer, tmp_path: Path) -> None:
    """Values in child ``<font>``s read 6/6 (no finding); an empty 有效性 is said to be empty; a page
    without a shown 发布日期 whose meta PubDate is months after its 生成日期 gives a note, not
    publication_late; a shown 发布日期 late after 生成日期 does give publication_late."""
    docs = {
        "/gfxwj/ok.html": ("测试县城乡环境卫生管理办法", _fields(40, "有效"), ""),
        "/gfxwj/blank.html": ("测试县城区停车管理办法", _fields(30, ""), ""),
        # no 发布日期 shown; the meta date is the page's regeneration, 5 months after 生成日期
        "/gfxwj/meta.html": ("测试县农贸市场管理办法", [f for f in _fields(20, "有效", written_age=170)
                                                       if f[0] != "发布日期"], f"{_d(20)} 10:00"),
        "/gfxwj/late.html": ("测试县物业服务管理办法", _fields(50, "有效", written_age=120), ""),
    }  # fmt: skip
    routes = {u: li_font_xxgk_document(t, f, body=BODY, meta_pubdate=m) for u, (t, f, m) in docs.items()}
    listing = "".join(f"<li><a href='{u}'>{t}</a></li>" for u, (t, _, _) in docs.items())
    routes["/"] = page("首页", "<a href='/gfxwj/'>规范性文件</a>")
    routes["/gfxwj/"] = page("规范性文件", f"<h2>规范性文件</h2><ul class='list'>{listing}</ul>")
    routes["/zcjd/"] = page("政策解读", "<ul class='list'><li>暂无信息</li></ul>")
    base = serve(server, routes)
    config = make_config(base, [{"name": "规范性文件", "url": "/gfxwj/", "kind": "policy"}],
                         site={"disable": ["interpretation_missing", "meta_missing"]})  # fmt: skip
    result = run(config, tmp_path)
    snap = load_snapshot(open_db(f"sqlite:///{tmp_path / 'audit.db'}"), result.sites[0].run_id)
    ok = snap.page(base + "/gfxwj/ok.html")
    assert ok is not None
    assert {k: v for k, v in ok.xxgk.items() if v} == {
        "索引号": "11339901002500121W/2026-00040", "发布机构": "测试县人民政府办公室", "成文日期": _d(42),
        "发布日期": _d(40), "文号": "测政办发〔2026〕40号", "有效性": "有效",
    }  # fmt: skip
    incomplete = {f.url.rsplit("/", 1)[1]: f for f in by_check(result, "metadata_incomplete")}
    validity = {f.url.rsplit("/", 1)[1]: f for f in by_check(result, "validity_missing")}
    late = [f.url.rsplit("/", 1)[1] for f in by_check(result, "publication_late")]
    assert "ok.html" not in incomplete and "ok.html" not in validity and "ok.html" not in late
    assert validity["blank.html"].message.endswith("的有效性一栏为空")
    blank = incomplete["blank.html"]
    assert (blank.evidence["empty"], blank.evidence["missing"]) == (["有效性"], [])
    assert "有效性 为空" in blank.message
    assert all(f.severity.value != "veto" for f in result.findings)
    assert late == ["late.html"]
    assert any("meta.html" in n.url and "页面未显示发布日期" in n.message for n in result.notes), result.notes


def test_open_start_window_is_reported_short(server: SiteServer, tmp_path: Path) -> None:
    """从即日起至…: the window runs from the page's shown 发布日期 (14 days: short); the decoy runs
    37 days."""
    short = consultation_notice("关于公开征求《测试县养犬管理规定（征求意见稿）》意见的公告", D(2026, 10, 1),
                                "征求意见时间：从即日起至2026年10月14日。")  # fmt: skip
    long = consultation_notice("关于公开征求《测试县城区绿化管理办法（征求意见稿）》意见的公告", D(2026, 10, 10),
                               "公开征求意见，自发布之日起至二〇二六年十一月十五日止。")  # fmt: skip
    base = serve(server, {
        "/": page("首页", "<a href='/yjzj/'>意见征集</a>"),
        "/yjzj/": page("意见征集", "<ul class='list'><li><a href='/yjzj/a.html'>关于公开征求《测试县养犬管理规定（征求意见稿）》"
                       "意见的公告</a><span>2026-10-01</span></li><li><a href='/yjzj/b.html'>关于公开征求《测试县城区绿化管理"
                       "办法（征求意见稿）》意见的公告</a><span>2026-10-10</span></li></ul>"),
        "/yjzj/a.html": short, "/yjzj/b.html": long,
    })  # fmt: skip
    result = run(make_config(base, [{"name": "意见征集", "url": "/yjzj/", "kind": "consultation"}]), tmp_path)
    found = by_check(result, "consultation_period_short")
    assert [f.url for f in found] == [base + "/yjzj/a.html"]
    assert found[0].evidence["days"] == 14 and found[0].evidence["start_from_publication"] is True


def test_li_span_mailbox_and_letter_pages(server: SiteServer, tmp_path: Path) -> None:
    """A 信箱 list of <li>/<span> rows (状态 办理中, 回复时间：—) and letter pages whose 回复时间 is
    empty and 答复内容 says 正在办理中: overdue. Decoys: a replied letter, one asked 3 days ago."""
    rows = [("关于城南小区路灯长期不亮的问题", "/xzxx/m1.html", _d(40), "—", "办理中"),
            ("关于乡村学校校车接送时间的咨询", "/xzxx/m2.html", _d(30), _d(27), "已回复"),
            ("关于学校门口交通拥堵的建议", "/xzxx/m3.html", _d(3), "—", "办理中")]  # fmt: skip
    base = serve(server, {
        "/": page("首页", "<a href='/xzxx/'>县长信箱</a><a href='/ldxx/'>领导信箱</a>"),
        "/xzxx/": li_span_mailbox("县长信箱", rows),
        "/xzxx/m1.html": letter_page(rows[0][0], rows[0][2], answer="正在办理中"),
        "/xzxx/m2.html": letter_page(rows[1][0], rows[1][2], replied=rows[1][3], unit="测试县教育局",
                                     answer="经核实，校车接送时间已调整。"),
        "/xzxx/m3.html": letter_page(rows[2][0], rows[2][2], answer="正在办理中"),
        # a list with no letter pages fetched: the list rows alone decide
        "/ldxx/": li_span_mailbox("领导信箱", [("关于农村道路破损影响出行的问题", "/ldxx/x.html", _d(20), "—", "办理中"),
                                            ("关于菜市场占道经营的问题", "/ldxx/y.html", _d(20), _d(18), "已办结")]),
    })  # fmt: skip
    config = make_config(base, [{"name": "县长信箱", "url": "/xzxx/", "kind": "interaction"},
                                {"name": "领导信箱", "url": "/ldxx/", "kind": "interaction"}])  # fmt: skip
    result = run(config, tmp_path)
    overdue = {f.url: f for f in by_check(result, "interaction_overdue")}
    assert set(overdue) == {base + "/xzxx/m1.html", base + "/ldxx/x.html"}, [
        f.message for f in overdue.values()
    ]
    assert overdue[base + "/xzxx/m1.html"].evidence["state"] == "办理中"
    assert not [n for n in result.notes if n.column in ("县长信箱", "领导信箱") and "未能读出" in n.message]
