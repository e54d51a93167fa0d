"""Grouping DOM rows into candidate lists and choosing the page's list.

Rows are grouped by (parent, tag); sibling containers of the same kind are merged (lists split
into several ``<ul>``). The group with the most dated rows wins; a group next to the pager or
headed by the column's own name (as the <title> gives it) counts double, one in page furniture
(nav, header, footer, sidebar, 热点/排行 boxes, or headed 热点排行/相关链接/推荐…) counts 0.3; a
group in the header/menu/footer needs two dated rows (one date there is 更新时间 or today).
Undated groups are lists only when we are confident (``confident_undated``).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..htmldoc import collapse_ws, is_boilerplate, is_page_chrome
from ..pagination import Pagination
from ..types import FollowRequest
from .blocks import merge_sibling_blocks
from .rows import find_rows
from .titles import COLUMN_URL, INLINE_TAGS, NESTING_BLOCKS, Context, Row


@dataclass(slots=True)
class Candidate:
    source: str  # "dom", "comment", "datastore", "json"
    rows: list[Row]
    container: HtmlElement | None
    near_pager: bool = False
    boiler: bool = False
    order: int = 0
    follow: list[FollowRequest] = field(default_factory=list)
    total_records: int | None = None
    total_pages: int | None = None
    side_heading: bool = False  # headed 热点排行/相关链接/推荐阅读… (a box beside the column's list)
    own_heading: bool = False  # headed by the column's own name (as the page <title> gives it)

    @property
    def dated(self) -> int:
        return sum(1 for r in self.rows if r.date is not None)

    def score(self) -> float:
        furniture = self.boiler or self.side_heading
        weight = (2.0 if self.near_pager or self.own_heading else 1.0) * (0.3 if furniture else 1.0)
        if self.dated:
            return self.dated * weight
        return len(self.rows) * 0.5 * weight


def _group_parent(el: HtmlElement) -> HtmlElement | None:
    """The row's list container. Unclosed inline tags (``<li>…<span>date<li>…``) make libxml2 nest
    each row inside the previous one; such a row belongs to the outermost row of its tag."""
    parent = el.getparent()
    block = el.tag in NESTING_BLOCKS
    node = parent
    while node is not None:
        while node is not None and node.tag in INLINE_TAGS:
            node = node.getparent()
        if (
            node is not None
            and node.tag == el.tag
            and node is not el
            # a card <div> in a list <div> is ordinary structure; an unclosed row <div> nests the
            # next row in a <div> of its own class
            and (not block or node.get("class") == el.get("class"))
        ):
            parent = node.getparent()
            node = parent
            continue
        break
    return parent


def _group_rows(rows: Sequence[Row]) -> list[list[Row]]:
    """Rows grouped by (parent, tag); groups in sibling containers of the same kind merged, and
    groups split over sibling blocks of one shape merged (``blocks``)."""
    groups: dict[tuple[HtmlElement | None, str], list[Row]] = {}
    for r in rows:
        groups.setdefault((_group_parent(r.el), r.el.tag), []).append(r)
    merged: dict[tuple[object, ...], list[Row]] = {}
    for (parent, tag), members in groups.items():
        if parent is None:
            key: tuple[object, ...] = (id(members), tag)
        else:
            grand = parent.getparent()
            key = (grand, parent.tag, parent.get("class") or "", tag) if grand is not None else (parent, tag)
        merged.setdefault(key, []).extend(members)
    return merge_sibling_blocks(list(merged.values()), lambda r: _group_parent(r.el))


#: An article's path: a number of ≥ 4 digits in the file name, /art/, /content/…, an attachment.
_ARTICLE_PATH = re.compile(
    r"(?:\d{4,}[^/]*$|/(?:art|content|contents|detail|details|article|articles|info|show|view|news)/|"
    r"\.(?:pdf|docx?|xlsx?|wps|et|zip|rar|7z|ofd)$)",
    re.I,
)
#: An article's query: an id parameter. Other numbers in a query (Hanweb column links
#: ``/col/col5600/index.html?number=A0001``, ``?uid=…&pageNum=1``) say nothing about the target.
_ARTICLE_QUERY = re.compile(r"(?:^|&)(?:id|docid|articleid|infoid|newsid|contentid|aid|nid)=\d", re.I)


def _article_like(path: str, query: str) -> bool:
    """The URL looks like an article or an attachment (see ``_ARTICLE_PATH``/``_ARTICLE_QUERY``)."""
    return bool(_ARTICLE_PATH.search(path) or (query and _ARTICLE_QUERY.search(query)))


_LIST_NAME = re.compile(r"list|news|lb|xxgk|wj|article|item|info|con|result", re.I)


def _list_named(el: HtmlElement | None) -> bool:
    """The container (or its parent/grandparent) is named like a list (class/id list, news…)."""
    for _ in range(3):
        if el is None or el.tag in ("body", "html"):
            return False
        if _LIST_NAME.search((el.get("class") or "") + " " + (el.get("id") or "")):
            return True
        el = el.getparent()
    return False


def confident_undated(rows: Sequence[Row], near_pager: bool, boiler: bool) -> bool:
    """An undated group is a list only when it clearly looks like one (see module docstring):
    outside page furniture; ≥ 3 rows (2 beside a pager); distinct links; titles of ≥ 6 characters
    on the median; and links that look like articles (a ≥ 4-digit number or a date in the file
    name, /art/, /content/, ?id=…, attachments) — or, in a container named like a list, titles of
    ≥ 8 characters on the median none of which links to a column page (index.html, list.html, /)."""
    if boiler:
        return False
    if len(rows) < 3 and not (near_pager and len(rows) >= 2):
        return False
    urls = [r.link.url for r in rows]
    if len(set(urls)) < len(rows) * 0.8:
        return False
    median_title = statistics.median(len(r.title) for r in rows)
    if median_title < 6:
        return False
    paths = [urlsplit(u) for u in urls]
    article_like = sum(1 for p in paths if _article_like(p.path, p.query))
    if article_like >= 0.6 * len(rows):
        return True
    container = rows[0].el.getparent()
    return (
        median_title >= 8
        and _list_named(container)
        and not any(COLUMN_URL.search(p.path or "/") and not p.query for p in paths)
    )


def pager_ancestors(pag: Pagination) -> set[HtmlElement]:
    anc: set[HtmlElement] = set()
    for box in pag.containers:
        anc.add(box)
        for el in box.iterancestors():
            if el.tag in ("body", "html"):
                break
            anc.add(el)
    return anc


def is_near(container: HtmlElement | None, pager_anc: set[HtmlElement]) -> bool:
    """A pager sits inside the list container, its parent or its grandparent."""
    el = container
    for _ in range(3):
        if el is None or el.tag in ("body", "html"):
            return False
        if el in pager_anc:
            return True
        el = el.getparent()
    return False


#: Headings of boxes that sit beside a column's list and list other pages' entries.
_SIDE_HEADING = re.compile(
    r"热点|热门|排行|排名|推荐|猜你|点击榜|阅读榜|相关(?:链接|文章|信息|新闻|阅读|推荐|专题|稿件|内容)|友情链接"
)


def _short_text(el: HtmlElement, limit: int) -> str | None:
    """``el``'s text, whitespace collapsed, or None when it is longer than ``limit`` characters
    (read piece by piece: the element before a list may be a whole column)."""
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        size += len(piece.strip())
        if size > limit:
            return None
        parts.append(piece)
    return collapse_ws("".join(parts))


def _heading(container: HtmlElement | None) -> str | None:
    """The short heading above a list: the nearest preceding sibling of the container (or of its
    parent/grandparent, when the container is the first child), if its text is ≤ 20 characters."""
    el = container
    for _ in range(3):
        if el is None or el.tag in ("body", "html"):
            return None
        prev = el.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        if prev is not None:
            text = _short_text(prev, 40)
            return text if text and len(text) <= 20 else None
        el = el.getparent()
    return None


_TITLE_SPLIT = re.compile(r"[_|｜—–\-\s>»·]+")
_MORE_WORDS = re.compile(r"更多|more|[>»+]+", re.I)


def column_names(doc: HtmlElement) -> tuple[str, ...]:
    """Names the page's <title> gives (``政策文件_示范县人民政府`` -> 政策文件, 示范县人民政府)."""
    title = doc.find("head/title")
    if title is None:
        title = doc.find(".//title")
    if title is None:
        return ()
    parts = _TITLE_SPLIT.split(collapse_ws(title.text_content()))
    return tuple(p for p in parts if 2 <= len(p) <= 12)


def _heading_weights(container: HtmlElement | None, names: Sequence[str]) -> tuple[bool, bool]:
    """(side box, own column) from the heading above a list. Rules: a heading like 热点排行/相关
    链接/推荐阅读 marks a box beside the column's list; a heading naming the column itself (as the
    page's <title> does) marks the column's list. Weights for ranking only: a column may be named
    热点关注, and its list must still be read when it is the only one."""
    text = _heading(container)
    if not text:
        return False, False
    name = _MORE_WORDS.sub("", text).strip()
    own = bool(name) and any(n == name or (len(n) >= 4 and n in name) for n in names)
    return (not own and bool(_SIDE_HEADING.search(text))), own


def dom_candidates(
    root: HtmlElement, ctx: Context, pager_anc: set[HtmlElement], source: str = "dom", order_base: int = 0
) -> list[Candidate]:
    """Groups of rows that may be the page's list. Rule: a group in the header, menu, breadcrumb or
    footer (``is_page_chrome``) needs two dated rows — one date there (更新时间：…, 今天是… beside a
    footer or menu link) is a display of the site, not an entry."""
    cache: dict[HtmlElement, bool] = {}
    chrome: dict[HtmlElement, bool] = {}
    out: list[Candidate] = []
    for i, members in enumerate(_group_rows(find_rows(root, ctx))):
        container = members[0].el.getparent()
        near = is_near(container, pager_anc)
        boiler = is_boilerplate(members[0].el, cache)
        cand = Candidate(source, members, container, near, boiler, order_base + i)
        dated = cand.dated
        if boiler and dated < 2 and is_page_chrome(members[0].el, chrome):
            continue
        if dated or confident_undated(members, near, boiler):
            cand.side_heading, cand.own_heading = _heading_weights(container, ctx.column_names)
            out.append(cand)
    return out


def best_candidate(cands: Sequence[Candidate]) -> Candidate | None:
    if not cands:
        return None
    return max(cands, key=lambda c: (c.score(), len(c.rows), -c.order))
