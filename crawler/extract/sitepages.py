"""Pure extraction for the site-wide checks: the homepage's search form, a search result page,
mixed content on HTTPS pages, links by their words (年度报表, 政务新媒体), media account names."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from lxml.html import HtmlElement

from .htmldoc import collapse_ws, visible_text

_QUERY_NAMES = ("q", "query", "keyword", "keywords", "searchword", "searchWord", "key", "kw", "wd", "word",
                "text", "qt", "SearchWord", "title", "searchText", "sw")  # fmt: skip
_SEARCH_HINTS = ("search", "sousuo", "搜索", "检索", "query")
# plain words only: "共0条" or "暂无数据" are often placeholders a script fills in later
NO_RESULT = re.compile(
    r"(没有找到|未找到|未检索到|没有检索到|没有相关|无相关(结果|信息|内容|记录|文章)|无搜索结果|抱歉)"
)
_PLATFORM_WORDS = ("公众号", "微信", "微博", "头条", "抖音", "视频号", "快手", "客户端", "APP", "小程序")


def _is_search_form(form: HtmlElement) -> bool:
    blob = " ".join(
        [form.get("action") or "", form.get("id") or "", form.get("class") or "", form.get("name") or ""]
        + [
            (i.get("name") or "") + " " + (i.get("placeholder") or "") + " " + (i.get("value") or "")
            for i in form.iter("input", "button")
        ]  # fmt: skip
        + [collapse_ws(visible_text(form))]
    ).lower()
    return any(h in blob for h in _SEARCH_HINTS)


def search_form(doc: HtmlElement, base_url: str) -> dict[str, Any] | None:
    """The homepage's search form: {action, method, field, hidden}; None when there is none."""
    for form in doc.iter("form"):
        if not _is_search_form(form):
            continue
        texts = [i for i in form.iter("input") if (i.get("type") or "text").lower() in ("text", "search")]
        named = [i for i in texts if i.get("name")]
        if not named:
            continue
        field = next((i for i in named if i.get("name") in _QUERY_NAMES), named[0])
        hidden = {i.get("name"): i.get("value") or "" for i in form.iter("input")
                  if (i.get("type") or "").lower() == "hidden" and i.get("name")}  # fmt: skip
        action = urljoin(base_url, (form.get("action") or "").strip() or base_url)
        if urlsplit(action).scheme not in ("http", "https"):
            continue
        return {"action": action, "method": (form.get("method") or "get").lower(), "field": field.get("name"),
                "hidden": hidden}  # fmt: skip
    return None


def search_request(
    form: dict[str, Any] | None, template: str | None, words: str
) -> tuple[str, str, dict[str, str] | None]:
    """(method, url, form data) of a search for `words`."""
    if template:
        from urllib.parse import quote

        return "get", template.replace("{q}", quote(words)), None
    assert form is not None
    data = {**form["hidden"], form["field"]: words}
    if form["method"] == "post":
        return "post", form["action"], data
    sep = "&" if "?" in form["action"] else "?"
    return "get", form["action"] + sep + urlencode(data), None


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def result_lists(doc: HtmlElement, title: str, url: str) -> dict[str, Any]:
    """What a search result page shows for a title: listed (a link whose text holds the title, or
    its head of 12 characters when results are cut with …, or a link to the article itself), or
    an explicit "no result". Result pages echo the words searched for, so plain text never
    counts as listed."""
    want = _norm(title)
    path = urlsplit(url).path
    found = False
    for a in doc.iter("a"):
        text = _norm(visible_text(a)) or _norm(a.get("title") or "")
        href = a.get("href") or ""
        if (text and (want in text or (len(want) > 12 and want[:12] in text))) or (
            path and path != "/" and href.endswith(path)
        ):
            found = True
            break
    body = doc.find("body")
    text = _norm(visible_text(body if body is not None else doc, sep=" "))
    return {"found": found, "says_none": bool(NO_RESULT.search(text)) and not found}


def mixed_content(doc: HtmlElement) -> list[dict[str, str]]:
    """http:// scripts, styles, images and frames on a page (a browser blocks or warns)."""
    out = []
    for el in doc.iter("script", "img", "iframe", "link"):
        attr = "href" if el.tag == "link" else "src"
        if el.tag == "link" and "stylesheet" not in (el.get("rel") or "").lower():
            continue
        value = (el.get(attr) or "").strip()
        if value.lower().startswith("http://"):
            out.append({"tag": str(el.tag), "url": value[:300]})
    return out


def links_with(links: list[dict[str, Any]], words: tuple[str, ...]) -> list[dict[str, str]]:
    """The stored out_links of a page whose text (or title) holds one of `words`."""
    return [{"text": str(lk.get("text", ""))[:120], "url": str(lk.get("url", ""))} for lk in links
            if any(w in str(lk.get("text", "")) for w in words)]  # fmt: skip


def doc_links_with(doc: HtmlElement, base_url: str, words: tuple[str, ...]) -> list[dict[str, str]]:
    out = []
    for a in doc.iter("a"):
        text = collapse_ws(visible_text(a)) or a.get("title") or ""
        if any(w in text for w in words):
            out.append({"text": text[:120], "url": urljoin(base_url, a.get("href") or "")})
    return out


def media_names(doc: HtmlElement) -> list[str]:
    """Names of 政务新媒体 accounts a site's own 新媒体 page lists (texts naming a platform)."""
    names: list[str] = []
    for el in doc.iter("a", "img", "li", "p", "span", "div", "td"):
        texts = [collapse_ws(el.text or "")] + [el.get("alt") or "", el.get("title") or ""]
        for t in texts:
            t = t.strip("：: ")
            if 3 <= len(t) <= 30 and any(w in t for w in _PLATFORM_WORDS) and t not in names:
                names.append(t)
    return names[:50]
