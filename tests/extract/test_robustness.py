"""Nothing in the extraction library raises on bad input: broken HTML, absurd nesting, binary
garbage, empty strings."""

from __future__ import annotations

import datetime as dt
import os

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
    parse_date,
    parse_html,
)

REF = dt.date(2025, 1, 5)
BASE = "http://www.example.gov.cn/a/index.html"

UNCLOSED = """<html><body><div class="list"><ul>
<li><a href="/a/t20240628_1.html">示范县关于做好防汛工作的通知</a><span>2024-06-28
<li><a href="/a/t20240627_2.html">示范县关于做好安全生产工作的通知</a><span>2024-06-27
<li><a href="/a/t20240626_3.html">示范县关于开展爱国卫生运动的通知</a><span>2024-06-26</span>
</ul><table><tr><td>索引号<td>X/2024-1<tr><td>文号<td>示〔2024〕1号</table>"""


def run_all(doc):
    extract_list(doc, BASE, ref_date=REF)
    extract_dated_links(doc, BASE, ref_date=REF)
    extract_links(doc, BASE)
    extract_meta(doc)
    extract_xxgk(doc)
    return extract_page_info(doc, BASE, ref_date=REF)


def test_unclosed_tags_still_give_items():
    doc = parse_html(UNCLOSED)
    r = extract_list(doc, BASE, ref_date=REF)
    assert len(r.items) == 3
    assert {i.date for i in r.items} == {dt.date(2024, 6, 26), dt.date(2024, 6, 27), dt.date(2024, 6, 28)}
    assert extract_xxgk(doc) == {"索引号": "X/2024-1", "文号": "示〔2024〕1号"}


@pytest.mark.timeout(60)
def test_five_megabytes_of_nested_divs():
    depth = 5 * 1024 * 1024 // 11
    html = (
        "<html><body>"
        + "<div>" * depth
        + "<a href='/x/t20240628_1.html'>深处的标题文字</a>"
        + "</div>" * depth
        + "</body></html>"
    )
    doc = parse_html(html)
    assert doc.tag == "html"
    run_all(doc)


def test_content_after_deep_nesting_is_kept():
    html = "<body>" + "<div>" * 600 + "x" + "</div>" * 600 + "<p id='after'>后面的内容</p></body>"
    doc = parse_html(html)
    assert doc.find(".//p[@id='after']") is not None


@pytest.mark.parametrize("seed", range(6))
def test_binary_garbage(seed):
    raw = os.urandom(20000 + seed) + b"<a href='x'>" + os.urandom(500)
    text, _ = decode_html(raw)
    doc = parse_html(text)
    run_all(doc)
    extract_datastore_response(text, BASE, ref_date=REF)
    find_dates(text, ref=REF)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t",
        "\x00",
        "<",
        "<html>",
        "<?xml version='1.0' encoding='gbk'?><html><body>x</body></html>",
        "\ud800abc",
        "<!--",
        "<script>",
    ],
)
def test_degenerate_inputs(text):
    doc = parse_html(text)
    assert doc.tag == "html"
    i = run_all(doc)
    assert i.pub_date is None
    assert parse_date(text) is None


def test_bytes_given_to_parse_html_are_decoded():
    doc = parse_html("<p>示范县</p>".encode("gbk"))  # type: ignore[arg-type]
    assert "示范县" in doc.text_content()
