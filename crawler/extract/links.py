"""Every link of a page that a link check should request.

Collected: ``<a href>``, ``<area href>``, ``<img src>``, ``<iframe src>``/``<frame src>``,
``<embed src>``, ``<link rel=stylesheet href>``, ``<script src>``. URLs are made absolute (against
``<base href>`` when the page has one), the fragment is removed, whitespace inside the attribute
is dropped (browsers do the same), and each URL is kept once per page (first occurrence wins).
Skipped: ``javascript:``, ``mailto:``, ``tel:``, ``data:``, ``about:``, bare ``#`` anchors.

``kind``: ``attachment`` by extension (.pdf .doc .docx .xls .xlsx .wps .et .ofd .zip .rar …, also
when the file name sits in a query parameter such as Hanweb's ``downfile.jsp?filename=x.pdf`` or
the link text is a file name ``….pdf``), ``image`` for <img> and image extensions, else ``page``.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from lxml.html import HtmlElement

from .htmldoc import collapse_ws, document_base, fast_urljoin, href_anchors
from .types import Link

__all__ = ["extract_links", "link_kind", "ATTACHMENT_EXTENSIONS", "IMAGE_EXTENSIONS"]

ATTACHMENT_EXTENSIONS = frozenset(
    {
        "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "dps", "ppt", "pptx", "csv", "txt", "rtf", "ofd",
        "ceb", "zip", "rar", "7z", "tar", "gz", "tif", "tiff", "odt", "ods", "xml", "apk", "exe", "mp4",
        "mp3", "avi", "wmv", "flv",
    }
)  # fmt: skip
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico", "tif", "tiff"})

_SOURCES: dict[str, str] = {
    "a": "href",
    "area": "href",
    "img": "src",
    "iframe": "src",
    "frame": "src",
    "embed": "src",
    "link": "href",
    "script": "src",
}
_SKIP = re.compile(r"^(?:javascript|mailto|tel|data|about|vbscript|sms|blob):", re.I)
_INNER_WS = re.compile(r"[\t\n\r]+")
_EXT = re.compile(r"\.([A-Za-z0-9]{1,5})$")


def _ext(name: str) -> str | None:
    m = _EXT.search(name)
    return m.group(1).lower() if m else None


def link_kind(url: str, tag: str = "a", text: str = "") -> str:
    """``attachment``, ``image`` or ``page`` (see the module docstring). A download script's link
    counts as an attachment when a query value or the link text names an attachment file."""
    path, _, query = url.partition("?")
    path = path.split("#", 1)[0]
    ext = _ext(posixpath.basename(path))
    if tag == "img":
        return "image"
    if ext in IMAGE_EXTENSIONS and ext not in ATTACHMENT_EXTENSIONS:
        return "image"
    if ext in ATTACHMENT_EXTENSIONS:
        return "attachment"
    for part in query.split("&") if query else ():
        # downfile.jsp?filename=abc.pdf, download.do?file=/x/y.docx
        value = unquote(part.partition("=")[2])
        if _ext(posixpath.basename(value.split("#", 1)[0])) in ATTACHMENT_EXTENSIONS:
            return "attachment"
    if text and _ext(text.strip()) in ATTACHMENT_EXTENSIONS - {"xml", "txt"}:
        return "attachment"
    return "page"


def _text(el: HtmlElement, tag: str, anchor_texts: dict[HtmlElement, str]) -> str:
    if tag in ("a", "area"):
        text = collapse_ws(anchor_texts.get(el) or "") if tag == "a" else ""
        if text:
            return text
        text = collapse_ws(el.get("title") or el.get("alt") or "")
        if text:
            return text
        img = el.find(".//img") if tag == "a" else None
        if img is not None:
            return collapse_ws(img.get("alt") or img.get("title") or "")
        return ""
    if tag == "img":
        return collapse_ws(el.get("alt") or el.get("title") or "")
    return collapse_ws(el.get("title") or "")


def extract_links(doc: HtmlElement, base_url: str) -> list[Link]:
    """Every checkable link of ``doc``, absolute, without fragment, once per URL, in page order."""
    base = document_base(doc, base_url)
    out: list[Link] = []
    seen: set[str] = set()
    anchor_texts = {a: text for a, _, text in href_anchors(doc)}  # read once per document
    for el in doc.iter(*_SOURCES):
        tag = el.tag
        raw = el.get(_SOURCES[tag])
        if not raw:
            continue
        if tag == "link" and "stylesheet" not in (el.get("rel") or "").lower():
            continue
        href = _INNER_WS.sub("", raw).strip()
        if not href or href.startswith("#") or _SKIP.match(href):
            continue
        url = fast_urljoin(base, href)
        if not url:
            continue
        url = url.split("#", 1)[0]
        if not url or url in seen:
            continue
        seen.add(url)
        text = _text(el, tag, anchor_texts)
        out.append(Link(url=url, text=text, tag=tag, kind=link_kind(url, tag, text)))
    return out
