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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.etree as etree
from lxml.html import HtmlElement

from .htmldoc import collapse_ws, document_base, fast_urljoin, href_anchors, link_url, visible_text
from .types import FollowRequest

__all__ = [
    "Pagination",
    "find_pagination",
    "datastore_follow",
    "canonical_url",
    "pager_elements",
    "parse_count",
    "MAX_ENUMERATION",
]

#: Sanity bound on one enumerated page pattern (a misread total must not produce millions of URLs).
MAX_ENUMERATION = 100_000

_NEXT = {
    "下一页",
    "下页",
    "后页",
    "后一页",
    "下一頁",
    "next",
    "nextpage",
    "下一页>",
    "下一页>>",
    ">",
    "›",
    "»",
    "→",
}
_LAST = {
    "尾页",
    "末页",
    "最后一页",
    "最末页",
    "尾頁",
    "last",
    "lastpage",
    "末页>>",
    "尾页>>",
    ">|",
    "»|",
    ">>|",
}
_PREV = {
    "上一页",
    "上页",
    "前页",
    "前一页",
    "上一頁",
    "prev",
    "previous",
    "<上一页",
    "<<上一页",
    "<",
    "‹",
    "«",
    "←",
}
_FIRST = {"首页", "first", "第一页", "firstpage", "|<", "<<首页"}
_AMBIGUOUS = {">>", "<<"}  # next/last or prev/first: only inside a pager container

_PAGER_ATTR = re.compile(
    r"(?:^|\s)(?:page\d*|pages|pager|paging|pagination|pagenav|pagebar|pagelist|pagebox|pagediv|pageinfo|"
    r"fenye|turnpage|pg|pagenum|pagination\w*|jpage\w*|page-?nav\w*)(?:$|\s)"
)
_INT_TEXT = re.compile(r"^[\[(（]?\s*(\d{1,6})\s*[\])）]?$")

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
_PAGE_PARAM = re.compile(
    r"[?&](?:page|p|pn|pageno|pagenum|pageindex|pagenumber|curpage|currentpage|cur_page|page_no|pageid|start|offset)=$",
    re.I,
)
_INDEX_NAMES = re.compile(r"/(?:index|default)\.(?:s?html?|jsp|php|asp|aspx)$", re.I)


@dataclass(slots=True)
class Pagination:
    """What a page says about its further list pages."""

    follow: list[FollowRequest] = field(default_factory=list)
    total_pages: int | None = None
    total_records: int | None = None
    containers: list[HtmlElement] = field(default_factory=list)  # pager elements found (for list ranking)


def parse_count(text: str) -> int | None:
    """``"1,227"`` / ``"1，227"`` -> 1227; None for anything else."""
    digits = re.sub(r"[,，\s]", "", text or "")
    return int(digits) if digits.isdigit() else None


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


def _norm_text(a: HtmlElement, raw: str | None = None) -> str:
    text = collapse_ws(a.text_content() if raw is None else raw)
    if not text:
        text = collapse_ws(a.get("title") or a.get("alt") or "")
        if not text:
            img = a.find(".//img")
            if img is not None:
                text = collapse_ws(img.get("alt") or img.get("title") or "")
    return re.sub(r"\s+", "", text).lower()


def _is_pager_attr(el: HtmlElement) -> bool:
    attrs = (el.get("id") or "") + " " + (el.get("class") or "")
    if not attrs.strip():
        return False
    return bool(_PAGER_ATTR.search(re.sub(r"[_\-]+", " ", attrs.lower())))


_ATTR_VALUES = etree.XPath("//@class|//@id")
#: a pager word has one of these (页, arrows, Next/Last/Prev); other anchors are skipped early
_PAGER_CHARS = re.compile(r"[页頁>›»<‹«→←|]|next|last|prev", re.I)


#: a <select> whose onchange navigates (``location.href=this.value``, ``window.open(this.value)``)
_SELECT_JUMP = re.compile(r"location|window\.open|\.href\b", re.I)
#: a page option's text: "3", "第3页"
_OPTION_NUM = re.compile(r"^第?\s*(\d{1,6})\s*页?$")


def _is_page_select(select: HtmlElement) -> bool:
    """A jump ``<select>`` of a pager: its onchange navigates and its options are pages (第2页, 2),
    unlike a 友情链接 dropdown that opens other sites (its options are site names)."""
    if not _SELECT_JUMP.search(select.get("onchange") or ""):
        return False
    first = list(islice(select.iter("option"), 4))
    if len(first) < 2:
        return False
    return sum(1 for opt in first if _OPTION_NUM.match((opt.text or "").strip())) >= 2


def pager_elements(doc: HtmlElement) -> list[HtmlElement]:
    """Elements that hold a pager: id/class says page/pager/pagination/fenye..., the nearest
    ancestor holding a 下一页/尾页/上一页 link together with other links, or a jump ``<select>``
    whose onchange goes to the chosen option's URL."""
    found: list[HtmlElement] = []
    seen: set[HtmlElement] = set()
    for value in _ATTR_VALUES(doc):
        low = value.lower()
        if "pag" in low or "fenye" in low or "pg" in low:
            el = value.getparent()
            if el is not None and el not in seen and _is_pager_attr(el):
                seen.add(el)
                found.append(el)
    for select in doc.iter("select"):
        if select not in seen and _is_page_select(select):
            seen.add(select)
            found.append(select)
    for a, _, raw in href_anchors(doc):
        if len(raw) > 40 or (raw and not _PAGER_CHARS.search(raw)):
            continue
        t = _norm_text(a, raw)
        if t in _NEXT or t in _LAST or t in _PREV:
            container = a.getparent()
            for _ in range(3):
                if container is None:
                    break
                if len(container.findall(".//a")) >= 2:
                    break
                container = container.getparent()
            if container is not None and container not in seen and container.tag not in ("body", "html"):
                seen.add(container)
                found.append(container)
    return found


@dataclass(slots=True)
class _PagerLink:
    kind: str  # "next", "last", "prev", "first", "num"
    url: str
    text_num: int | None = None


def _pager_links(containers: Sequence[HtmlElement], base: str) -> tuple[list[_PagerLink], int | None]:
    """Links of the pager containers, and the current page's ordinal when the pager shows it."""
    links: list[_PagerLink] = []
    current: int | None = None
    seen_a: set[HtmlElement] = set()
    for box in containers:
        for a in box.iter("a"):
            if a in seen_a:
                continue
            seen_a.add(a)
            t = _norm_text(a)
            href = a.get("href")
            url = link_url(base, href)
            m = _INT_TEXT.match(t)
            if url is None:
                if (
                    m
                    and current is None
                    and (href or "").strip() in ("", "#", "javascript:;", "javascript:void(0)")
                ):
                    current = int(m.group(1))  # <a href="#">3</a>: the page we are on
                continue
            if t in _NEXT or t == ">>":
                links.append(_PagerLink("next", url))
            elif t in _LAST:
                links.append(_PagerLink("last", url))
            elif t in _PREV or t == "<<":
                links.append(_PagerLink("prev", url))
            elif t in _FIRST:
                links.append(_PagerLink("first", url))
            elif m:
                links.append(_PagerLink("num", url, int(m.group(1))))
        for select in box.iter("select"):
            if select in seen_a or not _is_page_select(select):
                continue
            seen_a.add(select)
            for opt in select.iter("option"):
                m = _OPTION_NUM.match((opt.text or "").strip())
                value = (opt.get("value") or "").strip()
                if m is None or not value or value.isdigit():
                    continue  # a bare page number as value is for a script, not a URL
                if opt.get("selected") is not None:
                    current = current if current is not None else int(m.group(1))
                    continue
                url = link_url(base, value)
                if url is not None:
                    links.append(_PagerLink("num", url, int(m.group(1))))
        if current is None:
            # option texts (第1页 第2页 … of a jump <select>) do not say where we are
            has_select = box.tag == "select" or box.find(".//select") is not None
            m = _CURRENT_TEXT.search(visible_text(box, " ") if has_select else box.text_content())
            if m:
                current = int(m.group(1) or m.group(2))
        if current is None:
            for el in box.iter("span", "strong", "b", "font", "em", "li", "i"):
                if el.find(".//a") is not None:
                    continue
                m = _INT_TEXT.match(collapse_ws(el.text_content()))
                if m:
                    current = int(m.group(1))
                    break
    return links, current


_DIGITS = re.compile(r"(\d+)")
#: the pager states the current page: 第2页, 当前第2页, 2/5页
_CURRENT_TEXT = re.compile(r"第\s*(\d{1,6})\s*页|(\d{1,6})\s*/\s*\d{1,6}\s*页")


def _var_index(runs: list[str], parts: list[str]) -> int:
    """Which digit run of a single pager URL is the page number: one after a page-ish query
    parameter (``?page=``, ``&pageNo=``, ``?p=``), else one after ``_`` right before the extension,
    else the last run."""
    for i in range(len(runs)):
        if _PAGE_PARAM.search(parts[i]):
            return i
    for i in range(len(runs)):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if parts[i].endswith("_") and (nxt.startswith(".") or nxt == ""):
            return i
    return len(runs) - 1


def _enumerate_patterns(
    links: list[_PagerLink], total_pages: int | None, current: int | None, base: str
) -> list[str]:
    """URLs of every page of each numbered pager pattern (see module docstring)."""
    groups: dict[tuple[str, ...], list[tuple[_PagerLink, list[str], list[str]]]] = {}
    for link in links:
        pieces = _DIGITS.split(link.url)
        runs = pieces[1::2]
        if not runs:
            continue
        parts = pieces[0::2]
        groups.setdefault(tuple(parts), []).append((link, runs, parts))
    out: list[str] = []
    for key, members in groups.items():
        n_runs = len(members[0][1])
        varying = [i for i in range(n_runs) if len({m[1][i] for m in members}) > 1]
        if len(varying) > 1:
            continue
        var = varying[0] if varying else _var_index(members[0][1], members[0][2])
        nums: list[tuple[_PagerLink, int]] = [(m[0], int(m[1][var])) for m in members]
        # offset: URL number minus the page ordinal it stands for
        offsets = Counter(n - lk.text_num for lk, n in nums if lk.kind == "num" and lk.text_num is not None)
        offset: int | None = offsets.most_common(1)[0][0] if offsets else None
        last_links = [n for lk, n in nums if lk.kind == "last"]
        if offset is None and last_links and total_pages is not None:
            # only a 尾页 link and a stated total: the last URL number stands for the last page
            offset = max(last_links) - total_pages
        if offset is None:
            nxt = next((n for lk, n in nums if lk.kind == "next"), None)
            if nxt is not None:
                # the page we are on: stated by the pager, else the first page when its own URL
                # is not of the numbered pattern (index.html, list.jsp?cid=5); unknown otherwise
                base_pieces = _DIGITS.split(base)
                in_pattern = tuple(base_pieces[0::2]) == key and len(base_pieces[1::2]) == n_runs
                ordinal = current if current is not None else (None if in_pattern else 1)
                if ordinal is not None:
                    offset = nxt - (ordinal + 1)
        seen = sorted({n for _, n in nums})
        if last_links:
            last = max(last_links)
        elif total_pages is not None and offset is not None:
            last = total_pages + offset
        else:
            last = seen[-1]
        last = max(last, seen[-1])
        first = seen[0]
        if offset is not None:
            first = min(first, 2 + offset)
        first = max(first, 0)
        if last - first + 1 > MAX_ENUMERATION or last < first:
            out.extend(m[0].url for m in members)
            continue
        template = members[0][2]
        runs = list(members[0][1])
        width = len(runs[var])
        zero_padded = width > 1 and runs[var].startswith("0")
        # the URL around the varying number: template[0] run[0] template[1] … run[var] … template[-1]
        head = "".join(template[i] + runs[i] for i in range(var)) + template[var]
        tail = "".join(runs[i] + template[i + 1] for i in range(var + 1, len(runs)))
        tail = template[var + 1] + tail if var + 1 < len(template) else tail
        for n in range(first, last + 1):
            out.append(f"{head}{str(n).zfill(width) if zero_padded else n}{tail}")
    return out


def _name_pages(base: str, name: str, ext: str, ordinals: Iterable[int], first_ordinal: int) -> list[str]:
    """``name.ext`` for the first page, ``name_N.ext`` for the others, in the page's folder."""
    probe = fast_urljoin(base, f"{name}.{ext}")
    if not probe or not probe.endswith(f"/{name}.{ext}"):
        return []
    folder = probe[: -len(f"{name}.{ext}")]
    return [folder + (f"{name}.{ext}" if k == first_ordinal else f"{name}_{k}.{ext}") for k in ordinals]


def _script_pagers(texts: Iterable[str], base: str) -> tuple[list[str], int | None, int | None, int | None]:
    """Pages named by createPageHTML calls and TRS inline pager scripts.

    Returns (urls, total pages, total records, current ordinal (1-based)).
    """
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
    return urls, total_pages, total_records, current


def _script_var(text: str, low: str, names: Sequence[str]) -> int | None:
    """The first positive value assigned to one of ``names`` (``countPage = 56``, ``totalRecord: 100``)."""
    for name in names:
        start = low.find(name)
        while start >= 0:
            before = low[start - 1] if start > 0 else " "
            if not (before.isalnum() or before == "_"):
                m = _VAR_VALUE.match(text, start + len(name))
                if m and int(m.group(1)) > 0:
                    return int(m.group(1))
            start = low.find(name, start + 1)
    return None


def _totals_from(scripts: Sequence[str], visible: str) -> tuple[int | None, int | None, int | None]:
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


def _onclick_texts(containers: Sequence[HtmlElement]) -> list[str]:
    out: list[str] = []
    for box in containers:
        for el in box.iter():
            oc = el.get("onclick") if isinstance(el.tag, str) else None
            if oc:
                out.append(oc)
    return out


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

    script_urls, cph_pages, cph_records, cph_current = _script_pagers([*scripts, *comments], base)
    links, current = _pager_links(containers, base)
    text_pages, text_records, goto_pages = _totals_from([*scripts, *_onclick_texts(containers)], visible)
    total_pages = cph_pages or text_pages or goto_pages
    total_records = cph_records if cph_records is not None else text_records
    if current is None:
        current = cph_current

    urls: list[str] = list(script_urls)
    urls += _enumerate_patterns(links, total_pages, current, base)
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
