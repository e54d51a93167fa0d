"""Pages named by scripts (TRS ``createPageHTML`` and inline pager scripts) and the totals pages
state (共N条, 共N页, ``countPage``, ``totalRecord``, ``<totalrecord>``, ``gotoPage(N, …)``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import islice

from lxml.html import HtmlElement

from ..htmldoc import fast_urljoin
from .patterns import MAX_ENUMERATION, MAX_FOLLOW

# createPageHTML(count, current0, "name", "ext")
_CPH4 = re.compile(
    r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']\s*\)"
)
# createPageHTML('div', count, current1, 'name', 'ext'[, records])
_CPH6 = re.compile(
    r"createPageHTML\(\s*[\"'][^\"']*[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([^\"']+)[\"']\s*,"
    r"\s*[\"']([^\"']+)[\"']\s*(?:,\s*(\d+)\s*)?\)"
)
_TRS_COUNT = re.compile(r"\bcountPage\s*=\s*(\d+)")
_TRS_CURRENT = re.compile(r"\bcurrentPage\s*=\s*(\d+)")
# "index"+"_"+i+"."+"html\"  /  "index_"+i+".html\"  (inside document.write strings: \" quotes)
_TRS_NAME = re.compile(
    r"[\"'](\w+)\\?[\"']\s*\+\s*\\?[\"']_\\?[\"']\s*\+\s*\w+\s*\+\s*\\?[\"']\.\\?[\"']\s*\+\s*\\?[\"'](\w+)\\?[\"']"
)
_TRS_NAME2 = re.compile(r"[\"'](\w+)_\\?[\"']\s*\+\s*\w+\s*\+\s*\\?[\"']\.(\w+)\\?[\"']")

#: Script variables stating totals. Looked up with str.find first: a regex alternation scanned
#: over every script of a page costs milliseconds.
_PAGES_VARS = ("countpage", "totalpage", "pagecount", "page_count", "maxpage", "pagetotal")
_RECORDS_VARS = (
    "countnum",
    "totalrecord",
    "recordcount",
    "totalcount",
    "total_count",
    "totalnum",
    "recordtotal",
)
_VAR_VALUE = re.compile(r"\w*\s*[\"']?\s*[:=]\s*[\"']?(\d+)")
#: a Hungarian-style prefix before a variable name: m_nRecordCount, g_iPageCount, nTotalPage
_VAR_PREFIX = re.compile(r"(?:[mg]_|_)?[nis]?_?")
# TRS govsearch pager (page.js): m_sPageName = "index"; m_sPageExt = "htm"; m_nRecordCount = "1298";
# m_nPageSize = 20; m_nCurrPage = 0 -- page k+1 is index_k.htm
_PAGE_NAME = re.compile(r"\w*PageName\s*=\s*[\"'](\w+)[\"']")
_PAGE_EXT = re.compile(r"\w*PageExt\s*=\s*[\"'](\w+)[\"']")
_PAGE_SIZE = re.compile(r"\w*PageSize\s*=\s*[\"']?(\d+)")
_RECORD_COUNT = re.compile(r"\w*RecordCount\s*=\s*[\"']?(\d+)")
_CURR_PAGE = re.compile(r"\w*CurrPage\s*=\s*[\"']?(\d+)")
_XML_TOTALS = re.compile(r"<total(record|page)>\s*(\d+)\s*</total\1>", re.I)
_GOTO = re.compile(r"\bgo[tT]o[pP]age\(\s*(\d+)\s*,")
_TEXT_PAGES = (
    re.compile(r"共\s*([\d,，]+)\s*页"),
    re.compile(r"(?:总页数|页数)\s*[:：]?\s*([\d,，]+)"),
    re.compile(r"\b\d{1,6}\s*/\s*(\d{1,6})\s*页"),
)
_TEXT_RECORDS = (
    re.compile(r"共\s*有?\s*([\d,，]+)\s*(?:条|篇|项|件|个记录)"),
    re.compile(r"(?:总记录数|记录总数|总条数|信息总数|总数)\s*[:：]?\s*([\d,，]+)"),
    re.compile(r"([\d,，]+)\s*条记录"),
)


def parse_count(text: str) -> int | None:
    """``"1,227"`` / ``"1，227"`` -> 1227; None for anything else."""
    digits = re.sub(r"[,，\s]", "", text or "")
    return int(digits) if digits.isdigit() else None


def _name_pages(base: str, name: str, ext: str, ordinals: Iterable[int], first_ordinal: int) -> list[str]:
    """``name.ext`` for the first page, ``name_N.ext`` for the others, in the page's folder."""
    probe = fast_urljoin(base, f"{name}.{ext}")
    if not probe or not probe.endswith(f"/{name}.{ext}"):
        return []
    folder = probe[: -len(f"{name}.{ext}")]
    return [folder + (f"{name}.{ext}" if k == first_ordinal else f"{name}_{k}.{ext}")
            for k in islice(ordinals, MAX_FOLLOW)]  # fmt: skip


def script_pagers(texts: Iterable[str], base: str) -> tuple[list[str], int | None, int | None, int | None]:
    """Pages named by createPageHTML calls and TRS inline pager scripts.

    Returns (urls, total pages, total records, current ordinal (1-based)).
    """
    texts = list(texts)
    urls: list[str] = []
    total_pages: int | None = None
    total_records: int | None = None
    current: int | None = None
    for text in texts:
        if "createPageHTML" in text:
            for m in _CPH6.finditer(text):
                count, cur1, name, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
                if m.group(5):
                    total_records = total_records or int(m.group(5))
                total_pages = total_pages or count
                current = current or cur1
                if count > 1 and count <= MAX_ENUMERATION:
                    urls += _name_pages(base, name, ext, (k for k in range(1, count + 1) if k != cur1), 1)
            for m in _CPH4.finditer(text):
                count, cur0, name, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
                total_pages = total_pages or count
                current = current or cur0 + 1
                if count > 1 and count <= MAX_ENUMERATION:
                    urls += _name_pages(base, name, ext, (k for k in range(count) if k != cur0), 0)
        if "countPage" in text and "document.write" in text:
            mc = _TRS_COUNT.search(text)
            if mc:
                count = int(mc.group(1))
                mcur = _TRS_CURRENT.search(text)
                cur0 = int(mcur.group(1)) if mcur else 0
                mn = _TRS_NAME.search(text) or _TRS_NAME2.search(text)
                name, ext = (mn.group(1), mn.group(2)) if mn else ("index", "html")
                total_pages = total_pages or count
                current = current or cur0 + 1
                if 1 < count <= MAX_ENUMERATION:
                    urls += _name_pages(base, name, ext, (k for k in range(count) if k != cur0), 0)
    joined = "\n".join(t for t in texts if "PageName" in t or "RecordCount" in t or "PageSize" in t)
    if joined:
        more, pages, records, cur = _named_page_pager(joined, base)
        urls += more
        total_pages, total_records = total_pages or pages, total_records or records
        current = current or cur
    return urls, total_pages, total_records, current


def _named_page_pager(text: str, base: str) -> tuple[list[str], int | None, int | None, int | None]:
    """The TRS govsearch pager: page name and extension, record count and page size in variables
    (possibly in separate scripts); the page count is records / size rounded up."""
    name, ext, size, records = (_PAGE_NAME.search(text), _PAGE_EXT.search(text), _PAGE_SIZE.search(text),
                                _RECORD_COUNT.search(text))  # fmt: skip
    if not (name and ext and size and records) or int(size.group(1)) <= 0:
        return [], None, None, None
    total, per = int(records.group(1)), int(size.group(1))
    count = max(1, -(-total // per))
    mcur = _CURR_PAGE.search(text)
    cur0 = int(mcur.group(1)) if mcur else 0
    urls = []
    if 1 < count <= MAX_ENUMERATION:
        urls = _name_pages(base, name.group(1), ext.group(1), (k for k in range(count) if k != cur0), 0)
    return urls, count, total or None, cur0 + 1


def _script_var(text: str, low: str, names: Sequence[str]) -> int | None:
    """The first positive value assigned to one of ``names`` (``countPage = 56``, ``totalRecord: 100``)."""
    for name in names:
        start = low.find(name)
        while start >= 0:
            ident = start
            while ident > 0 and (low[ident - 1].isalnum() or low[ident - 1] == "_"):
                ident -= 1
            if _VAR_PREFIX.fullmatch(low[ident:start]):
                m = _VAR_VALUE.match(text, start + len(name))
                if m and int(m.group(1)) > 0:
                    return int(m.group(1))
            start = low.find(name, start + 1)
    return None


def totals_from(scripts: Sequence[str], visible: str) -> tuple[int | None, int | None, int | None]:
    """(pages, records, gotoPage pages) as stated by scripts (``totalRecord: 100``, ``countnum=6348``,
    ``<totalrecord>``) and by the visible text (``共24,539条``, ``共1,227页``)."""
    pages: int | None = None
    records: int | None = None
    goto: int | None = None
    for pat in _TEXT_PAGES:
        m = pat.search(visible)
        if m:
            pages = parse_count(m.group(1))
            if pages:
                break
    for pat in _TEXT_RECORDS:
        m = pat.search(visible)
        if m:
            records = parse_count(m.group(1))
            if records is not None:
                break
    for text in scripts:
        # a script's 0 is usually an initial value before an AJAX answer, not a statement
        low = text.lower()
        if pages is None:
            pages = _script_var(text, low, _PAGES_VARS)
        if records is None:
            records = _script_var(text, low, _RECORDS_VARS)
        if "<total" not in low:
            continue
        for m in _XML_TOTALS.finditer(text):
            if m.group(1).lower() == "record" and records is None:
                records = int(m.group(2))
            elif m.group(1).lower() == "page" and pages is None:
                pages = int(m.group(2))
        if goto is None and "topage" in low:
            m = _GOTO.search(text)
            if m:
                goto = int(m.group(1))
    return pages, records, goto


def hidden_totals(doc: HtmlElement) -> list[str]:
    """Totals a page keeps in hidden form fields for its script pager
    (``<input type="hidden" id="totalCount" value="45">``), as ``name=value`` script text."""
    out: list[str] = []
    for inp in doc.iter("input"):
        if (inp.get("type") or "").lower() != "hidden":
            continue
        name = (inp.get("id") or inp.get("name") or "").strip()
        value = (inp.get("value") or "").strip()
        if name and value.isdigit() and name.lower().lstrip("_") in (*_RECORDS_VARS, *_PAGES_VARS):
            out.append(f"{name}={value}")
    return out


def onclick_texts(containers: Sequence[HtmlElement]) -> list[str]:
    out: list[str] = []
    for box in containers:
        for el in box.iter():
            oc = el.get("onclick") if isinstance(el.tag, str) else None
            if oc:
                out.append(oc)
    return out
