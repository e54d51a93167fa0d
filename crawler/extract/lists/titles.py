"""Title links and rows: the vocabulary every list strategy shares.

A *title link* is an ``<a href>`` whose text, or ``title`` attribute, is a real title (≥ 4
characters, not 更多/下一页/a number or a bare date). A *row* is one entry of a list: the element
holding one title link, its title and the date shown with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import lxml.etree as etree
from lxml.html import HtmlElement

from ..dates import PURE_DATE_NOISE, DateMatch, find_dates, pure_date, year_from_url
from ..htmldoc import collapse_ws, href_anchors, link_url

_NOT_TITLE = re.compile(
    r"^[\s>»›<«‹.。…+\-|·•]*(?:更多|查看更多|更多信息|更多内容|查看详情|点击查看|阅读全文|详细内容|详细信息|详情|"
    r"查看|进入|返回|打印|关闭|收藏|分享|下载|附件|more|下一页|上一页|尾页|末页|首页|下页|上页)"
    r"[\s>»›<«‹.。…+\-|·•]*$",
    re.I,
)
_ONLY_SYMBOLS = re.compile(r"^[\W\d_]*$")
_TRUNCATED = ("...", "…", "..", "……")
HAS_DIGIT = re.compile(r"[\d〇○零]")


def choose_title(visible: str, title_attr: str | None) -> str:
    """The entry's title: the ``title`` attribute when the visible text is empty, truncated
    ("…") or a prefix of it; else the visible text."""
    attr = collapse_ws(title_attr)
    if not attr or attr.startswith(("{{", "<")):
        return visible
    if not visible:
        return attr
    if visible.endswith(_TRUNCATED):
        return attr
    if len(attr) > len(visible) and attr.startswith(visible[: max(4, len(visible) // 2)]):
        return attr
    return visible


def _is_title_text(title: str) -> bool:
    """A real title: ≥ 4 characters, not a pager word, 更多, a number or a bare date."""
    if len(title) < 4 or _ONLY_SYMBOLS.match(title):
        return False
    if len(title) <= 12 and _NOT_TITLE.match(title):
        return False
    if not HAS_DIGIT.search(title):
        return True
    stripped = PURE_DATE_NOISE.sub("", title)
    if not stripped:
        return False
    found = find_dates(title)
    return not found or len(title) - sum(m.end - m.start for m in found) >= 3


@dataclass(slots=True)
class TitleLink:
    a: HtmlElement
    url: str
    title: str
    text: str  # visible text, whitespace collapsed
    raw: str = ""  # text_content() as is


_ANCHORS = etree.XPath(".//a[@href]")


def title_links(root: HtmlElement, base: str) -> list[TitleLink]:
    """Links with a real title (see ``_is_title_text``), absolute URLs, in document order."""
    out: list[TitleLink] = []
    if root.getparent() is None:  # a whole document: its anchor table is shared (htmldoc)
        anchors: Iterable[tuple[HtmlElement, str, str]] = href_anchors(root)
    else:
        anchors = ((a, a.get("href") or "", a.text_content()) for a in _ANCHORS(root))
    for a, href, raw in anchors:
        text = collapse_ws(raw) if raw else ""
        attr = a.get("title")
        title = choose_title(text, attr) if attr else text
        if len(title) < 4 or not _is_title_text(title):
            continue
        url = link_url(base, href)
        if url is None:
            continue
        out.append(TitleLink(a, url, title, text, raw))
    return out


@dataclass(slots=True)
class Row:
    el: HtmlElement  # the row element (grouping unit)
    link: TitleLink
    title: str
    date: DateMatch | None
    order: int


@dataclass(slots=True)
class Context:
    base: str
    ref: dt.date
    header_cache: dict[HtmlElement, int | None] = field(default_factory=dict)
    column_names: tuple[str, ...] = ()  # names the page's <title> gives (see column_names)


def is_pure_date(text: str, ref: dt.date) -> DateMatch | None:
    return pure_date(text, ref=ref)


def with_url_year(dm: DateMatch, url: str) -> DateMatch:
    """A yearless date takes its year from the item's URL when the URL carries one."""
    if not dm.yearless:
        return dm
    year = year_from_url(url)
    if year is None or year == dm.date.year:
        return dm
    try:
        return DateMatch(dm.date.replace(year=year), dm.text, dm.start, dm.end, True)
    except ValueError:  # Feb 29 in a common year
        return dm


INLINE_TAGS = frozenset({"span", "font", "b", "i", "em", "strong", "a", "u", "small", "label"})
#: Block elements that nest inside each other by design (a card <div> in a list <div>): a row of
#: one of these inside an ancestor of the same tag is a row swallowed by an unclosed tag only when
#: the ancestor is of the same class.
NESTING_BLOCKS = frozenset({"div", "section", "article", "table", "ul", "ol", "dl"})
#: A column page's path (a folder, index.html, list_2.html): not an article.
COLUMN_URL = re.compile(r"(?:/|/(?:index|default|more)[\w-]*\.\w+|list[\w-]*\.\w+)$", re.I)
