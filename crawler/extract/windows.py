"""The window of a consultation (意见征集) as a page states it, and what its feedback says.

``find_window`` reads, from a page's text (and its 政务公开 fields):

* a labelled range: ``征求意见时间：2024-03-06 至 2024-04-05``, ``征集期：2024年3月6日—4月5日``
  (a yearless end takes the start's year), ``征求意见起止时间：2024年9月4日至2024年9月27日`` (the
  range may follow on the next line), ``自2024年3月6日起至2024年4月5日止``;
* separate start and end: ``开始时间:2024-09-04 结束时间:2024-09-27``;
* an open start: ``从即日起至2020年12月30日``, ``自发布之日起至…止``, ``自公告之日起至…`` (``start``
  is None: the window runs from the page's date, which the caller takes);
* an end only: ``截止日期：2024年4月5日``, ``意见反馈截止时间：…``, ``截至2024年4月5日止``,
  ``请于2024年4月5日前反馈`` (``start`` is then None: the caller may take the publication date).

Dates may be written in words (``二〇二〇年十二月三十日``).

A range is taken only near a consultation word (征求意见, 征集, 意见反馈, 起止时间 …), so that the
dates of a policy's own period (2024年至2026年) are not read as a window.
``feedback_summary`` reads 共征集意见3条,采纳2条,未采纳1条 and 未收到意见 from a feedback page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import DateMatch, find_dates

__all__ = ["Window", "feedback_summary", "find_window"]


@dataclass(frozen=True, slots=True)
class Window:
    start: dt.date | None
    end: dt.date
    text: str  # as written, for evidence

    @property
    def days(self) -> int | None:
        """Calendar days of the window, both ends counted (3月6日至4月5日 = 31)."""
        return (self.end - self.start).days + 1 if self.start else None


_LABEL = re.compile(r"征求意见|征集|意见反馈|反馈意见|公开征求|起止时间|意见建议|公示期|开始时间|受理时间")
_RANGE_SEP = re.compile(r"^\s*(?:\d{1,2}[:：]\d{2}(?::\d{2})?)?\s*(?:起)?\s*(?:至|到|—+|-|~|～|－|–|——)\s*$")
_END_LABEL = re.compile(r"(?:截止|截至|结束)(?:日期|时间)?[:：]?\s*$|请于\s*$")
_EXPLICIT_END = re.compile(r"(?:截止|结束)(?:日期|时间)[:：]?\s*$")
_START_LABEL = re.compile(r"开始(?:日期|时间)[:：]?\s*$")
_STOP = re.compile(r"[。；;\n]")
_YEARLESS = re.compile(r"^(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
#: "from today / from publication until": the text right before the end date
_OPEN_START = re.compile(
    r"(?:即日|今日|发布之日|公布之日|公告之日|印发之日|发文之日|通知发布之日|公告发布之日|本公告发布之日|公示之日)"
    r"\s*(?:起|开始)?\s*(?:至|到|—+|-|~|～|－)\s*$"
)


def _end_after(text: str, start: DateMatch, pos: int) -> tuple[dt.date, int] | None:
    """A yearless end date right after a range separator: 2024年3月6日至4月5日."""
    m = _YEARLESS.match(text[pos:].lstrip())
    if not m:
        return None
    offset = len(text[pos:]) - len(text[pos:].lstrip())
    try:
        end = dt.date(start.date.year, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    if end < start.date:
        end = end.replace(year=end.year + 1)
    return end, pos + offset + m.end()


def _labelled(text: str, pos: int, end: int, reach: int = 60) -> bool:
    """A consultation word before the range (60 characters) or right after it (30)."""
    return bool(_LABEL.search(text[max(0, pos - reach) : pos]) or _LABEL.search(text[end : end + 30]))


def find_window(text: str | None) -> Window | None:
    """The consultation window a text states, or None (see the module docstring)."""
    if not text:
        return None
    dates = find_dates(text)
    # 1. a range near a label
    for i, d1 in enumerate(dates):
        sep_end = d1.end
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if nxt is not None and _RANGE_SEP.match(text[d1.end : nxt.start]) and nxt.date >= d1.date:
            if _labelled(text, d1.start, nxt.end):
                return Window(d1.date, nxt.date, text[d1.start : nxt.end])
            continue
        if not _labelled(text, d1.start, d1.end + 12):
            continue
        m = re.match(r"\s*(?:\d{1,2}[:：]\d{2})?\s*(?:起)?\s*(?:至|到|—+|-|~|～|－)", text[sep_end:])
        if m:
            tail = _end_after(text, d1, sep_end + m.end())
            if tail:
                return Window(d1.date, tail[0], text[d1.start : tail[1]])
    # 2. an open start: 从即日起至…, 自发布之日起至…止
    for d in dates:
        if _OPEN_START.search(text[max(0, d.start - 16) : d.start]) and _labelled(text, d.start, d.end, 80):
            start_at = text.rfind("自", max(0, d.start - 16), d.start)
            start_at = text.rfind("从", max(0, d.start - 16), d.start) if start_at < 0 else start_at
            begin = start_at if start_at >= 0 else max(0, d.start - 12)
            return Window(None, d.date, text[begin : d.end + 1].strip())
    # 3. 开始时间 … 结束时间 …
    start = next((d for d in dates if _START_LABEL.search(text[max(0, d.start - 8) : d.start])), None)
    ends = [d for d in dates if _END_LABEL.search(text[max(0, d.start - 12) : d.start])]
    if start is not None:
        end = next((d for d in ends if d.start > start.start and d.date >= start.date), None)
        if end is not None:
            return Window(start.date, end.date, text[start.start : end.end])
    # 4. an end only, in a sentence about opinions
    for d in ends:
        sentence_start = max((m.end() for m in _STOP.finditer(text, 0, d.start)), default=0)
        sentence_end = _STOP.search(text, d.end)
        sentence = text[sentence_start : sentence_end.start() if sentence_end else len(text)]
        explicit = _EXPLICIT_END.search(text[max(0, d.start - 12) : d.start])
        if explicit or "意见" in sentence or "建议" in sentence:
            return Window(None, d.date, text[max(sentence_start, d.start - 12) : d.end + 3].strip())
    return None


_COUNT = re.compile(r"共(?:收到|征集到?|征求到?|收集到?)?(?:意见建议|意见和建议|意见|建议)\s*(\d+)\s*条")
_ADOPTED = re.compile(r"(?<!未)(?:采纳|吸收)(?:意见|建议)?\s*(\d+)\s*条")
_NONE = re.compile(r"未(?:收到|征集到)(?:任何)?(?:意见|建议|反馈)|无(?:意见|反馈意见)")


def feedback_summary(text: str | None) -> dict[str, int | bool]:
    """What a feedback page says: {"opinions": 3, "adopted": 2} or {"none_received": True}."""
    out: dict[str, int | bool] = {}
    if not text:
        return out
    if m := _COUNT.search(text):
        out["opinions"] = int(m.group(1))
    if m := _ADOPTED.search(text):
        out["adopted"] = int(m.group(1))
    if _NONE.search(text):
        out["none_received"] = True
    return out
