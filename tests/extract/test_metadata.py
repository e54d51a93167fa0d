"""extract_meta and extract_xxgk on the block shapes seen on government sites."""

from __future__ import annotations

import pytest
from govaudit.crawler.extract import CANONICAL_LABELS, extract_meta, extract_xxgk, parse_html
from govaudit.crawler.extract.metadata import normalize_label


def xxgk(body: str) -> dict[str, str]:
    return extract_xxgk(parse_html(f"<html><body>{body}</body></html>"))


def test_meta_names_as_written_first_wins_http_equiv_ignored():
    doc = parse_html(
        """<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
        <meta name="SiteName" content="示范县人民政府"><meta name='PubDate' content='2019-09-18 06:23'>
        <meta name="SiteName" content="重复的站点名"><meta name="ColumnName" content=" 通知公告 ">
        <meta property="og:title" content="x"><meta charset="utf-8"></head>"""
    )
    assert extract_meta(doc) == {
        "SiteName": "示范县人民政府",
        "PubDate": "2019-09-18 06:23",
        "ColumnName": "通知公告",
    }


def test_table_block():
    x = xxgk(
        """<table class="xxgk"><tr><td>索引号</td><td>11330000002482870P/2024-00012</td><td>文号</td><td>示政发〔2024〕3号</td></tr>
        <tr><td>发文机关</td><td>示范县人民政府</td><td>成文日期</td><td>2024-06-20</td></tr>
        <tr><th>发布日期</th><td>2024-06-28</td><th>有效性</th><td>有效</td></tr></table>"""
    )
    assert x == {
        "索引号": "11330000002482870P/2024-00012",
        "文号": "示政发〔2024〕3号",
        "发布机构": "示范县人民政府",
        "成文日期": "2024-06-20",
        "发布日期": "2024-06-28",
        "有效性": "有效",
    }


def test_paragraph_strong_and_span_shapes():
    x = xxgk(
        """<div class="xxgk-info"><p><strong>索引号</strong>：000014348/2024-00001</p>
        <p><strong>发布机构</strong>：县财政局</p><p><b>文号</b>: 无</p>
        <ul><li><span>时效性：</span>有效</li><li><span>组配分类</span><span>财政预决算</span></li></ul></div>"""
    )
    assert x == {
        "索引号": "000014348/2024-00001",
        "发布机构": "县财政局",
        "文号": "无",
        "有效性": "有效",
        "主题分类": "财政预决算",
    }


def test_inline_label_value_text_nodes():
    x = xxgk(
        "<div>索引号：ABC/2024-1 发布机构：县政府办 成文日期：2024年6月1日</div><div>发布时间：2024-06-03 10:00 来源：县政府办</div>"
    )
    assert x["索引号"] == "ABC/2024-1"
    assert x["发布机构"] == "县政府办"
    assert x["成文日期"] == "2024年6月1日"
    assert x["发布日期"] == "2024-06-03 10:00"
    assert x["信息来源"] == "县政府办"


@pytest.mark.parametrize(
    "label",
    [
        "索 引 号",
        "索&ensp;引&ensp;号",
        "索&emsp;引&emsp;号",
        "索　引　号",
        "索&nbsp;&nbsp;引&nbsp;号：",
        "【索引号】",
        "索<span>&ensp;</span>引<span>&ensp;</span>号",
    ],
)
def test_padded_labels(label):
    x = xxgk(
        f"<table><tr><td>{label}</td><td>X/2024-1</td></tr><tr><td>文&ensp;&ensp;号</td><td>示政〔2024〕1号</td></tr></table>"
    )
    assert x["索引号"] == "X/2024-1"
    assert x["文号"] == "示政〔2024〕1号"


def test_commented_and_script_written_fields_are_absent():
    x = xxgk(
        """<table><tr><td>索引号</td><td>X/2024-1</td></tr><tr><td>文号</td><td>无</td></tr>
        <!-- <tr><td>成文日期</td><td>2024-06-01</td></tr> -->
        <script>if ("有效" != "有效") document.write("<tr><td>有效性</td><td>有效</td></tr>");</script></table>"""
    )
    assert x == {"索引号": "X/2024-1", "文号": "无"}


def test_news_info_line_is_not_a_block():
    assert xxgk("<div class='info'>发布日期：2022-02-11 08:52 来源：内蒙古日报</div><p>正文</p>") == {}
    assert xxgk("<p>本文提及索引号一词。</p>") == {}


def test_search_form_filters_are_not_values():
    x = xxgk(
        """<form><div><span>索引号</span><input name="s1"></div><div><span>文号</span><input name="s2"></div>
        <div><span>发布机构</span><select><option>全部</option></select></div></form>"""
    )
    assert all(v == "" for v in x.values())


def test_canonical_labels():
    assert CANONICAL_LABELS["发文机关"] == "发布机构"
    assert CANONICAL_LABELS["公开日期"] == "发布日期"
    assert CANONICAL_LABELS["发文日期"] == "成文日期"
    assert CANONICAL_LABELS["发文字号"] == "文号"
    assert CANONICAL_LABELS["效力状态"] == "有效性"
    assert CANONICAL_LABELS["标题"] == "名称"
    assert CANONICAL_LABELS["信息来源"] == "信息来源"
    assert normalize_label(" 标　　题： ") == "名称"
    assert normalize_label("索引号码") is None
