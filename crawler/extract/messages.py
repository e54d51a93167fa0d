"""Messages of an interaction column (留言, 县长信箱): when asked, when and by whom answered.

Two sources, both pure:

* ``messages_from_table``: a list table such as ``标题 | 留言时间 | 回复时间 | 状态`` (header names
  vary: 留言标题/信件标题/主题, 来信时间/提交时间/写信日期, 答复时间/回复日期/办结时间, 办理状态,
  回复单位/答复部门/承办单位). Rows without a recognised date or title are skipped.
* ``message_from_detail``: a message page, from ``label：value`` lines of its text and the
  label/value cells of its tables (留言时间：…, 回复时间：…, 回复单位：…, 回复内容：…).

The reply state: a reply date or reply text means replied; otherwise the status words
(已回复/已答复/已办结 → replied; 未回复/待回复/未办理 → unreplied; 办理中/已受理/已转办 → processing);
on a message page, a 回复内容 slot saying 暂无 / 待回复 (or nothing) means unreplied.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .dates import parse_date

__all__ = ["Message", "message_from_detail", "messages_from_table", "reply_state"]


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
_REPLIED = re.compile(r"已回复|已答复|已办结|已处理|已反馈|办结|已回|已完成")
_UNREPLIED = re.compile(r"未回复|未答复|待回复|待答复|未办理|待处理|未处理|待受理|未受理")
_PROCESSING = re.compile(r"办理中|处理中|正在办理|已受理|已转办|转办中|交办|受理中")
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
            if field not in out and c in names:
                out[field] = i
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


_LINE = re.compile(r"^\s*(?P<label>[\u4e00-\u9fa5\s\u3000]{2,10}?)\s*[:：]\s*(?P<value>.*)$")


def _label_values(text: str | None, tables: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    lines = (text or "").split("\n")
    for i, line in enumerate(lines):
        m = _LINE.match(line)
        if m:
            value = m.group("value").strip()
            if not value and i + 1 < len(lines) and not _LINE.match(lines[i + 1]):
                value = lines[i + 1].strip()  # 回复内容： on its own line, the reply below it
            pairs.append((_norm(m.group("label")), value))
    for table in tables:
        for row in table.get("rows") or []:
            cells = [str(c) for c in row]
            for i in range(0, len(cells) - 1):
                label = _norm(cells[i])
                if (
                    2 <= len(label) <= 8
                    and any(label in names for names in _HEADERS.values())
                    or label in ("回复内容", "答复内容", "回复意见", "答复意见", "办理结果")
                ):
                    pairs.append((label, cells[i + 1].strip()))
    return pairs


def message_from_detail(title: str, text: str | None, tables: Iterable[Mapping[str, Any]] = ()) -> Message:
    """What a message's own page says about it (see the module docstring)."""
    asked = replied = None
    state = unit = None
    reply_text = False
    empty_reply_slot = False  # the page has a 回复内容 slot and it says 暂无 / 待回复 / nothing
    for label, value in _label_values(text, tables):
        if asked is None and label in _HEADERS["asked"]:
            asked = parse_date(value)
        elif replied is None and label in _HEADERS["replied"]:
            replied = parse_date(value)
        elif state is None and label in _HEADERS["state"]:
            state = reply_state(value)
        elif unit is None and label in _HEADERS["unit"] and value:
            unit = re.split(r"\s{2,}|\u3000", value)[0][:40] or None
        elif label in ("回复内容", "答复内容", "回复意见", "答复意见", "办理结果"):
            has_text = not _NO_REPLY_TEXT.match(re.sub(r"\s+", "", value))
            reply_text = reply_text or has_text
            empty_reply_slot = empty_reply_slot or not has_text
    if replied is not None or (reply_text and state is None):
        state = "replied"
    elif state is None and empty_reply_slot:
        state = "unreplied"
    return Message(title=title, asked=asked, replied=replied, state=state, unit=unit)
