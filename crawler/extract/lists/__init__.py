"""Column (栏目) list pages: which entries the page lists, with their dates, without per-site selectors.

``extract_list`` is the one entry point; each place a list can sit is read by its own module, and
the candidates they find compete (``grouping.best_candidate``):

* ``rows`` / ``rowdates`` / ``titles`` — **DOM rows**: a *title link* plus a date in the same row
  (see ``rows``); ``grouping`` groups the rows into candidate lists, merges rows split over sibling
  blocks of one shape, and ranks the groups (furniture, headings, pager);
* ``comments`` — lists kept inside an HTML comment (the Gansu site-cluster trap);
* ``datastore`` — Hanweb ``<script type="text/xml"><datastore>`` records, and the
  ``dataproxy.jsp`` answers (``extract_datastore_response``);
* ``jsondata`` — JSON list data in scripts (``var listData = {articleList: [...]}``);
* ``overrides`` — configured selectors (config ``list:``), for the rare site auto-detection misses;
* ``unreadable`` — when nothing is found, why: a placeholder (暂无信息) or a list evidently built by a
  script from an API we cannot follow, so the column is never called blank.

Undated lists are lists too (items with ``date=None``), but only when we are confident (see
``grouping.confident_undated``). ``extract_dated_links`` reads every dated link of a page (for
homepages).
"""

from __future__ import annotations

import datetime as dt

from lxml.html import HtmlElement

from ..htmldoc import document_base, is_page_chrome, link_url
from ..pagination import canonical_url, find_pagination
from ..types import FollowRequest, ListItem, ListOverrides, ListResult
from .comments import comment_candidates
from .datastore import as_items, datastore_candidates, extract_datastore_response
from .grouping import Candidate, best_candidate, column_names, dom_candidates, pager_ancestors
from .jsondata import json_candidates
from .overrides import override_rows, select
from .rows import find_rows
from .titles import Context, title_links
from .unreadable import PLACEHOLDER_RE, find_placeholder, unreadable_reason

__all__ = [
    "PLACEHOLDER_RE",
    "extract_datastore_response",
    "extract_dated_links",
    "extract_list",
]


def _scripts(doc: HtmlElement) -> list[str]:
    return [s.text for s in doc.iter("script") if s.text]


def extract_list(
    doc: HtmlElement, base_url: str, *, ref_date: dt.date, overrides: ListOverrides | None = None
) -> ListResult:
    """The main list of a column page, its pagination, stated totals, placeholder or unreadable
    reason. See the module docstring for the rules."""
    base = document_base(doc, base_url)
    ctx = Context(base=base, ref=ref_date, column_names=column_names(doc))
    pag = find_pagination(doc, base_url)
    scripts = _scripts(doc)
    result = ListResult(total_pages=pag.total_pages, total_records=pag.total_records)
    follow: list[FollowRequest] = list(pag.follow)

    chosen: Candidate | None = None
    if overrides is not None and overrides.items:
        rows = override_rows(doc, overrides, ctx)
        if rows:
            chosen = Candidate("override", rows, None)
    if overrides is not None and overrides.next_page:
        for el in select(doc, overrides.next_page):
            url = link_url(base, el.get("href"))
            if url:
                follow.append(FollowRequest(url=url))

    if chosen is None:
        pager_anc = pager_ancestors(pag)
        cands = dom_candidates(doc, ctx, pager_anc)
        cands += comment_candidates(doc, ctx, pager_anc)
        cands += datastore_candidates(doc, ctx, scripts)
        cands += json_candidates(scripts, ctx)
        chosen = best_candidate(cands)

    # Items found (even only in a box that looks like furniture) are never traded for a
    # placeholder: calling a live column empty is the worse error.
    placeholder = find_placeholder(doc) if chosen is None or not chosen.rows else None

    if chosen is not None:
        result.items = as_items(chosen.rows)
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
        result.unreadable = unreadable_reason(
            doc,
            scripts,
            result.total_records,
            datastore_read=chosen is not None and chosen.source == "datastore",
        )
    return result


def extract_dated_links(doc: HtmlElement, base_url: str, *, ref_date: dt.date) -> list[ListItem]:
    """Every dated link on a page, wherever it sits (DOM rows of every block, lists in comments,
    Hanweb datastores, JSON list data), one per URL, in page order.

    For homepages: "the newest dated item linked from the homepage". A URL's title is the best
    one any of its links gives (a result's title link rather than its "source" link).
    """
    base = document_base(doc, base_url)
    ctx = Context(base=base, ref=ref_date)
    scripts = _scripts(doc)
    chrome: dict[HtmlElement, bool] = {}
    # a date shown in the header/nav/footer ("2025年1月5日 星期日" beside a menu link) is not news
    rows = [r for r in find_rows(doc, ctx) if r.date is not None and not is_page_chrome(r.el, chrome)]
    for cand in comment_candidates(doc, ctx, set()):
        rows += [r for r in cand.rows if r.date is not None]
    for cand in datastore_candidates(doc, ctx, scripts):
        rows += [r for r in cand.rows if r.date is not None]
    for cand in json_candidates(scripts, ctx):
        rows += [r for r in cand.rows if r.date is not None]

    best_title: dict[str, str] = {}
    for lk in title_links(doc, base):
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
