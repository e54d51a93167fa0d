"""Further list pages: TRS createPageHTML (4- and 6-argument), inline TRS pager script, pager
links with enumeration of numbered patterns."""

from __future__ import annotations

import datetime as dt

import pytest
from govaudit.crawler.extract import extract_list, parse_html
from govaudit.crawler.extract.pagination import canonical_url, find_pagination

REF = dt.date(2025, 1, 5)
ITEMS = (
    "<ul class='list'>"
    + "".join(
        f'<li><a href="/zwyw/202406/t202406{28 - i}_{i}.html">示范县第{i}条工作动态标题</a><span>2024-06-{28 - i}</span></li>'
        for i in range(5)
    )
    + "</ul>"
)


def follow(html: str, base: str) -> list[str]:
    return [f.url for f in extract_list(parse_html(ITEMS + html), base, ref_date=REF).follow]


def test_trs_4_argument_pager_on_a_later_page():
    urls = follow(
        '<script>createPageHTML(5, 2, "index", "shtml");</script>', "http://x.gov.cn/zwyw/index_2.shtml"
    )
    assert urls == [
        "http://x.gov.cn/zwyw/index.shtml",
        "http://x.gov.cn/zwyw/index_1.shtml",
        "http://x.gov.cn/zwyw/index_3.shtml",
        "http://x.gov.cn/zwyw/index_4.shtml",
    ]


def test_trs_single_page_and_function_definition_give_nothing():
    html = """<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
        if(_nPageCount == null || _nPageCount<=1){ return; } }</script>
        <script>createPageHTML(1, 0, "index", "html");</script>"""
    assert follow(html, "http://x.gov.cn/zwyw/index.html") == []


def test_gansu_6_argument_pager_inside_a_comment():
    html = "<div id='page_div'></div><!-- <script>createPageHTML('page_div', 3, 1, 'zwgklist', 'shtml', 45);</script> -->"
    r = extract_list(parse_html(ITEMS + html), "http://x.gov.cn/c1/zwgklist.shtml", ref_date=REF)
    assert [f.url for f in r.follow] == [
        "http://x.gov.cn/c1/zwgklist_2.shtml",
        "http://x.gov.cn/c1/zwgklist_3.shtml",
    ]
    assert (r.total_pages, r.total_records) == (3, 45)


def test_inline_trs_pager_script():
    html = """<div class="page"><script language="javascript">
      var countnum= 120; var currentPage=0; var countPage=4; var nextPage=currentPage+1;
      document.write("<a href=\\"list"+"_"+nextPage+"."+"htm\\">下一页</a>");
    </script></div>"""
    r = extract_list(parse_html(ITEMS + html), "http://x.gov.cn/tzgg/list.htm", ref_date=REF)
    assert [f.url for f in r.follow] == [f"http://x.gov.cn/tzgg/list_{n}.htm" for n in (1, 2, 3)]
    assert (r.total_pages, r.total_records) == (4, 120)


def test_query_page_links_enumerated_to_the_last_page():
    html = """<div class="pagination"><span class="current">1</span>
      <a href="list.jsp?cid=5&page=2">2</a><a href="list.jsp?cid=5&page=3">3</a>
      <a href="list.jsp?cid=5&page=2">下一页</a><a href="list.jsp?cid=5&page=12">尾页</a></div>"""
    urls = follow(html, "http://x.gov.cn/news/list.jsp?cid=5")
    assert urls == [f"http://x.gov.cn/news/list.jsp?cid=5&page={n}" for n in range(2, 13)]


def test_next_link_and_stated_total_only():
    html = '<div class="pg">第1页 共 8 页 <a href="?pageNo=2">下页</a></div>'
    r = extract_list(parse_html(ITEMS + html), "http://x.gov.cn/list.do", ref_date=REF)
    assert [f.url for f in r.follow] == [f"http://x.gov.cn/list.do?pageNo={n}" for n in range(2, 9)]
    assert r.total_pages == 8


def test_goto_page_and_thousands_separator():
    html = """<div class="gray"><a href="index_1.html">下一页</a>
      <a href="javascript:;" onclick="gotoPage(1227, '#pagenum')">确定</a><span>共1,227页</span><span>共24,539条</span></div>"""
    r = extract_list(parse_html(ITEMS + html), "http://x.gov.cn/yp/index.html", ref_date=REF)
    # the first 1,000 further pages are enumerated (MAX_FOLLOW: the crawler reads no more of a column)
    assert len(r.follow) == 1000
    assert r.follow[-1].url == "http://x.gov.cn/yp/index_1000.html"
    assert (r.total_pages, r.total_records) == (1227, 24539)


@pytest.mark.parametrize(
    ("links", "base", "expected"),
    [
        (
            '<a href="list_2.html">2</a><a href="list_3.html">3</a><a href="list_2.html">下一页</a><a href="list_6.html">末页</a>',
            "http://x.gov.cn/a/list.html",
            [f"http://x.gov.cn/a/list_{n}.html" for n in range(2, 7)],
        ),
        (
            '<a href="index_1.shtml">2</a><a href="index_1.shtml">&gt;</a><a href="index_3.shtml">尾页</a>',
            "http://x.gov.cn/a/",
            [f"http://x.gov.cn/a/index_{n}.shtml" for n in range(1, 4)],
        ),
        (
            '<a href="?p=2">2</a><a href="?p=2">Next »</a><a href="?p=2">»</a><a href="?p=4">Last</a>',
            "http://x.gov.cn/news/",
            [f"http://x.gov.cn/news/?p={n}" for n in range(2, 5)],
        ),
    ],
)
def test_numbered_patterns(links, base, expected):
    assert follow(f'<div class="page">{links}</div>', base) == expected


def test_pager_on_a_middle_page_includes_earlier_pages_not_itself():
    html = """<div class="page"><a href="index.html">首页</a><a href="index_2.html">上一页</a>
      <a href="index_2.html">3</a><span class="now">4</span><a href="index_4.html">5</a>
      <a href="index_4.html">下一页</a><a href="index_9.html">尾页</a></div>"""
    urls = follow(html, "http://x.gov.cn/a/index_3.html")
    assert "http://x.gov.cn/a/index_3.html" not in urls
    assert "http://x.gov.cn/a/index.html" in urls
    assert {f"http://x.gov.cn/a/index_{n}.html" for n in range(1, 10) if n != 3} <= set(urls)
    assert len(urls) == len(set(urls))


def test_no_pager_no_follow_and_more_links_are_not_pagers():
    html = '<div class="more"><a href="/zwyw/">更多&gt;&gt;</a></div>'
    assert follow(html, "http://x.gov.cn/zwyw/index.html") == []


def test_find_pagination_reports_pager_containers():
    doc = parse_html("<div class='list'><ul></ul><div id='page_div'></div></div>")
    pag = find_pagination(doc, "http://x.gov.cn/")
    assert [el.get("id") for el in pag.containers] == ["page_div"]
    assert pag.follow == []


def test_canonical_url():
    assert canonical_url("HTTP://X.gov.cn:80/a/index.html#top") == canonical_url("http://x.gov.cn/a/")
    assert canonical_url("http://x.gov.cn/a/?page=2") != canonical_url("http://x.gov.cn/a/")


def test_next_link_on_a_later_page_does_not_invent_pages():
    # page 2 of 3: "第2页 共3页" and 下一页 -> ?page=3; there is no page 4
    html = '<div class="pager">第2页 共3页 <a href="?page=3">下一页</a></div>'
    assert follow(html, "http://x.gov.cn/q/?page=2") == ["http://x.gov.cn/q/?page=3"]
    # the same without the 第N页 statement: only what is linked
    html = '<div class="pager">共3页 <a href="?page=3">下一页</a></div>'
    assert follow(html, "http://x.gov.cn/q/?page=2") == ["http://x.gov.cn/q/?page=3"]
    # on the first page the stated total is enumerated
    html = '<div class="pager">第1页 共3页 <a href="?page=2">下一页</a></div>'
    assert follow(html, "http://x.gov.cn/q/") == ["http://x.gov.cn/q/?page=2", "http://x.gov.cn/q/?page=3"]
