"""Pager containers and their links: 下一页/尾页/上一页/首页, numbered links and jump ``<select>``s,
and the current page when the pager shows it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

import lxml.etree as etree
from lxml.html import HtmlElement

from ..htmldoc import collapse_ws, href_anchors, link_url, visible_text

NEXT_WORDS = {
    "下一页",
    "下页",
    "后页",
    "后一页",
    "下一頁",
    "next",
    "nextpage",
    "下一页>",
    "下一页>>",
    ">",
    "›",
    "»",
    "→",
}
LAST_WORDS = {
    "尾页",
    "末页",
    "最后一页",
    "最末页",
    "尾頁",
    "last",
    "lastpage",
    "末页>>",
    "尾页>>",
    ">|",
    "»|",
    ">>|",
}
PREV_WORDS = {
    "上一页",
    "上页",
    "前页",
    "前一页",
    "上一頁",
    "prev",
    "previous",
    "<上一页",
    "<<上一页",
    "<",
    "‹",
    "«",
    "←",
}
FIRST_WORDS = {"首页", "first", "第一页", "firstpage", "|<", "<<首页"}
_AMBIGUOUS = {">>", "<<"}  # next/last or prev/first: only inside a pager container

_PAGER_ATTR = re.compile(
    r"(?:^|\s)(?:page\d*|pages|pager|paging|pagination|pagenav|pagebar|pagelist|pagebox|pagediv|pageinfo|"
    r"fenye|turnpage|pg|pagenum|pagination\w*|jpage\w*|page-?nav\w*)(?:$|\s)"
)
INT_TEXT = re.compile(r"^[\[(（]?\s*(\d{1,6})\s*[\])）]?$")


def norm_text(a: HtmlElement, raw: str | None = None) -> str:
    text = collapse_ws(a.text_content() if raw is None else raw)
    if not text:
        text = collapse_ws(a.get("title") or a.get("alt") or "")
        if not text:
            img = a.find(".//img")
            if img is not None:
                text = collapse_ws(img.get("alt") or img.get("title") or "")
    return re.sub(r"\s+", "", text).lower()


def _is_pager_attr(el: HtmlElement) -> bool:
    attrs = (el.get("id") or "") + " " + (el.get("class") or "")
    if not attrs.strip():
        return False
    return bool(_PAGER_ATTR.search(re.sub(r"[_\-]+", " ", attrs.lower())))


_ATTR_VALUES = etree.XPath("//@class|//@id")
#: a pager word has one of these (页, arrows, Next/Last/Prev); other anchors are skipped early
_PAGER_CHARS = re.compile(r"[页頁>›»<‹«→←|]|next|last|prev", re.I)


#: a <select> whose onchange navigates (``location.href=this.value``, ``window.open(this.value)``)
_SELECT_JUMP = re.compile(r"location|window\.open|\.href\b", re.I)
#: a page option's text: "3", "第3页"
_OPTION_NUM = re.compile(r"^第?\s*(\d{1,6})\s*页?$")


def _is_page_select(select: HtmlElement) -> bool:
    """A jump ``<select>`` of a pager: its onchange navigates and its options are pages (第2页, 2),
    unlike a 友情链接 dropdown that opens other sites (its options are site names)."""
    if not _SELECT_JUMP.search(select.get("onchange") or ""):
        return False
    first = list(islice(select.iter("option"), 4))
    if len(first) < 2:
        return False
    return sum(1 for opt in first if _OPTION_NUM.match((opt.text or "").strip())) >= 2


def pager_elements(doc: HtmlElement) -> list[HtmlElement]:
    """Elements that hold a pager: id/class says page/pager/pagination/fenye..., the nearest
    ancestor holding a 下一页/尾页/上一页 link together with other links, or a jump ``<select>``
    whose onchange goes to the chosen option's URL."""
    found: list[HtmlElement] = []
    seen: set[HtmlElement] = set()
    for value in _ATTR_VALUES(doc):
        low = value.lower()
        if "pag" in low or "fenye" in low or "pg" in low:
            el = value.getparent()
            if el is not None and el not in seen and _is_pager_attr(el):
                seen.add(el)
                found.append(el)
    for select in doc.iter("select"):
        if select not in seen and _is_page_select(select):
            seen.add(select)
            found.append(select)
    for a, _, raw in href_anchors(doc):
        if len(raw) > 40 or (raw and not _PAGER_CHARS.search(raw)):
            continue
        t = norm_text(a, raw)
        if t in NEXT_WORDS or t in LAST_WORDS or t in PREV_WORDS:
            container = a.getparent()
            for _ in range(3):
                if container is None:
                    break
                if len(container.findall(".//a")) >= 2:
                    break
                container = container.getparent()
            if container is not None and container not in seen and container.tag not in ("body", "html"):
                seen.add(container)
                found.append(container)
    return found


@dataclass(slots=True)
class PagerLink:
    kind: str  # "next", "last", "prev", "first", "num"
    url: str
    text_num: int | None = None


def pager_links(containers: Sequence[HtmlElement], base: str) -> tuple[list[PagerLink], int | None]:
    """Links of the pager containers, and the current page's ordinal when the pager shows it."""
    links: list[PagerLink] = []
    current: int | None = None
    seen_a: set[HtmlElement] = set()
    for box in containers:
        for a in box.iter("a"):
            if a in seen_a:
                continue
            seen_a.add(a)
            t = norm_text(a)
            href = a.get("href")
            url = link_url(base, href)
            m = INT_TEXT.match(t)
            if url is None:
                if (
                    m
                    and current is None
                    and (href or "").strip() in ("", "#", "javascript:;", "javascript:void(0)")
                ):
                    current = int(m.group(1))  # <a href="#">3</a>: the page we are on
                continue
            if t in NEXT_WORDS or t == ">>":
                links.append(PagerLink("next", url))
            elif t in LAST_WORDS:
                links.append(PagerLink("last", url))
            elif t in PREV_WORDS or t == "<<":
                links.append(PagerLink("prev", url))
            elif t in FIRST_WORDS:
                links.append(PagerLink("first", url))
            elif m:
                links.append(PagerLink("num", url, int(m.group(1))))
        for select in box.iter("select"):
            if select in seen_a or not _is_page_select(select):
                continue
            seen_a.add(select)
            for opt in select.iter("option"):
                m = _OPTION_NUM.match((opt.text or "").strip())
                value = (opt.get("value") or "").strip()
                if m is None or not value or value.isdigit():
                    continue  # a bare page number as value is for a script, not a URL
                if opt.get("selected") is not None:
                    current = current if current is not None else int(m.group(1))
                    continue
                url = link_url(base, value)
                if url is not None:
                    links.append(PagerLink("num", url, int(m.group(1))))
        if current is None:
            # option texts (第1页 第2页 … of a jump <select>) do not say where we are
            has_select = box.tag == "select" or box.find(".//select") is not None
            m = _CURRENT_TEXT.search(visible_text(box, " ") if has_select else box.text_content())
            if m:
                current = int(m.group(1) or m.group(2))
        if current is None:
            for el in box.iter("span", "strong", "b", "font", "em", "li", "i"):
                if el.find(".//a") is not None:
                    continue
                m = INT_TEXT.match(collapse_ws(el.text_content()))
                if m:
                    current = int(m.group(1))
                    break
    return links, current


#: the pager states the current page: 第2页, 当前第2页, 2/5页
_CURRENT_TEXT = re.compile(r"第\s*(\d{1,6})\s*页|(\d{1,6})\s*/\s*\d{1,6}\s*页")
