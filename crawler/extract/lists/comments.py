"""Lists kept inside an HTML comment (source ``"comment"``).

The Gansu site-cluster trap ``<ul><!-- <li>…</li> … createPageHTML(…) --></ul>``: a comment
holding links and dates, sitting in an element that holds no title link in the DOM, is parsed as
a fragment and read like any DOM list.
"""

from __future__ import annotations

import re

import lxml.etree as etree
from lxml.html import HtmlElement

from ..htmldoc import is_boilerplate, parse_fragment
from .grouping import Candidate, best_candidate, dom_candidates, is_near
from .titles import Context, title_links

_QUICK_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|\b\d{2}-\d{2}\b")


def _holds_title_link(el: HtmlElement, base: str) -> bool:
    return bool(title_links(el, base))


def comment_candidates(doc: HtmlElement, ctx: Context, pager_anc: set[HtmlElement]) -> list[Candidate]:
    """Lists kept inside an HTML comment in an element that shows no title link."""
    out: list[Candidate] = []
    for n, comment in enumerate(doc.iter(etree.Comment)):
        text = comment.text or ""
        if "href" not in text or "<a" not in text.lower() or not _QUICK_DATE.search(text):
            continue
        parent = comment.getparent()
        if parent is not None and _holds_title_link(parent, ctx.base):
            continue  # a commented-out leftover beside a live list
        frag = parse_fragment(text)
        cands = dom_candidates(frag, ctx, set(), source="comment", order_base=1000 + n)
        best = best_candidate(cands)
        if best is None:
            continue
        best.container = parent
        best.near_pager = "createPageHTML" in text or is_near(parent, pager_anc)
        best.boiler = parent is not None and is_boilerplate(parent)
        out.append(best)
    return out
