"""Page builders for CMS templates seen on real government sites, written for these tests.

Each builder reproduces the *structure* of a real template (tags, classes, scripts, where dates,
labels and values sit) with our own titles, dates and URLs; nothing here is copied from a page.
The docstring of each builder names the public repository and path of the saved page it is
modelled on.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

Entry = tuple[str, str, dt.date]  # title, href, date


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def fujian_trs_static_blocks(
    column: str, entries: Sequence[Entry], *, record_count: int, per_block: int = 5, prepage: int = 15
) -> str:
    """Fujian TRS "动静结合" column page: the first pages' rows are on the page, five per wrapper
    (``<div ms-visible="$showStatic(1)"><ul>5 × li</ul><div class="border_b_dashed"></div></div>``,
    then ``$showStatic(6)``…), a dead avalon template row, a pager filled by ``list2.trsapi`` and
    ``pageChnlInfo = {recordCount:'N', prepage:15}``.

    Modelled on changwu/pingtan-gov-zwgk-archive · pingtan/zwgk/ghxx/gzjzqk/_lists/index.html
    (平潭综合实验区 工作进展情况, 75 static rows, recordCount 107).
    """
    blocks = []
    for start in range(0, len(entries), per_block):
        lis = "".join(
            f'<li><a href="{_e(h)}" target="_blank" title="{_e(t)}">{_e(t)}</a>'
            f'<em id="rel_{start + i}"></em><span class="bf-pass">{d.isoformat()}</span></li>'
            for i, (t, h, d) in enumerate(entries[start : start + per_block])
        )
        blocks.append(
            f'<div ms-visible="$showStatic({start + 1})"><ul>{lis}</ul>'
            '<div class="border_b_dashed border_b_solid_03_sm mar_t_small"></div></div>'
        )
    template_row = (
        '<ul ms-visible="!showStatic"><li ms-repeat="list"><a ms-attr-href="el.url" ms-text="el.title"'
        ' target="_blank"></a><span ms-text="el.docreltime | date2(\'yyyy-MM-dd\')" class="bf-pass"></span></li></ul>'
    )
    return (
        '<!DOCTYPE html><html ms-controller="windowRoot"><head><meta charset="utf-8">'
        f'<meta name="SiteName" content="测试县人民政府"><meta name="ColumnName" content="{_e(column)}">'
        f'<title>{_e(column)}_测试县人民政府</title></head><body><div class="wrap">'
        '<div class="header menu_hov"><ul class="clearflx"><li><a href="/">首页</a></li>'
        '<li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>'
        '<div class="main"><div class="breadcrumb"><span>当前位置：</span><ul><li><a href="/">首页</a></li>'
        f'<li><a href="./">{_e(column)}</a></li></ul></div>'
        f'<div class="title_base current_title"><div class="title_name">{_e(column)}</div></div>'
        '<div class="filter_area" ms-controller="list"><label>发布时间:</label><input type="text" '
        'placeholder="请输入关键字搜索"></div>'
        f'<div class="list_base list_base_date_01" ms-controller="list" des="{_e(column)}">'
        f'<div ms-visible="showStatic">{"".join(blocks)}</div>{template_row}</div>'
        '<div class="page_base mar_t_base" ms-controller="list_pagebar" ms-include-src="pgTemp"></div>'
        '</div><div class="footer"><p>主办单位：测试县人民政府办公室</p></div></div>'
        '<script>var pageChnlInfo={quickMode:"动静结合",maxStaticIndex: 5,'
        f"recordCount:'{record_count}',sortfield:'-docorderpri,-docreltime',prepage:{prepage},cache:true}}</script>"
        "<script>require(['list2.trsapi'], function(listModel) { listModel({pagebar: {recordCount: "
        "pageChnlInfo.recordCount, pgTemp: 'pgBar_pt.html', prepage: pageChnlInfo.prepage||15}}) })</script>"
        "</body></html>"
    )


def overview_boxes(column: str, boxes: Sequence[tuple[str, str, Sequence[Entry]]]) -> str:
    """An overview page of sub-columns: one box per sub-column with its own heading, five rows and
    a 更多 link (the decoy for sibling blocks: separate lists, never merged)."""
    parts = []
    for name, more, entries in boxes:
        lis = "".join(
            f'<li><a href="{_e(h)}" title="{_e(t)}">{_e(t)}</a><span>{d.isoformat()}</span></li>'
            for t, h, d in entries
        )
        parts.append(
            f'<div class="box"><div class="box-hd"><h3>{_e(name)}</h3><a href="{_e(more)}">更多</a></div>'
            f'<ul class="box-list">{lis}</ul></div>'
        )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(column)}_测试县人民政府</title></head>'
        f'<body><div class="main"><h2>{_e(column)}</h2>{"".join(parts)}</div></body></html>'
    )


def li_font_xxgk_document(
    title: str, fields: Sequence[tuple[str, str]], *, body: str, meta_pubdate: str = ""
) -> str:
    """A 政务公开 document whose block is a ``<ul>`` of ``<li>`` rows, the label padded with
    ``&ensp;`` in the ``<li>``'s own text and the value in a child ``<font>``
    (``<li>索&ensp;引&ensp;号：<font>…</font></li>``), and no visible 发布日期 line when the
    fields give none; ``meta_pubdate`` is the page's ``<meta name="PubDate">`` (on such CMSs the
    time the page was regenerated).

    The block shape is the one issue 9 reports from real county pages; the ``&ensp;`` padding is
    that of realpages/detail/hubei_scjg_xxgk_detail.html (chenpython/myWeb ·
    hubei_samr/success_detail.html).
    """
    padded = {"索引号": "索&ensp;引&ensp;号", "文号": "文&emsp;&emsp;号", "有效性": "有&ensp;效&ensp;性"}
    lis = "".join(f"<li>{padded.get(k, _e(k))}：<font>{_e(v)}</font></li>" for k, v in fields)
    meta = f'<meta name="PubDate" content="{_e(meta_pubdate)}">' if meta_pubdate else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(title)}_测试县人民政府</title>'
        f'<meta name="SiteName" content="测试县人民政府"><meta name="ArticleTitle" content="{_e(title)}">{meta}</head>'
        '<body><div class="header"><a href="/">首页</a></div><div class="main">'
        f'<div class="xxgk_top"><ul class="clearfix">{lis}</ul></div>'
        f'<h1 class="article-title">{_e(title)}</h1><div class="TRS_Editor">{body}</div>'
        '</div><div class="footer">主办：测试县人民政府办公室</div></body></html>'
    )


def li_span_mailbox(column: str, rows: Sequence[tuple[str, str, str, str, str]]) -> str:
    """A 信箱 list written as ``<li>`` rows of ``<span>``s, not a table: title link, 留言时间：…,
    回复时间：— (or a date), 状态 and the status word in its own ``<span>`` (no colon).
    ``rows``: (title, href, asked, replied or "—", status)."""
    lis = "".join(
        f'<li><span class="bt"><a href="{_e(h)}" title="{_e(t)}">{_e(t)}</a></span>'
        f'<span class="sj">留言时间：{a}</span><span class="hf">回复时间：{r}</span>'
        f'<span class="zt">状态</span><span class="state">{_e(s)}</span></li>'
        for t, h, a, r, s in rows
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(column)}_测试县人民政府</title></head>'
        f'<body><div class="header"><a href="/">首页</a></div><div class="main"><h2>{_e(column)}</h2>'
        f'<ul class="xjlist">{lis}</ul><div class="page">共{len(rows)}条</div></div></body></html>'
    )


def letter_page(title: str, asked: str, *, replied: str = "", unit: str = "", answer: str = "") -> str:
    """A letter page as label/value blocks: labels spaced out in ``<div class="label">`` with the
    value in the next ``<div>``, an empty 回复时间 and 答复内容 saying 正在办理中 while it is handled."""
    rows = [("留 言 标 题", title), ("留 言 时 间", asked), ("回 复 时 间", replied), ("答 复 单 位", unit),
            ("答 复 内 容", answer)]  # fmt: skip
    body = "".join(
        f'<div class="row"><div class="label">{k}</div><div class="value">{_e(v)}</div></div>'
        for k, v in rows
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(title)}</title></head><body>'
        f'<div class="main"><h1>{_e(title)}</h1><div class="letter">{body}</div></div></body></html>'
    )


def consultation_notice(title: str, published: dt.date, window_text: str) -> str:
    """A 意见征集 notice with a visible 发布日期 and its window in prose (从即日起至…)."""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(title)}</title></head><body>'
        f'<div class="main"><h1>{_e(title)}</h1><div class="info">发布日期：{published.isoformat()}　'
        f'来源：测试县司法局</div><div class="content"><p>为提高立法质量，现将草案全文公布，公开征求社会各界意见。</p>'
        f"<p>{_e(window_text)}</p><p>联系电话：0000-1234567</p></div></div></body></html>"
    )
