"""Links to other hosts that a reader cannot see: the raw material of the 暗链 check.

A link is hidden when it or one of its ancestors is hidden by CSS, written inline (``style=``)
or in a ``<style>`` block rule whose selector matches it (class, id, tag …): ``display:none``,
``visibility:hidden``, ``opacity:0``, off-screen positioning (a large negative ``left``/``top``
or margin, ``text-indent:-9999px``), zero size (``font-size:0``; ``width``/``height`` 0 or 1px
with ``overflow:hidden``; both 0), or the ``hidden`` attribute. External stylesheets are not
fetched: what they hide is not seen (a miss, never a false alarm).

Only links to another host than the page's are kept (an internal hidden link is never a 暗链),
each with how it is hidden and whether the hidden element is *toggled*: shown on demand, like a
drop-down menu or a tab (an ancestor in a menu-like ``<li>``/nav structure, an id or class that a
script, an event handler or a ``:hover`` rule refers to). Judging (which domains are outside the
site, what is legitimate) is left to ``checks/serious_error.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from .htmldoc import collapse_ws, document_base, href_anchors, link_url

__all__ = ["extract_hidden_links", "hiding_reason", "MAX_HIDDEN_LINKS"]

MAX_HIDDEN_LINKS = 50  # kept per page (a tampered page may carry hundreds)
OFFSCREEN_PX = 500  # a negative offset at least this large puts an element off screen

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_LENGTH = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(px|em|rem|pt|%)?$")
_PSEUDO_STATE = re.compile(r":(hover|focus|focus-within|active|target|checked)\b")
_MENU_WORDS = re.compile(
    r"nav|menu|drop|sub|pop|tab|hover|toggle|more|slide|select|wzq|qunzu|site-?list|zhan|links?-?box", re.I
)
_STATE_CLASS = re.compile(r"\.(on|active|show|open|cur|current)\b")
_SCRIPT_REF = re.compile(
    r"""(?:getElementById|getElementsByClassName|querySelector(?:All)?|\$|jQuery)\s*\(\s*["']([#.]?[\w-]+)"""
)


class _Sheet:
    """What the page's own <style> blocks and scripts say about visibility: the elements its
    rules hide, and (read only once a hidden link is found) the ids/classes that scripts,
    handlers or :hover rules touch."""

    def __init__(self, root: HtmlElement, hidden_by: dict[HtmlElement, str], rule_names: set[str]) -> None:
        self.root = root
        self.hidden_by = hidden_by
        self._rule_names = rule_names
        self._toggled: frozenset[str] | None = None

    @property
    def toggled_names(self) -> frozenset[str]:
        if self._toggled is None:
            self._toggled = frozenset(self._rule_names | _script_names(self.root))
        return self._toggled


def _length_px(value: str) -> float | None:
    m = _LENGTH.match(value.strip().lower().replace("!important", "").strip())
    if not m:
        return None
    n = float(m.group(1))
    unit = m.group(2) or "px"
    return n * 16 if unit in ("em", "rem") else n * 4 / 3 if unit == "pt" else n if unit == "px" else None


def _declarations(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            out[name.strip().lower()] = value.strip().lower().replace("!important", "").strip()
    return out


def hiding_reason(style: str) -> str | None:
    """The CSS declarations of `style` that hide an element, as written, or None."""
    if not style or ":" not in style:
        return None
    d = _declarations(style)
    if d.get("display") == "none":
        return "display:none"
    if d.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    if d.get("opacity") in ("0", "0.0", ".0"):
        return "opacity:0"
    for prop in ("left", "top", "margin-left", "margin-top", "text-indent"):
        if prop not in d:
            continue
        px = _length_px(d[prop])
        if px is not None and px <= -OFFSCREEN_PX:
            if prop in ("left", "top") and d.get("position") not in ("absolute", "fixed", "relative"):
                continue
            return f"{prop}:{d[prop]}"
    fs = _length_px(d["font-size"]) if "font-size" in d else None
    if fs is not None and fs <= 1:
        return f"font-size:{d['font-size']}"
    sizes = {p: _length_px(d[p]) for p in ("width", "height") if p in d}
    tiny = [p for p, v in sizes.items() if v is not None and 0 <= v <= 1]
    if tiny and d.get("overflow") == "hidden":
        return f"{tiny[0]}:{d[tiny[0]]};overflow:hidden"
    if len(tiny) == 2 and all(sizes[p] == 0 for p in tiny):
        return "width:0;height:0"
    return None


_HANDLERS = ("onmouseover", "onmouseenter", "onclick", "onmouseout", "onfocus", "onchange")
_WITH_HANDLER = "//*[" + " or ".join(f"@{a}" for a in _HANDLERS) + "]"


@lru_cache(maxsize=4096)
def _selector(sel: str) -> CSSSelector | None:
    """A compiled selector (CMS templates repeat the same rules on every page), None if unsupported."""
    try:
        return CSSSelector(sel)
    except Exception:  # noqa: BLE001 - a selector cssselect cannot read is simply not applied
        return None


@lru_cache(maxsize=256)
def _style_rules(text: str) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """A <style> block read once (a template repeats it on every page): the hiding rules as
    (selector, reason), and the names its state rules (:hover, .on …) toggle."""
    css = _COMMENT.sub("", text)
    rules: list[tuple[str, str]] = []
    toggled: set[str] = set()
    for selectors, body in _RULE.findall(css):
        reason = hiding_reason(body)
        for sel in selectors.split(","):
            sel = sel.strip()
            if not sel or sel.startswith("@"):
                continue
            if _PSEUDO_STATE.search(sel) or _STATE_CLASS.search(sel):
                toggled.update(re.findall(r"[#.]([\w-]+)", sel))
            elif reason is not None:
                rules.append((sel, reason))
    return tuple(rules), frozenset(toggled)


def _read_sheet(doc: HtmlElement) -> _Sheet:
    hidden_by: dict[HtmlElement, str] = {}
    toggled: set[str] = set()
    root = doc.getroottree().getroot()
    for style in root.iter("style"):
        rules, names = _style_rules(style.text or "")
        toggled.update(names)
        for sel, reason in rules:
            selector = _selector(sel)
            if selector is None:
                continue
            try:
                matched = selector(root)
            except Exception:  # noqa: BLE001 - e.g. a pseudo-class lxml cannot evaluate
                continue
            for el in matched:
                hidden_by.setdefault(el, f"<style> 规则 {sel} {{{reason}}}")
    return _Sheet(root, hidden_by, toggled)


def _script_names(root: HtmlElement) -> set[str]:
    """Ids and classes that the page's scripts and event handlers refer to."""
    toggled: set[str] = set()
    for script in root.iter("script"):
        for name in _SCRIPT_REF.findall(script.text or ""):
            toggled.add(name.lstrip("#."))
    for el in root.xpath(_WITH_HANDLER):
        for attr in _HANDLERS:
            handler = el.get(attr)
            if handler:
                toggled.update(m.lstrip("#.") for m in _SCRIPT_REF.findall(handler))
                toggled.update(re.findall(r"""["']([\w-]+)["']""", handler))
    return toggled


def _names(el: HtmlElement) -> list[str]:
    return [n for n in [el.get("id") or "", *(el.get("class") or "").split()] if n]


def _describe(el: HtmlElement) -> str:
    name = el.tag if isinstance(el.tag, str) else "?"
    if el.get("id"):
        return f"{name}#{el.get('id')}"
    cls = (el.get("class") or "").split()
    return f"{name}.{cls[0]}" if cls else name


def _own_reason(node: HtmlElement, sheet: _Sheet) -> str | None:
    if node.get("hidden") is not None:
        return "hidden 属性"
    reason = hiding_reason(node.get("style") or "")
    if reason:
        return f"内联样式 {reason}"
    return sheet.hidden_by.get(node)


def _hidden(
    el: HtmlElement, sheet: _Sheet, seen: dict[HtmlElement, str | None]
) -> tuple[HtmlElement, str] | None:
    """(the element that hides `el` — itself or an ancestor, the reason) or None. `seen` caches
    each element's own reason across the links of a page (they share their ancestors)."""
    node: HtmlElement | None = el
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        if node not in seen:
            seen[node] = _own_reason(node, sheet)
        reason = seen[node]
        if reason:
            return node, reason
        node = node.getparent()
    return None


def _toggled(hider: HtmlElement, sheet: _Sheet) -> bool:
    """The hidden element is shown on demand (menu, drop-down, tab), not hidden for good."""
    node: HtmlElement | None = hider
    depth = 0
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html") and depth < 6:
        if any(n in sheet.toggled_names for n in _names(node)):
            return True
        if any(node.get(a) for a in ("onmouseover", "onmouseenter", "onclick")):
            return True
        if node.tag == "nav" or _MENU_WORDS.search(" ".join(_names(node))):
            return True
        node = node.getparent()
        depth += 1
    parent = hider.getparent()
    return parent is not None and parent.tag == "li" and hider.tag in ("ul", "ol", "div", "dl")


def extract_hidden_links(doc: HtmlElement, page_url: str) -> list[dict[str, object]]:
    """Hidden links to another host than the page's:
    ``[{"url", "text", "how", "element", "toggled"}]`` in page order, at most MAX_HIDDEN_LINKS."""
    base = document_base(doc, page_url)
    own_host = (urlsplit(page_url).hostname or "").lower()
    candidates = []
    for a, href, text in href_anchors(doc):
        url = link_url(base, href)
        if not url or not url.startswith(("http://", "https://")):
            continue
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # http://[x : not a link a browser follows
            continue
        if host and host != own_host:
            candidates.append((a, url, text))
    if not candidates:
        return []
    sheet = _read_sheet(doc)
    seen: dict[HtmlElement, str | None] = {}
    out: list[dict[str, object]] = []
    for a, url, text in candidates:
        hidden = _hidden(a, sheet, seen)
        if hidden is None:
            continue
        hider, how = hidden
        out.append({
            "url": url, "text": collapse_ws(text)[:80], "how": how, "element": _describe(hider),
            "toggled": _toggled(hider, sheet),
        })  # fmt: skip
        if len(out) >= MAX_HIDDEN_LINKS:
            break
    return out


# how a link was hidden (crawler/extract/hidden_links.py): CSS property → what it does
_HIDING = (
    ("display", "设置为不显示"),
    ("visibility", "设置为不可见"),
    ("opacity", "设置为完全透明"),
    ("font-size", "文字设为极小字号"),
    ("text-indent", "文字移出可视区域"),
    ("margin", "移出可视区域"),
    ("left", "移出可视区域"),
    ("top", "移出可视区域"),
    ("width", "尺寸设为零"),
    ("height", "尺寸设为零"),
    ("hidden", "设置为隐藏"),
)


def hiding_words(how: str) -> str:
    """'内联样式 left:-9999px' → '页面内联样式将元素移出可视区域'."""
    where = (
        "页面样式表"
        if "<style>" in how or "规则" in how
        else "页面内联样式"
        if "内联样式" in how
        else "页面代码"
    )
    for prop, words in _HIDING:
        if re.search(rf"(?<![\w-]){re.escape(prop)}\b", how):
            return f"{where}将链接所在元素{words}"
    return f"{where}将链接所在元素隐藏"
