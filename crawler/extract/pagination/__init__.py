"""Pagination of column list pages: every further list page a person reaches by clicking.

Sources, all merged and deduplicated (the page itself excluded):

* TRS ``createPageHTML(countPage, currentIndex, "index", "html")``: pages ``index.html`` (index 0),
  ``index_1.html`` … ``index_{count-1}.html`` in the page's folder. Also inside HTML comments.
  A detail page's own ``createPageHTML(1, 0, "t20190918_693227", "shtml")`` (count 1) gives nothing.
* The 6-argument Gansu site-cluster variant ``createPageHTML('page_div', 10, 1, 'zwgklist',
  'shtml', 200)`` = (pager div id, page count, current page **1-based**, name, extension, record
  count). Assumption (page.js is not available to us): page 1 is ``zwgklist.shtml`` and page k>1 is
  ``zwgklist_k.shtml`` — the same ``name_N.ext`` scheme as TRS, numbered from 1.
* The inline TRS pager script ``var countPage = 56; var currentPage = 0; … "index" + "_" + i + "."
  + "html"`` (same numbering as the 4-argument call).
* Pager links: 下一页/下页/后页/>/›/»/Next, 尾页/末页, 上一页, 首页 and numbered links inside a pager
  container. When the numbered URLs follow a pattern (``index_1226.html``, ``?page=57``,
  ``list_12.html``, ``_N.shtml``, ``&pageNo=N``) and the last page is known (尾页/末页 link, or a
  stated total: 共N页, ``共1,227页``, ``gotoPage(1227, …)``, countPage), every page of the pattern is
  enumerated, so that a crawler can fetch them in parallel instead of one 下一页 at a time.
  The current page is what the pager says (第N页, N/M页, an unlinked number) or, when the page's
  own URL is not of the numbered pattern, the first page. A later page that does not say where it
  is only gets what it links to: a stated total cannot be placed on the pattern without it.
  With only a 尾页 link and a stated total, the 尾页 URL's number stands for the last page.
* A jump ``<select onchange="location.href=this.value">`` whose options are pages (第2页, 2): its
  options' URLs are numbered pager links (a 友情链接 dropdown, whose options name sites, is not).
* Stated totals are read in and around the pager containers (共N条, 共N页) and from scripts
  (``countPage``, ``countnum``, ``totalRecord``, ``<totalrecord>``, ``gotoPage(N, …)``).
* Hanweb dataproxy.jsp groups (POST requests), see ``datastore_follow``.

Nothing is capped here (the spider applies its max-pages cap), except a sanity bound on one
enumeration (``MAX_ENUMERATION``) against a misread total.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.etree as etree
from lxml.html import HtmlElement

from ..htmldoc import document_base
from ..types import FollowRequest
from .links import pager_elements, pager_links
from .patterns import MAX_ENUMERATION, enumerate_patterns
from .scripts import hidden_totals, onclick_texts, parse_count, script_pagers, totals_from

__all__ = [
    "Pagination",
    "find_pagination",
    "datastore_follow",
    "canonical_url",
    "pager_elements",
    "parse_count",
    "MAX_ENUMERATION",
]

_INDEX_NAMES = re.compile(r"/(?:index|default)\.(?:s?html?|jsp|php|asp|aspx)$", re.I)


@dataclass(slots=True)
class Pagination:
    """What a page says about its further list pages."""

    follow: list[FollowRequest] = field(default_factory=list)
    total_pages: int | None = None
    total_records: int | None = None
    containers: list[HtmlElement] = field(default_factory=list)  # pager elements found (for list ranking)


def canonical_url(url: str) -> str:
    """A comparison key: no fragment, lower-case scheme/host, no ``:80``, ``/index.html`` == ``/``.

    Plain string work (no urlsplit): it runs once per enumerated page, thousands of times.
    """
    url = url.strip().split("#", 1)[0]
    sep = url.find("://")
    if sep > 0:
        slash = url.find("/", sep + 3)
        if slash < 0:
            head, rest = url, "/"
        else:
            head, rest = url[:slash], url[slash:]
        head = head.lower()
        if head.startswith("http://") and head.endswith(":80"):
            head = head[:-3]
    else:
        head, rest = "", url
    path, q, query = rest.partition("?")
    if path.endswith(("html", "htm", "jsp", "php", "asp", "aspx")):
        path = _INDEX_NAMES.sub("/", path)
    return head + path + q + query


def find_pagination(doc: HtmlElement, base_url: str, *, visible: str | None = None) -> Pagination:
    """Every further list page of ``doc`` (see the module docstring), with stated totals.

    Stated totals (共N条, 共N页) are read from ``visible`` when given, else from the text in and
    around the pager containers.
    """
    base = document_base(doc, base_url)
    scripts = [s.text for s in doc.iter("script") if s.text]
    comments = [c.text for c in doc.iter(etree.Comment) if c.text and ("createPageHTML" in c.text)]
    containers = pager_elements(doc)
    if visible is None:
        # stated totals (共N条, 共N页) sit in or beside the pager
        parts = []
        for box in containers:
            parent = box.getparent()
            scope = parent if parent is not None and parent.tag not in ("body", "html") else box
            parts.append(scope.text_content())
        visible = "\n".join(parts)

    script_urls, cph_pages, cph_records, cph_current = script_pagers([*scripts, *comments], base)
    links, current = pager_links(containers, base)
    stated = [*scripts, *onclick_texts(containers), *hidden_totals(doc)]
    text_pages, text_records, goto_pages = totals_from(stated, visible)
    total_pages = cph_pages or text_pages or goto_pages
    total_records = cph_records if cph_records is not None else text_records
    if current is None:
        current = cph_current

    urls: list[str] = list(script_urls)
    urls += enumerate_patterns(links, total_pages, current, base)
    urls += [lk.url for lk in links]

    follow: list[FollowRequest] = []
    seen = {canonical_url(base_url), canonical_url(base)}
    for url in urls:
        key = canonical_url(url)
        if key in seen:
            continue
        seen.add(key)
        follow.append(FollowRequest(url=url))
    return Pagination(
        follow=follow, total_pages=total_pages, total_records=total_records, containers=containers
    )


def datastore_follow(
    proxy_url: str,
    params: Sequence[tuple[str, str]],
    *,
    total_records: int,
    records_in_page: int,
    per_page: int,
) -> list[FollowRequest]:
    """Hanweb (大汉 JCMS) further record groups: POST ``dataproxy.jsp?startrecord=S&endrecord=E&perpage=P``
    with the nextgroup link's parameters as the form body.

    jpage fetches records in groups of ``perPage * 3``; the page itself holds the first group
    (``records_in_page`` records), so requests start after those and cover ``total_records``.
    """
    if total_records <= records_in_page or per_page <= 0:
        return []
    group = per_page * 3
    try:
        parts = urlsplit(proxy_url)
    except ValueError:
        return []
    body_params = [
        (k, v) for k, v in params if k.lower() not in ("page", "startrecord", "endrecord", "perpage")
    ]
    if not any(k == "col" for k, _ in body_params):
        body_params.insert(0, ("col", "1"))
    body = urlencode(body_params)
    out: list[FollowRequest] = []
    start = records_in_page + 1
    while start <= total_records and len(out) < MAX_ENUMERATION:
        end = min(start + group - 1, total_records)
        query = urlencode([("startrecord", str(start)), ("endrecord", str(end)), ("perpage", str(per_page))])
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
        out.append(FollowRequest(url=url, method="POST", body=body, kind="datastore"))
        start = end + 1
    return out


def query_params(url: str) -> list[tuple[str, str]]:
    """The query parameters of ``url`` in order (blank values kept)."""
    try:
        return parse_qsl(urlsplit(url).query, keep_blank_values=True)
    except ValueError:
        return []
