"""Extraction on the further site templates (tests/realsites/lists.py, pages.py): every entry a
person sees is read with its date, the pager leads where a click leads, the 政务公开 fields and the
publication date are the ones shown. Each test names the repository and path it was modelled on."""

from __future__ import annotations

import datetime as dt

from govaudit.crawler.extract import decode_html, extract_list, extract_page_info, extract_xxgk, parse_html

from tests.realsites import lists as L
from tests.realsites import pages as P

REF = dt.date(2026, 11, 20)
BASE = "http://127.0.0.1:8000"


def entries(n: int, folder: str, *, step: int = 3, first: int = 1) -> list[tuple[str, str, dt.date]]:
    return [(f"测试县关于做好第{i + 1}批重点工作的通知", f"/{folder}/content_{9000 + i}.html",
             REF - dt.timedelta(days=first + step * i)) for i in range(n)]  # fmt: skip


def lst(html: str, url: str):
    return extract_list(parse_html(html), url, ref_date=REF)


def test_topiecms_date_inside_the_link():
    """topie/topiecms · src/main/webapp/template/jh-zwgk-child-list.ftl: the date span sits inside
    the <a> after the title span; the title must not swallow the date, the side menu is no list."""
    es = entries(18, "zwgk/tzgg")
    r = lst(L.topiecms_list("通知公告", es), BASE + "/zwgk/tzgg/")
    assert [(i.title, i.date) for i in r.items] == [(t, d) for t, _, d in es]
    assert r.items[0].url == BASE + es[0][1]


def test_epoint_list_full_titles_and_cur_page_pager():
    """DIYgod/RSSHub · lib/routes/gov/sichuan/deyang/govpublicinfo.ts (绵竹市 iList.jsp): titles cut
    with … in the text, whole in a[title]; 下一页/尾页 carry cur_page."""
    es = entries(15, "info")
    url = BASE + "/info/iList.jsp?node_id=GKcsx&cat_id=15971&cur_page=1"
    r = lst(L.epoint_list("法定主动内容", es, page=1, pages=3, records=41), url)
    assert [(i.title, i.date) for i in r.items] == [(t, d) for t, _, d in es]
    follow = sorted(f.url for f in r.follow)
    assert follow == [BASE + f"/info/iList.jsp?node_id=GKcsx&cat_id=15971&cur_page={n}" for n in (2, 3)]
    assert r.total_records == 41


def test_cqjw_two_dates_in_one_span_take_the_start():
    """Beyond-yan/cqjw · Portal/WebContent/WEB-INF/pages/communication/topicList.jsp: 开始日期 and
    结束日期 in one span; the entry's date is the first (when it was put up)."""
    rows = [(f"关于征求《测试县第{i}号管理办法》意见的公告", f"/topics/{i}.html", REF - dt.timedelta(days=40 + i * 5),
             REF - dt.timedelta(days=10 + i * 5)) for i in range(6)]  # fmt: skip
    r = lst(L.cqjw_topics("意见征集", rows), BASE + "/topics/list")
    assert [(i.title, i.date) for i in r.items] == [(t, s) for t, _, s, _ in rows]


def test_cqjt_ajax_pager_states_a_total_in_hidden_inputs():
    """Beyond-yan/cqjw · …/portal/traffic/publicArchsList.jsp: 15 rows on the page, 45 in all (only
    in <input type=hidden id=totalCount>), the rest by an ajax POST: the total is known."""
    es = entries(15, "archs")
    r = lst(
        L.cqjt_archives("公开公文", es, total=45, page_size=15), BASE + "/guest/news.xhtml?face=publicArchs"
    )
    assert [(i.title, i.date) for i in r.items] == [(t, d) for t, _, d in es]
    assert r.total_records == 45


def test_kggov_em_dates_one_box_per_column():
    """cswzxly/javaee · kgGov/Web/view/web/frontContents/front_contents_page.jsp: dates in <em>."""
    es = entries(8, "myzj")
    r = lst(L.kggov_boxes([("民意征集", es)]), BASE + "/web/front_contents_page.action")
    assert [(i.title, i.date) for i in r.items] == [(t, d) for t, _, d in es]


def test_xhhb_all_rows_on_one_page_with_a_client_side_pager():
    """xiaowx2010/XHHB_WEB · WebFront/sub_hjyxpj.aspx: 40 rows in one table paged by DataTables in
    the browser: all 40 read, nothing to follow."""
    rows = [(f"测试县第{i + 1}号建设项目环境影响报告表", f"/hp/{i}.html", "测试县某建设单位", REF - dt.timedelta(days=2 + 4 * i))
            for i in range(40)]  # fmt: skip
    r = lst(L.xhhb_datatable("环评受理公示", rows), BASE + "/sub_hjyxpj.aspx?cid=31")
    assert [(i.title, i.date) for i in r.items] == [(t, d) for t, _, _, d in rows]
    assert r.follow == []


def test_baosight_gbk_month_day_in_brackets_and_move_to_pager():
    """swastb/javaeetutorial5 · WebRoot/WEB-INF/web/jsp/layout/zfxxgkmore.jsp: a GBK page, dates
    ``[ 11-02 ]`` without a year, separator rows, 下一页 by moveTo."""
    es = entries(20, "gk", step=2)
    raw = L.baosight_gbk("政府信息公开", es, page=0, records=57).encode("gbk")
    text, _enc = decode_html(raw, "text/html")
    r = lst(text, BASE + "/layoutContent.do?method=zfxxgkMore&name=gk&state=1")
    assert [(i.title, i.date) for i in r.items] == [(t, d) for t, _, d in es]
    assert all(i.yearless for i in r.items)
    assert any("moveTo=1" in f.url for f in r.follow)
    assert r.total_records == 57


def test_trs_govsearch_rows_and_script_pager():
    """henryfeng811/web · govsearch__zhaoqing2/…/advsearch.jsp: ul.row rows (序号/名称/发布日期/文号),
    the pager from m_nRecordCount / m_nPageSize with pages index_N.htm."""
    es = [(t, h, d, f"测政发〔2026〕{i + 1}号") for i, (t, h, d) in enumerate(entries(20, "gkml"))]
    r = lst(
        L.trs_govsearch("规范性文件", es, records=50, page_size=20, page=0), BASE + "/gkml/gfxwj/index.htm"
    )
    assert [(i.title, i.date) for i in r.items] == [(t, d) for t, _, d, _ in es]
    assert r.total_records == 50
    assert sorted(f.url for f in r.follow) == [
        BASE + "/gkml/gfxwj/index_1.htm",
        BASE + "/gkml/gfxwj/index_2.htm",
    ]


def test_topiecms_article_date_from_the_info_spans():
    """topie/topiecms · src/main/webapp/template/jh-content.ftl."""
    info = extract_page_info(parse_html(P.topiecms_article("测试县关于做好冬季安全工作的通知", dt.date(2026, 11, 2))),
                             BASE + "/a.html", ref_date=REF)  # fmt: skip
    assert info.pub_date == dt.date(2026, 11, 2)
    assert info.title == "测试县关于做好冬季安全工作的通知"


def test_epoint_symbol_block_all_fields():
    """DIYgod/RSSHub · lib/routes/gov/sichuan/deyang/govpublicinfo.ts: #symbol cells, 信息编号 in a span."""
    fields = [("索引号", "008765432/2026-00123"), ("信息编号", "GK2026-0123"), ("发布日期", "2026-11-02"),
              ("发布机构", "测试县人民政府办公室"), ("信息来源", "县政府办"), ("关键词", "管理办法"),
              ("成文日期", "2026-10-28"), ("文号", "测政发〔2026〕12号"), ("有效性", "有效")]  # fmt: skip
    doc = parse_html(P.epoint_document("测试县城乡环境卫生管理办法", fields))
    x = extract_xxgk(doc)
    assert {k: x.get(k) for k in ("索引号", "发布机构", "成文日期", "发布日期", "文号", "有效性")} == {
        "索引号": "008765432/2026-00123", "发布机构": "测试县人民政府办公室", "成文日期": "2026-10-28",
        "发布日期": "2026-11-02", "文号": "测政发〔2026〕12号", "有效性": "有效",
    }  # fmt: skip
    assert extract_page_info(doc, BASE + "/info/1.html", ref_date=REF).pub_date == dt.date(2026, 11, 2)


def test_fujian_trs_article_time_label_not_the_signing_date():
    """changwu/pingtan-gov-zwgk-archive · pingtan/zwgk/ghxx/gzjzqk/202404/88865_…/page.html: the
    date labelled 时间： is the publication date; the body's signing date is earlier."""
    html = P.fujian_trs_article(
        "测试县公安局第四季度双随机抽查情况", dt.datetime(2026, 11, 2, 9, 2), signed=dt.date(2026, 10, 20)
    )
    info = extract_page_info(parse_html(html), BASE + "/zwgk/202611/t20261102_1.html", ref_date=REF)
    assert info.pub_date == dt.date(2026, 11, 2)
    assert info.title == "测试县公安局第四季度双随机抽查情况"


def test_opengov_detail_unlabelled_trailing_date_is_not_taken_for_publication():
    """LWABCD/government · src/main/webapp/WEB-INF/jsp/proscenium/openGovernmentDetail.jsp: the
    only date, unlabelled, alone in the table's last row after the content. A date after the body
    is, on most templates, the document's signature (成文) date, so the page gives none and the
    date-based checks use the list entry's date (checks/policydocs.doc_date); 来源: with a
    half-width colon does not hide the title."""
    html = P.opengov_detail("测试县2026年第三季度财政预算执行情况", dt.date(2026, 10, 28))
    info = extract_page_info(parse_html(html), BASE + "/openGov/detail?id=12", ref_date=REF)
    assert info.title == "测试县2026年第三季度财政预算执行情况"
    assert info.pub_date is None and info.dates == {}


def test_gxga_rows_without_links_are_unreadable_not_blank():
    """nanlei/GXGA · src/main/webapp/Freemarker/front/oa/minxinwang_list.ftl: the titles are plain
    cells; no list item can be opened, so the list is unreadable (never blank)."""
    rows = [
        (f"MX{i}", f"关于第{i}号问题的投诉", "县住建局", "2026-10-0" + str(i), "2026-10-20", "处理中")
        for i in range(1, 5)
    ]
    r = lst(L.gxga_petitions("民心网", rows), BASE + "/oa/minxinwang/")
    assert r.items == []
    assert r.unreadable == "列表有 4 条带日期的条目，但条目没有链接，无法逐条打开"
