"""公开时限 phrases of a 主动公开事项目录 turned into rules (pure functions).

Rule kinds:
- `event`     信息形成或变更之日起20个工作日内, 自批准之日起10日内, 收到…后7个工作日内
- `yearly`    每年1月31日前, 每年3月底前, 每年第一季度, 每年上半年, 年底前 (a deadline every year)
- `periodic`  每月, 每季度, 每半年, 每年 (once per period), 每季度结束后15日内, 每月10日前
- `immediate` 实时, 及时, 即时, 随时 (within a configurable number of days of the event)
- `standing`  长期公开, 常态化公开, 动态更新 (must be there at all times)
A phrase none of these patterns understands gives None: the catalog loader reports it.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

RuleKind = Literal["event", "yearly", "periodic", "immediate", "standing"]
RULE_KINDS: tuple[str, ...] = RuleKind.__args__  # type: ignore[attr-defined]
Period = Literal["month", "quarter", "half", "year"]

RULE_WORDS = {"event": "事件触发", "yearly": "每年定期", "periodic": "周期性", "immediate": "实时/及时",
              "standing": "长期公开"}  # fmt: skip
PERIOD_WORDS = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "每年"}


@dataclass(frozen=True)
class TimeRule:
    kind: RuleKind
    days: int = 0  # event: the time limit in days
    workdays: bool = False  # event: days are working days
    month: int = 0  # yearly: the deadline's month and day
    day: int = 0
    period: Period | None = None  # periodic
    lag_days: int | None = None  # periodic: published within N days after the period ends

    def describe(self) -> str:
        if self.kind == "event":
            return f"事件发生后 {self.days} 个{'工作日' if self.workdays else '自然日'}内"
        if self.kind == "yearly":
            return f"每年 {self.month} 月 {self.day} 日前"
        if self.kind == "periodic" and self.period:
            lag = f"（期末后 {self.lag_days} 日内）" if self.lag_days is not None else ""
            return PERIOD_WORDS[self.period] + lag
        return RULE_WORDS[self.kind]


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}  # fmt: skip


def _cn_number(text: str) -> int | None:
    """一..九十九 -> int (二十, 十五, 三十一); None when not such a numeral."""
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def normalize(text: str) -> str:
    """Full-width to half-width, no blanks, Chinese numerals before 个/日/天/月/季度 as digits."""
    s = unicodedata.normalize("NFKC", text or "")
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"第([一二三四])季度", lambda m: f"第{_CN_DIGITS[m.group(1)]}季度", s)
    return re.sub(
        r"([零〇一二两三四五六七八九十]+)(?=个|日|天|月|周)",
        lambda m: str(n) if (n := _cn_number(m.group(1))) is not None else m.group(1),
        s,
    )


_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def _yearly(s: str) -> TimeRule | None:
    if m := re.search(r"(\d{1,2})月(\d{1,2})日(?:之?前|以前|内|止)?", s):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]:
            return TimeRule("yearly", month=month, day=min(day, 28) if (month, day) == (2, 29) else day)
    if m := re.search(r"(\d{1,2})月(?:底|末|份|中旬|下旬)?(?:之?前|以前|内)", s):
        month = int(m.group(1))
        if 1 <= month <= 12:
            return TimeRule("yearly", month=month, day=calendar.monthrange(2023, month)[1])
    if re.search(r"(每年|年度|当年|次年|每一年)", s):
        if m := re.search(r"第([1-4])季度", s):
            month, day = _QUARTER_END[int(m.group(1))]
            return TimeRule("yearly", month=month, day=day)
        if "上半年" in s:
            return TimeRule("yearly", month=6, day=30)
    if re.search(r"年(底|末)(之?前|以前)?", s):
        return TimeRule("yearly", month=12, day=31)
    return None


def _periodic(s: str) -> TimeRule | None:
    period: Period | None = None
    if re.search(r"(每|按|逐)月|月度|每个月", s):
        period = "month"
    elif re.search(r"(每|按|逐)(个)?季度?(?!度)|季度(公开|更新|发布)|每季", s):
        period = "quarter"
    elif re.search(r"(每|按)半年|半年度", s):
        period = "half"
    elif re.search(r"(每|按)年(?!\d)|年度(公开|更新|发布)|一年一次|每年度", s):
        period = "year"
    if period is None:
        return None
    lag: int | None = None
    if m := re.search(r"(结束|期满|终了)后(\d+)(个工作日|日|天)", s):
        lag = int(m.group(2))
    elif period == "month" and (m := re.search(r"每月(\d{1,2})日(?:之?前|以前)", s)):
        lag = int(m.group(1))
    return TimeRule("periodic", period=period, lag_days=lag)


def _event(s: str) -> TimeRule | None:
    m = re.search(r"(\d+)个?(工作日|日|天|周)(之?内|以内|内完成)?", s)
    if not m or not (m.group(3) or re.search(r"(之日|起|后)", s[: m.start()])):
        return None
    n = int(m.group(1))
    unit = m.group(2)
    if unit == "周":
        return TimeRule("event", days=n * 7)
    return TimeRule("event", days=n, workdays=unit == "工作日")


def parse_time_limit(text: str) -> TimeRule | None:
    """The rule a 公开时限 phrase states, or None when it is not understood."""
    s = normalize(text)
    if not s:
        return None
    has_days = re.search(r"\d+个?(工作日|日|天|周)", s) is not None
    if re.search(r"每年|年度|当年|次年|年底|年末", s) and (rule := _yearly(s)):
        return rule
    if rule := _periodic(s):
        return rule
    if rule := _event(s):
        return rule
    if not has_days and re.search(r"实时|即时|及时|随时|第一时间|同步", s):
        return TimeRule("immediate")
    if re.search(r"长期|常态|常年|动态(更新|调整|公开)|持续(更新|公开)", s):
        return TimeRule("standing")
    if rule := _yearly(s):  # a bare 1月31日前 / 3月底前
        return rule
    return None
