"""What an article (detail) page says about itself: title, meta tags, 政务公开 block, pub date.

Publication date, first source that gives one (every candidate is recorded in ``PageInfo.dates``
by source, as ISO dates):

1. ``xxgk`` — the 政务公开 block's 发布日期 (公开日期, 发布时间);
2. ``label`` — a visible labelled date: 发布日期：/发布时间：/发表时间：/更新时间：/时间：/日期：
   (the first one in the page, not inside a script nor the site's header/menu/footer — a footer's
   更新时间 is the site's; 成文日期： is not a 日期： label); without a colon
   (``<span>发布时间</span><span>…</span>``) only when no label has one and no 政务公开 block
   gave a 发布日期;
3. ``meta`` — ``<meta name="PubDate">`` (also publishdate, firstpublishedtime, …), in any of the
   formats seen: ``2019-09-18 06:23``, ``2020年08月02日``, ``2007-08-20-23:59:59``;
4. ``url`` — a day-precise date in the URL: ``t20190918_``, ``/art/2016/11/22/``,
   ``/content/2018-12/29/``;
5. ``text`` — an unlabelled date right below the headline (``… 2022-02-11 09:52 打印本页``; a
   block of paragraphs is the body, however short), or an element named like a publication time
   holding only a date (``<span id="pubTime">``), not in the site's header/menu/footer;
6. ``url`` — a month folder ``/202008/`` (the 1st of that month; the least precise source).

A date in the body text (document prose, dates of other events) is never the publication date.

Title: the ArticleTitle meta (tags stripped), else the visible headline (an ``h1``/``h2`` or an
element whose class/id says title, preferring one that the ``<title>`` contains), else
``<title>`` without its `` - 站点名`` / ``_站点名`` suffixes, else the block's 名称.
"""

from __future__ import annotations

import datetime as dt
import re

import lxml.etree as etree
from lxml.html import HtmlElement

from .dates import date_from_url, find_dates, parse_date, pure_date
from .htmldoc import collapse_ws, is_boilerplate, is_site_chrome, site_chrome_ancestor
from .metadata import extract_meta, extract_xxgk
from .types import PageInfo

__all__ = ["extract_page_info", "PUBDATE_META_NAMES"]

#: meta names holding the publication date, by priority (matched case-insensitively)
PUBDATE_META_NAMES = (
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "publishtime",
    "pubtime",
    "releasedate",
    "published_time",
    "dc.date",
    "dcterms.issued",
)
_TAG = re.compile(r"<[^>]+>")
#: "…日期：" / "…时间："; which word precedes it is checked in Python (a look-behind alternation
#: over a 200 KB text costs milliseconds)
_LABEL_TAIL = re.compile(r"(?:日期|时间)[\s\u00a0\u2002\u2003\u3000]*[:：][\s\u00a0\u2002\u2003\u3000]*")
#: The colon may be missing when label and value sit in two elements (``<span>发布时间</span>
#: <span>2026-11-18</span>``); read only when no label with a colon is found.
_BARE_LABEL_TAIL = re.compile(r"(?:日期|时间)[\s\u00a0\u2002\u2003\u3000]*")
_INFO_LINE_MAX = 100  # an info line (来源 日期 字号 打印); a body paragraph is longer
_OTHER_DATE_LABEL = re.compile(r"成文|印发|生成|形成|发文|有效|废止|施行|实施|截止|开始|结束|会议|活动")
_LABEL_HEADS = ("发布", "发表", "发稿", "更新", "公开", "上传", "录入")
_TITLE_ATTR = re.compile(
    r"(?:^|[\s_\-])(?:title|tit|bt|biaoti|headline|article[-_]?title|detail[-_]?title|xl_title)\w*", re.I
)
_SITE_SUFFIX = re.compile(
    r"(?:网|网站|门户|平台|政府|人民政府|府|局|厅|委|委员会|办|办公室|中心|院|部|署|会|室|处|区|县|市|省|州|盟|旗|镇|乡|街道|公报|专栏)$"
)


def _meta_get(meta: dict[str, str], *names: str) -> str | None:
    lowered = {k.lower(): v for k, v in meta.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value and value.strip():
            return value
    return None


def _strip_title_suffix(title: str, site_name: str | None) -> str:
    """``标题 - 山西省人民政府门户网站`` -> ``标题``; ``标题__2007年第23号国务院公报_中国政府网`` -> ``标题``.

    Underscores and `` - `` / ``|`` separate a site name; a bare ``-`` only when the part after it
    looks like a site or organ name (``…通知-湖北省市场监督管理局``), never between digits
    (``2025-2026学年``).
    """
    t = collapse_ws(title)
    for sep in ("_", " - ", " | ", "|", " — "):
        if sep in t:
            head = t.split(sep, 1)[0].strip()
            if len(head) >= 4:
                t = head
    m = re.search(r"(?<!\d)-(?!\d)([^-]{2,30})$", t)
    if m:
        tail = m.group(1).strip()
        if (site_name and tail == site_name.strip()) or _SITE_SUFFIX.search(tail):
            head = t[: m.start()].strip()
            if len(head) >= 4:
                t = head
    return t


def _headline(doc: HtmlElement, page_title: str) -> HtmlElement | None:
    """The visible headline element: among ``h1``/``h2`` and elements whose class/id says title
    (outside page furniture, 4-200 characters), the longest one the ``<title>`` contains; else the
    first ``h1``, the first title-classed element, the first ``h2``."""
    body = doc.find("body")
    if body is None:
        return None
    cache: dict[HtmlElement, bool] = {}
    contained: list[tuple[int, int, HtmlElement]] = []
    first: dict[str, HtmlElement] = {}
    order = 0
    for el in body.iter("h1", "h2", "h3", "div", "p", "span", "td", "strong"):
        tag = el.tag
        kind = tag if tag in ("h1", "h2") else "classed"
        if tag not in ("h1", "h2"):
            attrs = (el.get("class") or "") + " " + (el.get("id") or "")
            if not _TITLE_ATTR.search(attrs):
                continue
        text = collapse_ws(el.text_content())
        if not 4 <= len(text) <= 200:
            continue
        order += 1
        if is_boilerplate(el, cache):
            continue
        if page_title and text in page_title:
            contained.append((len(text), -order, el))
        first.setdefault(kind, el)
    if contained:
        return max(contained, key=lambda x: (x[0], x[1]))[2]
    for kind in ("h1", "classed", "h2"):
        if kind in first:
            return first[kind]
    return None


_TEXT_WITH = etree.XPath("//body//text()[contains(., $needle)]")


class _Chrome:
    """Whether a date written on the page sits in the site chrome (``site_chrome_ancestor``:
    header bar, menu, breadcrumb, footer): a footer's ``更新时间：…`` is the site's, not the
    article's. A chrome-named block holding the headline (``<div class="article-head">``) is the
    article's own.

    Checked only for the dates a label search proposes (an XPath over the text nodes holding the
    date as written), not by walking the page's chrome first: most pages never need it.
    """

    def __init__(self, doc: HtmlElement, headline: HtmlElement | None) -> None:
        self.doc = doc
        self.keep = set(headline.iterancestors()) | {headline} if headline is not None else set()

    def holds_only(self, written: str) -> bool:
        """Every text node showing ``written`` is in the chrome (False when none shows it whole)."""
        nodes = _TEXT_WITH(self.doc, needle=written)
        if not nodes:
            return False
        for n in nodes:
            el = n.getparent()
            if el is not None and getattr(n, "is_tail", False):
                el = el.getparent()
            chrome = site_chrome_ancestor(el) if el is not None else None
            if chrome is None or chrome in self.keep:
                return False
        return True


def _label_date(
    doc: HtmlElement, scripts: str, headline: HtmlElement | None = None, *, bare: bool = True
) -> tuple[dt.date, str] | None:
    """The first visible labelled date (发布时间：2024-06-28 …) outside the site chrome, not one
    inside a script. With ``bare``, a label without a colon is read when no label has one (a
    label cell of the 政务公开 block is not: the block is read as such, so ``bare`` is off when it
    gave a 发布日期)."""
    text = doc.text_content()
    chrome = _Chrome(doc, headline)
    found = _first_label(text, scripts, _LABEL_TAIL, chrome)
    if found is None and bare:
        found = _first_label(text, scripts, _BARE_LABEL_TAIL, chrome)
    return found


def _first_label(
    text: str, scripts: str, tail: re.Pattern[str], chrome: _Chrome
) -> tuple[dt.date, str] | None:
    for m in tail.finditer(text):
        head = text[max(0, m.start() - 2) : m.start()]
        if head not in _LABEL_HEADS and head and "\u4e00" <= head[-1] <= "\u9fff":
            continue  # 成文日期：, 会议时间：… are not the publication date
        window = text[m.end() : m.end() + 40]
        found = find_dates(window)
        if not found or found[0].start > 2:
            continue
        snippet = text[max(0, m.start() - 2) : m.end() + found[0].end]
        if snippet in scripts or chrome.holds_only(found[0].text):
            continue
        return found[0].date, snippet
    return None


def _is_body(el: HtmlElement) -> bool:
    """Rule: a block of two or more paragraphs is the article body, however short (a one-line
    notice with its signature and date), never an info line."""
    return el.tag != "p" and len(el.findall(".//p")) >= 2


def _date_below_headline(headline: HtmlElement | None) -> dt.date | None:
    """An unlabelled date in a short line right after the headline (``来源 2022-02-11 09:52
    打印本页``): the headline's next siblings (or its parent's), stopping at the first long block
    (the body). Dates labelled 成文/实施/截止… are skipped."""
    if headline is None:
        return None
    anchor: HtmlElement | None = headline
    for _ in range(3):
        if anchor is None or anchor.tag in ("body", "html"):
            return None
        seen = 0
        for sib in anchor.itersiblings():
            if not isinstance(sib.tag, str) or sib.tag in ("script", "style"):
                continue
            text = collapse_ws(sib.text_content())
            if not text:
                continue
            if len(text) > _INFO_LINE_MAX or _is_body(sib):
                return None  # the body starts: its dates are prose
            for m in find_dates(text):
                if not _OTHER_DATE_LABEL.search(text[max(0, m.start - 8) : m.start]):
                    return m.date
            seen += 1
            if seen >= 4:
                return None
        anchor = anchor.getparent()
    return None


_DATE_ATTR = re.compile(
    r"pub_?time|pub_?date|publish|release|fbsj|fbrq|(?:^|[\s_\-])(?:date|time)(?:$|[\s_\-])", re.I
)
_ATTR_VALUES = etree.XPath("//body//@id|//body//@class")


def _date_element(doc: HtmlElement) -> dt.date | None:
    """An element named like a publication time (``<span id="pubTime">``, ``class="date"``) that
    holds nothing but a date — outside the header, menu and footer, where such an element shows
    today's date or the site's last update."""
    chrome: dict[HtmlElement, bool] = {}
    for value in _ATTR_VALUES(doc):
        if not _DATE_ATTR.search(value):
            continue
        el = value.getparent()
        if el is None:
            continue
        found = pure_date(collapse_ws(el.text_content()))
        if found is not None and not is_site_chrome(el, chrome):
            return found.date
    return None


def extract_page_info(doc: HtmlElement, base_url: str, *, ref_date: dt.date) -> PageInfo:
    """Title, meta tags, 政务公开 block and publication date of a page (see the module docstring).

    ``ref_date`` is the audit's reference date (used for yearless dates; the clock is never read).
    """
    meta = extract_meta(doc)
    xxgk = extract_xxgk(doc)
    info = PageInfo(meta=meta, xxgk=xxgk)

    title_el = doc.find(".//title")
    page_title = collapse_ws(title_el.text_content()) if title_el is not None else ""
    article_title = _meta_get(meta, "ArticleTitle")
    headline = _headline(doc, page_title)
    if article_title:
        info.title = collapse_ws(_TAG.sub("", article_title))
    elif headline is not None:
        info.title = collapse_ws(headline.text_content())
    elif page_title:
        info.title = _strip_title_suffix(page_title, _meta_get(meta, "SiteName"))
    elif xxgk.get("名称"):
        info.title = xxgk["名称"]

    candidates: list[tuple[str, dt.date]] = []
    published = xxgk.get("发布日期")
    if published:
        d = parse_date(published, ref=ref_date)
        if d is not None:
            candidates.append(("xxgk", d))
    scripts = "\n".join(s.text for s in doc.iter("script") if s.text)
    labelled = _label_date(doc, scripts, headline, bare=not published)
    if labelled is not None:
        candidates.append(("label", labelled[0]))
    meta_value = _meta_get(meta, *PUBDATE_META_NAMES)
    if meta_value:
        d = parse_date(meta_value)
        if d is not None:
            candidates.append(("meta", d))
    from_url = date_from_url(base_url)
    if from_url is not None and from_url[1] == "day":
        candidates.append(("url", from_url[0]))
    below = _date_below_headline(headline) or _date_element(doc)
    if below is not None:
        candidates.append(("text", below))
    if from_url is not None and from_url[1] == "month":
        candidates.append(("url", from_url[0]))

    for source, d in candidates:
        info.dates.setdefault(source, d.isoformat())
    if candidates:
        info.pub_date_source, info.pub_date = candidates[0]
    return info
