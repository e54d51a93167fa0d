"""Page metadata: ``<meta name=… content=…>`` tags and the 政务公开 (government information
disclosure) metadata block of an article.

The block comes in many shapes; all are read without per-site selectors:

* a table: label cell + value cell (``<td>索引号</td><td>…</td>``, ``<th>`` labels, labels in
  ``<strong>``/``<b>`` inside the cell);
* ``<p><strong>索引号</strong>：value</p>``, ``<li><span>发文机关：</span>value</li>``,
  ``<span>label：</span><span>value</span>``;
* ``label：value`` in one text node (``<span>发布时间：2023-10-23 08:59</span>``);
* a label ending a text node with its value in the elements that follow it, children or
  siblings (``<li>索&ensp;引&ensp;号：<font>…</font></li>``, ``<td>发布机构：<span>…</span></td>``).

Labels may be padded with spaces, &ensp;, &emsp;, full-width spaces or markup (``索 引 号``,
``文&ensp;&ensp;号``, ``标　　题``, ``分<span>&ensp;</span>类``), with or without a colon (：/:).
They are mapped to canonical names (``CANONICAL_LABELS``). Commented-out template rows
(``<!-- <p><strong>成文日期</strong>… -->``) and rows a script would write are not present.
A value such as 无 is kept as written (the checks decide). A label shown with nothing after it
gives ``""``: the field is *present but empty*, which the checks tell apart from a missing one.
Other names: 生成日期/发文日期 → 成文日期, 责任部门/发布部门 → 发布机构 (``CANONICAL_LABELS``).

A page has a block only when at least two *core* labels (索引号, 发布机构, 成文日期, 文号, 有效性,
主题分类, 公开方式, 有效期, 废止日期, 主题词) carry values: a news page's "发布日期：… 来源：…" line
is not a 政务公开 block (``extract_xxgk`` returns ``{}`` there).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from .htmldoc import collapse_ws

__all__ = ["CANONICAL_LABELS", "CORE_LABELS", "extract_meta", "extract_xxgk", "normalize_label"]

#: alias (as written, whitespace removed) -> canonical label
CANONICAL_LABELS: dict[str, str] = {
    # 索引号
    "索引号": "索引号",
    "索引": "索引号",
    "信息索引号": "索引号",
    "索引编号": "索引号",
    # 发布机构
    "发布机构": "发布机构",
    "发文机关": "发布机构",
    "发布单位": "发布机构",
    "发文单位": "发布机构",
    "发布机关": "发布机构",
    "发文机构": "发布机构",
    "制发机关": "发布机构",
    "信息发布机构": "发布机构",
    "责任部门": "发布机构",
    "发布部门": "发布机构",
    "公开责任部门": "发布机构",
    # 信息来源 is its own label (the source of a news item, not the issuing organ)
    "信息来源": "信息来源",
    "来源": "信息来源",
    # 成文日期 (发文日期 is the document's date, not the publication date)
    "成文日期": "成文日期",
    "生成日期": "成文日期",
    "形成日期": "成文日期",
    "印发日期": "成文日期",
    "发文日期": "成文日期",
    "制发日期": "成文日期",
    "签发日期": "成文日期",
    "成文时间": "成文日期",
    "发文时间": "成文日期",
    "生成时间": "成文日期",
    # 发布日期
    "发布日期": "发布日期",
    "公开日期": "发布日期",
    "发布时间": "发布日期",
    "公开时间": "发布日期",
    "上网日期": "发布日期",
    # 文号
    "文号": "文号",
    "发文字号": "文号",
    "文件编号": "文号",
    "发文号": "文号",
    "文件字号": "文号",
    # 有效性
    "有效性": "有效性",
    "时效性": "有效性",
    "效力状态": "有效性",
    "效力": "有效性",
    "时效": "有效性",
    "是否有效": "有效性",
    # 名称
    "名称": "名称",
    "标题": "名称",
    "文件名称": "名称",
    "信息名称": "名称",
    "文件标题": "名称",
    # 主题分类
    "主题分类": "主题分类",
    "信息分类": "主题分类",
    "组配分类": "主题分类",
    "分类": "主题分类",
    "主题类别": "主题分类",
    # others
    "有效期": "有效期",
    "有效期限": "有效期",
    "有效期至": "有效期",
    "有效期限至": "有效期",
    "废止日期": "废止日期",
    "失效日期": "废止日期",
    "废止时间": "废止日期",
    "失效时间": "废止日期",
    "公开方式": "公开方式",
    "公开形式": "公开方式",
    "主题词": "主题词",
    "关键词": "主题词",
    "关键字": "主题词",
    "内容概述": "内容概述",
    "内容摘要": "内容概述",
    "公开范围": "公开范围",
}

#: labels that make a 政务公开 block (two of them with values are needed)
CORE_LABELS = frozenset(
    {
        "索引号",
        "发布机构",
        "成文日期",
        "文号",
        "有效性",
        "主题分类",
        "公开方式",
        "有效期",
        "废止日期",
        "主题词",
    }
)

_LABEL_TAGS = frozenset(
    {
        "td",
        "th",
        "span",
        "strong",
        "b",
        "label",
        "dt",
        "em",
        "font",
        "i",
        "li",
        "p",
        "div",
        "h4",
        "h5",
        "h6",
        "dd",
        "u",
    }
)
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "select", "option", "textarea", "title", "head"}
)
_FORM_TAGS = ("input", "select", "textarea", "button", "form")
_SPACES = re.compile(r"[\s\u00a0\u2002\u2003\u2009\u3000\u200b]+")
_LABEL_PUNCT = re.compile(r"^[【\[（(]+|[】\]）)]*[:：]?[】\]）)]*$")
_MAX_LABEL = max(len(k) for k in CANONICAL_LABELS)

# "label：value" inside one text node; labels may be spaced out (索 引 号)
_ALIASES_BY_LENGTH = sorted(CANONICAL_LABELS, key=len, reverse=True)
_SPACED = r"[\s\u00a0\u2002\u2003\u3000]*"
_INLINE_LABEL = re.compile(
    r"(?<![\u4e00-\u9fff])("
    + "|".join(_SPACED.join(map(re.escape, alias)) for alias in _ALIASES_BY_LENGTH)
    + r")"
    + _SPACED
    + r"[:：]"
)
#: one pass over the page text finds every core label alias (a regex alternation beats 30 `in`
#: scans of a 200 KB text by an order of magnitude)
_CORE_ALIASES = re.compile(
    "|".join(
        _SPACED.join(map(re.escape, alias))
        for alias in sorted(
            (k for k, v in CANONICAL_LABELS.items() if v in CORE_LABELS), key=len, reverse=True
        )
    )
)


def normalize_label(text: str) -> str | None:
    """Canonical label for a label text (``"索 引 号："`` -> ``"索引号"``), else None."""
    t = _SPACES.sub("", text or "")
    if not t or len(t) > _MAX_LABEL + 4:
        return None
    t = _LABEL_PUNCT.sub("", t)
    return CANONICAL_LABELS.get(t)


def extract_meta(doc: HtmlElement) -> dict[str, str]:
    """``<meta name=… content=…>`` tags: names as written, values stripped, first occurrence wins.
    ``http-equiv``/``property``/``charset`` tags are not named metadata and are ignored."""
    out: dict[str, str] = {}
    for meta in doc.iter("meta"):
        name = meta.get("name")
        if not name:
            continue
        name = name.strip()
        if name and name not in out:
            out[name] = (meta.get("content") or "").strip()
    return out


def _clean_value(text: str) -> str:
    value = collapse_ws(text)
    value = value.lstrip(":： ").strip()
    return value[:500]


def _next_element(el: HtmlElement) -> HtmlElement | None:
    nxt = el.getnext()
    while nxt is not None and (not isinstance(nxt.tag, str) or nxt.tag in ("script", "style", "br")):
        if isinstance(nxt.tag, str) and nxt.tag == "br":
            return None  # a line break ends the pair
        nxt = nxt.getnext()
    return nxt


def _value_after(label_el: HtmlElement) -> str:
    """The value that follows a label element: its tail text, else the next sibling element (unless
    that is itself a label)."""
    tail = label_el.tail or ""
    value = _clean_value(tail)
    if value:
        return value
    nxt = _next_element(label_el)
    if nxt is None or nxt.tag in _FORM_TAGS or any(True for _ in nxt.iter(*_FORM_TAGS)):
        return ""  # a search form's filter ("索引号 [input]"), not a metadata value
    text = nxt.text_content()
    if normalize_label(text):
        return ""
    value = _clean_value(text)
    if not value and nxt.tail:
        value = _clean_value(nxt.tail)
    return value


def _inline_pairs(text: str, following: Callable[[], str] | None = None) -> list[tuple[str, str]]:
    """``label：value`` pairs in one text (several per text: ``发布日期：… 来源：…``). A label that
    ends the text takes its value from ``following()`` (the elements after the text:
    ``<li>索&ensp;引&ensp;号：<font>…</font></li>``); a label with nothing after it is kept with
    ``""`` (present but empty)."""
    matches = list(_INLINE_LABEL.finditer(text))
    out: list[tuple[str, str]] = []
    for i, m in enumerate(matches):
        canonical = normalize_label(m.group(1))
        if canonical is None:
            continue
        last = i + 1 == len(matches)
        end = len(text) if last else matches[i + 1].start()
        value = _clean_value(text[m.end() : end])
        if not value and last and following is not None:
            value = _clean_value(following())
        if len(value) <= 200:
            out.append((canonical, value))
    return out


def _following_text(parent: HtmlElement, start: int) -> str:
    """The text shown after ``parent``'s child ``start - 1`` (its children from ``start`` on with
    their tails), up to a line break or the next label."""
    parts: list[str] = []
    for child in parent[start:]:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag == "br" or child.tag in _SKIP_TAGS or child.tag in _FORM_TAGS:
            break
        text = child.text_content()
        m = _INLINE_LABEL.search(text)
        if m is not None:
            parts.append(text[: m.start()])
            break
        parts.append(text)
        tail = child.tail or ""
        m = _INLINE_LABEL.search(tail)
        if m is not None:
            parts.append(tail[: m.start()])
            break
        parts.append(tail)
        if sum(len(p) for p in parts) > 200:
            break
    return "".join(parts)


def _has_candidates(doc: HtmlElement) -> bool:
    """Cheap test: does the page text mention at least two different core labels at all?"""
    seen: set[str] = set()
    for m in _CORE_ALIASES.finditer(doc.text_content()):
        canonical = normalize_label(m.group(0))
        if canonical is not None:
            seen.add(canonical)
            if len(seen) >= 2:
                return True
    return False


def extract_xxgk(doc: HtmlElement) -> dict[str, str]:
    """The 政务公开 metadata block as ``{canonical label: value}`` (see the module docstring)."""
    if not _has_candidates(doc):
        return {}
    body = doc.find("body")
    root = body if body is not None else doc
    pairs: list[tuple[str, str]] = []
    labels: set[HtmlElement] = set()
    # document-order walk (iterative: deep trees) that skips script/style/select... subtrees;
    # tuples on the stack are tails (with where they sit), visited after their element's subtree
    stack: list[HtmlElement | tuple[str, HtmlElement, int]] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):  # a tail: (text, its parent, index of the element after it)
            tail, parent, after = item
            if "：" in tail or ":" in tail:
                pairs += _inline_pairs(tail, lambda p=parent, a=after: _following_text(p, a))  # type: ignore[misc]
            continue
        el = item
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            continue
        if tag in _LABEL_TAGS and len(el) <= 4:
            text = el.text_content()
            canonical = normalize_label(text) if len(text) <= 40 else None
            if canonical is not None:
                parent = el.getparent()
                grand = parent.getparent() if parent is not None else None
                if parent not in labels and grand not in labels:  # the outermost label element
                    pairs.append((canonical, _value_after(el)))
                labels.add(el)
                continue
        if el.text and ("：" in el.text or ":" in el.text):
            pairs += _inline_pairs(el.text, lambda e=el: _following_text(e, 0))  # type: ignore[misc]
        for index in range(len(el) - 1, -1, -1):
            child = el[index]
            if child.tail:
                stack.append((child.tail, el, index + 1))
            stack.append(child)
    core = {label for label, value in pairs if label in CORE_LABELS and value}
    if len(core) < 2:
        return {}
    out: dict[str, str] = {}
    for label, value in pairs:
        if label not in out or not out[label] and value:
            out[label] = value
    return out
