"""Parse HTML into an lxml tree that never fails, plus small text helpers the extractors share.

lxml (libxml2) is used rather than BeautifulSoup because these functions run on every crawled
page. The parser keeps comments (lists hidden in comments, commented-out template fields) and
<script> text (Hanweb datastores, JSON list data, TRS pager scripts). ``huge_tree`` keeps the
content that follows very deep nesting instead of silently dropping the rest of the document.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable
from urllib.parse import urljoin

import lxml.etree as etree
import lxml.html
from lxml.html import HtmlElement

__all__ = [
    "parse_html",
    "parse_fragment",
    "href_anchors",
    "document_base",
    "collapse_ws",
    "visible_text",
    "is_boilerplate",
    "is_page_chrome",
    "is_site_chrome",
    "names_site_chrome",
    "site_chrome_ancestor",
    "safe_urljoin",
    "fast_urljoin",
    "link_url",
    "SKIP_HREF",
    "NON_CONTENT_TAGS",
]

_PARSER = lxml.html.HTMLParser(remove_comments=False, remove_pis=True, huge_tree=True, recover=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: Characters libxml2 refuses in text input (C0 controls other than tab/newline/CR, lone surrogates).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

#: Elements whose text a reader never sees as text.
NON_CONTENT_TAGS = frozenset(
    {"script", "style", "noscript", "template", "title", "head", "select", "option", "textarea"}
)


def _empty_document() -> HtmlElement:
    return lxml.html.document_fromstring("<html><head></head><body></body></html>", parser=_PARSER)


def parse_html(text: str) -> HtmlElement:
    """Parse a page; never raises. Empty, binary or absurdly nested input gives a (possibly empty)
    document with <html>/<body>."""
    if isinstance(text, bytes):  # tolerate bytes: let the caller's decode step be optional
        from .encoding import decode_html

        text = decode_html(text)[0]
    if not text or not text.strip():
        return _empty_document()
    text = _XML_DECL.sub("", text, count=1)
    text = _BAD_CHARS.sub("", text)
    if not text.strip():
        return _empty_document()
    try:
        doc = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return _empty_document()
    if doc is None:  # pragma: no cover - defensive
        return _empty_document()
    return doc


_HREF_ANCHORS = etree.XPath("//a[@href]")
_ANCHOR_CACHE: weakref.WeakKeyDictionary[HtmlElement, list[tuple[HtmlElement, str, str]]] = (
    weakref.WeakKeyDictionary()
)


def href_anchors(doc: HtmlElement) -> list[tuple[HtmlElement, str, str]]:
    """``(a, href, text_content)`` of every ``<a href>`` of the document holding ``doc``.

    Computed once per parsed document and shared by the extractors (pager detection and list
    detection both read every anchor's text). Trees are never modified by this library; a caller
    that edits a tree after extracting from it must parse it again.
    """
    root = doc.getroottree().getroot()
    cached = _ANCHOR_CACHE.get(root)
    if cached is None:
        cached = [(a, a.get("href") or "", a.text_content()) for a in _HREF_ANCHORS(root)]
        _ANCHOR_CACHE[root] = cached
    return cached


def parse_fragment(text: str) -> HtmlElement:
    """Parse an HTML fragment (a comment's or a CDATA record's content); returns a container
    element holding it (the document's <body>, or the root)."""
    doc = parse_html(text)
    body = doc.find("body")
    return body if body is not None else doc


def safe_urljoin(base: str, href: str) -> str | None:
    """``urljoin`` that returns None instead of raising on malformed URLs (``http://[``)."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


_ABSOLUTE = re.compile(r"^https?://[^\s/?#\\]+(?:[/?#][^\s\\]*)?$", re.I)
_BASE_SPLIT = re.compile(r"^(https?://[^/?#]+)([^?#]*)", re.I)
_PLAIN_RELATIVE = re.compile(r"^[^:\s\\#]*(?:#.*)?$")


#: hrefs that are not links to a page (scripts, mail, phone, data, in-page anchors).
SKIP_HREF = re.compile(r"^\s*(?:javascript:|mailto:|tel:|data:|about:|vbscript:|#)", re.I)


def link_url(base: str, href: str | None) -> str | None:
    """The absolute URL an href points to, fragment removed; None for non-links (SKIP_HREF)."""
    if not href:
        return None
    href = href.strip()
    if not href or SKIP_HREF.match(href):
        return None
    url = fast_urljoin(base, href)
    if not url:
        return None
    return url.split("#", 1)[0]


def fast_urljoin(base: str, href: str) -> str | None:
    """``urljoin`` for the common cases in plain string work: absolute http(s) hrefs, ``/root``,
    ``//host``, ``?query``, ``../../x`` and ``x`` against an http(s) base. Anything unusual goes
    to ``safe_urljoin``. (``urljoin`` costs ~10 µs, and pages hold hundreds of links.)"""
    if _ABSOLUTE.match(href):
        if "/." not in href:
            return href
        return safe_urljoin(base, href)
    m = _BASE_SPLIT.match(base)
    if m is None or not _PLAIN_RELATIVE.match(href):
        return safe_urljoin(base, href)
    origin, base_path = m.group(1), m.group(2) or "/"
    if href.startswith("//"):
        return safe_urljoin(base, href)
    if href.startswith("?"):
        return origin + base_path + href
    if href.startswith("#") or not href:
        return safe_urljoin(base, href)
    path, q, rest = href.partition("?")
    frag = ""
    if not q and "#" in path:
        path, _, frag = path.partition("#")
        frag = "#" + frag
    if path.startswith("/"):
        segments: list[str] = []
        rel = path[1:].split("/")
    else:
        segments = base_path.split("/")[1:-1]  # the base's folder
        rel = path.split("/")
    for i, seg in enumerate(rel):
        last = i == len(rel) - 1
        if seg == "..":
            if segments:
                segments.pop()
            if last:
                segments.append("")
        elif seg == ".":
            if last:
                segments.append("")
        else:
            segments.append(seg)
    return origin + "/" + "/".join(segments) + q + rest + frag


def document_base(doc: HtmlElement, base_url: str) -> str:
    """The URL relative links resolve against: the first <base href>, itself resolved against
    the page URL, else the page URL."""
    for base in doc.iter("base"):
        href = (base.get("href") or "").strip()
        if href and not href.lower().startswith(("javascript:", "data:")):
            joined = safe_urljoin(base_url, href)
            if joined:
                return joined
        break
    return base_url


def collapse_ws(text: str | None) -> str:
    """Whitespace (incl. &nbsp;, &ensp;, &emsp;, full-width space) collapsed to one space, stripped."""
    if not text:
        return ""
    return " ".join(text.split())  # str.split() knows Unicode spaces (\xa0, \u2002, \u3000)


def visible_text(el: HtmlElement, sep: str = "") -> str:
    """Text of ``el`` without <script>/<style>/... content and without comments (not its tail).

    Iterative, so deep trees do not hit Python's recursion limit.
    """
    if not isinstance(el.tag, str) or el.tag in NON_CONTENT_TAGS:
        return ""
    parts: list[str] = []
    stack: list[HtmlElement | str] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):  # a tail, pushed to keep document order
            parts.append(node)
            continue
        tag = node.tag
        if not isinstance(tag, str) or tag in NON_CONTENT_TAGS:
            continue  # comments, scripts...: their own text is not visible (their tail is)
        if node.text:
            parts.append(node.text)
        for child in reversed(node):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)
    return sep.join(parts)


_BOILER_TAGS = frozenset({"nav", "header", "footer", "aside"})
_BOILER_SUBSTR = (
    "menu",
    "nav",
    "sidebar",
    "footer",
    "breadcrumb",
    "crumb",
    "copyright",
    "friend",
    "yqlj",
    "banner",
)
_BOILER_TOKENS = frozenset(
    {
        "head",
        "header",
        "top",
        "topbar",
        "bottom",
        "foot",
        "side",
        "aside",
        "hot",
        "hots",
        "hotnews",
        "rank",
        "ranking",
        "paihang",
        "share",
        "links",
        "link",
        "location",
        "position",
        "weizhi",
        "dqwz",
        "tuijian",
        "recommend",
        "related",
        "xgxx",
        "xgwz",
    }
)
_TOKEN_SPLIT = re.compile(r"[^a-z]+")


def _boiler_attr(el: HtmlElement) -> bool:
    tag = el.tag
    if tag in _BOILER_TAGS:
        return True
    attrs = ((el.get("id") or "") + " " + (el.get("class") or "")).lower()
    if not attrs.strip():
        return False
    if any(s in attrs for s in _BOILER_SUBSTR):
        return True
    return any(tok in _BOILER_TOKENS for tok in _TOKEN_SPLIT.split(attrs))


def is_boilerplate(el: HtmlElement, cache: dict[HtmlElement, bool] | None = None) -> bool:
    """True when ``el`` sits in page furniture: <nav>/<header>/<footer>/<aside>, or an element whose
    id/class says menu, nav, sidebar, footer, breadcrumb, hot/rank/recommend box, friend links...

    This is a weight for ranking candidate lists, not a hard filter: templates name things
    freely (the main column of a page is often called "right").
    """
    return _inside(el, _boiler_attr, cache)


_CHROME_SUBSTR = ("menu", "nav", "footer", "copyright", "breadcrumb", "banner")
_CHROME_TOKENS = frozenset(
    {"head", "header", "top", "topbar", "bottom", "foot", "location", "position", "weizhi", "dqwz"}
)


def _chrome_attr(el: HtmlElement) -> bool:
    if el.tag in ("nav", "header", "footer"):
        return True
    attrs = ((el.get("id") or "") + " " + (el.get("class") or "")).lower()
    if not attrs.strip():
        return False
    if any(s in attrs for s in _CHROME_SUBSTR):
        return True
    return any(tok in _CHROME_TOKENS for tok in _TOKEN_SPLIT.split(attrs))


def is_page_chrome(el: HtmlElement, cache: dict[HtmlElement, bool] | None = None) -> bool:
    """Stricter than ``is_boilerplate``: only the header, navigation, breadcrumb and footer (not
    sidebars or 热点 boxes, which do list news)."""
    return _inside(el, _chrome_attr, cache)


def _inside(
    el: HtmlElement, test: Callable[[HtmlElement], bool], cache: dict[HtmlElement, bool] | None
) -> bool:
    chain: list[HtmlElement] = []
    node: HtmlElement | None = el
    result = False
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        if cache is not None and node in cache:
            result = cache[node]
            break
        chain.append(node)
        if test(node):
            result = True
            break
        node = node.getparent()
    if cache is not None:
        # every element walked has the same answer as its nearest decided ancestor
        for n in chain:
            cache[n] = result
    return result


#: Stricter still, for article pages: an article's own info block is often named "top"/"head"
#: (``<div class="top cf">`` holding the 政务公开 block), so those tokens do not count here.
_SITE_CHROME_SUBSTR = ("footer", "copyright", "menu", "nav", "breadcrumb", "banner")
_SITE_CHROME_TOKENS = frozenset(
    {"header", "foot", "bottom", "topbar", "location", "position", "weizhi", "dqwz"}
)


def _site_chrome_attr(el: HtmlElement) -> bool:
    if el.tag in ("nav", "header", "footer"):
        return True
    ident, cls = el.get("id"), el.get("class")
    if not ident and not cls:
        return False
    return _chrome_name((ident or "") + " " + (cls or ""))


@functools.lru_cache(maxsize=4096)  # a site repeats its few id/class names on every page
def _chrome_name(attrs: str) -> bool:
    attrs = attrs.lower()
    if not attrs.strip():
        return False
    if any(s in attrs for s in _SITE_CHROME_SUBSTR):
        return True
    return any(tok in _SITE_CHROME_TOKENS for tok in _TOKEN_SPLIT.split(attrs))


def is_site_chrome(el: HtmlElement, cache: dict[HtmlElement, bool] | None = None) -> bool:
    """The site's header bar, menu, breadcrumb or footer, named unambiguously (``<footer>``,
    class footer/copyright/nav/menu/bottom…; not "top"/"head", which article templates use for
    the article's own info block)."""
    return _inside(el, _site_chrome_attr, cache)


def names_site_chrome(el: HtmlElement) -> bool:
    """``el`` itself (not an ancestor) is named as site chrome (see ``is_site_chrome``)."""
    return _site_chrome_attr(el)


def site_chrome_ancestor(el: HtmlElement) -> HtmlElement | None:
    """The nearest element, ``el`` or an ancestor below <body>, that is named as site chrome (see
    ``is_site_chrome``); None when there is none."""
    node: HtmlElement | None = el
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        if _site_chrome_attr(node):
            return node
        node = node.getparent()
    return None
