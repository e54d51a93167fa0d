"""Article, document, letter and notice builders for CMS families not in ../shared/realpages,
written for these tests (structure modelled on public repositories, text our own; each docstring
names the repository and path)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tests.realsites.lists import e, shell

BODY = "<p>为进一步做好相关工作，经研究，现将有关事项通知如下。</p>" * 3


def topiecms_article(title: str, published: dt.date, *, body: str = BODY) -> str:
    """金湖县 topiecms article: centred title span, ``div.jh-article-info`` of spans 发布日期：… /
    出处：… / 作者：…, body in ``div.jh-article-p``, attachments as buttons.

    Modelled on topie/topiecms · src/main/webapp/template/jh-content.ftl.
    """
    return shell(
        f"{title}-测试县人民政府",
        '<div class="container bg-white"><ol class="breadcrumb"><span class="jh-dotted">·</span>首页 / 政务公开</ol>'
        f'<div class="jh-main jh-article"><div class="jh-article-title fontSize22 text-center"><span>{e(title)}</span>'
        f'</div><div class="jh-article-info text-center"><span>发布日期：{published.isoformat()}</span>'
        "<span>出处：测试县人民政府办公室</span><span>作者：</span></div>"
        f'<div class="thumbnail jh-article-thumbnail"></div><div class="jh-article-p">{body}</div></div></div>',
    )


def epoint_document(title: str, fields: Sequence[tuple[str, str]], *, body: str = BODY) -> str:
    """国泰新点 (Epoint) 政府信息公开 page: the metadata in ``#symbol``, rows of three ``div`` cells
    each holding ``label：value`` in its own text — except 信息编号, whose label and value sit
    together inside a child ``<span>`` — then the title in ``#main`` and the body in
    ``div.ewb-article-detail``.

    Modelled on DIYgod/RSSHub · lib/routes/gov/sichuan/deyang/govpublicinfo.ts (the selectors
    ``#symbol > div:nth-child(1) > div:nth-child(2) > span`` and ``split('：')``).
    """
    cells = []
    for k, v in fields:
        cell = f"<span>{e(k)}：{e(v)}</span>" if k == "信息编号" else f"{e(k)}：{e(v)}"
        cells.append(f'<div class="ewb-symbol-item">{cell}</div>')
    rows = "".join(
        f'<div class="ewb-symbol-row clearfix">{"".join(cells[i : i + 3])}</div>'
        for i in range(0, len(cells), 3)
    )
    return shell(
        f"{title}-测试县人民政府",
        f'<div class="container" id="container"><div class="ewb-white"><div id="symbol" class="ewb-symbol">{rows}</div>'
        f'<div id="main" class="ewb-article-tt">{e(title)}</div><div class="ewb-article-detail">{body}</div></div></div>',
    )


def minmore_letter(
    title: str, asked: str, *, unit: str, state: str, replied: str = "", answer: str = ""
) -> str:
    """MinMore CMS letter page: two ``table.result-table`` of ``td.row-prompt`` labels with
    half-width colons (``来信时间:``) and ``td.row-content`` values — 编号, 来信人, 来信时间,
    受理单位, 信件类型, 办事状态, 来信主题, 来信内容; then 办理单位, 办理时间 (``暂无`` until
    answered) and 处理情况.

    Modelled on wangxiaomo/MinMoreCMS · MinMore/Template/L2_Global/DirectorMail/Index/mail.php.
    """

    def row(a: str, b: str, c: str, d: str) -> str:
        return (f'<tr><td class="row-prompt">{a}:</td><td class="row-content">{e(b)}</td>'
                f'<td class="row-prompt">{c}:</td><td class="row-content">{e(d)}</td></tr>')  # fmt: skip

    first = (
        row("编号", "C20260001", "来信人", "王先生")
        + row("来信时间", asked, "受理单位", unit)
        + row("信件类型", "咨询", "办事状态", state)
        + f'<tr class="large-table-row"><td class="row-prompt">来信主题:</td><td colspan="3">{e(title)}</td></tr>'
        + '<tr class="large-table-row"><td class="row-prompt">来信内容:</td><td colspan="3">请问有关部门何时处理。</td></tr>'
    )
    second = row("办理单位", unit, "办理时间", replied or "暂无") + (
        f'<tr class="large-table-row"><td class="row-prompt">处理情况:</td><td colspan="3">{e(answer)}</td></tr>'
    )
    return shell(
        f"{title}_局长信箱",
        '<div class="content_box"><div class="content-fd"><div class="mailbox-list"><div class="content-hd">局长信箱－信件查看'
        f'</div></div><br/><table class="result-table">{first}</table><p class="download-files">来信附件:&nbsp;没有附件</p>'
        f'<table class="result-table">{second}</table></div></div>',
    )


def fujian_trs_article(
    title: str, published: dt.datetime, *, signed: dt.date, source: str = "测试县人民政府"
) -> str:
    """Fujian TRS (avalon) article: title in ``div.article_title`` (no heading tag), the date as
    ``<span class="article_time">时间：2026-11-02 09:02</span>`` beside a view counter filled by
    script, the body in ``<div class=TRS_Editor>`` (unquoted class) ending with the signing
    date, 来源 below, an attachment list styled like a dated list, and empty script-filled 政策文件 /
    相关链接 lists.

    Modelled on changwu/pingtan-gov-zwgk-archive ·
    pingtan/zwgk/ghxx/gzjzqk/202404/88865_区公安局2024年第一季度烟花爆竹“双随机”抽查情况/page.html.
    """
    related = (
        '<div class="article_relalinks"><div class="title_base"><div class="title_name">相关链接</div></div>'
        '<div class="list_base list_base_date_02"><ul><li ms-repeat="list"><a ms-attr-href="el.url" ms-text="el.title">'
        "</a><span ms-text=\"el.tardocreltime|date2('MM-dd')\"></span></li></ul></div></div>"
    )
    body = (
        '<div class="main"><div class="breadcrumb"><span>当前位置：</span><ul><li><a href="/">首页</a></li>'
        '<li><a href="/zwgk/">政务公开</a></li></ul></div><div class="article_component">'
        f'<div class="article_title_group"><div class="article_title text_align_center">{e(title)}</div>'
        '<div class="article_title_sec"></div></div><div class="article_extend"><div class="trt-row">'
        f'<span class="article_time">时间：{published:%Y-%m-%d %H:%M}</span>'
        '<span class="article_views" ms-text="\'浏览量：\' + pvCount"></span></div></div>'
        '<div class="article_area"><div class="article_content"><div class=TRS_Editor>'
        "<p>根据工作安排，相关单位开展了检查，检查情况详见附件。</p>"
        f"<p>附件：检查情况表</p><p>测试县公安局</p><p>{signed.year}年{signed.month}月{signed.day}日</p></div></div></div>"
        f'<div class="article_extend"><span class="article_source">来源：{e(source)}</span></div>'
        '<div class="article_attachment"><div class="title_base">附件下载</div><div class="list_base list_base_date_02">'
        '<ul><li><a href="./P020261102000001.xls" target="_blank">附件：检查情况表.xls</a></li></ul></div></div>'
        f"</div>{related}</div>"
    )
    return shell(f"{title}_测试县人民政府", body)


def cqjw_topic(title: str, published: dt.date, start: dt.date, end: dt.date) -> str:
    """The 意见征集 topic page behind a ``topicList`` row: 发布时间 line, then 征集时间 as
    ``YYYY-MM-DD 至 YYYY-MM-DD``, the draft and the ways to reply. Structure after the list
    template it belongs to (Beyond-yan/cqjw · Portal/WebContent/WEB-INF/pages/communication/topicList.jsp:
    ``VALID_DATE_S`` / ``VALID_DATE_E``)."""
    return shell(
        title,
        f'<div class="content"><div class="detail"><h1>{e(title)}</h1><div class="info">发布时间：{published.isoformat()}'
        f'</div><div class="zj-time">征集时间：{start.isoformat()} 至 {end.isoformat()}</div>'
        '<div class="con"><p>为广泛听取社会各界意见，现将草案全文公布，公开征求意见。</p>'
        "<p>意见反馈方式：电子邮件、信函。</p></div></div></div>",
    )


def opengov_detail(
    title: str, created: dt.date, *, origin: str = "测试县人民政府办公室", body: str = BODY
) -> str:
    """公开详情 page laid out as one table: the title row, ``来源:…`` with ``阅读:N`` floated right
    (half-width colons), a rule, the content, and last, alone in a right-aligned cell, the date
    the entry was created (``yyyy-MM-dd``, no label).

    Modelled on LWABCD/government · src/main/webapp/WEB-INF/jsp/proscenium/openGovernmentDetail.jsp.
    """
    return shell(
        f"{title}",
        '<div align="center" class="Wrapper"><div id="content" class="Sub"><div class="NewContainer770">'
        '<div class="BoxHeader"><div class="BoxHeader-center">公开详情<a href="javascript:;">&lt;&lt;</a></div></div>'
        '<div class="Slot"><table id="table" align="center" width="100%" border="0">'
        f'<tr style="height: 100px"><td align="center"><span style="font-size: x-large">{e(title)}</span></td></tr>'
        f'<tr><td style="padding-left: 50px;">来源:{e(origin)}<span style="float: right;">阅读:128</span></td></tr>'
        f'<tr><td align="center"><hr></td></tr><tr><td><span style="font-size: larger">{body}</span></td></tr>'
        f'<tr style="height: 50px"><td align="right">{created.isoformat()}</td></tr></table></div></div></div></div>',
    )
