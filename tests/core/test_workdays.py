"""Working days follow the State Council calendar: holidays and 调休 days (chinesecalendar)."""

from __future__ import annotations

import datetime as dt

from govaudit.workdays import add_workdays, covered, is_workday, workdays_between

D = dt.date


def test_national_day_2026_and_its_adjusted_working_day() -> None:
    # 2026: 10-01..10-07 off; Sunday 09-20 and Saturday 10-10 are working days (调休)
    assert not is_workday(D(2026, 10, 1)) and not is_workday(D(2026, 10, 7))
    assert is_workday(D(2026, 9, 20)) and is_workday(D(2026, 10, 10))
    assert not is_workday(D(2026, 9, 19))  # an ordinary Saturday


def test_deadline_spanning_guoqing() -> None:
    # Monday 2026-09-28: 3 working days are 09-29, 09-30, then 10-08 (the holiday in between)
    assert add_workdays(D(2026, 9, 28), 3) == D(2026, 10, 8)
    assert workdays_between(D(2026, 9, 28), D(2026, 10, 8)) == 3
    assert workdays_between(D(2026, 9, 28), D(2026, 10, 7)) == 2


def test_zero_and_inverse() -> None:
    assert add_workdays(D(2026, 5, 6), 0) == D(2026, 5, 6)
    assert workdays_between(D(2026, 5, 6), D(2026, 5, 6)) == 0
    for n in (1, 5, 20, 60):
        assert workdays_between(D(2026, 1, 20), add_workdays(D(2026, 1, 20), n)) == n


def test_uncovered_year_counts_weekdays() -> None:
    assert covered(2026)
    assert not covered(2199)
    assert is_workday(D(2199, 10, 1)) == (D(2199, 10, 1).weekday() < 5)
