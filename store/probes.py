"""Availability probes of homepages: recording them, and the 7-day summary site_unreachable reads.

指标2019: a homepage that fails >= 5 % of probes over the last 7 days (probed at least 20 times a
day) is unreachable. The summary covers the 7 full days before `as_of` (the audit date), so that
an audit is reproducible from the stored history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .loop_tables import Probe

WINDOW_DAYS = 7
MIN_PER_DAY = 20


@dataclass(frozen=True)
class ProbeDay:
    day: dt.date
    total: int
    failed: int


@dataclass(frozen=True)
class ProbeSummary:
    """The probe history of one site over the window (oldest day first)."""

    start: dt.date
    end: dt.date  # inclusive
    days: list[ProbeDay] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.days)

    @property
    def failed(self) -> int:
        return sum(d.failed for d in self.days)

    @property
    def rate(self) -> float:
        return self.failed / self.total if self.total else 0.0

    @property
    def sufficient(self) -> bool:
        """Every day of the window has at least MIN_PER_DAY probes."""
        return len(self.days) == WINDOW_DAYS and all(d.total >= MIN_PER_DAY for d in self.days)

    @property
    def thin_days(self) -> int:
        """Days of the window with fewer than MIN_PER_DAY probes."""
        return WINDOW_DAYS - sum(1 for d in self.days if d.total >= MIN_PER_DAY)


def record_probe(sessions: sessionmaker[Session], *, site: str, url: str, at: dt.datetime, ok: bool,
                 status: int | None, error: str | None, elapsed: float | None) -> None:  # fmt: skip
    with sessions() as s, s.begin():
        s.add(Probe(site=site, url=url, at=at, ok=ok, status=status, error=error, elapsed=elapsed))


def probe_summary(sessions: sessionmaker[Session], site: str, as_of: dt.date) -> ProbeSummary | None:
    """The 7 days before `as_of`; None when the site has no probe at all in that window."""
    start = as_of - dt.timedelta(days=WINDOW_DAYS)
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(as_of, dt.time())
    with sessions() as s:
        rows = s.execute(
            select(Probe.at, Probe.ok).where(Probe.site == site, Probe.at >= lo, Probe.at < hi)
        ).all()
    if not rows:
        return None
    per_day: dict[dt.date, list[int]] = {}
    for at, ok in rows:
        counts = per_day.setdefault(at.date(), [0, 0])
        counts[0] += 1
        counts[1] += 0 if ok else 1
    days = [ProbeDay(d, per_day[d][0], per_day[d][1]) for d in sorted(per_day)]
    return ProbeSummary(start=start, end=as_of - dt.timedelta(days=1), days=days)
