"""serious_error — 严重表述错误 and hidden links (暗链).

Rules (CHECKS.md; 指标2019 treats 严重表述错误 and 暗链 as 单项否决 items):
1. Wrong forms of names and titles the office lists (`content.wrong_names`: wrong -> correct;
   the correct forms guard the match, checks/wordlists.py) and expressions that must not appear
   (`content.forbidden`), in the title and text of every article.
2. Agency names abolished or renamed by the 2018 institutional reform (shipped list
   checks/data/outdated_names.tsv, plus `content.outdated_names`), on articles published on or
   after `content.reform_date` (default 2019-01-01). A page from before the reform may use them;
   a page with no publication date is not judged (a note says so). Historical mentions are not
   errors: 原县国土资源局, a sentence saying 更名/机构改革/撤销/组建/划入/前身/时任 …, a year
   before the reform in the same sentence, a cited document (《…》 in the paragraph or the one
   before: a 2016 regulation quoted or explained on a 2021 page keeps its wording).
3. Hidden links to outside sites (another registrable domain than the site's), as the crawler
   recorded them (crawler/extract/hidden_links.py). Reported when the link text or host carries
   words only gambling/porn/quack-ad links use (百家乐, 娱乐城, casino …), wherever it points; or,
   for a link to a non-government site (not .gov.cn, not a well-known platform such as the
   党政机关标识, share widgets or central media, not in `content.hidden_link_allow`, not a bare
   IP address) that is not part of a menu or tab shown on demand, when it is hidden the way SEO
   spam hides links (off screen, text-indent, zero size) or its text carries a suspect word
   (澳门, 彩票, 医院 …). A non-government link merely under display:none (a CMS signature, a
   share widget, a footer hidden on small screens — all found on real county pages) is not.
   One problem, one finding: a 暗链 target that is also dead is this finding, its evidence saying
   so (`target_status`), and not also a broken_link (checks/broken_link.py asks `dark_links`).
A false alarm is worse than a miss: anything in doubt stays silent. Severity: veto.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import tldextract
from govaudit.config.schema import ContentSettings
from govaudit.crawler.extract.hidden_links import hiding_words
from govaudit.crawler.fetcherrors import because, is_failure, is_transient

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .personal_data import scrub
from .wordlists import DATA, WordMatcher, excerpt, load_tsv

HISTORY_MARKERS = (
    "更名", "改名", "改革前", "机构改革", "撤销", "撤并", "组建", "划入", "划转", "整合", "不再保留", "前身", "曾",
    "时任", "历任", "原任", "改为", "挂牌", "合并", "旧称", "此前", "以前", "过去",
)  # fmt: skip
ORIGINAL_PREFIX = 8  # 原 this close before an old name makes it historical (原示范县国土资源局)
# Words that only gambling, porn and quack-ad links carry: a hidden link with one is a 暗链
# wherever it points (menus and government domains included).
SPAM_WORDS = (
    "博彩", "娱乐城", "赌场", "网赌", "百家乐", "六合彩", "时时彩", "北京赛车", "老虎机", "威尼斯人", "葡京",
    "太阳城", "真人视讯", "真人娱乐", "体育投注", "棋牌游戏", "彩票网", "无码", "约炮", "援交", "代孕",
    "无痛人流", "男科医院", "妇科医院", "代开发票", "私服", "外挂",
)  # fmt: skip
SPAM_HOST_WORDS = ("casino", "porn", "bet365", "365bet", "baccarat", "xxx")
# Words common in 暗链 but also in honest text: they count only for a hidden link to a
# non-government site that is not part of a menu.
SUSPECT_WORDS = (
    "澳门", "娱乐", "棋牌", "彩票", "投注", "下注", "赌", "成人", "色情", "男科", "妇科", "人流", "不孕", "性病",
    "医院", "贷款", "办证", "发票", "传奇", "游戏", "小说", "电影", "影院", "直播", "代理", "开户",
)  # fmt: skip
# Techniques honest pages use to hide chrome (display:none, visibility, opacity) versus those
# that SEO spam uses to hide links from readers but not from search engines.
SPAM_TECHNIQUES = (
    "left:",
    "top:",
    "margin-left:",
    "margin-top:",
    "text-indent:",
    "font-size:",
    "width:",
    "height:",
)
# Non-government domains that government pages link to as a matter of course, often hidden
# (share widgets, statistics, the 党政机关标识, the CMS vendor's signature, central media).
KNOWN_DOMAINS = (
    "conac.cn", "weibo.com", "weibo.cn", "sina.com.cn", "qq.com", "baidu.com", "cnzz.com", "51.la", "hanweb.com",
    "trs.com.cn", "ucap.com.cn", "jiathis.com", "bshare.cn", "people.com.cn", "xinhuanet.com", "news.cn",
    "cctv.com", "cntv.cn", "chinadaily.com.cn", "12377.cn", "cyberpolice.cn", "12321.cn", "douyin.com",
    "toutiao.com", "weixin.qq.com",
)  # fmt: skip
_SPAM = re.compile("|".join(re.escape(w) for w in SPAM_WORDS))
_SPAM_HOST = re.compile("|".join(SPAM_HOST_WORDS))
_SUSPECT = re.compile("|".join(re.escape(w) for w in SUSPECT_WORDS))
_IP = re.compile(r"^[\d.]+$|^\[?[0-9a-f:]+\]?$")
_SENTENCE_END = "。！？；!?;\n"
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DOMAINS = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # the bundled list: no network


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def registrable_domain(url_or_host: str) -> str:
    host = (_host(url_or_host) if "//" in url_or_host else url_or_host.lower()).rstrip(".")
    return _DOMAINS(host).top_domain_under_public_suffix or host


def _government(host: str, allow: tuple[str, ...]) -> bool:
    host = host.lower()
    return any(
        host == s or host.endswith("." + s) for s in ("gov.cn", *(a.lower().lstrip(".") for a in allow))
    )


@lru_cache(maxsize=1)
def _shipped_outdated() -> tuple[dict[str, str], tuple[str, ...]]:
    entries, guards = load_tsv(DATA / "outdated_names.tsv")
    return entries, tuple(guards)


def content_matchers(content: ContentSettings) -> tuple[WordMatcher, WordMatcher, tuple[str, ...]]:
    """(wrong names and forbidden expressions, outdated agency names, history markers) of the
    office's content settings (also used by `govaudit check-doc`)."""
    # forbidden expressions are entries without a correct form
    names = WordMatcher(
        {**{f: "" for f in content.forbidden}, **content.wrong_names}, allow=content.serious_allow
    )
    shipped, guards = _shipped_outdated() if content.default_outdated_names else ({}, ())
    old = WordMatcher({**shipped, **content.outdated_names}, guards=guards, allow=content.serious_allow)
    return names, old, (*HISTORY_MARKERS, *content.history_markers)


def historical(text: str, start: int, end: int, markers: tuple[str, ...], reform_year: int) -> bool:
    """Whether an outdated name at text[start:end] is used historically (原…, a cited document, a
    year before the reform, a history marker in its sentence)."""
    return _historical(text, start, end, markers, reform_year)


def _sentence(text: str, start: int, end: int) -> str:
    a = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    return text[a : min(ends) if ends else len(text)]


def _historical(text: str, start: int, end: int, markers: tuple[str, ...], reform_year: int) -> bool:
    if "原" in text[max(0, start - ORIGINAL_PREFIX) : start]:
        return True
    line_start = text.rfind("\n", 0, start)
    previous_line = text.rfind("\n", 0, max(line_start, 0))
    line_end = text.find("\n", end)
    if "《" in text[previous_line + 1 : line_end if line_end >= 0 else len(text)]:
        return True  # inside or next to a cited document (《…》规定 …): its wording is the document's
    sentence = _sentence(text, start, end)
    if any(m in sentence for m in markers):
        return True
    return any(int(y) < reform_year for y in _YEAR.findall(sentence))


def _page_texts(page: Any) -> list[str]:
    text = page.text or ""
    title = page.title or ""
    return [text] if not title or title in text else [title, text]


def _expressions(ctx: Context, page: Any, content: ContentSettings, names: WordMatcher) -> Iterator[Finding]:
    items: list[dict[str, str]] = []
    for text in _page_texts(page):
        for m in names.find(text):
            items.append({"wrong": m.wrong, "correct": m.correct, "context": excerpt(text, m.start, m.end)})
    if not items:
        return
    said = "；".join(f"“{i['wrong']}”应为“{i['correct']}”" if i["correct"] else f"出现不应使用的表述“{i['wrong']}”"
                    for i in items[:3])  # fmt: skip
    yield ctx.finding(
        "serious_error", Severity.VETO, page.url,
        f"页面“{scrub(page.title or '') or page.url}”存在严重表述错误：{said}" + (f" 等 {len(items)} 处" if len(items) > 3 else ""),
        column=page.column if ctx.column(page.column) else None,
        evidence={"rule": "expression", "matches": items[:20], "count": len(items)}, key="expression",
    )  # fmt: skip


def _outdated(ctx: Context, page: Any, content: ContentSettings, old: WordMatcher,
              markers: tuple[str, ...]) -> Iterator[Finding | Note]:  # fmt: skip
    items: list[dict[str, str]] = []
    for text in _page_texts(page):
        for m in old.find(text):
            if not _historical(text, m.start, m.end, markers, content.reform_date.year):
                items.append({"old": m.wrong, "current": m.correct, "context": excerpt(text, m.start, m.end)})
    if not items:
        return
    names = "、".join(dict.fromkeys(f"“{i['old']}”（现为“{i['current']}”）" for i in items))
    title = scrub(page.title or "") or page.url
    if page.pub_date is None:
        old_names = "、".join(dict.fromkeys(f"“{i['old']}”" for i in items))
        yield ctx.note(page.url, f"页面“{title}”出现机构改革前的名称{old_names}，但页面无发布日期，未判定是否为表述错误",
                       column=page.column if ctx.column(page.column) else None)  # fmt: skip
        return
    if page.pub_date < content.reform_date:
        return
    yield ctx.finding(
        "serious_error", Severity.VETO, page.url,
        f"文章“{title}”（{page.pub_date} 发布）使用了机构改革前的名称{names}，请以本地机构改革后的名称为准",
        column=page.column if ctx.column(page.column) else None,
        evidence={"rule": "outdated_name", "matches": items[:20], "count": len(items),
                  "pub_date": page.pub_date.isoformat(), "reform_date": content.reform_date.isoformat()},
        key="outdated_name",
    )  # fmt: skip


def _suspicious(link: dict[str, Any], content: ContentSettings, own: str) -> dict[str, Any] | None:
    """The hidden link as evidence when it is a 暗链 (see the module docstring), else None."""
    url = str(link.get("url", ""))
    host = _host(url)
    if not host or registrable_domain(host) == own:
        return None
    text = str(link.get("text", ""))
    how = str(link.get("how", ""))
    spam = _SPAM.search(text) or _SPAM_HOST.search(host)
    if not spam:
        allowed = (*KNOWN_DOMAINS, *content.hidden_link_allow)
        if link.get("toggled") or _government(host, allowed) or _IP.match(host):
            return None  # a menu shown on demand, a government or well-known site, a service by address
        spam = _SUSPECT.search(text)
        if not spam and not any(t in how for t in SPAM_TECHNIQUES):
            return None  # hidden the way honest pages hide chrome (display:none …), nothing suspect in it
    return {"url": url, "host": host, "text": scrub(text), "how": how, "element": link.get("element", ""),
            "spam_word": spam.group(0) if spam else None}  # fmt: skip


def _dark_links(ctx: Context) -> dict[str, tuple[dict[str, Any], list[Any]]]:
    content = ctx.config.content_for(ctx.site)
    own = registrable_domain(ctx.site.url)
    pages = [p for p in ctx.snapshot.pages if not is_failure(p.status, p.error)]
    targets: dict[str, tuple[dict[str, Any], list[Any]]] = {}
    for page in sorted(pages, key=lambda p: p.role != "homepage"):
        for link in page.hidden_links or []:
            if not isinstance(link, dict):
                continue
            bad = _suspicious(link, content, own)
            if bad is not None:
                targets.setdefault(bad["url"], (bad, []))[1].append(page)
    return targets


def dark_links(ctx: Context) -> dict[str, tuple[dict[str, Any], list[Any]]]:
    """The 暗链 targets of the run (target -> (evidence, the pages carrying it, homepage first))
    that this check reports (switched on where the first page is)."""
    found: dict[str, tuple[dict[str, Any], list[Any]]] = ctx.memo(
        "serious_error:dark_links", lambda: _dark_links(ctx)
    )
    return {url: v for url, v in found.items() if ctx.enabled("serious_error", v[1][0].column)}


def _hidden_links(ctx: Context) -> Iterator[Finding]:
    """One finding per hidden outside target (a template-wide injection is one problem), at the
    first page carrying it (the homepage when it does), with every page that carries it."""
    links = {lk.url: lk for lk in ctx.snapshot.links}
    for url, (bad, carriers) in dark_links(ctx).items():
        page = carriers[0]
        title = scrub(page.title or "") or page.url
        more = f"等 {len(carriers)} 个页面" if len(carriers) > 1 else ""
        link = links.get(url)
        dead = (link is not None and link.checked and is_failure(link.status, link.error)
                and not is_transient(link.status, link.error))  # fmt: skip
        status = "无法访问" + because(link.status, link.error) if dead and link is not None else None
        yield ctx.finding(
            "serious_error", Severity.VETO, page.url,
            f"页面“{title}”{more}含隐藏的外部链接（疑似暗链）“{bad['text'] or url}”→ {bad['host']}（{hiding_words(bad['how'])}）"
            + (f"，该链接目标已{status}" if status else ""),
            column=page.column if ctx.column(page.column) else None,
            evidence={"rule": "hidden_link", **bad, "on_pages": [p.url for p in carriers[:20]],
                      "page_count": len(carriers), "target_status": status},
            key=f"hidden_link:{url}",
        )  # fmt: skip


@check(
    "serious_error",
    name="严重表述错误",
    scope="page",
    evidence={
        "rule": "规则",
        "matches": "问题表述",
        "count": "数量",
        "pub_date": "发布日期",
        "reform_date": "机构改革基准日",
        "url": "链接地址",
        "host": "外部站点",
        "how": "隐藏方式",
        "element": "隐藏元素",
        "spam_word": "可疑词",
        "on_pages": "所在页面",
        "page_count": "涉及页面数",
        "target_status": "链接目标状态",
        "text": "链接文字",
        "wrong": "错误写法",
        "correct": "正确写法",
        "context": "上下文",
        "old": "原名称",
        "current": "现名称",
    },
)
def serious_error(ctx: Context) -> Iterator[Finding | Note]:
    content = ctx.config.content_for(ctx.site)
    names, old, markers = content_matchers(content)
    pages = [p for p in ctx.snapshot.pages if not is_failure(p.status, p.error)]
    yield from _hidden_links(ctx)
    for page in pages:  # articles: what units publish (list pages repeat their titles)
        if page.role == "article" and (page.text or page.title):
            yield from _expressions(ctx, page, content, names)
            yield from _outdated(ctx, page, content, old, markers)
