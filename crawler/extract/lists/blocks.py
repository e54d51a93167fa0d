"""Rows the CMS wraps in several sibling blocks of one shape are ONE list.

Some templates cut a column's list into wrappers of five rows each, all on the page, and let a
script show one page of them at a time (the Fujian TRS "动静结合" template: ``<div
ms-visible="$showStatic(1)"><ul>5 × <li></ul></div><div ms-visible="$showStatic(6)">…``, 15–75
entries on the page). Tables are cut the same way (``<table><tbody>5 × <tr></tbody></table>``
repeated). A person sees every entry of every block, so all of them are the list.

Rule: groups of rows (same row tag) whose containers sit in sibling *blocks* of the same shape
(the same tags and classes from the block down to the rows' parent, one to three levels above the
parent) are merged when every block shows nothing but its rows — the text outside the rows is the
same in every block once digits and date words are taken out (a repeated table header, a month
heading ``2024年6月``, nothing at all). Blocks headed differently (通知公告 / 政策文件 boxes of an
overview page, each with its own heading and 更多 link) are separate lists and stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lxml.html import HtmlElement

from .titles import Row

__all__ = ["merge_sibling_blocks"]

_MAX_LEVELS = 3  # how far above the rows' parent a block may start
_MAX_OUTSIDE = 40  # characters of text a block may show besides its rows
_DATE_WORDS = re.compile(r"[\d\s年月日号\-/.:：()（）\[\]【】]+")
_SKIP = frozenset({"script", "style", "noscript", "template"})


def _up(el: HtmlElement, n: int) -> HtmlElement | None:
    node: HtmlElement | None = el
    for _ in range(n):
        node = node.getparent() if node is not None else None
        if node is None or node.tag in ("body", "html"):
            return None
    return node


def _shape(block: HtmlElement, parent: HtmlElement) -> tuple[tuple[str, str], ...]:
    """Tags and classes from ``block`` down to ``parent``."""
    path: list[tuple[str, str]] = []
    node: HtmlElement | None = parent
    while node is not None:
        path.append((str(node.tag), node.get("class") or ""))
        if node is block:
            break
        node = node.getparent()
    return tuple(reversed(path))


def _outside_text(block: HtmlElement, rows: set[HtmlElement]) -> str:
    """The text ``block`` shows outside the row elements, digits and date words removed."""
    parts: list[str] = []
    stack: list[HtmlElement | str] = [block]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        if node in rows or not isinstance(node.tag, str) or node.tag in _SKIP:
            continue
        if node.text:
            parts.append(node.text)
        for child in reversed(node):
            if child.tail:
                stack.append(child.tail)
            stack.append(child)
    return _DATE_WORDS.sub("", "".join(parts))


def merge_sibling_blocks(
    groups: list[list[Row]], parent_of: Callable[[Row], HtmlElement | None]
) -> list[list[Row]]:
    """``groups`` with the groups split over sibling blocks of one shape merged (module docstring)."""
    for level in range(1, _MAX_LEVELS + 1):
        if len(groups) < 2:
            break
        buckets: dict[tuple[object, ...], list[tuple[int, set[HtmlElement]]]] = {}
        for gi, members in enumerate(groups):
            key: tuple[object, ...] | None = None
            blocks: set[HtmlElement] = set()
            for parent in {parent_of(r) for r in members}:
                block = _up(parent, level) if parent is not None else None
                holder = block.getparent() if block is not None else None
                if parent is None or block is None or holder is None or holder.tag in ("body", "html"):
                    key = None
                    break
                this = (holder, _shape(block, parent), members[0].el.tag)
                if key is not None and this != key:
                    key = None
                    break
                key = this
                blocks.add(block)
            if key is not None:
                buckets.setdefault(key, []).append((gi, blocks))
        absorbed: dict[int, int] = {}
        for entries in buckets.values():
            if len(entries) >= 2:
                _merge_entries(groups, entries, absorbed)
        if absorbed:
            groups = [g for i, g in enumerate(groups) if i not in absorbed]
    for members in groups:
        members.sort(key=lambda r: r.order)
    return groups


def _merge_entries(
    groups: list[list[Row]], entries: Sequence[tuple[int, set[HtmlElement]]], absorbed: dict[int, int]
) -> None:
    """Merge the groups of ``entries`` into the first when their blocks are distinct and show the
    same thing besides their rows."""
    seen: set[HtmlElement] = set()
    outside: set[str] = set()
    for gi, blocks in entries:
        if gi in absorbed or seen & blocks:
            return
        seen |= blocks
        row_els = {r.el for r in groups[gi]}
        for block in blocks:
            text = _outside_text(block, row_els)
            if len(text) > _MAX_OUTSIDE:
                return
            outside.add(text)
    if len(outside) > 1:
        return  # blocks headed differently: separate lists
    first = entries[0][0]
    for gi, _ in entries[1:]:
        groups[first].extend(groups[gi])
        absorbed[gi] = first
