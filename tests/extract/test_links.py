"""extract_links: what a link check requests."""

from __future__ import annotations

from govaudit.crawler.extract import extract_links, parse_html
from govaudit.crawler.extract.links import link_kind

PAGE = """<html><head>
<link rel="stylesheet" href="/css/main.css"><link rel="icon" href="/favicon.ico">
<script src="/js/jquery.js"></script><script>var x = "<a href='/not-a-link.html'>";</script>
</head><body>
<a href="news/t20240628_1.html#top">新闻 标题</a>
<a href="news/t20240628_1.html">重复</a>
<a href="javascript:void(0)">js</a><a href="mailto:a@b.cn">mail</a><a href="tel:0931-8826049">tel</a>
<a href="#">top</a><a href="data:text/plain,x">data</a><a>no href</a>
<a href=" /files/
附件1.pdf ">附件</a>
<a href="/module/download/downfile.jsp?classid=0&filename=abc.docx">下载</a>
<a href="http://other.gov.cn/"><img src="/img/logo.png" alt="友情链接"></a>
<img src="/img/banner.jpg" alt="横幅">
<iframe src="https://map.example.cn/embed"></iframe><embed src="/media/v.swf">
<map><area href="/zone/1.html" alt="区域一"></map>
<!-- <a href="/commented.html">x</a> -->
</body></html>"""


def test_links():
    links = extract_links(parse_html(PAGE), "http://www.example.gov.cn/a/index.html")
    got = [(link.tag, link.url, link.kind, link.text) for link in links]
    assert got == [
        ("link", "http://www.example.gov.cn/css/main.css", "page", ""),
        ("script", "http://www.example.gov.cn/js/jquery.js", "page", ""),
        ("a", "http://www.example.gov.cn/a/news/t20240628_1.html", "page", "新闻 标题"),
        ("a", "http://www.example.gov.cn/files/附件1.pdf", "attachment", "附件"),
        (
            "a",
            "http://www.example.gov.cn/module/download/downfile.jsp?classid=0&filename=abc.docx",
            "attachment",
            "下载",
        ),
        ("a", "http://other.gov.cn/", "page", "友情链接"),
        ("img", "http://www.example.gov.cn/img/logo.png", "image", "友情链接"),
        ("img", "http://www.example.gov.cn/img/banner.jpg", "image", "横幅"),
        ("iframe", "https://map.example.cn/embed", "page", ""),
        ("embed", "http://www.example.gov.cn/media/v.swf", "page", ""),
        ("area", "http://www.example.gov.cn/zone/1.html", "page", "区域一"),
    ]


def test_base_href_is_respected():
    doc = parse_html(
        '<head><base href="http://cdn.example.gov.cn/site/"></head><body><a href="x.html">x</a></body>'
    )
    assert [link.url for link in extract_links(doc, "http://www.example.gov.cn/")] == [
        "http://cdn.example.gov.cn/site/x.html"
    ]


def test_kinds():
    assert link_kind("http://x/a.XLSX") == "attachment"
    assert link_kind("http://x/a.wps?v=1") == "attachment"
    assert link_kind("http://x/a.jpg") == "image"
    assert link_kind("http://x/a.html", "img") == "image"
    assert link_kind("http://x/down.do?id=3", "a", "2024年预算表.xls") == "attachment"
    assert link_kind("http://x/a/") == "page"


def test_malformed_urls_do_not_raise():
    doc = parse_html('<a href="http://[::1">bad</a><a href="http://x.gov.cn/ok.html">ok</a>')
    assert [link.url for link in extract_links(doc, "http://x.gov.cn/")][-1] == "http://x.gov.cn/ok.html"
