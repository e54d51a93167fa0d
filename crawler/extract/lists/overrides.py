"""Configured selectors (config ``list:`` block, source ``"override"``): for the rare site that
auto-detection misses. CSS selectors, or XPath when they start with "/", "./" or "("."""

from __future__ import annotations

from lxml.html import HtmlElement

from ..dates import DateMatch, find_dates
from ..htmldoc import collapse_ws, link_url
from ..types import ListOverrides
from .rowdates import date_inside, date_outside
from .titles import Context, Row, TitleLink, choose_title, with_url_year


def select(root: HtmlElement, selector: str) -> list[HtmlElement]:
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


def override_rows(doc: HtmlElement, ov: ListOverrides, ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for order, row in enumerate(select(doc, ov.items or "")):
        link_el: HtmlElement | None = None
        if ov.link:
            found = select(row, ov.link)
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
        lk = TitleLink(link_el, url, choose_title(text, link_el.get("title")), text)
        date: DateMatch | None = None
        if ov.date:
            found = select(row, ov.date)
            if found:
                dates = find_dates(collapse_ws(found[0].text_content()), ref=ctx.ref)
                date = dates[0] if dates else None
        else:
            date = date_outside(row, lk, ctx) if row is not link_el else None
            if date is None:
                inside = date_inside(lk, ctx)
                date = inside[0] if inside else None
        if date is not None:
            date = with_url_year(date, url)
        rows.append(Row(row, lk, lk.title, date, order))
    return rows
