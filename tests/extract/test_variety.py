"""Adversarial variety: list, pager, date and article layouts seen on county government sites built
on TRS WCM, Hanweb JCMS, 开普云 UCAP, 南威, 浙江政务服务网, provincial site clusters and home-made
PHP/ASP.NET templates, each wrapped in realistic page furniture (a header menu of column links, a
breadcrumb, a footer with ©, 更新时间 and ICP lines).

Each test asserts what a person sees on the page: how many entries, the first and last titles and
dates, and which further list pages a click reaches.
"""

from __future__ import annotations

import datetime as dt

import pytest
from govaudit.crawler.extract import (
    decode_html,
    extract_dated_links,
    extract_list,
    extract_page_info,
    find_dates,
    parse_html,
)
from govaudit.crawler.extract.types import ListResult

D = dt.date.fromisoformat
REF = D("2026-12-01")
HOST = "http://www.sfx.gov.cn"
BASE = f"{HOST}/zwgk/tzgg/index.html"

HEADER = """<div class="header"><div class="logo"><img src="/images/logo.png" alt="示范县人民政府"></div>
<span id="today">今天是2026年12月1日 星期二</span>
<ul class="mainnav">
  <li><a href="/">网站首页</a></li><li><a href="/zjsf/index.html">走进示范</a></li>
  <li><a href="/zwgk/index.html">政务公开</a></li><li><a href="/zwfw/index.html">政务服务</a></li>
  <li><a href="/hdjl/index.html">互动交流</a></li><li><a href="/ztzl/index.html">专题专栏</a></li>
</ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 通知公告</div>"""

FOOTER = """<div class="footer"><p><a href="/wzdt/index.html">网站地图</a> | <a href="/lxwm/index.html">联系我们</a>
 | <a href="/sybz/index.html">使用帮助</a> 更新时间：2026-11-30</p>
<p>版权所有 ©2026 示范县人民政府办公室 主办 地址：示范县人民路1号 电话：0931-8826049</p>
<p><a href="https://beian.miit.gov.cn/">陇ICP备05000123号-1</a> 网站标识码：6200000001</p></div>"""


def page(body: str, *, head: str = "") -> str:
    """A whole page: header menu, breadcrumb, ``body``, footer."""
    return (
        f'<html><head><meta charset="utf-8"><title>通知公告_示范县人民政府</title>{head}</head>'
        f"<body>{HEADER}<div class='wrap'>{body}</div>{FOOTER}</body></html>"
    )


def lst(html: str, base: str = BASE, ref: dt.date = REF) -> ListResult:
    return extract_list(parse_html(html), base, ref_date=ref)


def days(n: int, start: str = "2026-11-18", step: int = 3) -> list[dt.date]:
    """``n`` dates going back from ``start``."""
    first = D(start)
    return [first - dt.timedelta(days=step * i) for i in range(n)]


TITLES = [
    "关于开展2026年冬季森林防火专项检查的通知",
    "示范县人民政府关于调整城乡居民医疗保险缴费标准的公告",
    "县政府召开第十八次常务会议研究部署重点工作",
    "关于公布示范县第二批农业产业化重点龙头企业名单的通知",
    "示范县2026年第三季度财政预算执行情况公示",
    "关于做好冬春季农村饮水安全保障工作的通知",
    "示范县人民政府办公室关于印发应急预案的通知",
    "关于征求《示范县国土空间总体规划》意见的公告",
    "县政府党组召开理论学习中心组学习会议",
    "关于2026年度公务员招录体检结果的公示",
    "示范县开展安全生产大检查大整治行动",
    "关于做好重要农产品保供稳价工作的通知",
    "示范县市场监管局发布冬季消费提示",
    "关于表彰全县优秀基层党组织的决定",
    "示范县人民政府关于清理规范性文件的决定",
    "关于开展城镇燃气安全排查整治的通知",
    "示范县2026年民生实事项目进展情况通报",
    "关于做好元旦春节期间市场供应工作的通知",
    "县委县政府召开全县经济工作会议",
    "关于印发示范县营商环境优化方案的通知",
]


def trs_url(d: dt.date, n: int, folder: str = "/zwgk/tzgg") -> str:
    return f"{folder}/{d:%Y%m}/t{d:%Y%m%d}_{8800 + n}.html"


# --- 1. list layouts -----------------------------------------------------------------------------


def test_date_before_the_title():
    ds = days(12)
    rows = "".join(
        f'<li><span class="date">{d.isoformat()}</span><a href="{trs_url(d, i)}" target="_blank">{TITLES[i]}</a></li>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<div class="main"><ul class="news_list">{rows}</ul></div>'))
    assert r.source == "dom"
    assert len(r.items) == 12
    assert (r.items[0].title, r.items[0].date) == (TITLES[0], ds[0])
    assert (r.items[-1].title, r.items[-1].date) == (TITLES[11], ds[-1])
    assert r.items[0].url == f"{HOST}{trs_url(ds[0], 0)}"


def test_one_dl_per_entry():
    ds = days(8)
    rows = "".join(
        f'<dl class="item"><dt><a href="/xwzx/content_{4500 + i}.html">{TITLES[i]}</a></dt><dd>{d.isoformat()}</dd></dl>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<div class="list-box">{rows}</div>'))
    assert len(r.items) == 8
    assert [i.date for i in r.items] == ds
    assert r.items[-1].title == TITLES[7]


def test_cards_with_heading_date_paragraph_and_summary_prose():
    ds = days(6)
    rows = "".join(
        f'<div class="list-item"><h3><a href="/xwzx/zwyw/{d:%Y%m}/t{d:%Y%m%d}_{i}.html">{TITLES[i]}</a></h3>'
        f'<p class="summary">2026年10月{10 + i}日上午，县委副书记、县长主持召开会议，听取2025年工作汇报……</p>'
        f'<p class="date">{d.isoformat()}</p></div>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<div class="content">{rows}</div>'))
    assert len(r.items) == 6
    # the card's date element, not the date in the summary prose
    assert [i.date for i in r.items] == ds


def test_unclosed_row_divs_still_form_one_list():
    """A home-made template that forgets ``</div>`` in its loop: each row nests inside the last."""
    ds = days(5)
    rows = "".join(
        f'<div class="news_item"><a href="/news/show.php?id={300 + i}">{TITLES[i]}</a><span>{d.isoformat()}</span>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<div class="newsbox">{rows}</div>'))
    assert len(r.items) == 5
    assert [i.date for i in r.items] == ds


def test_table_with_th_header_serial_title_date():
    ds = days(10)
    rows = "".join(
        f'<tr><td>{i + 1}</td><td><a href="{trs_url(d, i)}">{TITLES[i]}</a></td><td>县政府办</td><td>{d.isoformat()}</td></tr>'
        for i, d in enumerate(ds)
    )
    table = (
        '<table class="tab" width="100%"><thead><tr><th>序号</th><th>标题</th><th>发布机构</th><th>发布时间</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )
    r = lst(page(table))
    assert len(r.items) == 10
    assert [i.date for i in r.items] == ds
    assert r.items[0].title == TITLES[0]


def test_xxgk_table_index_number_title_doc_number_dates():
    ds = days(7)
    rows = "".join(
        f"<tr><td>11620000013925112X/2026-{3100 - i:05d}</td>"
        f'<td class="tit"><a href="/xxgk/zfwj/{d:%Y%m}/t{d:%Y%m%d}_{i}.html" title="{TITLES[i]}">{TITLES[i][:12]}...</a></td>'
        f"<td>示政发〔2026〕{30 - i}号</td><td>{d - dt.timedelta(days=5):%Y年%m月%d日}</td><td>{d:%Y年%m月%d日}</td></tr>"
        for i, d in enumerate(ds)
    )
    table = (
        "<table><tr><td>索引号</td><td>名称</td><td>文号</td><td>成文日期</td><td>发布日期</td></tr>"
        f"{rows}</table>"
    )
    r = lst(page(table), f"{HOST}/xxgk/zfwj/")
    assert len(r.items) == 7
    assert [i.date for i in r.items] == ds  # 发布日期, not 成文日期, not the 索引号's 2026-03100
    assert r.items[0].title == TITLES[0]  # the full title= beats the truncated text


def test_two_links_per_row_category_tag_and_title():
    ds = days(10)
    cats = ["[通知公告]", "[政策解读]", "[工作动态]"]
    rows = "".join(
        f'<li><a class="lm" href="/zwgk/{["tzgg", "zcjd", "gzdt"][i % 3]}/index.html">{cats[i % 3]}</a>'
        f'<a href="{trs_url(d, i)}" title="{TITLES[i]}">{TITLES[i]}</a><span>{d.isoformat()}</span></li>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<div class="main"><ul class="list">{rows}</ul></div>'))
    assert len(r.items) == 10  # one entry per row, not the category tags
    assert all("/index.html" not in i.url for i in r.items)
    assert [i.title for i in r.items[:2]] == TITLES[:2]
    assert [i.date for i in r.items] == ds
    links = extract_dated_links(parse_html(page(f"<ul>{rows}</ul>")), BASE, ref_date=REF)
    assert [i.title for i in links] == TITLES[:10]


def test_xxgk_table_with_a_linked_publishing_organ_column():
    ds = days(6)
    rows = "".join(
        f'<tr><td>{i + 1}</td><td><a href="/xxgk/zfwj/content_{900 + i}.html">{TITLES[i]}</a></td>'
        f'<td><a href="/xxgk/bm/xlcj/index.html">县林业和草原局</a></td><td>{d.isoformat()}</td></tr>'
        for i, d in enumerate(ds)
    )
    table = f"<table><tr><th>序号</th><th>标题</th><th>发布机构</th><th>发布日期</th></tr>{rows}</table>"
    r = lst(page(table), f"{HOST}/xxgk/zfwj/")
    assert len(r.items) == 6  # the 发布机构 links are not entries
    assert [i.title for i in r.items] == TITLES[:6]
    assert [i.date for i in r.items] == ds


def test_flat_links_in_one_table_cell_stay_separate_entries():
    ds = days(5)
    cell = "".join(
        f'·<a href="/gg/content_{700 + i}.html">{TITLES[i]}</a>&nbsp;{d.isoformat()}<br>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f"<table><tr><td>{cell}</td></tr></table>"))
    assert len(r.items) == 5
    assert [i.date for i in r.items] == ds


def test_homepage_grid_two_dated_entries_per_row():
    ds = days(6)
    cells = [
        f'<td><a href="{trs_url(d, i, "/xwzx")}">{TITLES[i]}</a><span>{d:%m-%d}</span></td>'
        for i, d in enumerate(ds)
    ]
    rows = "".join(f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, 6, 2))
    links = extract_dated_links(parse_html(page(f"<table>{rows}</table>")), f"{HOST}/", ref_date=REF)
    assert [i.date for i in links] == ds


def test_truncated_titles_take_the_title_attribute():
    ds = days(5)
    rows = "".join(
        f'<li><a href="{trs_url(d, i)}" title="{TITLES[i]}">{TITLES[i][:10]}...</a><span>[{d.isoformat()}]</span></li>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<ul class="list">{rows}</ul>'))
    assert [i.title for i in r.items] == TITLES[:5]
    assert r.items[0].date_text == f"[{ds[0].isoformat()}]"


def test_link_wrapping_title_and_date_blocks():
    ds = days(6)
    rows = "".join(
        f'<li><a href="/xwzx/info/{5100 + i}.html"><p class="t">{TITLES[i]}</p><p class="d">{d.isoformat()}</p></a></li>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<ul class="newslist">{rows}</ul>'))
    assert len(r.items) == 6
    assert r.items[0].title == TITLES[0]
    assert [i.date for i in r.items] == ds


def test_calendar_style_date_box_day_apart_from_year_month():
    """Modern templates show a day in big type above ``2026-11``: the date is split in two."""
    ds = days(6)
    rows = "".join(
        f'<li><div class="time"><span class="day">{d:%d}</span><span class="ym">{d:%Y-%m}</span></div>'
        f'<div class="txt"><a href="{trs_url(d, i)}">{TITLES[i]}</a><p>{TITLES[i]}……</p></div></li>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<ul class="news">{rows}</ul>'))
    assert len(r.items) == 6
    assert [i.date for i in r.items] == ds
    ds2 = days(4)
    rows2 = "".join(
        f'<li><a href="{trs_url(d, i)}"><div class="date"><em>{d:%Y.%m}</em><strong>{d:%d}</strong></div>'
        f"<h4>{TITLES[i]}</h4></a></li>"
        for i, d in enumerate(ds2)
    )
    r = lst(page(f'<ul class="news">{rows2}</ul>'))
    assert [i.date for i in r.items] == ds2
    assert r.items[0].title == TITLES[0]


@pytest.mark.parametrize(
    ("fmt", "expected_text"),
    [
        ("{d:%Y-%m-%d} 10:30:00", "2026-11-18 10:30:00"),
        ("{d.year}/{d.month}/{d.day}", "2026/11/18"),
        ("[{d:%Y-%m-%d}]", "[2026-11-18]"),
        ("{d:%Y年%m月%d日}", "2026年11月18日"),
        ("{d.year}年{d.month}月{d.day}日", "2026年11月18日"),
        ("{d:%Y.%m.%d}", "2026.11.18"),
        ("发布日期：{d:%Y-%m-%d}", "2026-11-18"),
    ],
)
def test_date_formats(fmt, expected_text):
    ds = days(5)
    rows = "".join(
        f'<li><a href="{trs_url(d, i)}">{TITLES[i]}</a><span>{fmt.format(d=d)}</span></li>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<ul class="list">{rows}</ul>'))
    assert [i.date for i in r.items] == ds
    assert r.items[0].date_text == expected_text


def test_single_digit_slash_date_and_yearless_em():
    rows = (
        f'<li><a href="{trs_url(D("2026-11-08"), 1)}">{TITLES[0]}</a><span>2026/11/8</span></li>'
        f'<li><a href="/zwgk/tzgg/content_7001.html">{TITLES[1]}</a><em>11-18</em></li>'
        f'<li><a href="/zwgk/tzgg/content_7000.html">{TITLES[2]}</a><em>11-02</em></li>'
    )
    r = lst(page(f'<ul class="list">{rows}</ul>'))
    assert [i.date for i in r.items] == [D("2026-11-08"), D("2026-11-18"), D("2026-11-02")]
    assert [i.yearless for i in r.items] == [False, True, True]


def test_full_width_digits_and_dashes():
    ds = days(4)
    fw = str.maketrans("0123456789-", "０１２３４５６７８９－")
    rows = "".join(
        f'<li><a href="/gg/content_{600 + i}.html">{TITLES[i]}</a><span>{d.isoformat().translate(fw)}</span></li>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<ul class="list">{rows}</ul>'))
    assert [i.date for i in r.items] == ds
    assert r.items[0].date_text == "２０２６－１１－１８"
    assert find_dates("发布时间：２０２６年１１月１８日")[0].date == D("2026-11-18")


def test_pinned_entries_with_old_dates_stay_in_the_list():
    pinned = (
        f'<li class="top"><span class="zd">[置顶]</span><a href="{trs_url(D("2024-03-01"), 90)}">{TITLES[19]}</a>'
        "<span>2024-03-01</span></li>"
    )
    ds = days(9)
    rows = "".join(
        f'<li><a href="{trs_url(d, i)}">{TITLES[i]}</a><span>{d.isoformat()}</span></li>'
        for i, d in enumerate(ds)
    )
    r = lst(page(f'<ul class="list">{pinned}{rows}</ul>'))
    assert len(r.items) == 10
    assert r.items[0].title == TITLES[19] and r.items[0].date == D("2024-03-01")
    assert max(i.date for i in r.items if i.date) == ds[0]


def test_kaipu_ucap_content_urls_with_time_spans():
    ds = days(15, step=1)
    rows = "".join(
        f'<li><a href="/sfx/c100{230 + i % 3}/content_{12345 - i}.html" target="_blank" title="{TITLES[i]}">'
        f'{TITLES[i]}</a><span class="time">{d.isoformat()}</span></li>'
        for i, d in enumerate(ds)
    )
    body = (
        f'<div class="container"><div class="left"><div class="lm-title">政务公开</div>'
        f'<ul class="lm-list"><li><a href="/sfx/c100230/list.shtml">通知公告栏目</a></li>'
        f'<li><a href="/sfx/c100231/list.shtml">政策文件栏目</a></li></ul></div>'
        f'<div class="right"><ul class="list">{rows}</ul>'
        f'<div class="pagination"><a href="list_2.shtml">下一页</a><a href="list_7.shtml">尾页</a></div></div></div>'
    )
    r = lst(page(body), f"{HOST}/sfx/c100230/list.shtml")
    assert len(r.items) == 15
    assert r.items[0].url == f"{HOST}/sfx/c100230/content_12345.html"
    assert r.items[-1].date == ds[-1]
    assert [f.url for f in r.follow] == [f"{HOST}/sfx/c100230/list_{n}.shtml" for n in range(2, 8)]


# --- 2. which list is the column's --------------------------------------------------------------


def _side_box(n: int, heading: str, cls: str = "box") -> str:
    ds = days(n, start="2026-11-29", step=1)
    rows = "".join(
        f'<li><a href="/xwzx/{d:%Y%m}/t{d:%Y%m%d}_{900 + i}.html">{TITLES[-1 - i]}</a><em>{d:%m-%d}</em></li>'
        for i, d in enumerate(ds)
    )
    return f'<div class="{cls}"><div class="hd"><h3>{heading}</h3></div><ul>{rows}</ul></div>'


def test_main_list_beats_a_dated_sidebar_box():
    ds = days(15, start="2026-06-30")
    rows = "".join(
        f'<li><a href="{trs_url(d, i)}">{TITLES[i]}</a><span>{d.isoformat()}</span></li>'
        for i, d in enumerate(ds)
    )
    body = (
        f'<div class="l-main"><ul>{rows}</ul></div><div class="r-part">{_side_box(10, "热点排行")}'
        f"{_side_box(5, '相关链接')}</div>"
    )
    r = lst(page(body))
    assert len(r.items) == 15
    assert r.items[0].date == D("2026-06-30")  # not the box's 2026-11-29


def test_short_main_list_beats_a_longer_hot_box_without_furniture_class():
    """A single-page column (8 entries, no pager) beside a 10-entry 热点排行 box named neutrally."""
    ds = days(8, start="2026-05-30")
    rows = "".join(
        f'<li><a href="{trs_url(d, i)}">{TITLES[i]}</a><span>{d.isoformat()}</span></li>'
        for i, d in enumerate(ds)
    )
    body = f'<div class="l-main"><ul>{rows}</ul></div><div class="r-part">{_side_box(10, "热点排行", "box2")}</div>'
    r = lst(page(body))
    assert len(r.items) == 8
    assert r.items[0].date == D("2026-05-30")
    assert r.items[0].title == TITLES[0]


def test_undated_main_list_beats_a_dated_sidebar():
    rows = "".join(
        f'<li><a href="/zwgk/zcwj/content_{7300 + i}.html">{TITLES[i]}</a></li>' for i in range(12)
    )
    body = (
        f'<div class="l-main"><div class="col-title">政策文件</div><ul class="wj">{rows}</ul></div>'
        f'<div class="r-part">{_side_box(8, "热门文章", "box2")}</div>'
    )
    r = lst(page(body))
    # the column's own list, undated (the spider reads the articles' dates), not the sidebar
    assert len(r.items) == 12
    assert all(i.date is None for i in r.items)
    assert r.items[0].title == TITLES[0]


def test_undated_main_list_headed_by_the_column_name_beats_a_neutral_dated_box():
    """No pager, no furniture name, a neutral box heading (最新信息): the list headed by the
    column's own name — the one the page's <title> gives — is the column's."""
    rows = "".join(
        f'<li><a href="/zwgk/zcwj/content_{7300 + i}.html">{TITLES[i]}</a></li>' for i in range(12)
    )
    body = (
        f'<div class="l-main"><div class="col-title">政策文件</div><ul class="wj">{rows}</ul></div>'
        f'<div class="r-part">{_side_box(8, "最新信息", "box2")}</div>'
    )
    html = page(body).replace("<title>通知公告_", "<title>政策文件_")
    r = lst(html, f"{HOST}/zwgk/zcwj/")
    assert len(r.items) == 12
    assert all(i.date is None for i in r.items)


def test_footer_date_is_not_an_entry():
    rows = "".join(f'<li><a href="/zwgk/ghjh/content_{880 + i}.html">{TITLES[i]}</a></li>' for i in range(5))
    r = lst(page(f'<div class="main"><ul class="xxgk_list">{rows}</ul></div>'))
    assert len(r.items) == 5
    assert all(i.date is None for i in r.items)
    # an empty column whose only date is the footer's 更新时间
    r = lst(page('<div class="main"><div class="list"></div></div>'))
    assert r.items == [] and r.source == "none"


def test_single_article_column_is_not_a_list_of_nav_links():
    subnav = "".join(
        f'<li><a href="/zjsf/{p}/index.html">{t}</a></li>'
        for p, t in [
            ("jggk", "机构概况"),
            ("ldxx", "领导信息"),
            ("nsjg", "内设机构"),
            ("xsdw", "下属单位"),
            ("lxfs", "联系方式"),
        ]
    )
    body = (
        f'<div class="left"><h2>走进示范</h2><ul class="sub">{subnav}</ul></div>'
        '<div class="right"><div class="article"><h1>示范县人民政府办公室机构概况</h1>'
        '<div class="info">发布时间：2026-03-02 来源：县政府办</div>'
        "<p>示范县人民政府办公室是县人民政府的办事机构，主要职责是：</p>"
        "<p>（一）负责县政府会议的准备工作，协助县政府领导同志组织会议决定事项的实施。</p>"
        "<p>（二）协助县政府领导同志处理县政府各部门和各乡镇请示县政府的事项。</p></div></div>"
    )
    r = lst(page(body), f"{HOST}/zjsf/jggk/index.html")
    assert r.source == "none" and r.items == []


def test_long_menu_next_to_an_empty_column_with_placeholder():
    menu = "".join(
        f'<li><a href="/col/col{5600 + i}/index.html?number=A{i:04d}">{t}</a></li>'
        for i, t in enumerate(
            [
                "政府信息公开指南",
                "政府信息公开制度",
                "法定主动公开内容",
                "政府信息公开年报",
                "机构职能与领导信息",
                "规范性文件与政策解读",
            ]
            * 5
        )
    )
    body = f'<div class="zwgk_left"><ul>{menu}</ul></div><div class="zwgk_right"><div class="list"><p>暂无信息</p></div></div>'
    r = lst(page(body), f"{HOST}/col/col5610/index.html")
    assert r.items == []
    assert r.placeholder == "暂无信息"


# --- 3. pagination ------------------------------------------------------------------------------

ITEMS = (
    '<ul class="list">'
    + "".join(
        f'<li><a href="{trs_url(d, i)}">{TITLES[i]}</a><span>{d.isoformat()}</span></li>'
        for i, d in enumerate(days(10))
    )
    + "</ul>"
)


def follow(pager: str, base: str) -> ListResult:
    return lst(page(ITEMS + pager), base)


def test_numbered_pager_index_n_from_2():
    r = follow(
        '<div class="page"><span>1</span><a href="index_2.html">2</a><a href="index_3.html">3</a>'
        '<a href="index_2.html">下一页</a><span>共5页</span></div>',
        f"{HOST}/zwgk/tzgg/index.html",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/zwgk/tzgg/index_{n}.html" for n in range(2, 6)]
    assert r.total_pages == 5


def test_list_n_pager_with_last_link():
    r = follow(
        '<div class="pages"><a href="list_1.html">首页</a><a href="list_2.html">下一页</a>'
        '<a href="list_9.html">尾页</a></div>',
        f"{HOST}/news/list_1.html",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/news/list_{n}.html" for n in range(2, 10)]


def test_page_index_query():
    r = follow(
        '<div class="pager"><a href="?pageIndex=2">下一页</a><a href="?pageIndex=4">末页</a></div>',
        f"{HOST}/News.aspx",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/News.aspx?pageIndex={n}" for n in (2, 3, 4)]


def test_page_param_with_other_params_kept():
    r = follow(
        '<div class="fenye">第1页/共3页 <a href="list.php?cid=12&amp;page=2&amp;type=1">下一页</a></div>',
        f"{HOST}/list.php?cid=12&type=1",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/list.php?cid=12&page={n}&type=1" for n in (2, 3)]


def test_last_link_only_with_stated_total():
    r = follow(
        '<div class="page">共 5 页 当前第 1 页 <a href="index_4.html">尾页</a></div>',
        f"{HOST}/zwgk/tzgg/index.html",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/zwgk/tzgg/index_{n}.html" for n in range(1, 5)]


def test_stated_total_and_next_link():
    r = follow(
        '<div class="page">共 5 页 当前第 1 页 <a href="index_1.html">下一页</a> <a href="index_4.html">尾页</a></div>',
        f"{HOST}/zwgk/tzgg/index.html",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/zwgk/tzgg/index_{n}.html" for n in range(1, 5)]
    assert r.total_pages == 5


def test_select_pager():
    options = "".join(f'<option value="index_{n}.html">第{n + 1}页</option>' for n in range(1, 4))
    r = follow(
        '<div class="page"><a href="index_1.html">下一页</a> 转到 <select onchange="location.href=this.value">'
        f'<option value="index.html" selected>第1页</option>{options}</select></div>',
        f"{HOST}/zwgk/tzgg/index.html",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/zwgk/tzgg/index_{n}.html" for n in range(1, 4)]


def test_select_pager_without_links():
    options = "".join(f'<option value="list_{n}.htm">{n}</option>' for n in range(2, 5))
    r = follow(
        f'<div>跳转到 <select name="sel" onchange="window.location=this.options[this.selectedIndex].value">'
        f'<option value="list_1.htm" selected>1</option>{options}</select></div>',
        f"{HOST}/zwgk/tzgg/list_1.htm",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/zwgk/tzgg/list_{n}.htm" for n in range(2, 5)]


def test_6_argument_pager_of_a_kaipu_list():
    r = follow(
        "<div id=\"pageList\"></div><script>createPageHTML('pageList', 4, 1, 'list', 'shtml', 58);</script>",
        f"{HOST}/sfx/c100230/list.shtml",
    )
    assert [f.url for f in r.follow] == [f"{HOST}/sfx/c100230/list_{n}.shtml" for n in range(2, 5)]
    assert (r.total_pages, r.total_records) == (4, 58)


# --- 4. encodings, homepages, articles ----------------------------------------------------------


def test_gb2312_declared_page_with_gbk_only_characters():
    html = page(ITEMS.replace(TITLES[0], "关于朱镕基同志和王堃同志事迹宣讲活动的通知")).replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    text, enc = decode_html(html.encode("gb18030"))
    assert enc == "gb18030"
    r = lst(text)
    assert r.items[0].title == "关于朱镕基同志和王堃同志事迹宣讲活动的通知"
    assert len(r.items) == 10


def test_dated_links_of_a_homepage_with_mixed_blocks():
    news = "".join(
        f'<li><span>{d:%m-%d}</span><a href="{trs_url(d, i, "/xwzx")}">{TITLES[i]}</a></li>'
        for i, d in enumerate(days(5, start="2026-11-28"))
    )
    notices = "".join(
        f'<dl><dt><a href="/tzgg/content_{300 + i}.html">{TITLES[10 + i]}</a></dt><dd>{d:%Y/%m/%d}</dd></dl>'
        for i, d in enumerate(days(3, start="2026-11-20"))
    )
    body = f'<div class="news">{news}</div><div class="tz">{notices}</div>'
    links = extract_dated_links(parse_html(page(body)), f"{HOST}/", ref_date=REF)
    assert len(links) == 8
    assert max(i.date for i in links) == D("2026-11-28")
    assert D("2026-11-30") not in {i.date for i in links}  # the footer's 更新时间 is not news
    assert D("2026-12-01") not in {i.date for i in links}  # nor the header's "today"


def article(info: str, *, url_date: bool = False, extra_head: str = "") -> str:
    return (
        f"<html><head><title>关于开展冬季森林防火专项检查的通知_示范县人民政府</title>{extra_head}</head><body>{HEADER}"
        '<div class="detail"><h1 class="title">关于开展冬季森林防火专项检查的通知</h1>'
        f"{info}"
        '<div class="content"><p>各乡镇人民政府，县直各部门：</p><p>为做好2026年冬季森林防火工作，定于2026年12月10日起开展检查。</p>'
        "<p>示范县人民政府办公室</p><p>2026年11月15日</p></div></div>"
        f"{FOOTER}</body></html>"
    )


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (
            '<div class="info">发布时间：2026-11-18 10:30:00 来源：县政府办 浏览次数：<span id="c">12</span></div>',
            "2026-11-18",
        ),
        (
            '<div class="info"><span>信息来源：县林草局</span><span>发布日期：２０２６－１１－１８</span></div>',
            "2026-11-18",
        ),
        (
            '<div class="info"><span class="lab">发布时间</span><span class="val">2026年11月18日</span></div>',
            "2026-11-18",
        ),
        ('<p class="sub">【发布时间：2026/11/18】【字体：大 中 小】【打印】</p>', "2026-11-18"),
        ('<div class="xl-info">2026-11-18 10:30 来源：示范县人民政府</div>', "2026-11-18"),
        (
            '<table class="xxgk"><tr><td>索引号：</td><td>11620000013925112X/2026-03100</td><td>发布机构：</td>'
            "<td>县政府办</td></tr><tr><td>成文日期：</td><td>2026-11-15</td><td>发布日期：</td><td>2026-11-18</td></tr></table>",
            "2026-11-18",
        ),
    ],
)
def test_article_publication_date_layouts(info, expected):
    p = extract_page_info(parse_html(article(info)), f"{HOST}/zwgk/tzgg/content_8801.html", ref_date=REF)
    assert p.pub_date == D(expected)
    assert p.title == "关于开展冬季森林防火专项检查的通知"


def test_article_without_a_date_does_not_take_the_header_today_or_footer():
    p = extract_page_info(parse_html(article("")), f"{HOST}/zwgk/tzgg/content_8801.html", ref_date=REF)
    assert p.pub_date is None  # neither the header's "today", the footer's 更新时间, nor the body prose
    # a header showing today's date in an element named "date"
    html = article("").replace(
        '<span id="today">今天是2026年12月1日 星期二</span>', '<span class="date">2026年12月01日</span>'
    )
    p = extract_page_info(parse_html(html), f"{HOST}/zwgk/tzgg/content_8801.html", ref_date=REF)
    assert p.pub_date is None
