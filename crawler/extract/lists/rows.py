"""DOM rows: every title link of a tree with its row element and date.

A link's row is found by climbing from the link while the ancestor holds no other title link
(``<li>``, ``<tr>``, ``<dd>``, ``<div class="item">``…). A row holding two or three links (a
category tag ``[通知公告]``, a 发布机构 link, an attachment beside the title) is one entry: the
article link with the longest title, dated by the row.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..dates import DateMatch
from ..htmldoc import collapse_ws
from .rowdates import date_after_link, date_inside, date_outside
from .titles import (
    COLUMN_URL,
    INLINE_TAGS,
    NESTING_BLOCKS,
    Context,
    Row,
    TitleLink,
    is_pure_date,
    title_links,
    with_url_year,
)

_MAX_UP = 6  # how far a row may be above its link
_MAX_DATE_UP = 4  # how far above the link a row's date is looked for


def find_rows(root: HtmlElement, ctx: Context) -> list[Row]:
    """Every title link under ``root`` with its row element and date (see module docstring)."""
    links = title_links(root, ctx.base)
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
    rows: list[Row] = []
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
                date = date_outside(p, lk, ctx)
        if date is None and stop is not None and _multi_link_row(stop, holder):
            multi.setdefault(stop, []).append(len(rows))
        if date is None:
            inside = date_inside(lk, ctx)
            if inside is not None:
                date, stripped = inside
                if title == lk.text:
                    title = stripped
        if date is None:
            date = date_after_link(lk, ctx)
        if date is None:
            nxt = row.getnext()
            if nxt is not None and isinstance(nxt.tag, str) and nxt.find(".//a") is None:
                date = is_pure_date(collapse_ws(nxt.text_content()), ctx.ref)
        if date is not None:
            date = with_url_year(date, lk.url)
        if row.tag in INLINE_TAGS:
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
        rows.append(Row(row, lk, title, date, order))
    if multi:
        rows = _one_entry_per_row(rows, multi, link_count, ctx)
    return _merge_same_target(rows)


def _holds_nested_row(el: HtmlElement) -> bool:
    """``el`` is a classed block row whose unclosed tag swallowed the next row: a child of the
    same tag and class (``<div class="item">…<div class="item">…``)."""
    cls = el.get("class")
    if el.tag not in NESTING_BLOCKS or not cls:
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
    rows: list[Row], multi: dict[HtmlElement, list[int]], link_count: dict[HtmlElement, int], ctx: Context
) -> list[Row]:
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
            key=lambda r: (not COLUMN_URL.search(urlsplit(r.link.url).path or "/"), len(r.title), -r.order),
        )
        date = date_outside(el, primary.link, ctx)
        if date is not None:
            date = with_url_year(date, primary.link.url)
        else:
            date = primary.date or next((r.date for r in members if r.date is not None), None)
        primary.el = el
        primary.date = date
        drop.update(i for i in idx if rows[i] is not primary)
    if not drop:
        return rows
    return [r for i, r in enumerate(rows) if i not in drop]


def _merge_same_target(rows: list[Row]) -> list[Row]:
    """Links of one row to one URL (title link + image link, title + "source" link) are one entry:
    the first, with the longest title and a date if any of them has one."""
    by_key: dict[tuple[HtmlElement, str], Row] = {}
    out: list[Row] = []
    for r in rows:
        key = (r.el, r.link.url)
        first = by_key.get(key)
        if first is None:
            by_key[key] = r
            out.append(r)
            continue
        if len(r.title) > len(first.title):
            first.title = r.title
            first.link = TitleLink(first.link.a, first.link.url, r.title, first.link.text, first.link.raw)
        if first.date is None and r.date is not None:
            first.date = r.date
    return out
