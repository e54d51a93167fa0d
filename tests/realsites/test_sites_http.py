"""The further site templates served over HTTP on 127.0.0.1 and audited end to end (homepage →
column → list pages → articles): every entry read, the fields and states a person sees, no false
finding on a healthy page, and a decoy that is really at fault reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import by_check
from tests.realsites import lists as L
from tests.realsites import pages as P
from tests.realsites.site import ago, audit_site, by_query, findings, gbk


def _titles(word: str, n: int) -> list[str]:
    return [f"测试县{word}第{i + 1}号工作通知" for i in range(n)]


def test_topiecms_site_two_pages_and_a_stale_decoy(server: SiteServer, tmp_path: Path) -> None:
    """topie/topiecms · src/main/webapp/template/jh-zwgk-child-list.ftl and jh-content.ftl: dates
    inside the links, a 下一页 link to ?pageNum=2; 30 entries over two pages read with their dates,
    no finding; the decoy column's newest entry is 200 days old: column_stale, and only there."""
    fresh = [(t, f"/zwgk/tzgg/{i}.html", ago(2 + 5 * i)) for i, t in enumerate(_titles("通知公告", 30))]
    old = [(t, f"/zwgk/ghjh/{i}.html", ago(200 + 30 * i)) for i, t in enumerate(_titles("规划计划", 4))]
    pager = '<div class="pagination"><span>1</span><a href="?pageNum=2">2</a><a href="?pageNum=2">下一页</a></div>'
    pager2 = '<div class="pagination"><a href="./">上一页</a><a href="./">1</a><span>2</span></div>'
    routes = {
        "/zwgk/tzgg/": by_query(
            "pageNum",
            {
                "1": L.topiecms_list("通知公告", fresh[:18], pager=pager),
                "2": L.topiecms_list("通知公告", fresh[18:], pager=pager2),
            },
        ),
        "/zwgk/ghjh/": L.topiecms_list("规划计划", old),
    }
    for t, h, d in fresh + old:
        routes[h] = P.topiecms_article(t, d)
    cols = [{"name": "通知公告", "url": "/zwgk/tzgg/", "kind": "notice"},
            {"name": "规划计划", "url": "/zwgk/ghjh/", "kind": "notice"}]  # fmt: skip
    result, _base, snap = audit_site(server, tmp_path, routes, cols)
    items = snap.column_items("通知公告")
    assert sorted((i.title, i.date) for i in items) == sorted((t, d) for t, _, d in fresh)
    assert findings(result, column="通知公告") == []
    assert [(f.check, f.column) for f in result.findings] == [("column_stale", "规划计划")]


def _doc_fields(n: int, age: int, validity: str = "有效") -> list[tuple[str, str]]:
    return [("索引号", f"11339901002500121W/2026-{n:05d}"), ("信息编号", f"GK2026-{n:04d}"), ("发布日期", ago(age).isoformat()),
            ("发布机构", "测试县人民政府办公室"), ("信息来源", "县政府办"), ("关键词", "管理办法"),
            ("成文日期", ago(age + 4).isoformat()), ("文号", f"测政发〔2026〕{n}号"), ("有效性", validity)]  # fmt: skip


def test_epoint_site_three_pages_and_symbol_metadata(server: SiteServer, tmp_path: Path) -> None:
    """DIYgod/RSSHub · lib/routes/gov/sichuan/deyang/govpublicinfo.ts (绵竹市 Epoint iList.jsp and
    #symbol): 35 documents over three cur_page pages, each with 索引号/发布机构/成文日期/发布日期/文号/
    有效性 in #symbol cells: all read, no metadata_incomplete/validity_missing/publication_late; the
    decoy document's 有效性 cell is empty: validity_missing for it alone."""
    docs = [(f"测试县第{i + 1}号行政规范性文件", f"/info/{1000 + i}.html", ago(3 + 6 * i)) for i in range(35)]
    pages = {str(p + 1): L.epoint_list("行政规范性文件", docs[p * 15 : p * 15 + 15], page=p + 1, pages=3, records=35)
             for p in range(3)}  # fmt: skip
    routes = {"/info/iList.jsp": by_query("cur_page", pages)}
    for i, (t, h, d) in enumerate(docs):
        routes[h] = P.epoint_document(t, _doc_fields(i + 1, (ago(0) - d).days, "" if i == 7 else "有效"))
    cols = [
        {
            "name": "行政规范性文件",
            "url": "/info/iList.jsp?node_id=GKcsx&cat_id=15971&cur_page=1",
            "kind": "policy",
        }
    ]
    result, base, snap = audit_site(server, tmp_path, routes, cols, disable=["interpretation_missing"])
    items = snap.column_items("行政规范性文件")
    assert sorted((i.title, i.date) for i in items) == sorted((t, d) for t, _, d in docs)
    page = snap.page(base + docs[0][1])
    assert page is not None and {k: page.xxgk.get(k) for k in ("索引号", "发布机构", "文号", "有效性")} == {
        "索引号": "11339901002500121W/2026-00001", "发布机构": "测试县人民政府办公室", "文号": "测政发〔2026〕1号", "有效性": "有效",
    }  # fmt: skip
    decoy = base + docs[7][1]
    assert sorted((f.check, f.url) for f in result.findings) == [
        ("metadata_incomplete", decoy),
        ("validity_missing", decoy),
    ]


def test_minmore_mailbox_table_and_letter_pages(server: SiteServer, tmp_path: Path) -> None:
    """wangxiaomo/MinMoreCMS · …/L1_TP/DirectorMail/Index/index.php (table 来信主题/状态/时间/受理单位,
    已回复/未回复) and …/L2_Global/DirectorMail/Index/mail.php (row-prompt labels with ``:``, 办理时间
    暂无): a letter unanswered for 40 days is overdue; one answered, and one asked 3 days ago, not."""
    rows = [("关于城区路灯不亮的问题", "/xx/mail?mailid=1", "未回复", f"{ago(40)} 09:12:30", "县城管局"),
            ("关于学校校车接送时间的咨询", "/xx/mail?mailid=2", "已回复", f"{ago(30)} 10:00:00", "县教育局"),
            ("关于菜市场占道经营的建议", "/xx/mail?mailid=3", "未回复", f"{ago(3)} 15:20:00", "县市场监管局")]  # fmt: skip
    letters = {
        "1": P.minmore_letter(rows[0][0], rows[0][3], unit="县城管局", state="办理中"),
        "2": P.minmore_letter(rows[1][0], rows[1][3], unit="县教育局", state="已办结", replied=f"{ago(27)} 16:00:00",
                              answer="经核实，校车接送时间已调整。"),
        "3": P.minmore_letter(rows[2][0], rows[2][3], unit="县市场监管局", state="待处理"),
    }  # fmt: skip
    routes = {"/xx/": L.minmore_mailbox("局长信箱", rows), "/xx/mail": by_query("mailid", letters)}
    result, base, _snap = audit_site(
        server, tmp_path, routes, [{"name": "局长信箱", "url": "/xx/", "kind": "interaction"}]
    )
    overdue = by_check(result, "interaction_overdue")
    assert [f.url for f in overdue] == [base + "/xx/mail?mailid=1"], [f.message for f in overdue]
    assert [(f.check, f.column) for f in result.findings] == [("interaction_overdue", "局长信箱")]
    assert not [n for n in result.notes if n.column == "局长信箱" and "未能读出" in n.message]


def test_gxga_petition_table_without_links(server: SiteServer, tmp_path: Path) -> None:
    """nanlei/GXGA · src/main/webapp/Freemarker/front/oa/minxinwang_list.ftl: titles as plain cells,
    a 拟办时间 deadline column, states 未处理/处理中/办结/超时: the old 未处理, 处理中 and 超时
    petitions are overdue, the 办结 one and the fresh 未处理 one are not; 拟办时间 is no reply."""
    rows = [("MX2026001", "关于小区供暖不热的投诉", "县住建局", ago(45).isoformat(), ago(30).isoformat(), "未处理"),
            ("MX2026002", "关于道路积水的投诉", "县城管局", ago(44).isoformat(), ago(29).isoformat(), "处理中"),
            ("MX2026003", "关于噪声扰民的投诉", "县生态环境局", ago(43).isoformat(), ago(28).isoformat(), "办结"),
            ("MX2026004", "关于公交线路调整的投诉", "县交通局", ago(42).isoformat(), ago(27).isoformat(), "超时"),
            ("MX2026005", "关于占道停车的投诉", "县公安局", ago(2).isoformat(), ago(-13).isoformat(), "未处理")]  # fmt: skip
    routes = {"/oa/minxinwang/": L.gxga_petitions("民心网", rows)}
    result, _base, _snap = audit_site(
        server, tmp_path, routes, [{"name": "民心网", "url": "/oa/minxinwang/", "kind": "interaction"}]
    )
    overdue = by_check(result, "interaction_overdue")
    said = " ".join(f.message for f in overdue)
    for title in ("小区供暖不热", "道路积水", "公交线路调整"):
        assert title in said, said
    for title in ("噪声扰民", "占道停车"):
        assert title not in said, said
    assert {f.check for f in result.findings} == {"interaction_overdue"}
    # the list has no links to open: said so, and the column is not called blank
    assert any("5 条带日期的条目" in n.message and "没有链接" in n.message for n in result.notes), (
        result.notes
    )


def test_cqjw_consultations_windows_from_the_topic_pages(server: SiteServer, tmp_path: Path) -> None:
    """Beyond-yan/cqjw · Portal/WebContent/WEB-INF/pages/communication/topicList.jsp: rows with 开始日期
    and 结束日期 in one span, topic pages with 征集时间 S 至 E: a 10-day window is reported short,
    30- and 35-day windows are not."""
    spans = [(10, 60), (30, 90), (35, 140)]
    rows = [(f"关于公开征求《测试县第{n}号管理办法（征求意见稿）》意见的公告", f"/topics/{n}.html", ago(s), ago(s - w))
            for n, (w, s) in enumerate(spans)]  # fmt: skip
    routes = {"/topics/list": L.cqjw_topics("意见征集", rows)}
    for t, h, s, f in rows:
        routes[h] = P.cqjw_topic(t, s, s, f)
    result, base, snap = audit_site(server, tmp_path, routes, [{"name": "意见征集", "url": "/topics/list", "kind": "consultation"}],
                                    disable=["consultation_feedback_missing"])  # fmt: skip
    assert [(i.title, i.date) for i in snap.column_items("意见征集")] == [(t, s) for t, _, s, _ in rows]
    short = by_check(result, "consultation_period_short")
    assert [f.url for f in short] == [base + "/topics/0.html"]
    assert short[0].evidence["days"] in (10, 11)
    assert {f.check for f in result.findings} == {"consultation_period_short"}


def test_cqjt_ajax_list_is_partial_not_judged(server: SiteServer, tmp_path: Path) -> None:
    """Beyond-yan/cqjw · …/portal/traffic/publicArchsList.jsp: 15 of 45 entries on the page, the rest
    by ajax: a note says so, and the column is not called stale (its first page is fresh)."""
    es = [(t, f"/archs/{i}.html", ago(1 + 2 * i)) for i, t in enumerate(_titles("公开公文", 15))]
    routes = {"/guest/news.xhtml": L.cqjt_archives("公开公文", es, total=45, page_size=15)}
    for t, h, d in es:
        routes[h] = P.topiecms_article(t, d)
    result, _base, snap = audit_site(
        server, tmp_path, routes, [{"name": "公开公文", "url": "/guest/news.xhtml", "kind": "notice"}]
    )
    assert len(snap.column_items("公开公文")) == 15
    assert any("共 45 条" in n.message and "只读到 15 条" in n.message for n in result.notes), result.notes
    assert result.findings == []


def test_xhhb_datatable_and_trs_govsearch_pages(server: SiteServer, tmp_path: Path) -> None:
    """xiaowx2010/XHHB_WEB · WebFront/sub_hjyxpj.aspx (40 rows, DataTables pager in the browser) and
    henryfeng811/web · govsearch__zhaoqing2/…/advsearch.jsp (ul.row rows, index_N.htm from
    m_nRecordCount / m_nPageSize): every entry read, no finding."""
    hp = [
        (f"测试县第{i + 1}号建设项目环境影响报告表", f"/hp/{i}.html", "测试县某建设单位", ago(2 + 4 * i))
        for i in range(40)
    ]
    gk = [(f"测试县第{i + 1}号政府信息", f"/gkml/xxgk/{i}.html", ago(1 + 3 * i), f"测政发〔2026〕{i + 1}号")
          for i in range(50)]  # fmt: skip
    routes = {"/sub_hjyxpj.aspx": L.xhhb_datatable("环评受理公示", hp),
              "/gkml/xxgk/js/page.js": Resp("var PageContext = {};", content_type="application/javascript")}  # fmt: skip
    for p in range(3):
        name = "index.htm" if p == 0 else f"index_{p}.htm"
        routes[f"/gkml/xxgk/{name}"] = L.trs_govsearch(
            "政府信息", gk[p * 20 : p * 20 + 20], records=50, page_size=20, page=p
        )
    for t, h, _u, d in hp:
        routes[h] = P.topiecms_article(t, d)
    for t, h, d, _n in gk:
        routes[h] = P.topiecms_article(t, d)
    cols = [{"name": "环评受理公示", "url": "/sub_hjyxpj.aspx?cid=31", "kind": "notice"},
            {"name": "政府信息", "url": "/gkml/xxgk/index.htm", "kind": "notice"}]  # fmt: skip
    result, _base, snap = audit_site(server, tmp_path, routes, cols)
    assert [(i.title, i.date) for i in snap.column_items("环评受理公示")] == [(t, d) for t, _, _, d in hp]
    assert sorted((i.title, i.date) for i in snap.column_items("政府信息")) == sorted(
        (t, d) for t, _, d, _ in gk
    )
    assert result.findings == []
    assert not [n for n in result.notes if "未读全" in n.message]


def test_baosight_gbk_yearless_dates_and_fujian_trs_articles(server: SiteServer, tmp_path: Path) -> None:
    """swastb/javaeetutorial5 · WebRoot/WEB-INF/web/jsp/layout/zfxxgkmore.jsp (GBK, ``[ 11-02 ]``,
    moveTo pager) and changwu/pingtan-gov-zwgk-archive · pingtan/zwgk/ghxx/gzjzqk/202404/88865_…/page.html
    (时间： label, signing date in the body): 50 entries over three GBK pages read with their dates, no
    finding; a Fujian news column whose newest article is 20 days old is stale (news: 14 days)."""
    gk = [(f"测试县第{i + 1}号公开信息", f"/gk/{i}.html", ago(1 + 2 * i)) for i in range(50)]
    pages = {
        str(p): gbk(L.baosight_gbk("政府信息公开", gk[p * 20 : p * 20 + 20], page=p, records=50))
        for p in range(3)
    }
    pages |= {"-1": pages["0"], "3": pages["2"]}  # the template's 上一页 on page 1 and 下一页 on the last
    news = [(f"测试县第{i + 1}期工作动态", f"/gzdt/t{i}.html", ago(20 + 3 * i)) for i in range(6)]
    routes = {"/layoutContent.do": by_query("moveTo", pages, first="0"),
              "/gzdt/": L.topiecms_list("工作动态", news),
              "/gzdt/P020261102000001.xls": Resp(b"\xd0\xcf\x11\xe0", content_type="application/vnd.ms-excel")}  # fmt: skip
    for t, h, d in gk:
        routes[h] = P.topiecms_article(t, d)
    for t, h, d in news:
        routes[h] = P.fujian_trs_article(
            t, dt.datetime.combine(d, dt.time(9, 2)), signed=d - dt.timedelta(days=5)
        )
    cols = [{"name": "政府信息公开", "url": "/layoutContent.do?method=zfxxgkMore&name=gk&state=1", "kind": "notice"},
            {"name": "工作动态", "url": "/gzdt/", "kind": "news"}]  # fmt: skip
    result, base, snap = audit_site(server, tmp_path, routes, cols)
    assert sorted((i.title, i.date) for i in snap.column_items("政府信息公开")) == sorted(
        (t, d) for t, _, d in gk
    )
    page = snap.page(base + news[0][1])
    assert page is not None and page.pub_date == news[0][2]
    assert [(f.check, f.column) for f in result.findings] == [("column_stale", "工作动态")]


def test_kggov_em_list_and_opengov_pages_without_a_shown_date(server: SiteServer, tmp_path: Path) -> None:
    """cswzxly/javaee · kgGov/Web/view/web/frontContents/front_contents_page.jsp (民意征集 box, dates
    in <em>) and LWABCD/government · …/proscenium/openGovernmentDetail.jsp (the page's only date
    trails the body, unlabelled): windows written 自即日起至… run from the list entry's date; 8 days
    is reported short, 40 days is not, and nothing else is found."""
    rows = [("关于征求《测试县停车场管理办法（征求意见稿）》意见的公告", "/web/op/1.html", ago(50), 8),
            ("关于征求《测试县物业管理办法（征求意见稿）》意见的公告", "/web/op/2.html", ago(90), 40)]  # fmt: skip
    routes = {"/web/contents.action": L.kggov_boxes([("民意征集", [(t, h, d) for t, h, d, _ in rows])])}
    for t, h, d, days in rows:
        end = d + dt.timedelta(days=days)
        body = (f"<p>现将草案全文公布，公开征求社会各界意见。</p><p>征求意见时间：自即日起至{end.year}年{end.month}月"
                f"{end.day}日止。</p>")  # fmt: skip
        routes[h] = P.opengov_detail(t, d, body=body)
    cols = [{"name": "民意征集", "url": "/web/contents.action", "kind": "consultation"}]
    result, base, snap = audit_site(server, tmp_path, routes, cols, disable=["consultation_feedback_missing"])
    assert [(i.title, i.date) for i in snap.column_items("民意征集")] == [(t, d) for t, _, d, _ in rows]
    short = by_check(result, "consultation_period_short")
    assert [f.url for f in short] == [base + "/web/op/1.html"], [f.message for f in short]
    assert {f.check for f in result.findings} == {"consultation_period_short"}
