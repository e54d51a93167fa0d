"""What the dashboard shows: open and overdue issues by unit and by site, the veto risks, and the
weekly trends of 整改率 and time to fix — read from the issues table, as of a day.

整改率 at the end of a week = issues rectified by then / (rectified + still open then); time to
fix = the average calendar days from found to rectified of the issues rectified that week.
An issue closed by the office (豁免, 核实无误) or merged counts in neither.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from govaudit.store.loop_tables import IssueRow
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .lifecycle import IssueState, is_overdue

WEEKS = 8
UNASSIGNED = "（未指定单位）"


@dataclass
class Week:
    end: dt.date  # the Sunday closing the week (the last week ends on as_of)
    rate: float | None  # 整改率, percent
    days_to_fix: float | None

    @property
    def label(self) -> str:
        return f"{self.end.month}/{self.end.day}"


@dataclass
class Overview:
    as_of: dt.date
    open: int = 0
    overdue: int = 0
    new_this_week: int = 0
    rectified: int = 0
    vetoes: list[IssueRow] = field(default_factory=list)  # open veto-severity issues
    by_unit: dict[str, tuple[int, int]] = field(default_factory=dict)  # unit -> (open, overdue)
    by_site: dict[str, tuple[int, int]] = field(default_factory=dict)
    weeks: list[Week] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        judged = self.rectified + self.open
        return 100 * self.rectified / judged if judged else None


def _open_on(issue: IssueRow, day: dt.date) -> bool:
    """Open at the end of `day` (as far as the row tells: found by then, not rectified by then)."""
    if issue.opened > day:
        return False
    state = IssueState(issue.state)
    if state == IssueState.RECTIFIED:
        return issue.rectified_on is None or issue.rectified_on > day
    if state.is_open:
        return True
    return issue.updated.date() > day if state in (IssueState.WAIVED, IssueState.FALSE_ALARM) else False


def overview(sessions: sessionmaker[Session], as_of: dt.date, *, unit: str | None = None) -> Overview:
    """The dashboard's numbers; `unit`: only that unit's issues (a unit login)."""
    q = select(IssueRow).where(IssueRow.state != IssueState.MERGED.value)
    if unit is not None:
        q = q.where(IssueRow.unit == unit)
    with sessions() as s:
        rows = list(s.scalars(q.order_by(IssueRow.id)))
    ov = Overview(as_of=as_of)
    unit_open: Counter[str] = Counter()
    unit_late: Counter[str] = Counter()
    site_open: Counter[str] = Counter()
    site_late: Counter[str] = Counter()
    week_start = as_of - dt.timedelta(days=as_of.weekday())
    for i in rows:
        state = IssueState(i.state)
        if state == IssueState.RECTIFIED:
            ov.rectified += 1
        if not state.is_open:
            continue
        late = is_overdue(i, as_of)
        ov.open += 1
        ov.overdue += late
        ov.new_this_week += i.opened >= week_start
        unit_open[i.unit or UNASSIGNED] += 1
        unit_late[i.unit or UNASSIGNED] += late
        site_open[i.site] += 1
        site_late[i.site] += late
        if i.severity == "veto":
            ov.vetoes.append(i)
    ov.by_unit = {
        u: (unit_open[u], unit_late[u])
        for u in sorted(unit_open, key=lambda u: (-unit_late[u], -unit_open[u], u))
    }
    ov.by_site = {
        x: (site_open[x], site_late[x]) for x in sorted(site_open, key=lambda x: (-site_open[x], x))
    }
    ov.weeks = weekly(rows, as_of)
    return ov


def weekly(rows: list[IssueRow], as_of: dt.date, weeks: int = WEEKS) -> list[Week]:
    """The last `weeks` weeks, oldest first; the last one ends on as_of."""
    last_sunday = as_of - dt.timedelta(days=(as_of.weekday() + 1) % 7)
    ends = [last_sunday - dt.timedelta(weeks=k) for k in range(weeks - 1, 0, -1)]
    ends = [e for e in ends if e < as_of] + [as_of]
    out = []
    for end in ends:
        start = end - dt.timedelta(days=6)
        fixed = [
            i for i in rows if i.state == IssueState.RECTIFIED and i.rectified_on and i.rectified_on <= end
        ]
        still = sum(_open_on(i, end) for i in rows)
        judged = len(fixed) + still
        this_week = [
            (i.rectified_on - i.opened).days for i in fixed if i.rectified_on and i.rectified_on >= start
        ]
        out.append(Week(end=end, rate=100 * len(fixed) / judged if judged else None,
                        days_to_fix=sum(this_week) / len(this_week) if this_week else None))  # fmt: skip
    return out
