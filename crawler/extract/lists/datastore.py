"""Hanweb (大汉) datastores: ``<script type="text/xml"><datastore>…<record><![CDATA[…]]></record>``.

Each record is a row (source ``"datastore"``); further groups are POST requests to
``dataproxy.jsp`` (``pagination.datastore_follow``). ``extract_datastore_response`` reads the
answer to such a request.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Sequence

from lxml.html import HtmlElement

from ..htmldoc import collapse_ws, is_boilerplate, parse_fragment, safe_urljoin
from ..pagination import datastore_follow, query_params
from ..types import FollowRequest, ListItem, ListResult
from .grouping import Candidate, confident_undated
from .rows import find_rows
from .titles import Context, Row
from .unreadable import PLACEHOLDER_RE

_TAG = re.compile(r"<[^>]+>")
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


def _record_rows(records: Sequence[str], ctx: Context) -> list[Row]:
    """One parse for all records: each is wrapped in its own <div>, so each becomes one row."""
    if not records:
        return []
    frag = parse_fragment("".join(f"<div class='__hanweb_record'>{r}</div>" for r in records))
    rows = find_rows(frag, ctx)
    return rows


def _datastore_candidate(
    xml_text: str, ctx: Context, scripts: Sequence[str], *, order: int, container: HtmlElement | None
) -> Candidate | None:
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
    return Candidate(
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


def datastore_candidates(doc: HtmlElement, ctx: Context, scripts: Sequence[str]) -> list[Candidate]:
    """Every Hanweb datastore of the page. Its jpage configuration (perPage, totalRecord) is looked
    for in the scripts beside it (same unit container) first, then in the page's other scripts
    only when the page has a single datastore."""
    stores = [
        s
        for s in doc.iter("script")
        if s.text and ("<datastore" in s.text.lower() or "<recordset" in s.text.lower())
    ]
    out: list[Candidate] = []
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
        if unpaged_undated and not confident_undated(cand.rows, False, cand.boiler):
            continue
        out.append(cand)
    return out


def as_items(rows: Sequence[Row]) -> list[ListItem]:
    """List entries from rows."""
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


def extract_datastore_response(text: str, base_url: str, *, ref_date: dt.date) -> ListResult:
    """Items of a Hanweb ``dataproxy.jsp`` answer (``<datastore>…<record><![CDATA[…]]></record>``).

    No follow requests: the group requests were all generated from the list page.
    """
    ctx = Context(base=base_url, ref=ref_date)
    text = text or ""
    records = _records(text)
    rows = _record_rows(records, ctx)
    total = _TOTALRECORD.search(text)
    pages = _TOTALPAGE.search(text)
    result = ListResult(
        items=as_items(rows),
        source="datastore" if rows else "none",
        total_records=int(total.group(1)) if total else None,
        total_pages=int(pages.group(1)) if pages else None,
    )
    if not rows and records:
        joined = " ".join(collapse_ws(_TAG.sub(" ", r)) for r in records)
        m = PLACEHOLDER_RE.search(joined)
        result.placeholder = m.group(0) if m else None
    return result
