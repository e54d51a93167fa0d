"""List-page builders for CMS families not in ../shared/realpages, written for these tests.

Each builder reproduces the *structure* of a template a real government site uses (tags, classes,
where titles, dates, counters and pagers sit) with our own titles, dates and URLs; nothing is
copied from a page. Each docstring names the public repository and path it was modelled on.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

Entry = tuple[str, str, dt.date]  # title, href, date


def e(text: str) -> str:
    return html.escape(text, quote=True)


def shell(title: str, body: str, *, head: str = "", charset: str = "utf-8") -> str:
    """A page with a header menu and a footer, as every template has."""
    return (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{e(title)}</title>{head}</head><body>"
        '<div class="header"><a href="/">网站首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a>'
        ' <a href="/bsfw/">办事服务</a></div>'
        f"{body}"
        '<div class="footer"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a>'
        "<p>主办：测试县人民政府办公室 网站标识码：1234000001 ICP备12345678号</p></div></body></html>"
    )


def topiecms_list(column: str, entries: Sequence[Entry], *, pager: str = "") -> str:
    """金湖县 topiecms column list: the date sits *inside* the link, after the title, both in spans
    (``<li><span class="jh-dotted">·</span><a><span class="panel2-list-content">题</span>
    <span class="panel2-list-time">2026-11-02</span></a></li>``), a left box of sibling columns.

    Modelled on topie/topiecms · src/main/webapp/template/jh-zwgk-child-list.ftl.
    """
    side = "".join(
        f'<li><a href="/zwgk/c{i}/"><span class="glyphicon"></span>其他栏目{i}</a></li>' for i in range(1, 7)
    )
    rows = "".join(
        f'<li><span class="jh-dotted">·</span><a target="_blank" href="{e(h)}">'
        f'<span class="panel2-list-content">{e(t)} </span><span class="panel2-list-time">{d.isoformat()}</span></a></li>'
        for t, h, d in entries
    )
    body = (
        '<div class="container bg-white"><div class="jh-main"><div class="row"><div class="col-md-4">'
        f'<div class="fontSize18 pd3 color-green">政务公开</div><ul class="news-list1 news-list1-sm">{side}</ul></div>'
        '<div class="col-md-8 pdTop1em"><div class="wxqd-panel"><div class="wxqd-panel-t">'
        f'<span class="wxqd-panel-tbg"><span class="color-white fontSize18">{e(column)}</span></span></div>'
        f'<div class="wxqd-panel-c bg-gray"><ul class="panel2-list panel2-list-pds">{rows}</ul></div></div>'
        f"{pager}</div></div></div></div>"
    )
    return shell(f"测试县人民政府-{column}", body)


def epoint_list(column: str, entries: Sequence[Entry], *, page: int, pages: int, records: int) -> str:
    """国泰新点 (Epoint) county list ``iList.jsp?cat_id=…&cur_page=N``: ``div.container >
    div.ewb-white > div.ewb-job > ul > li`` rows, the full title in ``a[title]`` (the text cut
    with …), the date in a span; a pager of 首页/上一页/下一页/尾页 links with ``cur_page`` and
    ``共N条 第x/y页``.

    Modelled on DIYgod/RSSHub · lib/routes/gov/sichuan/deyang/govpublicinfo.ts (绵竹市 iList.jsp).
    """
    rows = "".join(
        f'<li class="ewb-list-node clearfix"><a href="{e(h)}" title="{e(t)}" target="_blank" class="ewb-list-name">'
        f'{e(t[:14])}…</a><span class="ewb-list-date">{d.isoformat()}</span></li>'
        for t, h, d in entries
    )

    def link(n: int, text: str) -> str:
        return f'<a href="iList.jsp?node_id=GKcsx&amp;cat_id=15971&amp;cur_page={n}">{text}</a>'

    nav = (
        link(1, "首页")
        + (link(page - 1, "上一页") if page > 1 else "")
        + (link(page + 1, "下一页") if page < pages else "")
        + link(pages, "尾页")
    )
    body = (
        '<div class="container"><div class="ewb-white"><div class="ewb-location">当前位置：首页 &gt; 政务公开 &gt; '
        f'{e(column)}</div><div class="ewb-job"><div class="ewb-job-hd">{e(column)}</div><ul>{rows}</ul>'
        f'<div class="ewb-page">{nav}<span>共{records}条 第{page}/{pages}页</span></div></div></div></div>'
    )
    return shell(f"{column}-测试县人民政府", body)


def minmore_mailbox(column: str, rows: Sequence[tuple[str, str, str, str, str]]) -> str:
    """MinMore CMS 局长信箱 list: a table 来信主题 | 状态 | 时间 | 受理单位, the state written 已回复 /
    未回复, the time with seconds. ``rows``: (title, href, state, asked datetime, unit).

    Modelled on wangxiaomo/MinMoreCMS · MinMore/Template/L1_TP/DirectorMail/Index/index.php.
    """
    trs = "".join(
        f'<tr><td><a href="{e(h)}">{e(t)}</a></td><td>{e(s)}</td><td>{e(a)}</td><td>{e(u)}</td></tr>'
        for t, h, s, a, u in rows
    )
    body = (
        '<div class="main"><div class="content marginT20"><div class="Traffic-leftMid fl"><div class="mailbox-list">'
        f'<div class="content-hd">{e(column)}－最新回复信件</div><div class="mailbox-data-list"><table><thead><tr>'
        "<th>来信主题</th><th>状态</th><th>时间</th><th>受理单位</th></tr></thead>"
        f"<tbody>{trs}</tbody></table></div></div></div>"
        '<div class="sidebar"><a class="query-button" href="#">信件查询</a><a href="/xx/add">我要写信</a></div></div></div>'
    )
    return shell(f"{column}_测试县人民政府", body)


def gxga_petitions(column: str, rows: Sequence[tuple[str, str, str, str, str, str]]) -> str:
    """民心网 诉求 list: a table 受理编号 | 投诉标题 | 责任部门 | 投诉时间 | 拟办时间 | 状态 whose title
    cell is plain text (no link), a deadline column (拟办时间) that is not a reply date, and states
    未处理 / 处理中 / 办结 / 超时. ``rows``: (number, title, unit, asked, deadline, state).

    Modelled on nanlei/GXGA · src/main/webapp/Freemarker/front/oa/minxinwang_list.ftl.
    """
    trs = "".join(
        f'<tr><td width="80" class="ta_fr">{e(n)}</td><td width="350">{e(t)}</td><td width="130">{e(u)}</td>'
        f'<td width="90">{a}</td><td width="90">{d}</td><td width="80">{e(s)}</td></tr>'
        for n, t, u, a, d, s in rows
    )
    body = (
        f'<div class="mc"><div class="location"><a href="/">首页</a> &gt; <span>{e(column)}</span></div>'
        f'<div class="left"><h2 class="st"><span>{e(column)}</span></h2><h2 class="sal_t">{e(column)}诉求请示单</h2>'
        '<table border="0" cellspacing="0" cellpadding="0" class="sal_table"><tr>'
        '<th scope="col" class="ta_fr">受理编号</th><th scope="col">投诉标题</th><th scope="col">责任部门</th>'
        '<th scope="col">投诉时间</th><th scope="col">拟办时间</th><th scope="col">状态</th></tr>'
        f'{trs}</table><div class="paging">共{len(rows)}条</div></div></div>'
    )
    return shell(f"{column}-测试县人民政府", body)


def cqjw_topics(column: str, rows: Sequence[tuple[str, str, dt.date, dt.date]]) -> str:
    """意见征集 list whose heading row names two date columns (``征集主题 … 开始日期 结束日期``) and
    whose rows put both dates in one span: ``<li><b class="icon_noteBook"></b><a>题</a>
    <span>2026-10-01&nbsp;&nbsp;&nbsp;&nbsp;2026-10-31</span></li>``. ``rows``: (title, href, start, end).

    Modelled on Beyond-yan/cqjw · Portal/WebContent/WEB-INF/pages/communication/topicList.jsp.
    """
    lis = "".join(
        f'<li><b class="icon_noteBook"></b> <a style="width: 540px;" target="_blank" href="{e(h)}">{e(t)}</a> '
        f'<span style="width: 170px">{s.isoformat()}&nbsp;&nbsp;&nbsp;&nbsp;{f.isoformat()}</span></li>'
        for t, h, s, f in rows
    )
    body = (
        '<div class="content"><div class="mainList" id="lH"><div class="breadCutNav"><span>当前位置：</span>'
        f'<a href="/">首页</a><span> &gt;</span> <a href="javascript:;" class="cur">征集主题</a></div>'
        '<div class="trafficNews list"><h2>征集主题<span style="float: right; width: 172px;">开始日期&nbsp;&nbsp;'
        f'&nbsp;&nbsp;结束日期</span></h2><ul>{lis}</ul><div class="pager">共{len(rows)}条记录</div></div></div></div>'
    )
    return shell(f"{column}-测试县人民政府", body)


def cqjt_archives(column: str, entries: Sequence[Entry], *, total: int, page_size: int) -> str:
    """公开公文 list: ``ul.infoList#tbody > li > a(b.i-rArr + 题) + span.time``, the first page
    rendered on the server, the rest fetched by an ajax POST pager (``j.pager.js`` buildPager), the
    total only in hidden inputs ``totalCount`` / ``pageSize`` / ``pageIndex``.

    Modelled on Beyond-yan/cqjw · cqjt_portal_web/WebContent/WEB-INF/pages/portal/traffic/publicArchsList.jsp.
    """
    lis = "".join(
        f"<li> <a href='{e(h)}' target='_blank'><b class='i-rArr'></b>{e(t)}</a>"
        f"<span class='time'>{d.isoformat()}</span></li>"
        for t, h, d in entries
    )
    body = (
        '<div class="content clearfix"><div class="sub l"><div class="column"><div class="title"><h2>快速通道</h2></div>'
        '<div class="con"><a href="/ksk/1.html">办事指南</a><a href="/ksk/2.html">表格下载</a></div></div></div>'
        f'<div class="main"><div class="column"><div class="title"><h2>{e(column)}</h2></div><div class="con">'
        f'<input type="hidden" id="totalCount" value="{total}" /><input type="hidden" id="pageSize" value="{page_size}" />'
        '<input type="hidden" id="pageIndex" value="0" />'
        f'<ul class="infoList  clearfix" id="tbody">{lis}</ul><div id="filePager" class="page"></div></div></div></div></div>'
        '<script>$(function(){ $("#filePager").buildPager({totalLines:'
        + str(total)
        + ",pageSize:"
        + str(page_size)
        + ",startIndex:0,displayNum:5,afterChange:function(){searchList();}}); });"
        'function searchList(){ $.ajax({url:"news.xhtml?action=publicArchs",type:"post",dataType:"text",'
        'data:{"pageIndex":$("#filePager").attr("curPage")}}); }</script>'
    )
    return shell(f"重庆交通-{column}", body)


def kggov_boxes(boxes: Sequence[tuple[str, Sequence[Entry]]]) -> str:
    """揭阳空港 互动 page of boxes: ``<div class="border"><h3><span>民意征集</span></h3><ul><li><a>题
    </a><em>2026-10-01</em></li>…</ul></div>``, dates in ``<em>``.

    Modelled on cswzxly/javaee · kgGov/Web/view/web/frontContents/front_contents_page.jsp.
    """
    parts = []
    for name, entries in boxes:
        lis = "".join(f'<li><a href="{e(h)}">{e(t)}</a><em>{d.isoformat()}</em></li>' for t, h, d in entries)
        parts.append(f'<div class="border"><h3><span>{e(name)}</span></h3><ul>{lis}</ul></div>')
    side = '<div class="side"><div class="border"><h3><span>我要写信</span></h3><a href="/xx/add">写信</a></div></div>'
    return shell(
        "测试县空港经济区",
        f'<div class="wrapper"><div class="inner">{side}<div class="main">{"".join(parts)}</div></div></div>',
    )


def xhhb_datatable(column: str, rows: Sequence[tuple[str, str, str, dt.date]]) -> str:
    """环评受理公示 table: every row on the one page, ``table#content_table`` with ``thead > tr.fl``
    and a tbody; the pager is drawn in the browser by jQuery DataTables (``sNext: 下一页``,
    ``sLast: 最后一页``), so no link leads to another page. ``rows``: (project, href, unit, date).

    Modelled on xiaowx2010/XHHB_WEB · WebFront/sub_hjyxpj.aspx.
    """
    trs = "".join(
        f'<tr><td><a href="{e(h)}" target="_blank">{e(t)}</a></td><td>{e(u)}</td><td>{d.isoformat()}</td></tr>'
        for t, h, u, d in rows
    )
    head = (
        '<script>$(document).ready(function(){ $("#content_table").dataTable({"oLanguage":{"sLengthMenu":"每页显示 _MENU_ 条",'
        '"oPaginate":{"sFirst":" 首页 ","sPrevious":" 上一页 ","sNext":" 下一页 ","sLast":" 最后一页 "}}}); });</script>'
    )
    body = (
        '<div class="wrap_980"><div class="main box pt10"><div class="main sub_L"><div class="main box sub_lmys_001">'
        f'<dl><dt>{e(column)}</dt><dd></dd></dl></div><div class="main box sub_xxgk_hpsp"><div class="main box bt">{e(column)}'
        '</div><div class="main box sub_xxgk_hpsp_tab"><table id="content_table" width="100%" border="0" cellpadding="5">'
        '<thead><tr class="fl"><td>项目名称</td><td>建设单位</td><td>受理日期</td></tr></thead>'
        f'<tbody>{trs}</tbody></table></div><div class="main box zm">受理信息公示期间，公众可以通过本网站留言、电子邮件、'
        "传真或信函方式提出意见。</div></div></div></div></div>"
    )
    return shell(f"{column}_测试县生态环境局", body, head=head)


def baosight_gbk(column: str, entries: Sequence[Entry], *, page: int, records: int) -> str:
    """宝信 政府信息公开 "more" page, GBK-encoded: table rows ``<td class="zw">■ &nbsp;<a>题</a></td>
    <td class="zw-time">[ 11-02 ]</td>`` (month-day only, in brackets), a separator row after every
    entry, a pager of 上一页/下一页 links carrying ``moveTo=N`` and ``共N条``.

    Modelled on swastb/javaeetutorial5 · WebRoot/WEB-INF/web/jsp/layout/zfxxgkmore.jsp.
    Returns text; serve it encoded as GBK.
    """
    trs = "".join(
        '<tr><td height="22" width="91%" class="zw" onmouseover="bgColor=\'#76c5eb\'">■ &nbsp;'
        f'<a href="{e(h)}" target="rightFrame">{e(t)} </a></td>'
        f'<td width="72" height="18" align="center" class="zw-time">[ {d:%m-%d} ]</td></tr>'
        '<tr><td height="1" colspan="2" background="/imagine/ddddd3.gif"></td></tr>'
        for t, h, d in entries
    )

    def mv(n: int, text: str) -> str:
        return (f'<a href="/layoutContent.do?method=zfxxgkMovePageMore&amp;moveTo={n}&amp;name=gk&amp;state=1">'
                f'<span class="zw">{text}</span></a>')  # fmt: skip

    pager = (
        f'<table width="818"><tr align="right"><td>{mv(page - 1, "上一页")}{mv(page + 1, "下一页")}'
        f'<span class="zw">第{page + 1}页</span><span class="zw">每页显示</span><span class="zw">共{records}条</span>'
        "</td></tr></table>"
    )
    body = (
        '<table width="100%" class="tableborder"><tr><td><table width="90%" class="tabp_yy"><tr><td valign="top">'
        f'<table width="100%"><tr><td class="tabp_tit">{e(column)}</td></tr></table>'
        f'<table width="82%" border="0" align="center">{trs}</table>{pager}</td></tr></table></td></tr></table>'
    )
    return shell(column, body, charset="gbk")


def trs_govsearch(column: str, entries: Sequence[tuple[str, str, dt.date, str]], *, records: int,
                  page_size: int, page: int) -> str:  # fmt: skip
    """TRS 政府公开目录 (govsearch) rows: each entry a ``<ul class="row">`` of ``li.xh`` (序号),
    ``li.mc`` (名称, link), ``li.fbrq`` (发布日期), ``li.wh`` (文号); the pager drawn by ``page.js``
    from ``m_nRecordCount`` / ``m_nPageSize`` and ``m_sPageName = "index"`` / ``m_sPageExt = "htm"``
    (page N+1 is ``index_N.htm``). ``entries``: (title, href, date, doc number).

    Modelled on henryfeng811/web · govsearch__zhaoqing2/out/artifacts/govsearch__zhaoqing2_war_exploded/advsearch.jsp.
    """
    rows = "".join(
        f'<ul class="row"><li class="xh">{page * page_size + i + 1}</li><li class="mc"><a href="{e(h)}" target="_blank"'
        f' title="{e(t)}">{e(t)}</a></li><li class="fbrq">{d.isoformat()}</li><li class="wh">{e(n)}</li></ul>'
        for i, (t, h, d, n) in enumerate(entries)
    )
    script = (
        '<script src="./js/page.js"></script><script>var m_sPageName = "index"; var m_sPageExt = "htm";'
        "PageContext.PageNav.go = function(_iPage,_maxPage){ var sURL = ''; if(_iPage == 1){ sURL = m_sPageName + '.' "
        "+ m_sPageExt; }else{ sURL = m_sPageName + '_' + (_iPage-1) + '.' + m_sPageExt; } window.location.href = sURL; };"
        f'var m_nRecordCount = "{records}"; var m_nCurrPage = {page}; var m_nPageSize = {page_size};'
        'window.onload = function(){ PageContext["RecordNum"] = m_nRecordCount; PageContext.drawNavigator(); };</script>'
    )
    body = (
        f'<div class="main"><div class="rowOfCurrentPosition">当前位置：政府信息公开目录 &gt; {e(column)}</div>'
        '<ul class="row" id="headOfTable"><li class="xh">序号</li><li class="mc">名称</li><li class="fbrq">发布日期</li>'
        f'<li class="wh">文号</li></ul><div id="documentContainer">{rows}</div><div id="pageNav"></div></div>'
    )
    return shell(f"{column}_政府信息公开目录", body, head=script)
