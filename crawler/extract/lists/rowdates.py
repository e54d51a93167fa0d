"""The date of a row: where a list shows an entry's date relative to its title link.

Outside the link at the lowest level (an element holding nothing but a date wins over a date in
prose; in a ``<table>`` the column headed 发布日期/发布时间 wins), else a date element inside the
link, else a date right after the link in flat markup, else a date split in a calendar box
(``<span>18</span><span>2026-11</span>``).
"""

from __future__ import annotations

import datetime as dt
import re

from lxml.html import HtmlElement

from ..dates import PURE_DATE_NOISE, DateMatch, find_dates
from ..htmldoc import collapse_ws
from .titles import HAS_DIGIT, Context, TitleLink, is_pure_date

_MAX_ROW_TEXT = 600  # a row is short; beyond this a date is prose, not the row's date

_DATE_HEADER = (
    re.compile(r"发布(?:日期|时间)"),
    re.compile(r"公开(?:日期|时间)"),
    re.compile(r"^(?:日期|时间|发文日期|更新(?:日期|时间))$"),
    re.compile(r"日期|时间"),
)


def _table_date_column(tr: HtmlElement, ctx: Context) -> int | None:
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


def _pure_date_element(p: HtmlElement, link: TitleLink, ctx: Context) -> DateMatch | None:
    """The first element in ``p`` (outside the link) that holds nothing but a date."""
    for el in p.iter():
        if el is p or el is link.a or not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        text = el.text_content()
        if len(text) > 60:
            continue
        pure = is_pure_date(collapse_ws(text), ctx.ref)
        if pure is not None and link.a not in el.iterancestors() and el not in link.a.iterancestors():
            return pure
    return None


def date_outside(p: HtmlElement, link: TitleLink, ctx: Context) -> DateMatch | None:
    """The row date in ``p`` outside the link (see module docstring).

    A long row (a search result with a summary) is dated only by an element holding nothing but
    a date: dates in prose are not the entry's date.
    """
    # cheap test first (C-level text): no digit outside the link, no date
    quick = p.text_content()
    if len(quick) > _MAX_ROW_TEXT * 8 or not HAS_DIGIT.search(
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
        return split_date(p, link.a) if QUICK_YEAR_MONTH.search(outside) else None
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


QUICK_YEAR_MONTH = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
_YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_DAY = re.compile(r"^(\d{1,2})\s*日?$")


def split_date(p: HtmlElement, skip: HtmlElement | None) -> DateMatch | None:
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


def date_inside(link: TitleLink, ctx: Context) -> tuple[DateMatch, str] | None:
    """A date inside the link: a child element holding only a date (``<a><span>标题</span>
    <span>2024-06-28</span></a>``), or a date at the very end of the link text. Returns the date
    and the title without it."""
    if not HAS_DIGIT.search(link.text):
        return None
    a = link.a
    for el in a.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        t = collapse_ws(el.text_content())
        pure = is_pure_date(t, ctx.ref)
        if pure is not None:
            title = collapse_ws(link.text.replace(t, " ", 1))
            if len(title) >= 4:
                return pure, title
    found = find_dates(link.text, ref=ctx.ref)
    if not found and QUICK_YEAR_MONTH.search(link.text):
        split = split_date(a, None)
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


def date_after_link(link: TitleLink, ctx: Context) -> DateMatch | None:
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
    if not HAS_DIGIT.search(text):
        return None
    found = find_dates(text, ref=ctx.ref)
    if not found or PURE_DATE_NOISE.sub("", text[: found[0].start]):
        return None
    return found[0]
