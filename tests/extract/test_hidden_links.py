"""crawler/extract/hidden_links.py: links to other hosts hidden by CSS."""

from __future__ import annotations

from govaudit.crawler.extract.hidden_links import extract_hidden_links, hiding_reason
from govaudit.crawler.extract.htmldoc import parse_html

PAGE = "http://127.0.0.1:8000/zwyw/a.html"


def hidden(body: str, head: str = "") -> dict[str, dict[str, object]]:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return {str(h["url"]): h for h in extract_hidden_links(parse_html(html), PAGE)}


def test_hiding_techniques() -> None:
    got = hidden(
        '<div style="display:none"><a href="http://a.example.com/">a</a></div>'
        '<p style="visibility: hidden"><a href="http://b.example.com/">b</a></p>'
        '<div style="position:absolute;left:-9999px;top:0"><a href="http://c.example.com/">c</a></div>'
        '<div style="text-indent:-9999px"><a href="http://d.example.com/">d</a></div>'
        '<div style="font-size:0"><a href="http://e.example.com/">e</a></div>'
        '<div style="width:1px;height:1px;overflow:hidden"><a href="http://f.example.com/">f</a></div>'
        '<span style="opacity:0"><a href="http://g.example.com/">g</a></span>'
        '<div hidden><a href="http://h.example.com/">h</a></div>'
        '<a href="http://i.example.com/" style="DISPLAY: NONE !important">i</a>'
    )
    assert sorted(u.split("//")[1][0] for u in got) == list("abcdefghi")
    assert got["http://a.example.com/"]["how"] == "内联样式 display:none"
    assert got["http://a.example.com/"]["toggled"] is False


def test_style_block_rules_and_ancestors() -> None:
    head = "<style>/* x */ .yqlj{display:none} #box a.t {position:absolute; top:-3000px} @media print{.p{display:none}}</style>"
    got = hidden(
        '<div class="yqlj"><ul><li><a href="http://a.example.com/">澳门百家乐</a></li></ul></div>'
        '<div id="box"><a class="t" href="http://b.example.com/">b</a><a href="http://c.example.com/">c</a></div>',
        head,
    )
    assert set(got) == {"http://a.example.com/", "http://b.example.com/"}
    assert got["http://a.example.com/"]["element"] == "div.yqlj"
    assert "<style> 规则 .yqlj" in str(got["http://a.example.com/"]["how"])


def test_visible_internal_and_toggled_links() -> None:
    head = "<style>.sub{display:none} .nav li:hover .sub{display:block}</style>"
    got = hidden(
        '<a href="http://visible.example.com/">看得见的外链</a>'
        '<div style="display:none"><a href="/internal.html">站内隐藏链接</a><a href="http://127.0.0.1:8000/x">同站</a></div>'
        '<ul class="nav"><li><a href="/">网站群</a><ul class="sub"><li><a href="http://www.zj.gov.cn/">省政府</a></li></ul></li></ul>'
        '<div id="wzq" style="display:none"><a href="http://www.hz.gov.cn/">市政府</a></div>'
        '<script>function show(){document.getElementById("wzq").style.display="block";}</script>',
        head,
    )
    assert set(got) == {"http://www.zj.gov.cn/", "http://www.hz.gov.cn/"}
    assert all(h["toggled"] for h in got.values())


def test_hiding_reason_values() -> None:
    assert hiding_reason("display:block") is None
    assert hiding_reason("position:absolute;left:-20px") is None  # a small offset is layout, not hiding
    assert hiding_reason("left:-9999px") is None  # without positioning, left does nothing
    assert hiding_reason("height:0") is None  # content still overflows visibly
    assert hiding_reason("height:0;overflow:hidden") == "height:0;overflow:hidden"
    assert hiding_reason("margin-left:-2000px") == "margin-left:-2000px"
    assert hiding_reason("text-indent:-60em") == "text-indent:-60em"


def test_hostile_markup_never_raises() -> None:
    head = "<style>}}{{ a[href=]{display:none} :::{display:none} .x{display:none</style>"
    assert isinstance(extract_hidden_links(parse_html(f"<html><head>{head}</head><body><a href='http://[x'>x</a>"
                                                      "<div class='x'><a href='http://y.example/'>y</a></div>"), PAGE), list)  # fmt: skip
