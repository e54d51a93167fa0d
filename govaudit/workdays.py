"""Chinese working days: statutory holidays and adjusted working days (调休), from chinesecalendar.

Every deadline in working days (条例 Art. 26's 20 working days, reply limits, 交办 deadlines) is
computed here, so that one calendar serves every check and the issue tracker. The calendar comes
from the `chinesecalendar` package, which follows the State Council's yearly notice; a year it
does not cover yet (the notice comes out each November) falls back to Monday–Friday, and
`covered(year)` says so, so that a caller can mention it in a finding's evidence.
"""

from __future__ import annotations

import datetime as dt
import functools

import chinese_calendar

__all__ = ["add_workdays", "covered", "is_workday", "workdays_between"]


@functools.cache
def covered(year: int) -> bool:
    """Whether the calendar knows the holidays of `year` (else weekends only are counted)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=8192)
def is_workday(day: dt.date) -> bool:
    """A working day: Monday–Friday that is not a statutory holiday, or a weekend 调休 day."""
    if covered(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The date `n` working days after `start` (start itself not counted; n >= 0).

    `add_workdays(d, 0)` is `d`. A deadline "within 20 working days from the day the information
    was formed" is `add_workdays(formed, 20)`: publishing on that day is still on time.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    The inverse of `add_workdays`: `workdays_between(d, add_workdays(d, n)) == n`.
    """
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count += 1
    return count
