"""extract_list / extract_datastore_response / extract_dated_links on small fixtures modelled on
what real CMSs produce (TRS, Hanweb, Gansu site cluster, new-generation JSON templates)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from govaudit.crawler.extract import (
    ListOverrides,
    decode_html,
    extract_datastore_response,
    extract_dated_links,
    extract_list,
    parse_html,
)

from tests.extract.extract_helpers import fixture_doc, fixture_text

D = dt.date.fromisoformat
REF = D("2025-01-05")
BASE = "http://www.example.gov.cn/xwzx/zwyw/index.html"


def lst(html: str, base: str = BASE, ref: dt.date = REF, **kw):
    return extract_list(parse_html(html), base, ref_date=ref, **kw)


def rows(n: int, *, tag: str = "span", start: str = "2024-06-28", fmt: str = "{d}") -> str:
    day = D(start)
    out = []
    for i in range(n):
        d = day - dt.timedelta(days=i)
        out.append(
            f'<li><a href="/xwzx/zwyw/{d:%Y%m}/t{d:%Y%m%d}_{1000 - i}.html" title="示范县第{i + 1}条工作动态标题">'
            f"示范县第{i + 1}条工作动态标题</a><{tag}>{fmt.format(d=d.isoformat(), md=f'{d:%m-%d}')}</{tag}></li>"
        )
    return "\n".join(out)


# --- plain DOM lists -----------------------------------------------------------------------------


def test_trs_list_with_4_argument_pager():
    r = extract_list(fixture_doc("trs_list_4arg.html"), BASE, ref_date=REF)
    assert r.source == "dom"
    assert [i.date for i in r.items] == [D("2024-06-28"), D("2024-06-27"), D("2024-06-25"), D("2024-06-20")]
    # the title attribute beats the truncated visible text
    assert r.items[0].title == "县政府召开第十二次常务会议研究部署防汛工作"
    assert r.items[0].url == "http://www.example.gov.cn/xwzx/zwyw/202406/t20240628_1001.html"
    assert [f.url for f in r.follow] == [
        f"http://www.example.gov.cn/xwzx/zwyw/index_{n}.html" for n in range(1, 7)
    ]
    assert r.total_pages == 7
    # nav and breadcrumb links are not items
    assert all("t2024" in i.url for i in r.items)


@pytest.mark.parametrize("tag", ["span", "b", "em", "i", "font", "div"])
def test_date_element_kinds(tag):
    r = lst(f"<ul class='list'>{rows(5, tag=tag)}</ul>")
    assert len(r.items) == 5
    assert r.items[0].date == D("2024-06-28") and r.items[-1].date == D("2024-06-24")


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("({d})", "(2024-06-28)"),
        ("[{d}]", "[2024-06-28]"),
        ("{d} 10:30", "2024-06-28 10:30"),
        ("发布时间：{d}", "2024-06-28"),
    ],
)
def test_date_decorations(fmt, text):
    r = lst(f"<ul>{rows(4, fmt=fmt)}</ul>")
    assert r.items[0].date == D("2024-06-28")
    assert r.items[0].date_text == text


def test_date_before_the_link_and_bare_tail_dates():
    html = "<ul>" + "".join(
        f'<li><span class="date">2024-06-{28 - i}</span><a href="/a/t202406{28 - i}_{i}.html">关于开展第{i}次专项检查的通知</a></li>'
        for i in range(4)
    )
    html += "</ul><ul class='b'>" + "".join(
        f'<li><a href="/b/t202405{20 - i}_{i}.html">第{i}批次产品抽检结果公告</a> 2024/05/{20 - i}</li>'
        for i in range(6)
    )
    r = lst(html + "</ul>")
    assert len(r.items) == 6  # the larger dated list
    assert r.items[0].date == D("2024-05-20")
    links = extract_dated_links(parse_html(html), BASE, ref_date=REF)
    assert len(links) == 10


def test_dl_dt_dd_and_div_rows():
    dl = "<dl class='news'>" + "".join(
        f'<dt><a href="/n/t202406{20 - i}_{i}.html">示范县召开第{i}次联席会议</a></dt><dd>2024-06-{20 - i}</dd>'
        for i in range(5)
    )
    r = lst(dl + "</dl>")
    assert len(r.items) == 5 and r.items[0].date == D("2024-06-20")
    divs = "<div class='list'>" + "".join(
        f'<div class="item"><div class="t"><a href="/d/art_{i}.html">示范县开展第{i}轮环境整治行动</a></div>'
        f'<div class="d"><span>2024年6月{20 - i}日</span></div></div>'
        for i in range(5)
    )
    r = lst(divs + "</div>")
    assert len(r.items) == 5 and r.items[-1].date == D("2024-06-16")


def test_date_inside_the_link():
    html = "<ul class='list'>" + "".join(
        f'<li><a href="/x/t202406{20 - i}_{i}.html"><span class="tit">关于第{i}批资金下达的公示</span><span class="time">2024-06-{20 - i}</span></a></li>'
        for i in range(4)
    )
    r = lst(html + "</ul>")
    assert len(r.items) == 4
    assert r.items[0].title == "关于第0批资金下达的公示"
    assert r.items[0].date == D("2024-06-20")


def test_table_list_with_header_row():
    r = extract_list(
        fixture_doc("table_list_header.html"), "http://www.example.gov.cn/xxgk/gfxwj/", ref_date=REF
    )
    assert r.source == "dom"
    assert len(r.items) == 3  # the header row 序号/名称/索引号/… is not an item
    # the 发布日期 column, not 成文日期 and not the 索引号 000014348/2024-35428
    assert [i.date for i in r.items] == [D("2024-06-28"), D("2024-05-16"), D("2024-03-01")]
    assert r.items[0].title == "示范县人民政府关于印发农村人居环境整治提升实施方案的通知"
    assert r.total_records == 3


def test_sidebar_latest_news_does_not_beat_the_main_list():
    html = fixture_text("sidebar_and_main.html")
    main = rows(15, start="2024-06-28")
    side = "\n".join(
        f'<li><a href="/zwyw/202501/t202501{5 - i:02d}_{i}.html">县领导检查节前市场供应情况第{i}次</a><em>2025-01-{5 - i:02d}</em></li>'
        for i in range(5)
    )
    r = lst(
        html.replace("MAIN_ROWS", main).replace("SIDE_ROWS", side),
        "http://www.example.gov.cn/tzgg/index.html",
    )
    assert len(r.items) == 15
    assert r.items[0].date == D("2024-06-28")  # not the sidebar's newer 2025-01-05
    assert r.placeholder is None  # "暂无" in a sidebar box is not the column's verdict
    assert [f.url for f in r.follow] == [
        f"http://www.example.gov.cn/tzgg/index_{n}.html" for n in range(1, 9)
    ]
    # a homepage-style view sees both blocks
    links = extract_dated_links(
        parse_html(html.replace("MAIN_ROWS", main).replace("SIDE_ROWS", side)), BASE, ref_date=REF
    )
    assert len(links) == 20
    assert max(i.date for i in links) == D("2025-01-05")


def test_yearless_dates_take_the_url_year_else_the_latest_year_not_after_ref():
    html = """<ul class="list">
      <li><a href="/tzgg/202501/t20250103_3.html">关于做好2025年元旦春节期间安全工作的通知</a><span>[01-03]</span></li>
      <li><a href="/tzgg/content_5353307.html">关于开展岁末年初安全生产大检查的通知</a><span>[12-30]</span></li>
      <li><a href="/tzgg/202312/t20231230_1.html">关于公布2023年度重点项目名单的通知</a><span>[12-30]</span></li>
      <li><a href="/art/2023/6/1/art_1_2.html">关于做好汛期地质灾害防范工作的通知</a><span>(06-01)</span></li>
    </ul>"""
    r = lst(html, ref=D("2025-01-05"))
    assert [i.date for i in r.items] == [D("2025-01-03"), D("2024-12-30"), D("2023-12-30"), D("2023-06-01")]
    assert all(i.yearless for i in r.items)
    assert r.items[1].date_text == "[12-30]"


def test_undated_list_is_a_list_when_confident():
    html = """<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
    <div class="content"><ul class="file-list">
      <li><a href="/gfxwj/202406/t20240628_11.html">示范县农村集体资产管理办法</a></li>
      <li><a href="/gfxwj/202405/t20240516_10.html">示范县城市绿化管理实施细则</a></li>
      <li><a href="/gfxwj/202403/t20240301_9.html">示范县政府投资项目管理办法</a></li>
      <li><a href="/gfxwj/202402/t20240220_8.html">示范县公共资源交易管理暂行办法</a></li>
    </ul><div class="page"><a href="index_1.html">下一页</a></div></div>"""
    r = lst(html, "http://www.example.gov.cn/gfxwj/index.html")
    assert r.source == "dom"
    assert len(r.items) == 4
    assert all(i.date is None for i in r.items)
    assert r.follow[0].url == "http://www.example.gov.cn/gfxwj/index_1.html"


def test_undated_list_in_a_list_named_container():
    html = """<div class="main"><h2>人事信息</h2><div class="list"><ul class="news-list">
      <li><a href="/rsxx/a0.html">示范县第一批干部任前公示</a><span></span></li>
      <li><a href="/rsxx/a1.html">示范县第二批干部任前公示</a><span></span></li>
      <li><a href="/rsxx/a2.html">示范县第三批干部任前公示</a><span></span></li>
    </ul></div></div>"""
    r = lst(html, "http://www.example.gov.cn/rsxx/")
    assert r.source == "dom" and len(r.items) == 3
    assert all(i.date is None for i in r.items)
    # a menu of column links in a container named "list" is not a list of entries
    menu = """<div class="main"><ul class="fd_list">
      <li><a href="/xxgk/c1/zwgklist.shtml">法定主动公开内容目录</a></li>
      <li><a href="/xxgk/c2/zwgklist.shtml">重大建设项目批准信息</a></li>
      <li><a href="/xxgk/c3/index.html">财政预决算信息公开</a></li>
    </ul></div>"""
    assert lst(menu).source == "none"


def test_navigation_alone_is_not_a_list():
    html = """<div class="header"><ul class="nav">
      <li><a href="/zwgk/index.html">政务公开栏目</a></li><li><a href="/zwfw/index.html">政务服务栏目</a></li>
      <li><a href="/hdjl/index.html">互动交流栏目</a></li><li><a href="/zjsf/index.html">走进示范县</a></li>
    </ul></div><div class="main"><p>本栏目介绍示范县的基本情况。</p></div>"""
    r = lst(html)
    assert r.source == "none" and r.items == []
    assert r.placeholder is None and r.unreadable is None


# --- lists hidden in comments --------------------------------------------------------------------


def test_list_inside_a_comment():
    r = extract_list(
        fixture_doc("comment_list.html"), "http://www.example.gov.cn/xxgk/c100003/list.shtml", ref_date=REF
    )
    assert r.source == "comment"
    assert [i.date for i in r.items] == [D("2025-01-03"), D("2024-12-20"), D("2024-11-08")]
    assert r.items[0].url == "http://www.example.gov.cn/xxgk/c100003/202501/100203.shtml"
    assert [f.url for f in r.follow] == [
        f"http://www.example.gov.cn/xxgk/c100003/list_{n}.shtml" for n in (2, 3, 4)
    ]
    assert (r.total_pages, r.total_records) == (4, 52)


def test_commented_out_leftover_beside_a_live_list_is_ignored():
    live = rows(3, start="2024-06-28")
    old = rows(8, start="2019-01-31").replace("示范县", "旧栏目")
    r = lst(f"<ul class='list'>{live}<!-- {old} --></ul>")
    assert r.source == "dom"
    assert len(r.items) == 3 and r.items[0].date == D("2024-06-28")


# --- Hanweb datastore ----------------------------------------------------------------------------


def hanweb_page(records: int = 45) -> str:
    recs = []
    day = D("2024-06-28")
    for i in range(records):
        d = day - dt.timedelta(days=2 * i)
        recs.append(
            f'<record><![CDATA[<li><a href="/art/{d.year}/{d.month}/{d.day}/art_123_{2000 - i}.html" target="_blank" '
            f'title="关于做好第{i + 1}项重点工作的通知">关于做好第{i + 1}项重点工作的通知</a>'
            f'<span class="bt-data-time">{d.isoformat()}</span></li>]]></record>'
        )
    return fixture_text("hanweb_datastore_list.html").replace("RECORDS", "\n".join(recs))


def test_hanweb_datastore_items_and_post_groups():
    r = lst(hanweb_page(), "http://www.example.gov.cn/col/col123/index.html")
    assert r.source == "datastore"
    assert len(r.items) == 45  # the first group (perPage 15 × 3) is in the page
    assert r.items[0].date == D("2024-06-28") and r.items[-1].date == D("2024-04-01")
    assert r.items[0].url == "http://www.example.gov.cn/art/2024/6/28/art_123_2000.html"
    assert r.total_records == 100
    ds = [f for f in r.follow if f.kind == "datastore"]
    assert len(ds) == 2  # records 46-90 and 91-100
    expected_ranges = [("46", "90"), ("91", "100")]
    for req, (start, end) in zip(ds, expected_ranges, strict=True):
        parts = urlsplit(req.url)
        assert req.method == "POST"
        assert (
            f"{parts.scheme}://{parts.netloc}{parts.path}"
            == "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp"
        )
        assert dict(parse_qsl(parts.query)) == {"startrecord": start, "endrecord": end, "perpage": "15"}
        body = dict(parse_qsl(req.body or ""))
        assert body == {
            "col": "1",
            "appid": "1",
            "webid": "1",
            "path": "/",
            "columnid": "123",
            "unitid": "456",
            "webname": "示范县",
            "permissiontype": "0",
        }


def test_hanweb_totalrecord_in_the_datastore_and_default_group_size():
    page = hanweb_page(30).replace(
        "</recordset>", "</recordset><totalrecord>95</totalrecord><totalpage>7</totalpage>"
    )
    page = page.replace(
        "perPage: 15, totalRecord: 100, ", ""
    )  # no jpage config: perPage from the group (30 / 3)
    r = lst(page, "http://www.example.gov.cn/col/col123/index.html")
    assert r.total_records == 95 and r.total_pages == 7
    ranges = [dict(parse_qsl(urlsplit(f.url).query)) for f in r.follow if f.kind == "datastore"]
    assert [(q["startrecord"], q["endrecord"], q["perpage"]) for q in ranges] == [
        ("31", "60", "10"),
        ("61", "90", "10"),
        ("91", "95", "10"),
    ]


def test_hanweb_small_column_needs_no_further_request():
    page = hanweb_page(12).replace("totalRecord: 100", "totalRecord: 12")
    r = lst(page, "http://www.example.gov.cn/col/col123/index.html")
    assert len(r.items) == 12
    assert not [f for f in r.follow if f.kind == "datastore"]


def test_hanweb_empty_datastore_is_an_empty_column_not_an_unreadable_one():
    page = hanweb_page(0).replace("totalRecord: 100", "totalRecord: 0")
    r = lst(page, "http://www.example.gov.cn/col/col123/index.html")
    assert r.items == [] and r.follow == []
    assert r.unreadable is None


def test_dataproxy_answer_gbk_with_xml_declaration():
    records = "".join(
        f'<record><![CDATA[<li><a href="/art/2024/3/{20 - i}/art_123_{i}.html" title="关于第{i}批项目验收的公告">关于第{i}批项目验收的公告</a><span>2024-03-{20 - i}</span></li>]]></record>'
        for i in range(10)
    )
    xml = (
        '<?xml version="1.0" encoding="GBK"?>\n<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=123"></a>]]>'
        f"</nextgroup><recordset>{records}</recordset></datastore>"
    )
    text, enc = decode_html(xml.encode("gbk"), "text/xml")
    r = extract_datastore_response(text, "http://www.example.gov.cn/col/col123/index.html", ref_date=REF)
    assert enc == "gb18030"
    assert r.source == "datastore"
    assert len(r.items) == 10
    assert r.items[0].title == "关于第0批项目验收的公告"
    assert r.items[0].date == D("2024-03-20")
    assert r.items[0].url == "http://www.example.gov.cn/art/2024/3/20/art_123_0.html"
    assert r.follow == []


def test_dataproxy_answer_empty_or_placeholder():
    r = extract_datastore_response("<datastore><recordset></recordset></datastore>", BASE, ref_date=REF)
    assert r.items == [] and r.source == "none"
    r = extract_datastore_response(
        "<datastore><recordset><record><![CDATA[<li>暂无信息</li>]]></record></recordset></datastore>",
        BASE,
        ref_date=REF,
    )
    assert r.placeholder == "暂无信息"
    assert extract_datastore_response("", BASE, ref_date=REF).items == []


# --- JSON list data ------------------------------------------------------------------------------


def test_json_listdata():
    r = extract_list(
        fixture_doc("json_listdata.html"),
        "https://www.example.gov.cn/site/col/col101/index.html",
        ref_date=REF,
    )
    assert r.source == "json"
    assert [i.date for i in r.items] == [D("2025-07-29"), D("2025-05-13"), D("2024-12-18")]
    assert (
        r.items[0].url
        == "https://www.example.gov.cn/site/col/col101/content/content_1951206363677671424.html"
    )
    assert r.items[0].date_text == "2025-07-29 16:59"
    assert r.unreadable is None


def test_json_trs_uppercase_keys_and_epoch_milliseconds():
    html = """<script>
      var docs = [{"DOCTITLE":"示范县2024年预算执行情况报告","DOCPUBURL":"http://www.example.gov.cn/czzj/202406/t20240628_7.html","DOCRELTIME":"2024-06-28 09:00:00"},
                  {"DOCTITLE":"示范县2023年决算公开说明","DOCPUBURL":"./202312/t20231229_6.html","DOCRELTIME":"2023-12-29 15:00:00"}];
      var more = {list: [{'title': 'single quoted keys are skipped'}], items: [{"name":"关于公布第三批名单的通知","link":"/a/b.html","publishTime":1719536400000}]};
    </script><div id="list"></div>"""
    r = lst(html, "http://www.example.gov.cn/czzj/index.html")
    assert r.source == "json"
    assert [i.title for i in r.items] == ["示范县2024年预算执行情况报告", "示范县2023年决算公开说明"]
    assert r.items[1].url == "http://www.example.gov.cn/czzj/202312/t20231229_6.html"
    links = extract_dated_links(parse_html(html), "http://www.example.gov.cn/czzj/index.html", ref_date=REF)
    assert {i.title: i.date for i in links}["关于公布第三批名单的通知"] == D(
        "2024-06-28"
    )  # 1719536400000 ms, Beijing time


# --- unreadable lists and placeholders -----------------------------------------------------------


def test_list_loaded_by_loadpagedata_is_unreadable():
    r = extract_list(
        fixture_doc("unreadable_loadpagedata.html"),
        "https://www.example.gov.cn/site/col/col1/index.html",
        ref_date=REF,
    )
    assert r.items == [] and r.source == "none"
    assert r.unreadable == "列表由脚本通过接口 loadPageData 加载，未能读取"


def test_trsapi_and_ajax_lists_are_unreadable():
    r = lst(
        "<div class='list'><ul id='newsList'></ul></div><script>var url='/govsearch/list.trsapi?channelid=5';</script>"
    )
    assert r.unreadable and "list.trsapi" in r.unreadable
    r = lst(
        "<div class='list'><ul id='newsList'></ul></div><script>$.ajax({url:'/api/news', success: render});</script>"
    )
    assert r.unreadable and "$.ajax" in r.unreadable
    # an $.ajax visit counter next to a page without any list container says nothing
    r = lst("<div><p>机构职能介绍</p></div><script>$.ajax({url:'/count'});</script>")
    assert r.unreadable is None


def test_stated_total_without_readable_items():
    r = lst(
        "<div class='list'><ul></ul><div class='page'>共 36 条 <a href='list_2.html'>下一页</a></div></div>"
    )
    assert r.total_records == 36
    assert r.unreadable == "页面显示共36条记录，但未能读取列表"


@pytest.mark.parametrize(
    "phrase",
    ["暂无信息", "暂无数据", "暂无内容", "暂无记录", "正在建设中", "内容更新中", "没有记录", "无相关信息"],
)
def test_placeholder_pages(phrase):
    html = f"""<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
      <div class="main"><h2>人事信息</h2><ul class="list"><li class="empty">{phrase}</li></ul></div>"""
    r = lst(html)
    assert r.items == [] and r.source == "none"
    assert r.placeholder == phrase
    assert r.unreadable is None


def test_placeholder_in_a_script_or_nav_is_not_a_verdict():
    html = """<div class="nav"><span>暂无通知</span></div><div class="main"><ul class="list"></ul></div>
      <script>if (!data.length) { $('.list').html('<li>暂无数据</li>'); }</script>"""
    r = lst(html)
    assert r.placeholder is None


def test_decoy_real_items_and_a_stray_zanwu():
    html = f"<div class='main'><ul class='list'>{rows(6)}</ul></div><div class='right'><h3>在线访谈</h3><p>暂无信息</p></div>"
    r = lst(html)
    assert len(r.items) == 6
    assert r.placeholder is None


# --- overrides -----------------------------------------------------------------------------------


def test_overrides_css_and_xpath():
    html = """<div class="odd">
      <p class="entry"><a href="/x/1.html">第一篇文章标题内容</a> <i>06-28</i></p>
      <p class="entry"><a href="/x/2.html">第二篇文章标题内容</a> <i>06-27</i></p>
      <a class="nextp" href="list_2.html">→</a></div>"""
    ov = ListOverrides(items="p.entry", date="i", next_page="a.nextp")
    r = lst(html, "http://www.example.gov.cn/x/list.html", ref=D("2024-07-01"), overrides=ov)
    assert r.source == "override"
    assert [(i.title, i.date) for i in r.items] == [
        ("第一篇文章标题内容", D("2024-06-28")),
        ("第二篇文章标题内容", D("2024-06-27")),
    ]
    assert [f.url for f in r.follow] == ["http://www.example.gov.cn/x/list_2.html"]
    r = lst(
        html,
        "http://www.example.gov.cn/x/list.html",
        ref=D("2024-07-01"),
        overrides=ListOverrides(items="//p[@class='entry']"),
    )
    assert len(r.items) == 2 and r.items[0].date == D("2024-06-28")
    # a broken selector falls back to detection instead of raising
    r = lst(
        html,
        "http://www.example.gov.cn/x/list.html",
        ref=D("2024-07-01"),
        overrides=ListOverrides(items="p[[["),
    )
    assert r.source in ("dom", "none")


def test_flat_links_with_dates_in_tail_text():
    html = "<div class='con'>" + "".join(
        f'<a href="/gg/t202406{20 - i}_{i}.html">示范县第{i}号公告内容标题</a> 2024-06-{20 - i}<br>'
        for i in range(5)
    )
    r = lst(html + "</div>")
    assert len(r.items) == 5
    assert [i.date for i in r.items][:2] == [D("2024-06-20"), D("2024-06-19")]


def test_dated_links_skip_the_header_date_display():
    html = (
        """<div class="top"><a href="/zwfw/index.html">政务服务中心入口</a><span>2025年1月5日 星期日</span></div>
      <div class="news"><ul>"""
        + rows(3, start="2024-12-30")
        + """</ul></div>
      <div class="hot-box"><ul><li><a href="/hot/t20241231_9.html">全县重点项目建设综述</a><span>12-31</span></li></ul></div>"""
    )
    links = extract_dated_links(parse_html(html), BASE, ref_date=REF)
    assert D("2025-01-05") not in {i.date for i in links}  # the header's "today" is not news
    assert len(links) == 4  # a 热点 sidebar box is still a place where news is linked
    assert max(i.date for i in links) == D("2024-12-31")


def test_dated_links_read_comments_datastores_and_json():
    json_script = fixture_text("json_listdata.html").split("</title>", 1)[1].split("</head>", 1)[0]
    page = hanweb_page(5).replace("</body>", json_script + "</body>")
    links = extract_dated_links(
        parse_html(page), "http://www.example.gov.cn/col/col123/index.html", ref_date=REF
    )
    assert len(links) == 5 + 3
    links = extract_dated_links(
        fixture_doc("comment_list.html"), "http://www.example.gov.cn/xxgk/", ref_date=REF
    )
    assert [i.date for i in links] == [D("2025-01-03"), D("2024-12-20"), D("2024-11-08")]
