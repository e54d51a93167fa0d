"""One problem, one finding (issue 9 item 5; CHECKS.md §3), end to end on real local HTTP sites:
a page leaking ID and mobile numbers in its text and its attachment is one veto finding listing
all four; a dead hidden 暗链 is one serious_error finding that says it is dead (no broken_link);
an annual report listed in two columns fails each identity once. The 单项否决 count of the
reports counts distinct problems. Each with its decoy."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

from govaudit.reports import html_report, json_report

from govaudit.demo.siteserver import Resp, SiteServer
from tests import annual_report_builder as ar
from tests.attachments_helpers import make_xlsx
from tests.checks.content_helpers import ID_A, ID_B, MOBILE_A, MOBILE_B
from tests.conftest import AS_OF, by_check, make_config, run, serve
from tests.sitebuilder import article, column_page, days, page, ul_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _closed() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_page_leaking_in_text_and_attachment_is_one_veto_finding(server: SiteServer, tmp_path: Path) -> None:
    d1 = days(AS_OF, 1)
    names = make_xlsx({"名单": [["姓名", "身份证号码", "联系电话"], ["李四", ID_B, MOBILE_B]]})
    masked = make_xlsx(
        {"名单": [["姓名", "身份证号码", "联系电话"], ["王五", "370322********1234", "139****1234"]]}
    )
    items = [
        ("关于发放补贴的公示", "/gsgg/a.html", d1.isoformat()),
        ("关于低保对象的公示", "/gsgg/b.html", d1.isoformat()),
    ]
    dead = _closed()
    base = serve(server, {
        "/": page("首页", ul_list(items)),
        "/gsgg/": column_page("公示公告", items),
        "/gsgg/a.html": article("关于发放补贴的公示", d1,
                                body=f"<p>张三，身份证号：{ID_A}，联系电话：{MOBILE_A}。</p>"
                                     '<p><a href="/att/mingdan.xlsx">附件：补贴名单.xlsx</a></p>'),
        # decoy: masked numbers in the text and in the attachment
        "/gsgg/b.html": article("关于低保对象的公示", d1,
                                body="<p>王五 370322********1234 139****1234</p>"
                                     '<p><a href="/att/masked.xlsx">附件：名单.xlsx</a></p>'
                                     f'<p><a href="{dead}/">合作单位</a></p>'),
        "/att/mingdan.xlsx": Resp(names, content_type=XLSX),
        "/att/masked.xlsx": Resp(masked, content_type=XLSX),
    })  # fmt: skip
    result = run(make_config(base, [{"name": "公示公告", "url": "/gsgg/", "kind": "notice"}]), tmp_path)
    leaks = by_check(result, "privacy_leak")
    assert [f.url for f in leaks] == [base + "/gsgg/a.html"]  # one finding, for the page
    leak = leaks[0]
    assert leak.severity.value == "veto" and leak.evidence["kinds"] == ["身份证号码", "手机号码"]
    listed = {(x["place"], x["kind"]) for x in leak.evidence["samples"]}
    assert listed == {("页面", "身份证号码"), ("页面", "手机号码"), ("附件“补贴名单.xlsx”", "身份证号码"),
                      ("附件“补贴名单.xlsx”", "手机号码")}  # all four listed  # fmt: skip
    assert leak.evidence["count"] == 4 and leak.evidence["attachments"] == ["补贴名单.xlsx"]
    assert "页面“关于发放补贴的公示”及其附件“补贴名单.xlsx”" in leak.message
    assert "身份证号码 2 个、手机号码 2 个" in leak.message
    # the 单项否决 count of every report counts this problem once
    vetoes = [f for f in result.findings if f.severity.value == "veto"]
    assert len(vetoes) == 1
    html = html_report.render(result)
    assert '单项否决风险<b style="color:#b4262a">1</b>' in html
    assert sum(f["severity"] == "veto" for f in json_report.build(result)["findings"]) == 1


def test_dead_hidden_link_is_one_serious_error(server: SiteServer, tmp_path: Path) -> None:
    # a 暗链 whose host no longer answers (another host name than the site's 127.0.0.1)
    hidden = _closed().replace("127.0.0.1", "localhost") + "/casino/"
    visible = f"{_closed()}/partner/"  # decoy: a visible dead outside link stays a broken_link
    d1 = days(AS_OF, 1)
    items = [("县政府召开常务会议", "/zwyw/a1.html", d1.isoformat())]
    base = serve(server, {
        "/": page("首页", ul_list(items)),
        "/zwyw/": column_page("政务要闻", items),
        "/zwyw/a1.html": article("县政府召开常务会议", d1, body=(
            f'<p>正文。<a href="{visible}">合作单位网站</a></p>'
            f'<div style="position:absolute;left:-9999px"><a href="{hidden}">澳门百家乐</a></div>')),
    })  # fmt: skip
    result = run(make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}]), tmp_path)
    serious = by_check(result, "serious_error")
    assert len(serious) == 1 and serious[0].evidence["url"] == hidden
    assert serious[0].evidence["target_status"] == "无法访问（连接被拒绝）"
    assert "该链接目标已无法访问（连接被拒绝）" in serious[0].message
    assert [f.url for f in by_check(result, "broken_link")] == [visible]


def test_annual_report_listed_in_two_columns_fails_once(server: SiteServer, tmp_path: Path) -> None:
    bad = ar.consistent()
    bad["open"] = ar.row(9, 1)  # 予以公开 one short: 总计 ≠ sum of results (自然人 and 总计 columns)
    county = ("示范县2025年政府信息公开工作年度报告", "/ndbg/a1.html", "2026-03-28")
    county_again = (
        "示范县2025年政府信息公开工作年度报告",
        "/xxgk/nb/a1.html",
        "2026-03-28",
    )  # the same report
    dept = ("县财政局2025年度政府信息公开工作报告", "/xxgk/nb/a2.html", "2026-01-20")  # decoy: another report
    body = ar.report_html_body(2025, bad, ar.t4())
    base = serve(server, {
        "/": page("首页", ""),
        "/ndbg/": column_page("政府信息公开年报", [county]),
        "/xxgk/nb/": column_page("年度报告", [county_again, dept]),
        "/ndbg/a1.html": article(county[0], dt.date(2026, 3, 28), body=body),
        "/xxgk/nb/a1.html": article(county[0], dt.date(2026, 3, 28), body=body),
        "/xxgk/nb/a2.html": article(dept[0], dt.date(2026, 1, 20), body=body),
    })  # fmt: skip
    cols = [{"name": "政府信息公开年报", "url": "/ndbg/", "kind": "annual_report"},
            {"name": "年度报告", "url": "/xxgk/nb/", "kind": "annual_report"}]  # fmt: skip
    result = run(make_config(base, cols), tmp_path)
    found = by_check(result, "annual_report_inconsistent")
    got = sorted((f.url.removeprefix(base), f.evidence["column"]) for f in found)
    assert got == [("/ndbg/a1.html", "总计"), ("/ndbg/a1.html", "自然人"),
                   ("/xxgk/nb/a2.html", "总计"), ("/xxgk/nb/a2.html", "自然人")]  # fmt: skip
