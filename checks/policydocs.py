"""Policy documents and their interpretations, paired once per audit for interpretation_missing
and interpretation_late.

Documents: articles of `policy` columns that need an interpretation (rules.interpretation:
require_keywords in the title, 主题分类, 文号 or column name, or a stated 有效性; none of the
exempt_keywords / exempt_doc_numbers; not themselves titled as an interpretation).
Interpretations: every entry of `interpretation` columns (fetched pages, and list entries whose
page was not fetched, by title only) and every article elsewhere titled as one (一图读懂, 图解,
问答, 解读 …). Titles naming an excerpt (要点摘抄 …) are kept as near candidates, never as matches.

A pair is made by (strongest first): the interpretation linking to the document (原文链接,
相关文件), the document linking to it (相关解读, 关联链接; a link whose text reads as an
interpretation counts even when its page was not crawled), the document's title in the
interpretation's title (《…》 or bare, 关于印发《…》的通知 = 《…》), its 文号 in the interpretation's
title or text, its title quoted in the interpretation's text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from govaudit.config import Column
from govaudit.crawler.extract.dates import parse_date
from govaudit.crawler.extract.docrefs import (
    DocNumber,
    core_title,
    find_doc_numbers,
    is_interpretation_title,
    quoted_titles,
    referenced_title,
    title_key,
    title_variants,
)
from govaudit.crawler.fetcherrors import is_failure
from govaudit.store.schema import Page

from govaudit.urls import page_key, same_origin

from .base import Context
from .columns import crawl_gap

TEXT_SCAN = 1500  # characters of an interpretation's text searched for 《》 titles and 文号


def fields(page: Page) -> dict[str, str]:
    return {k: str(v or "").strip() for k, v in (page.xxgk or {}).items()}


#: where on a page a date is shown to a person (crawler/extract/page.py): the 政务公开 block's
#: 发布日期, a labelled date (发布时间：…), a date below the headline or in a date element
SHOWN_SOURCES = ("xxgk", "label", "text")


def listed_dates(ctx: Context) -> dict[str, dt.date]:
    """The date each list entry shows beside its title (page_key -> date), once per audit."""

    def build() -> dict[str, dt.date]:
        out: dict[str, dt.date] = {}
        for it in ctx.snapshot.items:
            if it.date is not None and not it.yearless:
                out.setdefault(page_key(it.url), it.date)
        return out

    return ctx.memo("policydocs.listed_dates", build)  # type: ignore[no-any-return]


def doc_date(ctx: Context, page: Page) -> dt.date | None:
    """A document's publication date as a person sees it: the 发布日期 the page shows (its
    政务公开 field, a labelled date, a date below the headline), else the date its list entry
    shows. A date only in ``<meta PubDate>`` or the URL is not shown: on many CMSs the meta date
    is the page's regeneration time, so date-based findings never rest on it (None here)."""
    published = parse_date(fields(page).get("发布日期", ""), ref=ctx.as_of)
    if published is not None:
        return published
    if page.pub_date is not None and page.pub_date_source in SHOWN_SOURCES:
        return page.pub_date
    for source in SHOWN_SOURCES[1:]:
        value = (page.dates or {}).get(source)
        if value:
            try:
                return dt.date.fromisoformat(str(value))
            except ValueError:
                continue
    listed = listed_dates(ctx)
    return listed.get(page_key(page.url)) or (
        listed.get(page_key(page.final_url)) if page.final_url else None
    )


def unshown_date(page: Page) -> str | None:
    """The page's date when it comes only from a source a person does not see (meta, URL), as
    written for a note; None otherwise."""
    if page.pub_date is None or page.pub_date_source in SHOWN_SOURCES:
        return None
    where = {"meta": "页面 meta 标签（PubDate）", "url": "网址"}.get(page.pub_date_source or "", "页面")
    return f"{where}中的 {page.pub_date.isoformat()}"


@dataclass
class Interp:
    url: str
    title: str
    column: str | None
    date: dt.date | None
    page: Page | None  # None: known from a list entry or a link only
    excerpt: bool = False


@dataclass
class Match:
    interp: Interp
    how: str  # Chinese, for evidence


@dataclass
class Doc:
    page: Page
    title: str
    core: str
    number: DocNumber | None
    date: dt.date | None
    publisher: str
    matches: list[Match] = field(default_factory=list)
    candidates: list[Interp] = field(default_factory=list)  # nearest non-matches (excerpts, similar titles)


@dataclass
class Pairing:
    docs: list[Doc]
    gaps: dict[str, str]  # column -> why it may hold more than was crawled
    interp_columns: list[str]


def needs_interpretation(ctx: Context, page: Page, col: Column) -> bool:
    rules = ctx.rules(col.name).interpretation
    f = fields(page)
    title = page.title or ""
    if is_interpretation_title(title):
        return False
    context = " ".join([title, f.get("主题分类", ""), f.get("名称", ""), col.name])
    if any(k in title for k in rules.exempt_keywords):
        return False
    number = f.get("文号", "")
    nums = find_doc_numbers(number)
    if nums and any(k in nums[0].prefix for k in rules.exempt_doc_numbers):
        return False
    if rules.require_when_validity_stated and f.get("有效性"):
        return True
    return any(k in context or k in number for k in rules.require_keywords)


def _interp_pool(ctx: Context, interp_columns: list[str]) -> list[Interp]:
    snap = ctx.snapshot
    pool: dict[str, Interp] = {}
    for name in interp_columns:
        for it in snap.column_items(name):
            page = snap.page(it.url)
            ok = page is not None and not is_failure(page.status, page.error)
            title = (page.title if ok and page and page.title else None) or it.title
            date = (doc_date(ctx, page) if ok and page else None) or it.date
            pool.setdefault(page_key(it.url), Interp(it.url, title, name, date, page if ok else None))
        for page in snap.articles(name):
            if not is_failure(page.status, page.error):
                pool.setdefault(
                    page_key(page.url),
                    Interp(page.url, page.title or "", name, doc_date(ctx, page), page),
                )
    for page in snap.pages:  # interpretations kept in other columns
        elsewhere = page.role == "article" and page.column not in interp_columns
        if elsewhere and is_interpretation_title(page.title) and not is_failure(page.status, page.error):
            interp = Interp(page.url, page.title or "", page.column, doc_date(ctx, page), page)
            pool.setdefault(page_key(page.url), interp)
    for interp in pool.values():
        col = interp.column
        keywords = ctx.rules(col).interpretation.excerpt_keywords
        interp.excerpt = any(k in interp.title for k in keywords)
    return list(pool.values())


class _Index:
    """The pool of interpretations indexed by what can pair them, so that pairing N documents
    with M interpretations costs N + M lookups, not N x M comparisons."""

    def __init__(self, pool: list[Interp]) -> None:
        self.by_url: dict[str, Interp] = {page_key(j.url): j for j in pool}
        self.links: dict[str, list[Interp]] = {}
        self.titles: dict[str, list[Interp]] = {}
        self.text_titles: dict[str, list[Interp]] = {}
        self.numbers: dict[tuple[int, int], list[tuple[DocNumber, Interp]]] = {}
        for j in pool:
            text = (j.page.text or "")[:TEXT_SCAN] if j.page is not None else ""
            for link in (j.page.out_links or []) if j.page is not None else []:
                self.links.setdefault(page_key(str(link.get("url", ""))), []).append(j)
            named = {referenced_title(j.title), *quoted_titles(j.title)}
            for v in set().union(*(title_variants(t) for t in named)):
                self.titles.setdefault(v, []).append(j)
            for v in set().union(*(title_variants(t) for t in quoted_titles(text))) if text else set():
                self.text_titles.setdefault(v, []).append(j)
            for n in find_doc_numbers(j.title + "\n" + text):
                self.numbers.setdefault((n.year, n.serial), []).append((n, j))

    def matches(self, doc: Doc, doc_urls: set[str]) -> list[tuple[Interp, str]]:
        """(interpretation, how) pairs for a document, strongest reason first, each once."""
        found: list[tuple[Interp, str]] = []
        seen: set[str] = set(doc_urls)

        def add(js: list[Interp], how: str) -> None:
            for j in js:
                key = page_key(j.url)
                if key not in seen:
                    seen.add(key)
                    found.append((j, how))

        for k in doc_urls:
            add(self.links.get(k, []), "解读页面链接到文件")
        linked = [self.by_url[k] for k in (page_key(str(x.get("url", ""))) for x in doc.page.out_links or [])
                  if k in self.by_url]  # fmt: skip
        add(linked, "文件页面链接到解读")
        variants = title_variants(doc.core)
        add([j for v in variants for j in self.titles.get(v, [])], "解读标题含文件名称")
        if doc.number is not None:
            same = [
                j for n, j in self.numbers.get((doc.number.year, doc.number.serial), []) if n.same(doc.number)
            ]
            add(same, "解读含文件文号")
        add([j for v in variants for j in self.text_titles.get(v, [])], "解读正文含文件名称")
        return found


def _names_an_interpretation(text: str) -> bool:
    """Link words that read as one interpretation (一图读懂：粮食储备这样管), not as a column (政策解读)."""
    return is_interpretation_title(text) and len(title_key(referenced_title(text))) >= 4


def _nearest(doc: Doc, char_sets: list[tuple[Interp, set[str]]], n: int = 3) -> list[Interp]:
    """Up to n interpretations whose titles share most characters with the document's (Jaccard >= 0.5)."""
    mine = set(title_key(doc.core))
    scored = [(len(mine & chars) / max(1, len(mine | chars)), j) for j, chars in char_sets]
    near = [(score, j) for score, j in scored if score >= 0.5 and not any(j is c for c in doc.candidates)]
    # (ties by URL: the same candidates whatever order the pages were read or carried over in)
    return [j for _, j in sorted(near, key=lambda x: (-x[0], x[1].url))[:n]]


def pairing(ctx: Context) -> Pairing:
    return ctx.memo("policydocs.pairing", lambda: _pairing(ctx))  # type: ignore[no-any-return]


def _pairing(ctx: Context) -> Pairing:
    snap = ctx.snapshot
    interp_columns = [c.name for c in ctx.site.columns if c.kind == "interpretation"]
    policy_columns = [c for c in ctx.site.columns if c.kind == "policy"]
    gaps = {}
    for name in interp_columns:
        gap = crawl_gap(snap, name, ctx.list_cap(name))
        if gap:
            gaps[name] = gap
    pool = _interp_pool(ctx, interp_columns)
    index = _Index(pool)
    char_sets = [(j, set(title_key(j.title))) for j in pool]
    docs: list[Doc] = []
    # pages that are not articles (homepage, column and list pages: the navigation's 政策解读 link)
    known = {page_key(j.url) for j in pool} | {page_key(c.url) for c in ctx.site.columns}
    known |= {page_key(p.url) for p in snap.pages if p.role != "article"}
    for col in policy_columns:
        for page in snap.articles(col.name):
            if is_failure(page.status, page.error) or not same_origin(page.url, ctx.site.url):
                continue
            if not needs_interpretation(ctx, page, col):
                continue
            f = fields(page)
            nums = find_doc_numbers(f.get("文号", ""))
            doc = Doc(page=page, title=page.title or f.get("名称", "") or page.url,
                      core=core_title(f.get("名称") or page.title or ""), number=nums[0] if nums else None,
                      date=doc_date(ctx, page), publisher=f.get("发布机构", ""))  # fmt: skip
            doc_urls = {page_key(page.url)} | ({page_key(page.final_url)} if page.final_url else set())
            for j, how in index.matches(doc, doc_urls):
                if j.excerpt:
                    doc.candidates.append(j)
                else:
                    doc.matches.append(Match(j, how))
            # a link from the document whose words read as an interpretation, to a page not crawled
            for link in page.out_links or []:
                text, url = str(link.get("text") or ""), str(link.get("url") or "")
                if url and page_key(url) not in known and _names_an_interpretation(text):
                    doc.matches.append(
                        Match(Interp(url, text, None, None, None), "文件页面链接到解读（解读页面未抓取）")
                    )
            if not doc.matches:  # the nearest titles, for the evidence of a missing interpretation
                doc.candidates.extend(_nearest(doc, char_sets))
            docs.append(doc)
    return Pairing(docs=docs, gaps=gaps, interp_columns=interp_columns)


def as_evidence(j: Interp) -> str:
    """An interpretation (or candidate) as one line of evidence: title, date, column, URL."""
    where = "，".join(
        x for x in (j.date.isoformat() if j.date else "", f"栏目：{j.column}" if j.column else "") if x
    )
    return f"{j.title}（{where}）{j.url}" if where else f"{j.title} {j.url}"
