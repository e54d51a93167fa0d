"""Column (栏目) list pages: which entries the page lists, with their dates, without per-site selectors.

Where a list can sit, and how it is read:

* **DOM rows** — a *title link* (an ``<a href>`` whose text, or ``title`` attribute, is a real title:
  ≥ 4 characters, not 更多/下一页/a number) plus a date in the same *row*. A link's row is found by
  climbing from the link while the ancestor holds no other title link (``<li>``, ``<tr>``,
  ``<dd>``, ``<div class="item">``…); the date is the one outside the link at the lowest level
  (an element holding nothing but a date wins over a date in prose; in a ``<table>`` the column
  headed 发布日期/发布时间 wins), else a date element inside the link, else an element right after
  the row holding only a date (``<dt><a/></dt><dd>date</dd>``), else a date split in a calendar
  box (``<span>18</span><span>2026-11</span>``). A row holding two or three links (a category tag
  ``[通知公告]``, a 发布机构 link, an attachment beside the title) is one entry: the article link
  with the longest title, dated by the row.
  Rows are grouped by (parent, tag); sibling containers of the same kind are merged (lists split
  into several ``<ul>``). The group with the most dated rows wins; a group next to the pager or
  headed by the column's own name (as the <title> gives it) counts double, one in page furniture
  (nav, header, footer, sidebar, 热点/排行 boxes, or headed 热点排行/相关链接/推荐…) counts 0.3; a
  group in the header/menu/footer needs two dated rows (one date there is 更新时间 or today).
* **Undated lists** are lists too (items with ``date=None``), but only when we are confident:
  ≥ 3 sibling rows (or 2 beside a pager), one title link each, titles of ≥ 6 characters on the
  median, outside page furniture, and links that look like articles or attachments (a number of
  ≥ 4 digits or a date in the file name, ``/art/``, ``content``, ``.pdf``…) — or else a container
  named like a list (list/news/lb/xxgk…) with longer titles, none linking to a column page.
* **Comments** — the Gansu site-cluster trap ``<ul><!-- <li>…</li> … createPageHTML(…) --></ul>``:
  a comment holding links and dates, sitting in an element that holds no title link in the DOM,
  is parsed as a fragment (source ``"comment"``).
* **Hanweb datastore** — ``<script type="text/xml"><datastore>…<record><![CDATA[…]]></record>``:
  each record is a row (source ``"datastore"``); further groups are POST requests to
  ``dataproxy.jsp`` (see ``pagination.datastore_follow``).
* **JSON in scripts** — arrays of record objects (``var listData = {articleList: [...]}``) with
  a title key (title/doctitle/name…) and a URL key (url/urls/docpuburl/link…), dated by
  pubDate/publishTime/DOCRELTIME/createTime… (source ``"json"``). Channel-tree nodes (objects with
  children/childCount/channelType) are not articles.

When nothing is found the page may say why: a placeholder (暂无信息, 正在建设中… in the content
area) or a list evidently built by a script from an API we cannot follow (``loadPageData``,
``*.trsapi``, dataproxy.jsp, a template ``{{#each}}``, or ``$.ajax`` next to an empty list
container) — then ``unreadable`` says so in Chinese, so the column is never called blank.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.etree as etree
from lxml.html import HtmlElement

from .dates import PURE_DATE_NOISE, DateMatch, find_dates, pure_date, year_from_url
from .htmldoc import (
    SKIP_HREF,
    collapse_ws,
    document_base,
    href_anchors,
    is_boilerplate,
    is_page_chrome,
    link_url,
    parse_fragment,
    safe_urljoin,
)
from .pagination import (
    Pagination,
    canonical_url,
    datastore_follow,
    find_pagination,
    query_params,
)
from .types import FollowRequest, ListItem, ListOverrides, ListResult

__all__ = [
    "extract_list",
    "extract_datastore_response",
    "extract_dated_links",
    "PLACEHOLDER_RE",
]

_NOT_TITLE = re.compile(
    r"^[\s>»›<«‹.。…+\-|·•]*(?:更多|查看更多|更多信息|更多内容|查看详情|点击查看|阅读全文|详细内容|详细信息|详情|"
    r"查看|进入|返回|打印|关闭|收藏|分享|下载|附件|more|下一页|上一页|尾页|末页|首页|下页|上页)"
    r"[\s>»›<«‹.。…+\-|·•]*$",
    re.I,
)
_ONLY_SYMBOLS = re.compile(r"^[\W\d_]*$")
_TRUNCATED = ("...", "…", "..", "……")
_HAS_DIGIT = re.compile(r"[\d〇○零]")

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
_MAX_UP = 6  # how far a row may be above its link
_MAX_DATE_UP = 4  # how far above the link a row's date is looked for
_MAX_ROW_TEXT = 600  # a row is short; beyond this a date is prose, not the row's date


# --- title links and rows ------------------------------------------------------------------------


def _choose_title(visible: str, title_attr: str | None) -> str:
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
    if not _HAS_DIGIT.search(title):
        return True
    stripped = PURE_DATE_NOISE.sub("", title)
    if not stripped:
        return False
    found = find_dates(title)
    return not found or len(title) - sum(m.end - m.start for m in found) >= 3


@dataclass(slots=True)
class _Link:
    a: HtmlElement
    url: str
    title: str
    text: str  # visible text, whitespace collapsed
    raw: str = ""  # text_content() as is


_ANCHORS = etree.XPath(".//a[@href]")


def _title_links(root: HtmlElement, base: str) -> list[_Link]:
    """Links with a real title (see ``_is_title_text``), absolute URLs, in document order."""
    out: list[_Link] = []
    if root.getparent() is None:  # a whole document: its anchor table is shared (htmldoc)
        anchors: Iterable[tuple[HtmlElement, str, str]] = href_anchors(root)
    else:
        anchors = ((a, a.get("href") or "", a.text_content()) for a in _ANCHORS(root))
    for a, href, raw in anchors:
        text = collapse_ws(raw) if raw else ""
        attr = a.get("title")
        title = _choose_title(text, attr) if attr else text
        if len(title) < 4 or not _is_title_text(title):
            continue
        url = link_url(base, href)
        if url is None:
            continue
        out.append(_Link(a, url, title, text, raw))
    return out


@dataclass(slots=True)
class _Row:
    el: HtmlElement  # the row element (grouping unit)
    link: _Link
    title: str
    date: DateMatch | None
    order: int


@dataclass(slots=True)
class _Context:
    base: str
    ref: dt.date
    header_cache: dict[HtmlElement, int | None] = field(default_factory=dict)
    column_names: tuple[str, ...] = ()  # names the page's <title> gives (see _column_names)


def _is_pure_date(text: str, ref: dt.date) -> DateMatch | None:
    return pure_date(text, ref=ref)


def _with_url_year(dm: DateMatch, url: str) -> DateMatch:
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


_DATE_HEADER = (
    re.compile(r"发布(?:日期|时间)"),
    re.compile(r"公开(?:日期|时间)"),
    re.compile(r"^(?:日期|时间|发文日期|更新(?:日期|时间))$"),
    re.compile(r"日期|时间"),
)


def _table_date_column(tr: HtmlElement, ctx: _Context) -> int | None:
    """Index of the column headed 发布日期/发布时间 (else 公开日期, 日期…) in ``tr``'s table."""
    table = tr.getparent()
    if table is not None and table.tag in ("tbody", "thead", "tfoot"):
        table = table.getparent()
    if table is None:
        return None
    if table in ctx.header_cache:
        return ctx.header_cache[table]
    col: int | None = None
    for row in table.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if not cells or row.find(".//a") is not None:
            if row.find(".//a") is not None:
                break  # the header comes before the first data row
            continue
        labels = [collapse_ws(c.text_content()).replace(" ", "") for c in cells]
        for pat in _DATE_HEADER:
            hits = [i for i, lab in enumerate(labels) if len(lab) <= 8 and pat.search(lab)]
            if hits:
                col = hits[0]
                break
        if col is not None:
            break
    ctx.header_cache[table] = col
    return col


def _pure_date_element(p: HtmlElement, link: _Link, ctx: _Context) -> DateMatch | None:
    """The first element in ``p`` (outside the link) that holds nothing but a date."""
    for el in p.iter():
        if el is p or el is link.a or not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        text = el.text_content()
        if len(text) > 60:
            continue
        pure = _is_pure_date(collapse_ws(text), ctx.ref)
        if pure is not None and link.a not in el.iterancestors() and el not in link.a.iterancestors():
            return pure
    return None


def _date_outside(p: HtmlElement, link: _Link, ctx: _Context) -> DateMatch | None:
    """The row date in ``p`` outside the link (see module docstring).

    A long row (a search result with a summary) is dated only by an element holding nothing but
    a date: dates in prose are not the entry's date.
    """
    # cheap test first (C-level text): no digit outside the link, no date
    quick = p.text_content()
    if len(quick) > _MAX_ROW_TEXT * 8 or not _HAS_DIGIT.search(
        quick.replace(link.raw, "", 1) if link.raw else quick
    ):
        return None
    # text nodes joined by spaces: table cells "2024-06-20" "2024-06-28" must not run together
    full = " ".join(p.itertext())
    if len(full) > _MAX_ROW_TEXT * 8:
        return None
    link_text = " ".join(link.a.itertext())
    outside = full.replace(link_text, " ", 1) if link_text else full
    if len(outside) > _MAX_ROW_TEXT and len(collapse_ws(outside)) > _MAX_ROW_TEXT:
        return _pure_date_element(p, link, ctx)
    found = find_dates(outside, ref=ctx.ref)
    if not found:
        return _split_date(p, link.a) if _QUICK_YEAR_MONTH.search(outside) else None
    if p.tag == "tr":
        col = _table_date_column(p, ctx)
        if col is not None:
            cells = [c for c in p if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if col < len(cells):
                in_col = find_dates(cells[col].text_content(), ref=ctx.ref)
                if in_col:
                    return in_col[0]
        if len(found) > 1:
            return found[-1]  # untitled table columns: the publication date is usually the last
    if len(found) == 1:
        return found[0]
    # several dates: prefer an element holding nothing but a date
    return _pure_date_element(p, link, ctx) or found[0]


_QUICK_YEAR_MONTH = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
_YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_DAY = re.compile(r"^(\d{1,2})\s*日?$")


def _split_date(p: HtmlElement, skip: HtmlElement | None) -> DateMatch | None:
    """A date shown in two pieces, as calendar-style date boxes do (``<span>18</span>
    <span>2026-11</span>``, ``<em>2026.11</em><strong>18</strong>``): an element holding only a
    year-month, next to a sibling element holding only a day (or inside an element whose own
    text is the day). Elements inside ``skip`` (the title link) are not read."""
    for el in p.iter():
        if not isinstance(el.tag, str) or len(el) or el.tag in ("script", "style"):
            continue
        text = (el.text or "").strip()
        if not 6 <= len(text) <= 10:
            continue
        ym = _YEAR_MONTH.match(text)
        if ym is None or (skip is not None and el is not skip and skip in el.iterancestors()):
            continue
        days: list[str] = []
        for sib in (el.getprevious(), el.getnext()):
            if sib is not None and isinstance(sib.tag, str) and not len(sib):
                days.append((sib.text or "").strip())
        parent = el.getparent()
        if parent is not None:
            days.append((parent.text or "").strip())
        for day_text in days:
            dm = _DAY.match(day_text)
            if dm is None:
                continue
            try:
                d = dt.date(int(ym.group(1)), int(ym.group(2)), int(dm.group(1)))
            except ValueError:
                continue
            written = f"{text} {day_text}"
            return DateMatch(d, written, 0, len(written))
    return None


def _date_inside(link: _Link, ctx: _Context) -> tuple[DateMatch, str] | None:
    """A date inside the link: a child element holding only a date (``<a><span>标题</span>
    <span>2024-06-28</span></a>``), or a date at the very end of the link text. Returns the date
    and the title without it."""
    if not _HAS_DIGIT.search(link.text):
        return None
    a = link.a
    for el in a.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        t = collapse_ws(el.text_content())
        pure = _is_pure_date(t, ctx.ref)
        if pure is not None:
            title = collapse_ws(link.text.replace(t, " ", 1))
            if len(title) >= 4:
                return pure, title
    found = find_dates(link.text, ref=ctx.ref)
    if not found and _QUICK_YEAR_MONTH.search(link.text):
        split = _split_date(a, None)
        if split is not None:
            ym, day = split.text.split(" ", 1)
            title = link.raw or link.text
            for piece in (ym, day):
                title = title.replace(piece, " ", 1)
            title = collapse_ws(title)
            if len(title) >= 4:
                return split, title
    if found:
        m = found[-1]
        tail = link.text[m.end :].strip(" ]）)】")
        head = link.text[: m.start].rstrip(" [（(【")
        if not tail and len(head) >= 4 and (m.start == 0 or not link.text[m.start - 1].isalnum()):
            return m, head
    return None


def _date_after_link(link: _Link, ctx: _Context) -> DateMatch | None:
    """A date right after the link in flat markup: ``<a>标题</a> 2024-06-28<br><a>…`` or an unclosed
    ``<span>2024-06-28<li>…`` that swallowed the next rows. Reads the link's tail and following
    siblings up to the next link; the date must come first (within a few characters)."""
    parts = [link.a.tail or ""]
    for sib in link.a.itersiblings():
        if len("".join(parts)) > 60:
            break
        if not isinstance(sib.tag, str):
            parts.append(sib.tail or "")
            continue
        if sib.tag == "a" or sib.find(".//a") is not None:
            parts.append(sib.text or "")  # text before the next link's container
            break
        parts.append(sib.text_content())
        parts.append(sib.tail or "")
    text = "".join(parts)[:80]
    if not _HAS_DIGIT.search(text):
        return None
    found = find_dates(text, ref=ctx.ref)
    if not found or PURE_DATE_NOISE.sub("", text[: found[0].start]):
        return None
    return found[0]


def _find_rows(root: HtmlElement, ctx: _Context) -> list[_Row]:
    """Every title link under ``root`` with its row element and date (see module docstring)."""
    links = _title_links(root, ctx.base)
    if not links:
        return []
    # each link's nearby ancestors, and which distinct title-link URLs each of them holds
    chains: list[list[HtmlElement]] = []
    holder: dict[HtmlElement, set[str]] = {}
    link_count: dict[HtmlElement, int] = {}
    for lk in links:
        chain: list[HtmlElement] = []
        for el in lk.a.iterancestors():
            if len(chain) >= _MAX_UP or el.tag in ("body", "html"):
                break
            chain.append(el)
            holder.setdefault(el, set()).add(lk.url)
            link_count[el] = link_count.get(el, 0) + 1
        chains.append(chain)
    rows: list[_Row] = []
    # multi-link row -> indexes (in ``rows``) of its links that found no date below it
    multi: dict[HtmlElement, list[int]] = {}
    nested_rows: dict[HtmlElement, bool] = {}
    for order, lk in enumerate(links):
        date: DateMatch | None = None
        title = lk.title
        row = lk.a
        stop: HtmlElement | None = None
        for level, p in enumerate(chains[order], start=1):
            if len(holder[p]) > 1:
                stop = p
                break
            row = p
            if date is None and level <= _MAX_DATE_UP:
                date = _date_outside(p, lk, ctx)
        if date is None and stop is not None and _multi_link_row(stop, holder):
            multi.setdefault(stop, []).append(len(rows))
        if date is None:
            inside = _date_inside(lk, ctx)
            if inside is not None:
                date, stripped = inside
                if title == lk.text:
                    title = stripped
        if date is None:
            date = _date_after_link(lk, ctx)
        if date is None:
            nxt = row.getnext()
            if nxt is not None and isinstance(nxt.tag, str) and nxt.find(".//a") is None:
                date = _is_pure_date(collapse_ws(nxt.text_content()), ctx.ref)
        if date is not None:
            date = _with_url_year(date, lk.url)
        if row.tag in _INLINE:
            # a link (or inline wrapper) that could not climb to its own <li>/<tr> because
            # unclosed tags nested the next rows inside it: the <li>/<tr> is still its row, and so
            # is a classed <div> holding the next row as a child <div> of its own class
            up = row.getparent()
            for _ in range(4):
                if up is None or up.tag in ("body", "html"):
                    break
                if up.tag in ("li", "tr", "dd", "dt"):
                    row = up
                    break
                nested = nested_rows.get(up)
                if nested is None:
                    nested = nested_rows[up] = _holds_nested_row(up)
                if nested:
                    row = up
                    break
                up = up.getparent()
        rows.append(_Row(row, lk, title, date, order))
    if multi:
        rows = _one_entry_per_row(rows, multi, link_count, ctx)
    return _merge_same_target(rows)


def _holds_nested_row(el: HtmlElement) -> bool:
    """``el`` is a classed block row whose unclosed tag swallowed the next row: a child of the
    same tag and class (``<div class="item">…<div class="item">…``)."""
    cls = el.get("class")
    if el.tag not in _NESTING_BLOCKS or not cls:
        return False
    return any(child.get("class") == cls for child in el.iterchildren(el.tag))


_MULTI_ROW_TAGS = frozenset({"li", "tr", "dl", "dd", "dt", "div", "p"})


def _multi_link_row(el: HtmlElement, holder: dict[HtmlElement, set[str]]) -> bool:
    """``el`` is one row of a list that holds two or three links: a row tag (li, tr, dl, div…)
    holding 2-3 title-link URLs, with a sibling of the same tag that also holds title links."""
    if el.tag not in _MULTI_ROW_TAGS or not 2 <= len(holder[el]) <= 3:
        return False
    parent = el.getparent()
    if parent is None:
        return False
    return any(sib is not el and sib.tag == el.tag and sib in holder for sib in parent)


def _one_entry_per_row(
    rows: list[_Row], multi: dict[HtmlElement, list[int]], link_count: dict[HtmlElement, int], ctx: _Context
) -> list[_Row]:
    """Rule: a list row holding a category tag ([通知公告] → the column), a 发布机构 link or an
    attachment link beside its title link is ONE entry — the link to an article (not a column
    page) with the longest title — dated by the row. Applies only when none of the row's links
    found a date of its own below the row: cells each holding a link and a date are separate
    entries (homepage grids)."""
    drop: set[int] = set()
    for el, idx in multi.items():
        if len(idx) != link_count.get(el, 0):
            continue  # some link of the row is dated within its own cell
        members = [rows[i] for i in idx]
        primary = max(
            members,
            key=lambda r: (not _COLUMN_URL.search(urlsplit(r.link.url).path or "/"), len(r.title), -r.order),
        )
        date = _date_outside(el, primary.link, ctx)
        if date is not None:
            date = _with_url_year(date, primary.link.url)
        else:
            date = primary.date or next((r.date for r in members if r.date is not None), None)
        primary.el = el
        primary.date = date
        drop.update(i for i in idx if rows[i] is not primary)
    if not drop:
        return rows
    return [r for i, r in enumerate(rows) if i not in drop]


def _merge_same_target(rows: list[_Row]) -> list[_Row]:
    """Links of one row to one URL (title link + image link, title + "source" link) are one entry:
    the first, with the longest title and a date if any of them has one."""
    by_key: dict[tuple[HtmlElement, str], _Row] = {}
    out: list[_Row] = []
    for r in rows:
        key = (r.el, r.link.url)
        first = by_key.get(key)
        if first is None:
            by_key[key] = r
            out.append(r)
            continue
        if len(r.title) > len(first.title):
            first.title = r.title
            first.link = _Link(first.link.a, first.link.url, r.title, first.link.text, first.link.raw)
        if first.date is None and r.date is not None:
            first.date = r.date
    return out


# --- grouping and choosing the list --------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    source: str  # "dom", "comment", "datastore", "json"
    rows: list[_Row]
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


_INLINE = frozenset({"span", "font", "b", "i", "em", "strong", "a", "u", "small", "label"})
#: Block elements that nest inside each other by design (a card <div> in a list <div>): a row of
#: one of these inside an ancestor of the same tag is a row swallowed by an unclosed tag only when
#: the ancestor is of the same class.
_NESTING_BLOCKS = frozenset({"div", "section", "article", "table", "ul", "ol", "dl"})


def _group_parent(el: HtmlElement) -> HtmlElement | None:
    """The row's list container. Unclosed inline tags (``<li>…<span>date<li>…``) make libxml2 nest
    each row inside the previous one; such a row belongs to the outermost row of its tag."""
    parent = el.getparent()
    block = el.tag in _NESTING_BLOCKS
    node = parent
    while node is not None:
        while node is not None and node.tag in _INLINE:
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


def _group_rows(rows: Sequence[_Row]) -> list[list[_Row]]:
    """Rows grouped by (parent, tag); groups in sibling containers of the same kind merged."""
    groups: dict[tuple[HtmlElement | None, str], list[_Row]] = {}
    for r in rows:
        groups.setdefault((_group_parent(r.el), r.el.tag), []).append(r)
    merged: dict[tuple[object, ...], list[_Row]] = {}
    for (parent, tag), members in groups.items():
        if parent is None:
            key: tuple[object, ...] = (id(members), tag)
        else:
            grand = parent.getparent()
            key = (grand, parent.tag, parent.get("class") or "", tag) if grand is not None else (parent, tag)
        merged.setdefault(key, []).extend(members)
    out = []
    for members in merged.values():
        members.sort(key=lambda r: r.order)
        out.append(members)
    return out


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


_COLUMN_URL = re.compile(r"(?:/|/(?:index|default|more)[\w-]*\.\w+|list[\w-]*\.\w+)$", re.I)
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


def _confident_undated(rows: Sequence[_Row], near_pager: bool, boiler: bool) -> bool:
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
        and not any(_COLUMN_URL.search(p.path or "/") and not p.query for p in paths)
    )


def _pager_ancestors(pag: Pagination) -> set[HtmlElement]:
    anc: set[HtmlElement] = set()
    for box in pag.containers:
        anc.add(box)
        for el in box.iterancestors():
            if el.tag in ("body", "html"):
                break
            anc.add(el)
    return anc


def _near(container: HtmlElement | None, pager_anc: set[HtmlElement]) -> bool:
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


def _column_names(doc: HtmlElement) -> tuple[str, ...]:
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


def _dom_candidates(
    root: HtmlElement, ctx: _Context, pager_anc: set[HtmlElement], source: str = "dom", order_base: int = 0
) -> list[_Candidate]:
    """Groups of rows that may be the page's list. Rule: a group in the header, menu, breadcrumb or
    footer (``is_page_chrome``) needs two dated rows — one date there (更新时间：…, 今天是… beside a
    footer or menu link) is a display of the site, not an entry."""
    cache: dict[HtmlElement, bool] = {}
    chrome: dict[HtmlElement, bool] = {}
    out: list[_Candidate] = []
    for i, members in enumerate(_group_rows(_find_rows(root, ctx))):
        container = members[0].el.getparent()
        near = _near(container, pager_anc)
        boiler = is_boilerplate(members[0].el, cache)
        cand = _Candidate(source, members, container, near, boiler, order_base + i)
        dated = cand.dated
        if boiler and dated < 2 and is_page_chrome(members[0].el, chrome):
            continue
        if dated or _confident_undated(members, near, boiler):
            cand.side_heading, cand.own_heading = _heading_weights(container, ctx.column_names)
            out.append(cand)
    return out


def _best(cands: Sequence[_Candidate]) -> _Candidate | None:
    if not cands:
        return None
    return max(cands, key=lambda c: (c.score(), len(c.rows), -c.order))


# --- comments ------------------------------------------------------------------------------------

_QUICK_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|\b\d{2}-\d{2}\b")


def _holds_title_link(el: HtmlElement, base: str) -> bool:
    return bool(_title_links(el, base))


def _comment_candidates(doc: HtmlElement, ctx: _Context, pager_anc: set[HtmlElement]) -> list[_Candidate]:
    """Lists kept inside an HTML comment in an element that shows no title link."""
    out: list[_Candidate] = []
    for n, comment in enumerate(doc.iter(etree.Comment)):
        text = comment.text or ""
        if "href" not in text or "<a" not in text.lower() or not _QUICK_DATE.search(text):
            continue
        parent = comment.getparent()
        if parent is not None and _holds_title_link(parent, ctx.base):
            continue  # a commented-out leftover beside a live list
        frag = parse_fragment(text)
        cands = _dom_candidates(frag, ctx, set(), source="comment", order_base=1000 + n)
        best = _best(cands)
        if best is None:
            continue
        best.container = parent
        best.near_pager = "createPageHTML" in text or _near(parent, pager_anc)
        best.boiler = parent is not None and is_boilerplate(parent)
        out.append(best)
    return out


# --- Hanweb datastore ----------------------------------------------------------------------------

_RECORD = re.compile(r"<record[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</nextgroup>", re.S | re.I)
_TOTALRECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_TOTALPAGE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>", re.I)
_PERPAGE = re.compile(r"\bper_?page\s*[\"']?\s*[:=]\s*[\"']?(\d+)", re.I)
_CFG_TOTAL = re.compile(r"\btotalRecord\s*[\"']?\s*[:=]\s*[\"']?(\d+)", re.I)
_HREF_IN = re.compile(r"href\s*=\s*[\"']([^\"']+)[\"']", re.I)


def _records(text: str) -> list[str]:
    out = []
    for m in _RECORD.finditer(text):
        body = m.group(1) if m.group(1) is not None else html_lib.unescape(m.group(2) or "")
        out.append(body)
    return out


def _record_rows(records: Sequence[str], ctx: _Context) -> list[_Row]:
    """One parse for all records: each is wrapped in its own <div>, so each becomes one row."""
    if not records:
        return []
    frag = parse_fragment("".join(f"<div class='__hanweb_record'>{r}</div>" for r in records))
    rows = _find_rows(frag, ctx)
    return rows


def _datastore_candidate(
    xml_text: str, ctx: _Context, scripts: Sequence[str], *, order: int, container: HtmlElement | None
) -> _Candidate | None:
    records = _records(xml_text)
    rows = _record_rows(records, ctx)
    total = _TOTALRECORD.search(xml_text)
    pages = _TOTALPAGE.search(xml_text)
    total_records = int(total.group(1)) if total else None
    if total_records is None:
        for s in scripts:
            m = _CFG_TOTAL.search(s)
            if m:
                total_records = int(m.group(1))
                break
    follow: list[FollowRequest] = []
    ng = _NEXTGROUP.search(xml_text)
    if ng and total_records:
        ng_html = ng.group(1) if ng.group(1) is not None else html_lib.unescape(ng.group(2) or "")
        href_m = _HREF_IN.search(ng_html)
        if href_m:
            href = html_lib.unescape(href_m.group(1))
            proxy = safe_urljoin(ctx.base, href)
            per_page = None
            for s in scripts:
                m = _PERPAGE.search(s)
                if m and int(m.group(1)) > 0:
                    per_page = int(m.group(1))
                    break
            if per_page is None:
                # unknown perPage: the page holds the first group, i.e. perPage * 3 records
                per_page = max(1, -(-len(records) // 3)) if records else 15
            if proxy:
                follow = datastore_follow(
                    proxy,
                    query_params(proxy),
                    total_records=total_records,
                    records_in_page=len(records),
                    per_page=per_page,
                )
    if not rows and not records and "<recordset" not in xml_text.lower():
        return None
    # an empty <recordset> is a datastore read, not an unreadable list: the column is empty
    return _Candidate(
        "datastore",
        rows,
        container,
        near_pager=bool(ng or total),
        boiler=container is not None and is_boilerplate(container),
        order=order,
        follow=follow,
        total_records=total_records,
        total_pages=int(pages.group(1)) if pages else None,
    )


def _datastore_candidates(doc: HtmlElement, ctx: _Context, scripts: Sequence[str]) -> list[_Candidate]:
    """Every Hanweb datastore of the page. Its jpage configuration (perPage, totalRecord) is looked
    for in the scripts beside it (same unit container) first, then in the page's other scripts
    only when the page has a single datastore."""
    stores = [
        s
        for s in doc.iter("script")
        if s.text and ("<datastore" in s.text.lower() or "<recordset" in s.text.lower())
    ]
    out: list[_Candidate] = []
    for n, script in enumerate(stores):
        container = script.getparent()
        nearby = (
            [s.text for s in container.iter("script") if s is not script and s.text]
            if container is not None
            else []
        )
        config = nearby + (list(scripts) if len(stores) == 1 else [])
        cand = _datastore_candidate(script.text or "", ctx, config, order=2000 + n, container=container)
        if cand is None:
            continue
        # an unpaged, undated datastore (a 热点 box) must pass the same test as an undated DOM list
        unpaged_undated = cand.rows and not cand.dated and not cand.near_pager
        if unpaged_undated and not _confident_undated(cand.rows, False, cand.boiler):
            continue
        out.append(cand)
    return out


# --- JSON list data ------------------------------------------------------------------------------

_TITLE_KEYS = ("title", "doctitle", "articletitle", "showtitle", "infotitle", "ftitle", "subject", "name")
_URL_KEYS = (
    "url",
    "urls",
    "docpuburl",
    "pcurl",
    "linkurl",
    "articleurl",
    "docurl",
    "detailurl",
    "link",
    "href",
    "fileurl",
)
_DATE_KEYS = (
    "pubdate",
    "publishtime",
    "publishdate",
    "docreltime",
    "pubtime",
    "releasetime",
    "createtime",
    "date",
    "time",
    "fbsj",
    "fbrq",
    "inputtime",
    "addtime",
    "crtime",
    "created",
    "updatetime",
)
_TREE_KEYS = {"children", "childcount", "channeltype", "childlist", "subchannels"}
_ARRAY_START = re.compile(r"\[\s*\{")
_TAG = re.compile(r"<[^>]+>")
_DECODER = json.JSONDecoder()


def _json_url(value: object) -> str | None:
    if isinstance(value, dict):
        for key in ("pc", "url", "href", "link"):
            v = value.get(key)
            if isinstance(v, str) and v.strip():
                return v.strip()
        for v in value.values():
            if isinstance(v, str) and v.strip():
                return v.strip()
        return None
    if isinstance(value, str):
        v = value.strip()
        if v.startswith("{"):
            try:
                return _json_url(json.loads(v))
            except ValueError:
                return None
        return v or None
    return None


def _json_date(value: object, ref: dt.date) -> DateMatch | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        if not 3e8 < seconds < 5e9:
            return None
        d = (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds, hours=8)).date()  # Beijing time
        return DateMatch(d, str(value), 0, len(str(value)))
    if isinstance(value, str):
        found = find_dates(value, ref=ref)
        if found:
            return found[0]
        if value.isdigit() and len(value) in (10, 13):
            return _json_date(int(value), ref)
    return None


def _json_row(obj: dict, ctx: _Context, order: int) -> _Row | None:
    keys = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    if _TREE_KEYS & keys.keys():
        return None
    title = None
    for k in _TITLE_KEYS:
        v = keys.get(k)
        if isinstance(v, str) and collapse_ws(_TAG.sub("", v)):
            title = collapse_ws(html_lib.unescape(_TAG.sub("", v)))
            break
    url = None
    for k in _URL_KEYS:
        if k in keys:
            raw = _json_url(keys[k])
            if raw:
                url = safe_urljoin(ctx.base, raw)
                if url:
                    break
    if not title or not url or SKIP_HREF.match(url):
        return None
    date = None
    for k in _DATE_KEYS:
        if k in keys:
            date = _json_date(keys[k], ctx.ref)
            if date is not None:
                break
    if date is not None:
        date = _with_url_year(date, url)
    a = etree.Element("a")  # a stand-in element: JSON rows have no DOM
    return _Row(a, _Link(a, url, title, title), title, date, order)  # type: ignore[arg-type]


def _json_arrays(text: str) -> Iterable[list]:
    """JSON arrays of objects found in a script (JS syntax around them tolerated)."""
    pos = 0
    for m in _ARRAY_START.finditer(text):
        if m.start() < pos:
            continue  # inside an array already decoded
        try:
            value, end = _DECODER.raw_decode(text, m.start())
        except ValueError:
            continue
        pos = end
        if isinstance(value, list):
            yield value


def _json_candidates(scripts: Sequence[str], ctx: _Context) -> list[_Candidate]:
    out: list[_Candidate] = []
    for n, text in enumerate(scripts):
        if "[" not in text or "{" not in text:
            continue
        lowered = text[:200_000].lower()
        if not any(k in lowered for k in ("title", "name", "subject")):
            continue
        for arr in _json_arrays(text):
            objs = [o for o in arr if isinstance(o, dict)]
            if not objs:
                continue
            rows = []
            for i, o in enumerate(objs):
                row = _json_row(o, ctx, i)
                if row is not None:
                    rows.append(row)
            if rows and len(rows) >= 0.5 * len(objs):
                out.append(_Candidate("json", rows, None, order=3000 + n))
    return out


# --- overrides -----------------------------------------------------------------------------------


def _select(root: HtmlElement, selector: str) -> list[HtmlElement]:
    """CSS selector, or XPath when it starts with "/", "./" or "("; [] for a broken selector."""
    try:
        if selector.startswith(("/", "./", "(")):
            found = root.xpath(selector)
        else:
            from lxml.cssselect import CSSSelector

            found = CSSSelector(selector)(root)
    except Exception:  # a bad selector in config must not stop a crawl
        return []
    return [el for el in found if isinstance(el, HtmlElement)]


def _override_rows(doc: HtmlElement, ov: ListOverrides, ctx: _Context) -> list[_Row]:
    rows: list[_Row] = []
    for order, row in enumerate(_select(doc, ov.items or "")):
        link_el: HtmlElement | None = None
        if ov.link:
            found = _select(row, ov.link)
            link_el = found[0] if found else None
        else:
            for a in ([row] if row.tag == "a" else []) + list(row.iter("a")):
                if a.get("href") and collapse_ws(a.text_content() or a.get("title") or ""):
                    link_el = a
                    break
        if link_el is None:
            continue
        url = link_url(ctx.base, link_el.get("href"))
        if url is None:
            continue
        text = collapse_ws(link_el.text_content())
        lk = _Link(link_el, url, _choose_title(text, link_el.get("title")), text)
        date: DateMatch | None = None
        if ov.date:
            found = _select(row, ov.date)
            if found:
                dates = find_dates(collapse_ws(found[0].text_content()), ref=ctx.ref)
                date = dates[0] if dates else None
        else:
            date = _date_outside(row, lk, ctx) if row is not link_el else None
            if date is None:
                inside = _date_inside(lk, ctx)
                date = inside[0] if inside else None
        if date is not None:
            date = _with_url_year(date, url)
        rows.append(_Row(row, lk, lk.title, date, order))
    return rows


# --- placeholders and unreadable lists -----------------------------------------------------------


def _find_placeholder(doc: HtmlElement) -> str | None:
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


def _unreadable_reason(
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
    if total_records and not datastore_read:
        return f"页面显示共{total_records}条记录，但未能读取列表"
    return None


# --- public API ----------------------------------------------------------------------------------


def _items(rows: Iterable[_Row]) -> list[ListItem]:
    return [
        ListItem(
            title=r.title,
            url=r.link.url,
            date=r.date.date if r.date else None,
            date_text=r.date.text if r.date else None,
            yearless=bool(r.date and r.date.yearless),
        )
        for r in rows
    ]


def _scripts(doc: HtmlElement) -> list[str]:
    return [s.text for s in doc.iter("script") if s.text]


def extract_list(
    doc: HtmlElement, base_url: str, *, ref_date: dt.date, overrides: ListOverrides | None = None
) -> ListResult:
    """The main list of a column page, its pagination, stated totals, placeholder or unreadable
    reason. See the module docstring for the rules."""
    base = document_base(doc, base_url)
    ctx = _Context(base=base, ref=ref_date, column_names=_column_names(doc))
    pag = find_pagination(doc, base_url)
    scripts = _scripts(doc)
    result = ListResult(total_pages=pag.total_pages, total_records=pag.total_records)
    follow: list[FollowRequest] = list(pag.follow)

    chosen: _Candidate | None = None
    if overrides is not None and overrides.items:
        rows = _override_rows(doc, overrides, ctx)
        if rows:
            chosen = _Candidate("override", rows, None)
    if overrides is not None and overrides.next_page:
        for el in _select(doc, overrides.next_page):
            url = link_url(base, el.get("href"))
            if url:
                follow.append(FollowRequest(url=url))

    if chosen is None:
        pager_anc = _pager_ancestors(pag)
        cands = _dom_candidates(doc, ctx, pager_anc)
        cands += _comment_candidates(doc, ctx, pager_anc)
        cands += _datastore_candidates(doc, ctx, scripts)
        cands += _json_candidates(scripts, ctx)
        chosen = _best(cands)

    # Items found (even only in a box that looks like furniture) are never traded for a
    # placeholder: calling a live column empty is the worse error.
    placeholder = _find_placeholder(doc) if chosen is None or not chosen.rows else None

    if chosen is not None:
        result.items = _items(chosen.rows)
        result.source = chosen.source if chosen.rows else "none"
        follow = chosen.follow + follow
        if chosen.total_records is not None:
            result.total_records = chosen.total_records
        if chosen.total_pages is not None and result.total_pages is None:
            result.total_pages = chosen.total_pages

    if len(follow) == len(pag.follow):
        result.follow = follow  # already deduplicated, without the page itself
    else:
        seen = {canonical_url(base_url)}
        unique: list[FollowRequest] = []
        for req in follow:
            key = canonical_url(req.url) + "\n" + (req.body or "")
            if key not in seen:
                seen.add(key)
                unique.append(req)
        result.follow = unique

    if not result.items:
        result.placeholder = placeholder
        # both may be set: a placeholder written into a container that a script fills later is
        # not a verdict; the column is then unreadable, not blank
        result.unreadable = _unreadable_reason(
            doc,
            scripts,
            result.total_records,
            datastore_read=chosen is not None and chosen.source == "datastore",
        )
    return result


def extract_datastore_response(text: str, base_url: str, *, ref_date: dt.date) -> ListResult:
    """Items of a Hanweb ``dataproxy.jsp`` answer (``<datastore>…<record><![CDATA[…]]></record>``).

    No follow requests: the group requests were all generated from the list page.
    """
    ctx = _Context(base=base_url, ref=ref_date)
    text = text or ""
    records = _records(text)
    rows = _record_rows(records, ctx)
    total = _TOTALRECORD.search(text)
    pages = _TOTALPAGE.search(text)
    result = ListResult(
        items=_items(rows),
        source="datastore" if rows else "none",
        total_records=int(total.group(1)) if total else None,
        total_pages=int(pages.group(1)) if pages else None,
    )
    if not rows and records:
        joined = " ".join(collapse_ws(_TAG.sub(" ", r)) for r in records)
        m = PLACEHOLDER_RE.search(joined)
        result.placeholder = m.group(0) if m else None
    return result


def extract_dated_links(doc: HtmlElement, base_url: str, *, ref_date: dt.date) -> list[ListItem]:
    """Every dated link on a page, wherever it sits (DOM rows of every block, lists in comments,
    Hanweb datastores, JSON list data), one per URL, in page order.

    For homepages: "the newest dated item linked from the homepage". A URL's title is the best
    one any of its links gives (a result's title link rather than its "source" link).
    """
    base = document_base(doc, base_url)
    ctx = _Context(base=base, ref=ref_date)
    scripts = _scripts(doc)
    chrome: dict[HtmlElement, bool] = {}
    # a date shown in the header/nav/footer ("2025年1月5日 星期日" beside a menu link) is not news
    rows = [r for r in _find_rows(doc, ctx) if r.date is not None and not is_page_chrome(r.el, chrome)]
    for cand in _comment_candidates(doc, ctx, set()):
        rows += [r for r in cand.rows if r.date is not None]
    for cand in _datastore_candidates(doc, ctx, scripts):
        rows += [r for r in cand.rows if r.date is not None]
    for cand in _json_candidates(scripts, ctx):
        rows += [r for r in cand.rows if r.date is not None]

    best_title: dict[str, str] = {}
    for lk in _title_links(doc, base):
        if len(lk.title) > len(best_title.get(lk.url, "")):
            best_title[lk.url] = lk.title
    out: list[ListItem] = []
    index: dict[str, int] = {}
    for r in rows:
        url = r.link.url
        title = r.title
        better = best_title.get(url)
        if better and len(better) > len(title):
            title = better
        if url in index:
            item = out[index[url]]
            if item.yearless and r.date is not None and not r.date.yearless:
                out[index[url]] = ListItem(title, url, r.date.date, r.date.text, False)
            continue
        index[url] = len(out)
        assert r.date is not None
        out.append(ListItem(title, url, r.date.date, r.date.text, r.date.yearless))
    return out
