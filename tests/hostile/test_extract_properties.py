"""Property test over the extractors (hypothesis, derandomized: the same examples every run).

Random list/article pages built from the pieces real county pages are made of, and real pages
(../shared/realpages, when present) mutated — slices cut, duplicated, hostile snippets and bad
bytes inserted — go through the crawler's whole extraction path. Whatever the input:

- no exception escapes;
- every entry and pager link the crawler takes from a list (after crawler/listpages.py) is an
  absolute http(s) URL that Scrapy accepts;
- every date found is within 1900..2099 (what crawler/extract/dates.py accepts).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from govaudit.crawler.extract import (
    decode_html,
    extract_datastore_response,
    extract_dated_links,
    extract_links,
    extract_list,
    extract_meta,
    extract_page_info,
    extract_xxgk,
    find_dates,
    parse_html,
)
from govaudit.crawler.extract.content import extract_content
from govaudit.crawler.extract.hidden_links import extract_hidden_links
from govaudit.crawler.listpages import screen_list
from govaudit.crawler.policy import url_refusal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy import Request

from tests.conftest import REALPAGES

REF = dt.date(2026, 11, 20)
BASE = "http://www.example.gov.cn/col/index.html"
LOW, HIGH = dt.date(1900, 1, 1), dt.date(2099, 12, 31)
SETTINGS = settings(derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip

WORDS = ["关于", "印发", "示范县", "实施方案", "的通知", "公告", "政策解读", "索引号：", "发布机构：", "成文日期：",
         "发布日期：", "文号：", "有效性：有效", "共3页", "下一页", "尾页", "暂无信息", "共25条", "留言时间：",
         "回复时间：", "【", "】", "\u3000", "&nbsp;", "&#x09;", "<", "&", "\ufffd"]  # fmt: skip
DATES = ["2026-11-18", "2026年11月18日", "[11-18]", "2026/11/18", "2026.11.18", "0000-00-00", "9999-12-31",
         "2026-13-45", "1899-12-31", "2100-01-01", "二〇二六年十一月十八日", "20261118", "18-11-2026"]  # fmt: skip
HREFS = ["/col/t20261118_1.html", "t20261118_2.html", "../a/b.html", "?page=2", "index_1.html",
         "http://www.example.gov.cn/x.html", "//cdn.example.com/a.pdf", "https://other.gov.cn/", "file:///etc/passwd",
         "file:///dev/zero", "jav&#x09;ascript:alert(1)", "javascript:void(0)", "http://[::1", "http://a.gov.cn:99999/",
         "mailto:a@b.cn", "data:text/html,x", " /sp ace.html ", "http://127.0.0.2/", "\\\\server\\share",
         "http://例子.中国/页面.html", "#top", "", "%zz", "http://x.gov.cn/a b", "ftp://x.gov.cn/f.doc",
         "downfile.jsp?filename=附件.pdf", "/a.html#frag"]  # fmt: skip

text = st.lists(st.sampled_from(WORDS + DATES), max_size=6).map("".join)
href = st.one_of(st.sampled_from(HREFS), st.text(max_size=20))


@st.composite
def entry(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from([
        '<li><a href="{h}">{t}</a><span>{d}</span></li>', '<tr><td><a href="{h}" title="{t}">{t}</a></td><td>{d}</td></tr>',
        '<div class="item"><a href="{h}">{t}</a> {d}</div>', "<li><a href='{h}'>{t}</a>{d}",  # unclosed
        '<!-- <li><a href="{h}">{t}</a>{d}</li> -->', '<a href="{h}">下一页</a>', '<meta name="PubDate" content="{d}">',
        '<script>createPageHTML({n}, 0, "index", "html");</script>', '<option value="{h}">{t}</option>',
        '<area href="{h}">', '<img src="{h}" alt="{t}">', '<p style="display:none"><a href="{h}">{t}</a></p>',
    ]))  # fmt: skip
    return shape.format(h=draw(href), t=draw(text), d=draw(st.sampled_from(DATES)),
                        n=draw(st.integers(-5, 10**9)))  # fmt: skip


@st.composite
def page_html(draw: st.DrawFn) -> str:
    rows = "".join(draw(st.lists(entry(), max_size=25)))
    wrap = draw(st.sampled_from(['<ul class="list">{}</ul>', "<table>{}</table>", "<div>{}</div>", "{}",
                                 "<div>" * 50 + "{}"]))  # fmt: skip
    head = f'<meta charset="{draw(st.sampled_from(["utf-8", "gbk", "gb2312", "latin-1", "bogus"]))}">'
    return f"<html><head>{head}<title>{draw(text)}</title></head><body>{wrap.format(rows)}{draw(text)}</body></html>"


def _assert_url(url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.hostname, url
    assert url_refusal(url) is None, url
    Request(url)  # Scrapy accepts it


def _assert_date(d: dt.date | None) -> None:
    assert d is None or LOW <= d <= HIGH, d


def extract_everything(body: bytes, url: str = BASE) -> None:
    """The spider's extraction path over one page; asserts the invariants."""
    text, _ = decode_html(body, None)
    doc = parse_html(text)
    result, _refused = screen_list(extract_list(doc, url, ref_date=REF))
    for it in result.items:
        _assert_url(it.url)
        _assert_date(it.date)
    for fr in result.follow:
        _assert_url(fr.url)
    for it in extract_dated_links(doc, url, ref_date=REF):
        _assert_date(it.date)
    links = extract_links(doc, url)
    for link in links:
        url_refusal(link.url)  # decides, never raises
    extract_content(doc, url, links)
    extract_hidden_links(doc, url)
    extract_meta(doc)
    extract_xxgk(doc)
    info = extract_page_info(doc, url, ref_date=REF)
    _assert_date(info.pub_date)
    for m in find_dates(text[:20000], ref=REF):
        _assert_date(m.date)
    ds, _ = screen_list(extract_datastore_response(text, url, ref_date=REF))
    for it in ds.items:
        _assert_url(it.url)


@settings(SETTINGS, max_examples=150)
@given(
    page_html(),
    st.sampled_from(["utf-8", "gb18030"]),
    st.sampled_from([BASE, "http://x.gov.cn/", "https://a.cn/b/?p=1"]),
)
def test_random_pages(html: str, encoding: str, url: str) -> None:
    extract_everything(html.encode(encoding, errors="replace"), url)


def _real_pages() -> list[bytes]:
    if not REALPAGES.is_dir():
        return []
    return [p.read_bytes() for p in sorted(REALPAGES.rglob("*.htm*"))]


REAL = _real_pages()


@st.composite
def mutated_real_page(draw: st.DrawFn) -> bytes:
    body = bytearray(draw(st.sampled_from(REAL)))
    for _ in range(draw(st.integers(1, 6))):
        n = len(body)
        i, j = sorted((draw(st.integers(0, n)), draw(st.integers(0, n))))
        op = draw(st.sampled_from(["cut", "dup", "insert", "bytes", "truncate"]))
        if op == "cut":
            del body[i : min(j, i + 20000)]
        elif op == "dup":
            body[i:i] = body[i : min(j, i + 20000)]
        elif op == "insert":
            body[i:i] = draw(entry()).encode("utf-8")
        elif op == "bytes":
            body[i:i] = draw(st.binary(min_size=1, max_size=16))
        else:
            del body[max(i, 1) :]
    return bytes(body)


@pytest.mark.skipif(not REAL, reason="real pages (../shared/realpages) not present")
@settings(SETTINGS, max_examples=60)
@given(mutated_real_page())
def test_mutated_real_pages(body: bytes) -> None:
    extract_everything(body)


@pytest.mark.skipif(not REAL, reason="real pages (../shared/realpages) not present")
def test_real_pages_as_they_are() -> None:
    for body in REAL:
        extract_everything(body)
