"""Messages of an interaction column (留言, 县长信箱): when asked, when and by whom answered.

Three sources, all pure:

* ``messages_from_table``: a list table such as ``标题 | 留言时间 | 回复时间 | 状态`` (header names
  vary: 留言标题/信件标题/主题, 来信时间/提交时间/写信日期, 答复时间/回复日期/办结时间, 办理状态,
  回复单位/答复部门/承办单位). Rows without a recognised date or title are skipped.
* ``messages_from_list_text``: a list written as ``<li>``/``<span>``/``<dl>``/``<div>`` rows
  (``标题 留言时间：2024-01-02 回复时间：— 状态 办理中``): the page's text cut into one record per
  list entry (from its title to the next entry's), each read for its labelled fields and status.
* ``message_from_detail``: a message page, from ``label：value`` pairs of its text (several on a
  line, a label alone on its line with the value on the next, labels spaced out: 回 复 时 间) and
  the label/value cells of its tables (留言时间：…, 回复时间：…, 回复单位：…, 回复内容：…).

The reply state: a reply date or reply text means replied; otherwise the status words
(已回复/已答复/已办结 → replied; 未回复/待回复/未办理 → unreplied; 办理中/已受理/已转办 → processing);
on a message page, a 回复内容 slot saying 暂无 / 待回复 (or nothing) means unreplied, and one saying
正在办理中 means processing; an empty 回复时间 (— or nothing) is never a reply.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .dates import parse_date

__all__ = ["Message", "message_from_detail", "messages_from_list_text", "messages_from_table", "reply_state"]


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    asked: dt.date | None = None
    replied: dt.date | None = None
    state: str | None = None  # replied | unreplied | processing | None (not stated)
    unit: str | None = None  # the replying unit as written
    url: str | None = None

    def merged(self, detail: Message) -> Message:
        """This list entry completed by its detail page (the detail page wins where it speaks)."""
        return replace(
            self,
            asked=detail.asked or self.asked,
            replied=detail.replied or self.replied,
            state=detail.state or self.state,
            unit=detail.unit or self.unit,
        )


_HEADERS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "主题", "留言标题", "信件标题", "来信标题", "诉求标题", "事项"),
    "asked": ("留言时间", "来信时间", "提交时间", "写信时间", "写信日期", "留言日期", "来信日期", "提问时间", "咨询时间", "发布时间"),
    "replied": ("回复时间", "答复时间", "回复日期", "答复日期", "办结时间", "处理时间", "反馈时间", "办理时间"),
    "state": ("状态", "办理状态", "回复状态", "处理状态", "答复状态"),
    "unit": ("回复单位", "答复单位", "答复部门", "回复部门", "承办单位", "办理单位", "处理单位", "受理单位"),
}  # fmt: skip
#: header names beyond the listed ones, by shape: 投诉标题, 诉求时间, 承办部门, 办理状态 ...
_HEADER_SHAPES: dict[str, re.Pattern[str]] = {
    "title": re.compile(r"^.{0,4}(?:标题|主题)$"),
    "asked": re.compile(
        r"^(?:留言|来信|提交|写信|提问|咨询|投诉|诉求|反映|举报|求助|建议|来电|信件)(?:时间|日期)$"
    ),
    "replied": re.compile(r"^(?:回复|答复|办结|反馈|回应)(?:时间|日期)$"),
    "state": re.compile(r"^.{0,4}状态$"),
    "unit": re.compile(r"^(?:回复|答复|承办|办理|处理|受理|责任|主办)(?:单位|部门)$"),
}
_REPLIED = re.compile(r"已回复|已答复|已办结|已处理|已反馈|办结|已回|已完成")
_UNREPLIED = re.compile(r"未回复|未答复|待回复|待答复|未办理|待处理|未处理|待受理|未受理")
# 超时 (handling overran its limit) unless it says it was then finished
_PROCESSING = re.compile(
    r"办理中|处理中|正在办理|已受理|已转办|转办中|交办|受理中|超时(?!办结|已办|回复|答复|完成)"
)
_NO_REPLY_TEXT = re.compile(r"^(?:暂无|无|待回复|尚未回复|未回复|—|-|/)?$")


def reply_state(text: str | None) -> str | None:
    """replied | unreplied | processing from a status cell, or None."""
    if not text:
        return None
    if _UNREPLIED.search(text):
        return "unreplied"
    if _PROCESSING.search(text):
        return "processing"
    if _REPLIED.search(text):
        return "replied"
    return None


def _norm(label: str) -> str:
    return re.sub(r"[\s\u3000:：]+", "", label)


def _header_map(row: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, cell in enumerate(row):
        c = _norm(cell)
        for field, names in _HEADERS.items():
            if field not in out and (c in names or _HEADER_SHAPES[field].match(c)):
                out[field] = i
                break
    return out


def _cell(row: Sequence[str], idx: int | None) -> str:
    return row[idx].strip() if idx is not None and idx < len(row) else ""


def messages_from_table(
    rows: Sequence[Sequence[str]], links: Iterable[Mapping[str, Any]] = ()
) -> list[Message]:
    """Messages of a list table; ``links`` ({"url", "text"}, the page's links) give each row's URL."""
    by_text: dict[str, str] = {}
    for link in links:
        text = re.sub(r"\s+", "", str(link.get("text") or ""))
        if text and link.get("url"):
            by_text.setdefault(text, str(link["url"]))
    out: list[Message] = []
    cols: dict[str, int] | None = None
    for row in rows:
        found = _header_map(row)
        if "title" in found and ("asked" in found or "state" in found or "replied" in found):
            cols = found
            continue
        if cols is None:
            continue
        title = _cell(row, cols.get("title"))
        asked = parse_date(_cell(row, cols.get("asked")))
        if not title or (asked is None and "state" not in cols):
            continue
        replied = parse_date(_cell(row, cols.get("replied")))
        state = "replied" if replied else reply_state(_cell(row, cols.get("state")))
        key = re.sub(r"\s+", "", title)
        url = by_text.get(key) or next(
            (u for t, u in by_text.items() if len(key) >= 6 and t.startswith(key)), None
        )
        out.append(Message(title=title, asked=asked, replied=replied, state=state,
                           unit=_cell(row, cols.get("unit")) or None, url=url))  # fmt: skip
    return out


_CONTENT_LABELS = (
    "回复内容",
    "答复内容",
    "回复意见",
    "答复意见",
    "办理结果",
    "处理结果",
    "回复情况",
    "答复情况",
    "办理情况",
)
_ALL_LABELS = sorted(
    {n for names in _HEADERS.values() for n in names} | set(_CONTENT_LABELS), key=len, reverse=True
)
_GAP = r"[\s\u00a0\u2002\u2003\u3000]*"
#: a known label anywhere in a text, possibly spaced out (回 复 时 间), then a colon (or, for 状态,
#: only spaces before a status word: "状态 办理中")
_PAIR = re.compile(
    r"(?<![\u4e00-\u9fa5])(?P<label>"
    + "|".join(_GAP.join(map(re.escape, n)) for n in _ALL_LABELS)
    + r")"
    + _GAP
    + r"(?P<colon>[:：])?"
    + _GAP
)
_LINE = re.compile(r"^\s*(?P<label>[\u4e00-\u9fa5\s\u3000]{2,10}?)\s*[:：]\s*(?P<value>.*)$")
_EMPTY_VALUE = re.compile(r"^(?:—+|-+|/|－+|无|暂无|空)?$")


def _pairs_in(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the known labels in one text; a value runs to the next label."""
    found = []
    for m in _PAIR.finditer(text):
        label = _norm(m.group("label"))
        if m.group("colon") is None and not (
            label in _HEADERS["state"] and reply_state(text[m.end() : m.end() + 6])
        ):
            continue  # a label word without a colon is prose, except 状态 before a status word
        found.append((label, m.start(), m.end()))
    out = []
    for i, (label, _, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(text)
        out.append((label, text[end:stop].strip()))
    return out


def _label_values(text: str | None, tables: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    lines = [line.strip() for line in (text or "").split("\n")]
    for i, line in enumerate(lines):
        found = _pairs_in(line)
        if not found and _norm(line) in _ALL_LABELS:
            found = [(_norm(line), "")]  # a label alone on its line (no colon)
        for j, (label, value) in enumerate(found):
            last = j + 1 == len(found)
            if (
                last
                and not value
                and i + 1 < len(lines)
                and not _pairs_in(lines[i + 1])
                and _norm(lines[i + 1]) not in _ALL_LABELS
            ):
                value = lines[i + 1]  # 回复内容： on its own line, the reply below it
            pairs.append((label, value))
        if not found:
            m = _LINE.match(line)
            if m:
                pairs.append((_norm(m.group("label")), m.group("value").strip()))
    for table in tables:
        for row in table.get("rows") or []:
            cells = [str(c) for c in row]
            for i in range(0, len(cells) - 1):
                label = _norm(cells[i])
                if 2 <= len(label) <= 8 and label in _ALL_LABELS:
                    pairs.append((label, cells[i + 1].strip()))
    return pairs


def message_from_detail(title: str, text: str | None, tables: Iterable[Mapping[str, Any]] = ()) -> Message:
    """What a message's own page says about it (see the module docstring)."""
    asked = replied = None
    state = unit = None
    reply_text = False
    empty_reply_slot = False  # the page has a 回复内容 slot and it says 暂无 / 待回复 / nothing
    content_state: str | None = None  # 答复内容：正在办理中
    for label, value in _label_values(text, tables):
        if asked is None and label in _HEADERS["asked"]:
            asked = parse_date(value)
        elif replied is None and label in _HEADERS["replied"]:
            replied = parse_date(value)
        elif state is None and label in _HEADERS["state"]:
            state = reply_state(value)
        elif unit is None and label in _HEADERS["unit"] and value:
            unit = re.split(r"\s{2,}|\u3000", value)[0][:40] or None
        elif label in _CONTENT_LABELS:
            compact = re.sub(r"\s+", "", value)
            said = reply_state(compact) if len(compact) <= 12 else None
            if said in ("processing", "unreplied"):
                content_state = content_state or said
                empty_reply_slot = True
                continue
            has_text = not _NO_REPLY_TEXT.match(compact)
            reply_text = reply_text or has_text
            empty_reply_slot = empty_reply_slot or not has_text
    if replied is not None or (reply_text and state is None and content_state is None):
        state = "replied"
    elif state is None:
        state = content_state or ("unreplied" if empty_reply_slot else None)
    return Message(title=title, asked=asked, replied=replied, state=state, unit=unit)


def _record_positions(text: str, titles: Sequence[str]) -> list[int | None]:
    """Where each entry's title shows in the list text (in order), None when it cannot be found."""
    out: list[int | None] = []
    pos = 0
    for title in titles:
        key = re.sub(r"\s+", " ", title).strip()
        found = -1
        for probe in (key, key[:12], key[:8]):
            if len(probe) >= 4:
                found = text.find(probe, pos)
                if found >= 0:
                    break
        out.append(found if found >= 0 else None)
        if found >= 0:
            pos = found + 1
    return out


def messages_from_list_text(
    text: str | None, entries: Sequence[tuple[str, str, dt.date | None]]
) -> list[Message]:
    """Messages of a list written as rows of ``<li>``/``<span>``/``<dl>``/``<div>`` (see the module
    docstring). ``entries`` are the list's entries as read (title, url, date shown); an entry
    whose record states neither a labelled field nor a status word gives nothing."""
    if not text or not entries:
        return []
    flat = re.sub(r"\s+", " ", text)
    positions = _record_positions(flat, [title for title, _, _ in entries])
    located = sorted((p, i) for i, p in enumerate(positions) if p is not None)
    out: list[Message] = []
    for n, (start, i) in enumerate(located):
        end = located[n + 1][0] if n + 1 < len(located) else min(len(flat), start + 400)
        title, url, shown = entries[i]
        record = flat[start:end]
        rest = record.replace(re.sub(r"\s+", " ", title).strip(), " ", 1)
        pairs = _pairs_in(rest)
        asked = replied = None
        state = unit = None
        for label, value in pairs:
            if asked is None and label in _HEADERS["asked"]:
                asked = parse_date(value)
            elif label in _HEADERS["replied"]:
                replied = replied or parse_date(value)
            elif state is None and label in _HEADERS["state"]:
                state = reply_state(value[:12])
            elif unit is None and label in _HEADERS["unit"] and value and not _EMPTY_VALUE.match(value):
                unit = value.split(" ")[0][:40]
        if state is None:
            state = reply_state(rest)
        if replied is not None:
            state = "replied"
        if not pairs and state is None:
            continue  # nothing said about this entry: not a message list
        if asked is None and state in ("unreplied", "processing"):
            asked = shown
        out.append(Message(title=title, asked=asked, replied=replied, state=state, unit=unit, url=url))
    return out
