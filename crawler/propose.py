"""Propose a site's columns from its homepage, for the office to confirm (web/sites.py).

1. The homepage's links to pages of the same site whose text reads as a column name (short,
   Chinese, not 首页/更多/找错 …; a 更多>> link takes the heading of its block) are candidates.
2. Each candidate page is read (crawler/fetch.py, within the crawl limits): a page with a list
   (crawler/extract/lists, as the audit reads it) or an empty-list notice is a column; a page
   without one that links to further column-like pages (a 政务公开 index) adds them as candidates
   (one level); another site's homepage on the same server (its SiteName differs) is left out.
3. Kind: from the name (年报 → annual_report, 信箱/留言 → interaction, 征集 → consultation, 解读 →
   interpretation, 人事/任免 → personnel, 规划 → planning, 文件/规范性 → policy, 通知/公告/公示 →
   notice, 要闻/动态/新闻/信息 → news), else from the titles listed, else other.
4. Unit: the 发布机构 of the newest listed article (its 政务公开 block, else its ContentSource),
   matched to the configured units (config/units.py); none when it names no known unit.

A page that cannot be read is still proposed (the office may know better), unticked, with why.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from govaudit.config.schema import CrawlSettings, Unit
from govaudit.config.units import match_unit

from .extract.htmldoc import collapse_ws, link_url, parse_html
from .extract.lists import extract_list
from .extract.metadata import extract_meta, extract_xxgk
from .fetch import Fetched, Fetcher

NAME_RE = re.compile(r"^[\u4e00-\u9fff（）()·、]{2,12}$")
NOT_COLUMNS = ("首页", "更多", "找错", "收藏", "无障碍", "登录", "注册", "English", "手机版", "关怀版", "网站地图",
               "联系我们", "网站声明", "隐私", "设为", "返回", "上一页", "下一页", "尾页", "末页", "打印", "关闭",
               "退出", "搜索", "检索")  # fmt: skip
ARTICLE_RE = re.compile(
    r"(/t\d{8}_\d+|/art_\d+_\d+|/\d{4,}\.s?html?$|/content_\d+|/\d{6}/[^/]+\.s?html?$|/[0-9a-f]{16,}\.s?html?$"
    r"|\.(pdf|docx?|xlsx?|wps|zip|rar|jpg|png)$)",
    re.I,
)  # an article (dated folder, numbered or hashed name) or a document: never a column
KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("annual_report", ("年报", "年度报告")),
    ("interaction", ("信箱", "留言", "互动", "咨询", "问政", "投诉", "来信")),
    ("consultation", ("征集", "征求", "意见征")),
    ("interpretation", ("解读",)),
    ("personnel", ("人事", "任免", "招聘", "招录", "干部")),
    ("planning", ("规划", "计划")),
    ("other", ("统计", "营商", "服务", "办事", "专题")),
    ("policy", ("政策文件", "文件", "规范性", "法规", "政府令", "政策")),
    ("notice", ("通知", "公告", "公示", "通告")),
    ("news", ("要闻", "动态", "新闻", "资讯", "信息", "工作")),
)
TITLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("interpretation", ("解读", "图解", "一图读懂")),
    ("consultation", ("征求意见", "征集")),
    ("notice", ("通知", "公告", "公示", "通告")),
    ("policy", ("办法", "规定", "实施意见", "实施方案", "的通知")),
)
KIND_NAMES = {
    "news": "新闻动态", "notice": "通知公告", "policy": "政策文件", "interpretation": "政策解读",
    "consultation": "意见征集", "interaction": "互动交流", "annual_report": "信息公开年报", "personnel": "人事信息",
    "planning": "规划计划", "other": "其他",
}  # fmt: skip


@dataclass
class ProposedColumn:
    name: str
    url: str
    kind: str
    why: str  # how the kind was guessed (Chinese)
    unit: str | None = None
    organ: str | None = None  # the 发布机构 read, when it names no configured unit
    items: int = 0
    newest: dt.date | None = None
    problem: str | None = None  # why the page could not be read / has no list (Chinese)

    @property
    def suggested(self) -> bool:
        return self.problem is None


@dataclass
class Proposal:
    homepage: str
    site_name: str | None = None
    columns: list[ProposedColumn] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (name, url, why)
    error: str | None = None  # the homepage could not be read
    pages_read: int = 0


def guess_kind(name: str, titles: list[str]) -> tuple[str, str]:
    for kind, words in KIND_WORDS:
        hit = next((w for w in words if w in name), None)
        if hit:
            return kind, f"栏目名含“{hit}”"
    votes: Counter[str] = Counter()
    for t in titles:
        for kind, words in TITLE_WORDS:
            if any(w in t for w in words):
                votes[kind] += 1
                break
    if votes and titles:
        kind, n = votes.most_common(1)[0]
        if n * 2 >= len(titles):
            return kind, f"列表中 {n}/{len(titles)} 条标题属于{KIND_NAMES[kind]}"
    return "other", "未能从栏目名和内容判断"


def _same_site(url: str, home: str) -> bool:
    return urlsplit(url).netloc.lower().removeprefix("www.") == urlsplit(home).netloc.lower().removeprefix(
        "www."
    )


def _heading_of(a) -> str | None:  # type: ignore[no-untyped-def]
    """The heading of the small block a 更多>> link sits in (a block with the column's own list:
    not the page as a whole)."""
    el = a.getparent()
    for _ in range(3):
        if el is None or el.tag in ("body", "html") or sum(1 for _ in el.iter("a")) > 15:
            return None
        for h in el.iter("h1", "h2", "h3", "h4", "strong", "span"):
            text = collapse_ws(h.text_content())
            if NAME_RE.match(text) and text not in NOT_COLUMNS:
                return text
        el = el.getparent()
    return None


def candidates(html: str, base: str, home: str) -> list[tuple[str, str]]:
    """(name, url) of the page's column-like links, in page order, each URL once."""
    doc = parse_html(html)
    seen: dict[str, str] = {}
    for a in doc.iter("a"):
        url = link_url(base, a.get("href"))
        if not url or not url.startswith(("http://", "https://")) or not _same_site(url, home):
            continue
        url = urldefrag(url)[0]
        if url.rstrip("/") == home.rstrip("/") or ARTICLE_RE.search(urlsplit(url).path):
            continue
        text = collapse_ws(a.text_content()) or collapse_ws(a.get("title"))
        if text.startswith("更多") or text in (">>", "more", "MORE"):
            text = _heading_of(a) or ""
        if not NAME_RE.match(text) or any(w in text for w in NOT_COLUMNS):
            continue
        seen.setdefault(url, text)
    return [(name, url) for url, name in seen.items()]


def _site_name(html: str) -> str | None:
    doc = parse_html(html)
    meta = extract_meta(doc)
    name = meta.get("SiteName")
    if not name:
        title = doc.find(".//title")
        name = collapse_ws(title.text_content()).split("_")[-1].split("-")[-1] if title is not None else None
    return name or None


def _unit_of(fetcher: Fetcher, article_url: str, units: tuple[Unit, ...]) -> tuple[str | None, str | None]:
    page = fetcher.get(article_url)
    if not page.ok:
        return None, None
    doc = parse_html(page.text)
    organ = extract_xxgk(doc).get("发布机构") or extract_meta(doc).get("ContentSource")
    if not organ:
        return None, None
    unit = match_unit(units, organ)
    return unit, None if unit else organ


def _column(
    fetcher: Fetcher, name: str, page: Fetched, units: tuple[Unit, ...], as_of: dt.date
) -> ProposedColumn | None:
    """The page as a column, or None when it lists nothing (not a column page)."""
    doc = parse_html(page.text)
    result = extract_list(doc, page.final_url, ref_date=as_of)
    if not result.items and not result.placeholder and not result.unreadable:
        return None
    titles = [i.title for i in result.items[:20]]
    kind, why = guess_kind(name, titles)
    col = ProposedColumn(name=name, url=page.url, kind=kind, why=why, items=len(result.items))
    dated = [i for i in result.items if i.date]
    col.newest = max((i.date for i in dated), default=None)  # type: ignore[type-var]
    if result.items and fetcher.count < fetcher.max_pages * 0.7:  # units only while pages remain for columns
        first = max(dated, key=lambda i: i.date).url if dated else result.items[0].url  # type: ignore[arg-type, return-value]
        col.unit, col.organ = _unit_of(fetcher, first, units)
    elif result.placeholder:
        col.problem = f"栏目页显示“{result.placeholder}”"
    else:
        col.problem = f"列表无法读取：{result.unreadable}"
    return col


def propose(homepage: str, crawl: CrawlSettings, units: tuple[Unit, ...] = (), *, as_of: dt.date,
            max_pages: int = 150) -> Proposal:  # fmt: skip
    fetcher = Fetcher(crawl, max_pages=max_pages, site_url=homepage)
    out = Proposal(homepage=homepage)
    try:
        home = fetcher.get(homepage)
        if not home.ok:
            out.error = f"网站首页{home.error}"
            return out
        out.site_name = _site_name(home.text)
        todo = candidates(home.text, home.final_url, homepage)
        seen = {url for _, url in todo}
        index_pages = 0
        while todo:
            name, url = todo.pop(0)
            page = fetcher.get(url)
            if not page.ok:
                kind, why = guess_kind(name, [])
                out.columns.append(
                    ProposedColumn(name=name, url=url, kind=kind, why=why, problem=f"栏目页{page.error}")
                )
                continue
            other_site = _site_name(page.text)
            if other_site and out.site_name and other_site != out.site_name:
                out.skipped.append((name, url, f"另一个网站（{other_site}）的首页"))
                continue
            col = _column(fetcher, name, page, units, as_of)
            if col is not None:
                out.columns.append(col)
                continue
            more = [(n, u) for n, u in candidates(page.text, page.final_url, homepage) if u not in seen]
            if more and index_pages < 5:  # an index of columns (政务公开): one level down
                index_pages += 1
                seen.update(u for _, u in more)
                todo.extend(more)
                out.skipped.append((name, url, f"栏目导航页，其中的 {len(more)} 个链接已加入候选"))
            else:
                out.skipped.append((name, url, "页面中没有信息列表，不是栏目页"))
        return out
    finally:
        out.pages_read = fetcher.count
        fetcher.close()
