"""Data shapes produced by the extractors (pure functions over HTML/bytes).

Every extractor returns these dataclasses; the spider stores them and the checks read them.
Nothing here fetches anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class ListItem:
    """One entry of a column's list (栏目列表) as a person sees it."""

    title: str
    url: str  # absolute URL of the article (or attachment) the entry links to
    date: dt.date | None  # the date shown next to the entry, if any
    date_text: str | None = None  # the date as written on the page ("2024年6月28日", "[06-28]")
    yearless: bool = False  # written without a year; the year was inferred (see dates.py)


@dataclass(slots=True)
class FollowRequest:
    """A further list page that a person reaches by clicking (pagination)."""

    url: str
    method: str = "GET"
    body: str | None = None  # form-encoded body for POST requests (Hanweb dataproxy.jsp)
    kind: str = "page"  # "page": an ordinary HTML list page; "datastore": a Hanweb dataproxy XML answer


@dataclass(slots=True)
class ListResult:
    """What a column/list page says about its list."""

    items: list[ListItem] = field(default_factory=list)
    # where the items were read: "dom", "comment" (list kept inside an HTML comment), "datastore"
    # (Hanweb <script type="text/xml">), "json" (var listData = {...}), "override" (configured
    # selectors), "none" (no list found)
    source: str = "none"
    follow: list[FollowRequest] = field(default_factory=list)
    total_pages: int | None = None  # as stated by the pager (共N页, createPageHTML(N, ...))
    total_records: int | None = None  # as stated by the page (共N条, totalRecord)
    placeholder: str | None = None  # "暂无信息", "正在建设中", ... when the page says it is empty
    # Chinese reason when a list evidently exists but cannot be read (filled by a script from an API
    # we cannot follow, ...). A column with an unreadable list is never called blank or stale.
    unreadable: str | None = None


@dataclass(slots=True)
class Link:
    """A link found on a page, to be checked for status."""

    url: str  # absolute, fragment removed
    text: str  # anchor text or alt/title, whitespace-collapsed, possibly empty
    tag: str  # "a", "img", "iframe", "link", "script", "area", "embed"
    kind: str  # "page", "attachment" (.pdf .doc .docx .xls .xlsx .wps .zip .rar ...), "image"


@dataclass(slots=True)
class PageInfo:
    """What a detail (article) page or any page says about itself."""

    title: str | None = None  # ArticleTitle meta, else the visible headline, else <title>
    meta: dict[str, str] = field(default_factory=dict)  # <meta name=... content=...>, names as written
    # 政务公开 metadata block (索引号, 发布机构, 成文日期, 发布日期, 文号, 有效性, ...), labels normalised
    # to the canonical names listed in metadata.CANONICAL_LABELS, values stripped
    xxgk: dict[str, str] = field(default_factory=dict)
    pub_date: dt.date | None = None  # the article's publication date
    pub_date_source: str | None = None  # "xxgk", "label", "meta", "url", "text"
    dates: dict[str, str] = field(default_factory=dict)  # every candidate date by source, ISO strings


@dataclass(slots=True)
class ListOverrides:
    """Per-column selectors for the rare site that auto-detection misses (config `list:` block).

    Each value is a CSS selector, or an XPath when it starts with "/", "./" or "(".
    """

    items: str | None = None  # selects each entry of the list
    link: str | None = None  # within an entry: the link (default: the first <a href> with text)
    date: str | None = None  # within an entry: the element holding the date (default: any date in it)
    next_page: str | None = None  # selects the next-page link(s) on the page
