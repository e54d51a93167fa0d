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
