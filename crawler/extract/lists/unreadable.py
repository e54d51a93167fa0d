"""When no list is found, why: a placeholder that says the column is empty (暂无信息, 正在建设中…
in the content area), or a list evidently built by a script from an API we cannot follow
(``loadPageData``, ``*.trsapi``, dataproxy.jsp, a template ``{{#each}}``, or ``$.ajax`` next to
an empty list container) — then the reason, in Chinese, so the column is never called blank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import lxml.etree as etree
from lxml.html import HtmlElement

from ..dates import find_dates
from ..htmldoc import collapse_ws, is_boilerplate

#: Placeholder phrases that say a column is empty.
PLACEHOLDER_RE = re.compile(
    r"暂无(?:相关)?(?:信息|数据|内容|记录|文章|公开信息|新闻|公告)|暂无|正在建设中|栏目建设中|建设中|内容更新中|信息更新中|"
    r"正在更新中?|没有(?:相关)?(?:记录|信息|数据|内容)|无相关(?:信息|记录|数据|内容)|查无(?:数据|记录|信息)"
)
_PLACEHOLDER_XPATH = etree.XPath(
    "//body//text()[contains(., '暂无') or contains(., '建设中') or contains(., '更新中') or contains(., '没有')"
    " or contains(., '无相关') or contains(., '查无')]"
    "[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template or ancestor::textarea"
    " or ancestor::select or ancestor::option)]"
)


def find_placeholder(doc: HtmlElement) -> str | None:
    """The first placeholder phrase in the visible content text: not in a script/style/form
    control, not in page furniture (nav, header, footer, sidebar boxes)."""
    whole = doc.text_content()
    if not any(k in whole for k in ("暂无", "建设中", "更新中", "没有", "无相关", "查无")):
        return None
    cache: dict[HtmlElement, bool] = {}
    for node in _PLACEHOLDER_XPATH(doc):
        m = PLACEHOLDER_RE.search(str(node))
        if not m:
            continue
        el = node.getparent()
        if el is None:
            continue
        if getattr(node, "is_tail", False) and el.getparent() is not None:
            el = el.getparent()
        if not is_boilerplate(el, cache):
            return m.group(0)
    return None


_API_SIGNALS = (
    ("loadPageData", re.compile(r"\bloadPageData\s*\("), "列表由脚本通过接口 loadPageData 加载，未能读取"),
    (
        "trsapi",
        re.compile(r"[\w/-]{0,80}\.trsapi\b[\w./?=&-]{0,80}"),
        "列表由脚本通过接口 {0} 加载，未能读取",
    ),
    ("dataproxy.jsp", re.compile(r"dataproxy\.jsp"), "列表由脚本通过 dataproxy.jsp 接口分组加载，未能读取"),
    ("{{#each", re.compile(r"\{\{#each\b"), "列表由脚本模板（{{#each}}）在浏览器中渲染，未能读取"),
)
_AJAX_NEEDLES = ("$.", "fetch", "axios", "XMLHttpRequest", "jpage", ".load")
_AJAX_SIGNALS = re.compile(
    r"\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|\baxios\b|XMLHttpRequest|\bjpage\s*\(|\.load\s*\(\s*[\"']"
)
_LIST_ID = re.compile(
    r"list|lb|news|article|xxgk|data|item|content|con\b|info|result|wz|zwgk|main|^\d+$", re.I
)


def _empty_list_container(doc: HtmlElement) -> bool:
    """An element named like a list (or a numeric unit id) that holds no link and no text."""
    for el in doc.iter("ul", "ol", "tbody", "table", "div", "dl"):
        name = (el.get("id") or "") + " " + (el.get("class") or "")
        if not name.strip() or not _LIST_ID.search(name.strip()):
            continue
        if el.find(".//a") is not None:
            continue
        if collapse_ws(el.text_content()):
            continue
        return True
    return False


def _linkless_dated_rows(doc: HtmlElement) -> int:
    """Rows of a table that show a date but hold no link (a 诉求 table whose titles are plain
    text): a list a person reads, with nothing to open."""
    n = 0
    for tr in doc.iter("tr"):
        if tr.find(".//a") is not None or tr.find(".//th") is not None or tr.find(".//tr") is not None:
            continue
        text = collapse_ws(" ".join(tr.itertext()))
        if 6 <= len(text) <= 300 and find_dates(text):
            n += 1
    return n


def unreadable_reason(
    doc: HtmlElement, scripts: Sequence[str], total_records: int | None, *, datastore_read: bool = False
) -> str | None:
    """Why an evidently script-built list could not be read, in Chinese; None when nothing says so.

    A Hanweb datastore that was read (even with no records) is not unreadable: its dataproxy.jsp
    link only serves further groups.
    """
    texts = list(scripts)
    for s in doc.iter("script"):
        src = s.get("src")
        if src:
            texts.append(src)
        if (s.get("type") or "").lower() in (
            "text/x-handlebars-template",
            "text/html",
            "text/template",
            "text/x-template",
        ):
            texts.append(s.text or "")
    joined = "\n".join(texts)
    for needle, pat, message in _API_SIGNALS:
        if needle not in joined or (datastore_read and needle == "dataproxy.jsp"):
            continue
        m = pat.search(joined)
        if m:
            return message.format(m.group(0).strip() or "trsapi")
    ajax = _AJAX_SIGNALS.search(joined) if any(n in joined for n in _AJAX_NEEDLES) else None
    if ajax and _empty_list_container(doc):
        name = ajax.group(0).rstrip("( ").strip()
        return f"列表由脚本通过 {name} 从接口加载，未能读取"
    rows = _linkless_dated_rows(doc)
    if rows >= 2:
        return f"列表有 {rows} 条带日期的条目，但条目没有链接，无法逐条打开"
    if total_records and not datastore_read:
        return f"页面显示共{total_records}条记录，但未能读取列表"
    return None
