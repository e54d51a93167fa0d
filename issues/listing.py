"""A page of the issue list, filtered, counted and ordered by the database (the web console's
list of 60,000 issues answers as fast as one of 60): the order of `views.sort_key` — overdue
first, then due soon, then by severity, deadline and id — written as SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govaudit.store.loop_tables import IssueRow
from sqlalchemy import ColumnElement, and_, case, func, not_, select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.errors import IssueError
from govaudit.workdays import add_workdays

from .lifecycle import OPEN_STATES, IssueState
from .views import DUE_SOON_WORKDAYS


@dataclass(frozen=True)
class Filters:
    state: str | None = "open"  # one state, "open", or None for every state
    unit: str | None = None
    site: str | None = None
    severity: str | None = None
    overdue_only: bool = False


def _overdue(as_of: dt.date) -> ColumnElement[bool]:
    """lifecycle.is_overdue in SQL: open, not awaiting verification, past its deadline."""
    fixed = func.coalesce(IssueRow.feedback_kind, "") == "fixed"  # (NULL would make the test unknown)
    awaiting = and_(IssueRow.state == IssueState.FEEDBACK.value, fixed)
    return and_(IssueRow.state.in_([s.value for s in OPEN_STATES]), not_(awaiting),
                IssueRow.deadline.is_not(None), IssueRow.deadline < as_of)  # fmt: skip


def _where(f: Filters, as_of: dt.date) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.unit is not None:
        conds.append(IssueRow.unit == f.unit)
    if f.site is not None:
        conds.append(IssueRow.site == f.site)
    if f.severity:
        conds.append(IssueRow.severity == f.severity)
    if f.state == "open":
        conds.append(IssueRow.state.in_([s.value for s in OPEN_STATES]))
    elif f.state:
        try:
            conds.append(IssueRow.state == IssueState(f.state).value)
        except ValueError:
            raise IssueError(f"未知状态 {f.state!r}") from None
    if f.overdue_only:
        conds.append(_overdue(as_of))
    return conds


def issue_page(sessions: sessionmaker[Session], f: Filters, as_of: dt.date, page: int,
               size: int) -> tuple[list[IssueRow], int, int]:  # fmt: skip
    """(the issues of page `page` — clamped to the pages there are —, the total, that page)."""
    conds = _where(f, as_of)
    soon = add_workdays(as_of, DUE_SOON_WORKDAYS + 1)  # workdays_between(as_of, d) <= 2 ⇔ d < soon
    is_open = IssueRow.state.in_([s.value for s in OPEN_STATES])
    group = case((_overdue(as_of), 0), (and_(is_open, IssueRow.deadline < soon), 1), else_=2)
    rank = case((IssueRow.severity == "veto", 0), (IssueRow.severity == "major", 1),
                (IssueRow.severity == "minor", 2), else_=9)  # fmt: skip
    with sessions() as s:
        total = int(s.scalar(select(func.count()).select_from(IssueRow).where(*conds)) or 0)
        pages = max(1, -(-total // size))
        page = min(max(page, 1), pages)
        q = (select(IssueRow).where(*conds)
             .order_by(group, rank, IssueRow.deadline.is_(None), IssueRow.deadline, IssueRow.id)
             .offset((page - 1) * size).limit(size))  # fmt: skip
        return list(s.scalars(q)), total, page
