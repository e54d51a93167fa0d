"""Page text, links and tables (crawler/extract/content.py) on small pages and on real pages."""

from __future__ import annotations

import pytest
from govaudit.crawler.extract.content import MAX_TEXT, extract_content
from govaudit.crawler.extract.htmldoc import parse_html

from tests.conftest import REALPAGES

PAGE = """<html><head><title>t</title><style>.x{}</style></head><body>
<div class="header"><a href="/">网站首页</a> 无障碍</div><ul class="nav"><li><a href="/zcwj/">菜单一</a></li></ul>
<div class="article"><h1>关于印发《示范县停车管理办法》的通知</h1>
<p>各乡镇人民政府：<br>现将办法印发给你们。</p><script>var a = "脚本文字";</script><!-- 注释文字 -->
<table><caption>表三 收到和处理政府信息公开申请情况</caption>
<tr><th rowspan="2" colspan="2">本列数据的勾稽关系</th><th rowspan="2">自然人</th><th colspan="2">法人或其他组织</th></tr>
<tr><th>商业企业</th><th>科研机构</th></tr>
<tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>12</td><td>3</td><td>0</td></tr></table>
<p>相关解读：<a href="../jd/1.html">一图读懂《示范县停车管理办法》</a></p></div>
<div class="footer">版权所有 示范县人民政府 电话：0531-12345678</div></body></html>"""


def test_text_leaves_out_chrome_scripts_and_comments() -> None:
    c = extract_content(parse_html(PAGE), "http://a.gov.cn/zcwj/1.html")
    lines = c.text.split("\n")
    assert lines[0] == "关于印发《示范县停车管理办法》的通知"
    assert "各乡镇人民政府：" in lines and "现将办法印发给你们。" in lines
    for absent in ("网站首页", "菜单一", "脚本文字", "注释文字", "版权所有"):
        assert absent not in c.text
    assert "一、本年新收政府信息公开申请数量\t12\t3\t0" in lines


def test_source_line_breaks_are_spaces_not_lines() -> None:
    html = "<body><p><span>发布机构：</span>\n<span>县教育局</span></p><table><tr>\n<td>索引号</td>\n<td><p>A1/2026-1</p></td></tr></table></body>"
    assert extract_content(parse_html(html), "http://a/").text == "发布机构： 县教育局\n索引号\tA1/2026-1"


def test_links_are_absolute_with_their_text() -> None:
    c = extract_content(parse_html(PAGE), "http://a.gov.cn/zcwj/1.html")
    assert c.links == [{"url": "http://a.gov.cn/jd/1.html", "text": "一图读懂《示范县停车管理办法》"}]


def test_merged_cells_are_repeated_so_rows_line_up() -> None:
    (table,) = extract_content(parse_html(PAGE), "http://a.gov.cn/").tables
    assert table["name"] == "表三 收到和处理政府信息公开申请情况"
    assert table["rows"] == [
        ["本列数据的勾稽关系", "本列数据的勾稽关系", "自然人", "法人或其他组织", "法人或其他组织"],
        ["本列数据的勾稽关系", "本列数据的勾稽关系", "自然人", "商业企业", "科研机构"],
        ["一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "12", "3", "0"],
    ]


def test_layout_tables_are_not_tables_and_huge_pages_are_capped() -> None:
    html = "<table><tr><td><table><tr><td>内</td></tr></table></td></tr></table>"
    assert [t["rows"] for t in extract_content(parse_html(html), "http://a/").tables] == [[["内"]]]
    big = "<p>" + "字" * 1000 + "</p>"
    c = extract_content(parse_html("<body>" + big * 400 + "</body>"), "http://a/")
    assert len(c.text) <= MAX_TEXT and c.truncated
    deep = "<div>" * 2000 + "深处文字" + "</div>" * 2000  # deeper than Python's recursion limit
    assert "深处文字" in extract_content(parse_html(deep), "http://a/").text


@pytest.mark.realpages
def test_real_detail_pages_keep_their_body_and_metadata_table() -> None:
    path = REALPAGES / "detail" / "lishui_gov_xxgk_detail_zjzwfw.html"
    if not path.exists():
        pytest.skip("realpages absent")
    c = extract_content(parse_html(path.read_text("utf-8")), "http://www.lishui.gov.cn/art/2023/10/23/a.html")
    assert "文号\t丽政发〔2023〕30号" in c.text and "成文日期\t2023-10-16" in c.text
    assert any("113325000026455663/2023-4388" in cell for t in c.tables for row in t["rows"] for cell in row)
    hubei = REALPAGES / "detail" / "hubei_scjg_xxgk_detail.html"
    c = extract_content(parse_html(hubei.read_text("utf-8")), "http://scjg.hubei.gov.cn/a/t2023.html")
    # the 关联链接 box links the central document this notice forwards (original <-> local)
    assert any(
        lk["url"] == "https://www.gov.cn/zhengce/zhengceku/202308/content_6898964.htm" for lk in c.links
    )
    assert "索 引 号\tMB1686999/2023-21597" in c.text
