"""What a normative document (行政规范性文件) says about its own period of validity.

``stated_validity`` reads, from the 政务公开 fields and the text:

* an end date: 有效期 / 有效期至 / 废止日期 fields holding a date; ``有效期至2028年12月31日``,
  ``有效期到…``, ``…起施行，至2028年12月31日止`` in the text;
* a length: ``有效期5年``, ``有效期为五年``, ``有效期两年`` (with the start it runs from when the text
  says it: ``自2024年3月1日起施行``);

and ``provisional`` says whether the title marks the document 暂行 / 试行.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .dates import parse_date

__all__ = ["Validity", "add_years", "is_provisional", "stated_validity"]

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_UNTIL = re.compile(r"有效期(?:至|到|截至|截止)(?:[:：]\s*)?(?P<date>[^，。；,;\n]{6,20})")
_UNTIL_PROSE = re.compile(
    r"起(?:施行|执行|实施)[，,]\s*(?:至|到)(?P<date>[^，。；,;\n]{6,20}?)(?:止|废止|失效)"
)
_YEARS = re.compile(r"有效期(?:为|是)?\s*(?P<n>\d{1,2}|[一二两三四五六七八九十])\s*年")
_START = re.compile(r"自(?P<date>[^，。；,;\n]{6,20}?)起(?:施行|执行|实施|生效)")


@dataclass(frozen=True, slots=True)
class Validity:
    until: dt.date | None  # the last day of validity, when stated as a date
    years: int | None  # a stated length in years
    start: dt.date | None  # the date the text says it takes effect
    text: str  # the words, for evidence


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def is_provisional(title: str | None) -> bool:
    return bool(title) and ("暂行" in title or "试行" in title)  # type: ignore[operator]


def stated_validity(text: str | None, fields: Mapping[str, str] | None = None) -> Validity | None:
    """The validity a document states (see the module docstring), or None."""
    fields = fields or {}
    text = text or ""
    start_m = _START.search(text)
    start = parse_date(start_m.group("date")) if start_m else None
    for key in ("有效期", "废止日期"):
        value = (fields.get(key) or "").strip()
        until = parse_date(value)
        if until:
            return Validity(until, None, start, f"{key}：{value}")
        m = _YEARS.search("有效期" + value) if value else None
        if m:
            return Validity(None, _years(m.group("n")), start, f"{key}：{value}")
    for rx in (_UNTIL, _UNTIL_PROSE):
        m = rx.search(text)
        if m:
            until = parse_date(m.group("date"))
            if until:
                return Validity(until, None, start, m.group(0))
    m = _YEARS.search(text)
    if m:
        return Validity(None, _years(m.group("n")), start, m.group(0))
    return None


def _years(n: str) -> int:
    return int(n) if n.isdigit() else _CN[n]
