"""The 政务公开 checks end to end: a county site served over HTTP (SiteServer), crawled, audited.

Needs the crawler to store page text, links and tables (Page.text / out_links / tables)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, REALPAGES, by_check, make_config, run, serve
from tests.sitebuilder import article, column_page, days, page

D = dt.date


def _d(n: int) -> str:
    return days(AS_OF, n).isoformat()


def _doc(title: str, age: int, wh: str, *, body: str = "", org: str = "示范县人民政府办公室") -> str:
    xxgk = {"索引号": f"11339901002500121W/{days(AS_OF, age).year}-00001", "发布机构": org, "成文日期": _d(age + 2),
            "发布日期": _d(age), "文号": wh, "有效性": "有效"}  # fmt: skip
    return article(title, days(AS_OF, age), xxgk=xxgk,
                   body=body or "<p>各乡镇人民政府，县政府各部门：现将有关事项通知如下。</p><p>本办法自印发之日起施行，有效期5年。</p>")  # fmt: skip


def _mail_list(rows: list[tuple[str, str, str, str, str]]) -> str:
    trs = "".join(
        f"<tr><td><a href='{u}'>{html.escape(t)}</a></td><td>{a}</td><td>{r}</td><td>{s}</td></tr>"
        for t, u, a, r, s in rows
    )
    return page("县长信箱", "<h2>县长信箱</h2><table class='mail'><tr><th>标题</th><th>留言时间</th><th>回复时间</th>"
                f"<th>状态</th></tr>{trs}</table>")  # fmt: skip


def _letter(title: str, asked: str, *, reply: tuple[str, str, str] | None = None, handler: str = "") -> str:
    rows = f"<p>留言标题：{title}</p><p>留言时间：{asked} 09:00</p>"
    rows += f"<p>承办单位：{handler}</p>" if handler else ""
    if reply:
        rows += f"<p>回复单位：{reply[0]}</p><p>回复时间：{reply[1]}</p><p>回复内容：{reply[2]}</p>"
    else:
        rows += "<p>回复内容：暂无</p>"
    return page(title, f"<h1>{title}</h1><div class='letter'>{rows}</div>")


def test_obligations_over_http(server: SiteServer, tmp_path: Path) -> None:
    docs = {
        "/zcwj/a.html": (
            "示范县人民政府办公室关于印发示范县城乡环境卫生管理办法的通知",
            40,
            "示政办发〔2026〕40号",
        ),
        "/zcwj/b.html": (
            "示范县人民政府办公室关于印发示范县中小学生校外培训管理办法的通知",
            20,
            "示政办发〔2026〕44号",
        ),
        "/zcwj/c.html": ("关于印发《示范县城区停车管理办法（试行）》的通知", 30, "示政办发〔2026〕41号"),
    }
    letters = [
        ("关于城南小区路灯长期不亮的问题", "/xzxx/m1.html", _d(30), _d(27), "已回复"),
        ("关于乡村学校校车接送时间的咨询", "/xzxx/m2.html", _d(25), "", "未回复"),
        ("关于村道路面破损影响出行的问题", "/xzxx/m3.html", _d(120), "", "未回复"),
        ("关于学校门口交通拥堵的建议", "/xzxx/m4.html", _d(3), "", "未回复"),
    ]
    base = serve(server, {
        "/": page("首页", "<a href='/zcwj/'>政策文件</a>"),
        "/zcwj/": column_page("政策文件", [(t, u, _d(a)) for u, (t, a, _) in docs.items()]),
        **{u: _doc(t, a, wh) for u, (t, a, wh) in docs.items()},
        # title-only match (no link), same day as the document
        "/zcjd/": column_page("政策解读", [("《示范县城区停车管理办法（试行）》政策解读", "/zcjd/j1.html", _d(30)),
                                          ("《示范县城乡环境卫生管理办法》要点摘抄", "/zcjd/j2.html", _d(40))]),
        "/zcjd/j1.html": article("《示范县城区停车管理办法（试行）》政策解读", days(AS_OF, 30)),
        "/zcjd/j2.html": article("《示范县城乡环境卫生管理办法》要点摘抄", days(AS_OF, 40)),
        # an interpretation in another column that links back to its document
        "/zctj/": column_page("政策图解", [("一图读懂：校外培训这样管", "/zctj/t1.html", _d(20))]),
        "/zctj/t1.html": article("一图读懂：校外培训这样管", days(AS_OF, 20),
                                 body="<p>图解内容。</p><p>原文链接：<a href='/zcwj/b.html'>校外培训管理办法</a></p>"),
        "/yjzj/": column_page("意见征集", [
            ("关于公开征求《示范县养犬管理规定（征求意见稿）》意见的通知", "/yjzj/c1.html", _d(10)),
            ("关于公开征求《示范县城区占道经营管理办法（征求意见稿）》意见的通知", "/yjzj/c2.html", _d(70)),
            ("关于《示范县城区占道经营管理办法（征求意见稿）》征求意见采纳情况的反馈", "/yjzj/c3.html", _d(45)),
            ("关于公开征求《示范县农贸市场管理办法（征求意见稿）》意见的通知", "/yjzj/c4.html", _d(100))]),
        "/yjzj/c1.html": article("关于公开征求《示范县养犬管理规定（征求意见稿）》意见的通知", days(AS_OF, 10),
                                 body=f"<p>征求意见时间：{_d(10)} 至 {_d(-20)}</p>"),
        "/yjzj/c2.html": article("关于公开征求《示范县城区占道经营管理办法（征求意见稿）》意见的通知", days(AS_OF, 70),
                                 body=f"<p>征求意见时间：{_d(70)} 至 {_d(55)}</p>"),
        "/yjzj/c3.html": article("关于《示范县城区占道经营管理办法（征求意见稿）》征求意见采纳情况的反馈", days(AS_OF, 45),
                                 body="<p>共收到意见5条，采纳3条。</p>"),
        "/yjzj/c4.html": article("关于公开征求《示范县农贸市场管理办法（征求意见稿）》意见的通知", days(AS_OF, 100),
                                 body=f"<p>征求意见时间：{_d(100)} 至 {_d(65)}</p>"),
        "/xzxx/": _mail_list(letters),
        "/xzxx/m1.html": _letter(letters[0][0], _d(30), reply=("示范县住房和城乡建设局", _d(27), "已安排维修。")),
        "/xzxx/m2.html": _letter(letters[1][0], _d(25), handler="示范县教育局"),
        "/xzxx/m3.html": _letter(letters[2][0], _d(120)),
        "/xzxx/m4.html": _letter(letters[3][0], _d(3)),
    })  # fmt: skip
    config = make_config(base, [
        {"name": "政策文件", "url": "/zcwj/", "kind": "policy"},
        {"name": "政策解读", "url": "/zcjd/", "kind": "interpretation"},
        {"name": "政策图解", "url": "/zctj/", "kind": "other"},
        {"name": "意见征集", "url": "/yjzj/", "kind": "consultation"},
        {"name": "县长信箱", "url": "/xzxx/", "kind": "interaction"},
    ])  # fmt: skip
    result = run(config, tmp_path)
    missing = by_check(result, "interpretation_missing")
    assert [f.url for f in missing] == [base + "/zcwj/a.html"], [f.message for f in missing]
    assert "要点摘抄" in missing[0].message  # the excerpt is shown as a near candidate
    assert not by_check(result, "interpretation_late")
    assert [f.url for f in by_check(result, "consultation_period_short")] == [base + "/yjzj/c2.html"]
    assert [f.url for f in by_check(result, "consultation_feedback_missing")] == [base + "/yjzj/c4.html"]
    overdue = {f.url: f for f in by_check(result, "interaction_overdue")}
    assert set(overdue) == {base + "/xzxx/m2.html", base + "/xzxx/m3.html"}
    assert overdue[base + "/xzxx/m2.html"].severity.value == "minor"
    assert overdue[base + "/xzxx/m2.html"].unit == "县教育局"
    assert overdue[base + "/xzxx/m3.html"].severity.value == "veto"
    assert not [n for n in result.notes if n.column in ("意见征集", "县长信箱", "政策解读")], result.notes


def test_real_pages_give_no_false_alarm(server: SiteServer, tmp_path: Path) -> None:
    """Real pages: a 转发 notice with an empty 相关解读 block and a 1981 document first published
    online in 2018 (成文日期 37 years before 发布日期) are neither missing an interpretation nor late."""
    pages = {"/zcwj/hubei.html": "hubei_scjg_xxgk_detail.html",
             "/zcwj/govcn1981.html": "govcn_zhengce_1981doc_published2018_metadata_fragment.html"}  # fmt: skip
    if not all((REALPAGES / "detail" / f).exists() for f in pages.values()):
        pytest.skip("realpages absent")
    routes = {u: Resp((REALPAGES / "detail" / f).read_bytes(), content_type="text/html; charset=utf-8")
              for u, f in pages.items()}  # fmt: skip
    base = serve(server, {
        "/": page("首页", "<a href='/zcwj/'>政策文件</a>"),
        "/zcwj/": column_page("政策文件", [("湖北省市场监督管理局办公室关于转发国家知识产权局等五部门通知", "/zcwj/hubei.html",
                                            "2023-08-28"), ("国务院关于棉粮、糖粮挂钩奖售粮几个问题的通知",
                                                            "/zcwj/govcn1981.html", "2018-12-04")]),
        "/zcjd/": column_page("政策解读", [("《示范县城区停车管理办法》政策解读", "/zcjd/j1.html", _d(30))]),
        "/zcjd/j1.html": article("《示范县城区停车管理办法》政策解读", days(AS_OF, 30)),
        **routes,
    })  # fmt: skip
    config = make_config(base, [{"name": "政策文件", "url": "/zcwj/", "kind": "policy"},
                                {"name": "政策解读", "url": "/zcjd/", "kind": "interpretation"}])  # fmt: skip
    result = run(config, tmp_path, as_of=D(2023, 12, 1))
    ours = {"interpretation_missing", "interpretation_late", "publication_late", "validity_missing"}
    assert not [f for f in result.findings if f.check in ours], [f.message for f in result.findings]
    fetched = {p for p in pages if any(p in n.url for n in result.notes)}
    assert not fetched  # nothing about these pages was left undecided either
    # the decoy is a decoy because of the recent window: widen it and the 37 years show
    wide = make_config(base, [{"name": "政策文件", "url": "/zcwj/", "kind": "policy"},
                              {"name": "政策解读", "url": "/zcjd/", "kind": "interpretation"}],
                       site={"rules": {"normative": {"recent_days": 20000}}})  # fmt: skip
    late = by_check(run(wide, tmp_path / "wide", as_of=D(2023, 12, 1)), "publication_late")
    assert [f.url for f in late] == [base + "/zcwj/govcn1981.html"]
    assert late[0].evidence["written"] == "1981-05-23" and late[0].evidence["published_on"] == "2018-12-04"
