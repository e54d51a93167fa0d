"""When an earlier copy is read again (crawler/reuse.py `due`): never the next day, always within
refetch_days, and spread over the days of the cycle rather than all on one day."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from govaudit.crawler.reuse import due

READ = dt.date(2026, 11, 20)
URLS = [f"http://127.0.0.1/xw/{i}.html" for i in range(7000)]


def test_copies_are_read_again_within_the_cycle_and_spread_over_days() -> None:
    first_due = {}
    for url in URLS:
        day = next(d for d in range(1, 30) if due(url, READ, READ + dt.timedelta(days=d), 7))
        first_due[url] = day
    per_day = Counter(first_due.values())
    assert min(per_day) >= 4 and max(per_day) <= 7  # not before half the cycle, never after it
    assert per_day[7] < 0.7 * len(URLS)  # not all on the last day: days 4, 5, 6 take their share
    assert all(per_day[d] > 0.1 * len(URLS) for d in (4, 5, 6))
    # in the steady state a copy read on its own day of the cycle is next due a week later
    url = URLS[0]
    read = READ + dt.timedelta(days=first_due[url])
    assert [d for d in range(1, 8) if due(url, read, read + dt.timedelta(days=d), 7)] == [7]
