"""What a page says: its visible main text, its links and its tables (content and 政务公开 checks).

- ``text``: the visible text of ``<body>`` without scripts, styles, comments and the site's chrome
  (elements named as header bar, menu, breadcrumb or footer, see ``htmldoc.is_site_chrome``):
  one line per block (paragraph, list entry, table row, ``<br>``), table cells separated by a tab
  (a cell's own paragraphs joined by spaces, so that ``索引号<tab>value`` stays on one line),
  whitespace collapsed, empty lines dropped; capped at ``MAX_TEXT`` characters.
- ``links``: the ``<a href>``/``<area href>`` of the page outside the site's chrome (menus,
  header bar, footer: the same on every page, and most of a snapshot's size), ``{"url", "text"}``,
  absolute, once per URL, in page order. Side boxes are kept (a 相关解读 box is often named like
  one); a URL that the chrome links too is left out.
- ``tables``: every innermost ``<table>`` outside the chrome, as a grid of cell texts; a merged
  cell (colspan/rowspan) is repeated in every cell it covers, so that rows line up with their
  header. ``name`` is the caption (or the text right above the table) else ``表N``.

A layout table that holds other tables is not a table here (its inner tables are).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from .htmldoc import (
    NON_CONTENT_TAGS,
    collapse_ws,
    document_base,
    names_site_chrome,
    site_chrome_ancestor,
    visible_text,
)
from .links import extract_links

__all__ = ["Content", "extract_content", "MAX_TEXT", "MAX_TABLES", "MAX_ROWS", "MAX_COLS"]

MAX_TEXT = 300_000  # characters of text kept per page
MAX_TABLES = 60
MAX_ROWS = 2_000
MAX_COLS = 60
MAX_SPAN = 60

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
        "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "form", "hr", "caption", "center", "main",
        "tbody", "thead", "tfoot", "address", "figure", "figcaption",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
# markers of block and cell boundaries while walking (private-use characters); whitespace of the
# HTML source, line breaks included, is only a space
_BLOCK, _CELL = "\ue000", "\ue001"
_SOURCE = str.maketrans({"\t": " ", "\n": " ", "\r": " ", _BLOCK: " ", _CELL: " "})


@dataclass(slots=True)
class Content:
    text: str = ""
    links: list[dict[str, str]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False


def _skip(node: HtmlElement) -> bool:
    tag = node.tag
    return not isinstance(tag, str) or tag in NON_CONTENT_TAGS or names_site_chrome(node)


def _cells_holding_tables(body: HtmlElement) -> set[HtmlElement]:
    """The table cells of ``body`` that hold a table (layout cells, walked into)."""
    out: set[HtmlElement] = set()
    for table in body.iter("table"):
        node = table.getparent()
        while node is not None and node is not body:
            if node.tag in _CELL_TAGS:
                out.add(node)
            node = node.getparent()
    return out


def _text(body: HtmlElement) -> tuple[str, bool]:
    """Block-structured visible text of ``body`` (iterative: deep trees are safe)."""
    parts: list[str] = []
    size = 0
    holding = _cells_holding_tables(body)
    stack: list[HtmlElement | str] = [body]
    while stack and size <= MAX_TEXT:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node if node == _BLOCK else node.translate(_SOURCE))
            size += len(node)
            continue
        if _skip(node):
            continue
        tag = node.tag
        if tag in _BLOCK_TAGS:
            parts.append(_BLOCK)
        elif tag in _CELL_TAGS:
            parts.append(_CELL)
            if node not in holding:  # a data cell: one piece, whatever blocks it holds
                cell = collapse_ws(visible_text(node, " "))
                parts.append(cell)
                size += len(cell)
                continue
        if node.text:
            parts.append(node.text.translate(_SOURCE))
            size += len(node.text)
        # children in reverse so that they pop in document order; a block closes with a newline
        if tag in _BLOCK_TAGS:
            stack.append(_BLOCK)
        for child in reversed(node):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)
    lines = []
    for raw in "".join(parts).split(_BLOCK):
        cells = [c for c in (collapse_ws(c) for c in raw.split(_CELL)) if c]
        if cells:
            lines.append("\t".join(cells))
    text = "\n".join(lines)
    truncated = bool(stack) or len(text) > MAX_TEXT
    return text[:MAX_TEXT], truncated


def _chrome_roots(body: HtmlElement) -> list[HtmlElement]:
    """The outermost elements named as site chrome."""
    roots: list[HtmlElement] = []
    stack = list(body)
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str):
            continue
        if names_site_chrome(node):
            roots.append(node)
        else:
            stack.extend(node)
    return roots


def _span(el: HtmlElement, name: str) -> int:
    try:
        return max(1, min(int((el.get(name) or "1").strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def _fill_carried(row: list[str], carry: dict[int, tuple[int, str]], col: int) -> int:
    """Append the cells that merged cells of earlier rows cover from `col` on; the next column."""
    while col in carry:
        left, text = carry[col]
        row.append(text)
        if left <= 1:
            del carry[col]
        else:
            carry[col] = (left - 1, text)
        col += 1
    return col


def _grid(table: HtmlElement) -> list[list[str]]:
    """Rows of cell texts, merged cells repeated (rowspan carried down, colspan across)."""
    rows: list[list[str]] = []
    carry: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    for tr in table.iter("tr"):
        if tr.getparent() is not None and _owner_table(tr) is not table:
            continue
        row: list[str] = []
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in _CELL_TAGS]
        col = 0
        for cell in cells:
            col = _fill_carried(row, carry, col)
            text = collapse_ws(visible_text(cell, " "))
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            for _ in range(cs):
                if len(row) >= MAX_COLS:
                    break
                row.append(text)
                if rs > 1:
                    carry[col] = (rs - 1, text)
                col += 1
        _fill_carried(row, carry, col)  # covered cells at the end of the row
        if any(row):
            rows.append(row[:MAX_COLS])
        if len(rows) >= MAX_ROWS:
            break
    return rows


def _owner_table(el: HtmlElement) -> HtmlElement | None:
    node = el.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _table_name(table: HtmlElement, n: int) -> str:
    caption = table.find("caption")
    if caption is not None:
        name = collapse_ws(visible_text(caption, " "))
        if name:
            return name[:200]
    prev = table.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    if prev is not None and prev.tag not in ("table",):
        name = collapse_ws(visible_text(prev, " "))
        if 0 < len(name) <= 80:
            return name
    return f"表{n}"


def _tables(body: HtmlElement) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for table in body.iter("table"):
        if table.find(".//table") is not None or site_chrome_ancestor(table) is not None:
            continue
        rows = _grid(table)
        if rows:
            out.append({"name": _table_name(table, len(out) + 1), "rows": rows})
        if len(out) >= MAX_TABLES:
            break
    return out


def extract_content(doc: HtmlElement, base_url: str, links: list[Any] | None = None) -> Content:
    """Text, links and tables of a parsed page. ``links``: the page's ``extract_links`` result when
    the caller already has it (it is not computed twice)."""
    body = doc.find("body")
    if body is None:
        body = doc
    text, truncated = _text(body)
    all_links = links if links is not None else extract_links(doc, base_url)
    base = document_base(doc, base_url)
    chrome = {lk.url for root in _chrome_roots(body) for lk in extract_links(root, base)}
    anchors = [
        {"url": lk.url, "text": lk.text[:200]}
        for lk in all_links
        if lk.tag in ("a", "area") and lk.url not in chrome
    ]
    return Content(text=text, links=anchors, tables=_tables(body), truncated=truncated)
