"""Issues over time: the "工作交办—问题反馈—落实整改" lifecycle. Pure database logic, no network.

A finding becomes an issue identified by its fingerprint (govaudit/models.py Finding.fingerprint:
the site by its configured name, the check, the thing at fault — by its path and query for the
site's own pages, so a site reached at a new address keeps its issues — and which problem of it),
so the same problem found by tomorrow's audit is the same issue.

    new ──assign──▶ assigned ──feedback──▶ feedback
     │                 ▲  │                   │
     │                 └──┼── still found ────┘   (a recheck or audit finds it again)
     └──────────┬─────────┘
                ▼  not found by a run that could judge it
            rectified ──found again──▶ reopened (reopen_count + 1) ──▶ assign / feedback / …
    any open state ──▶ waived (豁免) | false_alarm (核实无误)   (office, with a reason; final)
    merged (已合并): issues that became one problem (schema step 4, store/refingerprint.py); final

Every transition appends an `IssueEvent` (who, when, why); events are never changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from govaudit.config import Config
from govaudit.store.loop_tables import IssueEvent, IssueRow
from govaudit.store.schema import FindingRow, Run
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now
from govaudit.errors import IssueError
from govaudit.workdays import workdays_between

from .deadlines import default_deadline

SYSTEM = "system"
RECHECK_UNJUDGED = "复核未能判定，状态不变"  # the start of a recheck event that judged nothing
_DEFAULT_CONFIG = Config(sites=())  # the built-in issue settings, when a caller has no config


class IssueState(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    FEEDBACK = "feedback"
    RECTIFIED = "rectified"
    REOPENED = "reopened"
    WAIVED = "waived"
    FALSE_ALARM = "false_alarm"
    MERGED = "merged"

    @property
    def label(self) -> str:
        return {
            "new": "待交办", "assigned": "已交办", "feedback": "已反馈", "rectified": "已整改",
            "reopened": "重新打开", "waived": "已豁免", "false_alarm": "核实无误", "merged": "已合并",
        }[self.value]  # fmt: skip

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATES


OPEN_STATES = frozenset({IssueState.NEW, IssueState.ASSIGNED, IssueState.FEEDBACK, IssueState.REOPENED})
CLOSED_BY_OFFICE = frozenset({IssueState.WAIVED, IssueState.FALSE_ALARM})
FEEDBACK_KINDS = {"fixed": "已整改", "cannot_fix": "无法整改"}


@dataclass
class UnitStats:
    unit: str
    open: int = 0
    overdue: int = 0
    rectified: int = 0
    waived: int = 0  # waived or false alarm
    total: int = 0
    avg_days_to_fix: float | None = None  # calendar days from opened to rectified

    @property
    def rate(self) -> float | None:
        """整改率: rectified / (rectified + open); None when the unit has had no issue."""
        judged = self.rectified + self.open
        return self.rectified / judged if judged else None


# ---- helpers ---------------------------------------------------------------------------------


def _event(s: Session, issue: IssueRow, to: IssueState, actor: str, note: str = "",
           run_id: int | None = None, from_state: str | None = "") -> None:  # fmt: skip
    """Move `issue` to `to` and record it (from_state "" = the issue's current state)."""
    before = issue.state if from_state == "" else from_state
    s.add(IssueEvent(issue_id=issue.id, at=now(), actor=actor, from_state=before, to_state=to.value,
                     note=note, run_id=run_id))  # fmt: skip
    issue.state = to.value
    issue.updated = now()


def _get(s: Session, issue_id: int) -> IssueRow:
    issue = s.get(IssueRow, issue_id)
    if issue is None:
        raise IssueError(f"问题 {issue_id} 不存在 (no issue with id {issue_id})")
    return issue


def _require(issue: IssueRow, allowed: Iterable[IssueState], action: str) -> None:
    state = IssueState(issue.state)
    if state not in allowed:
        raise IssueError(
            f"问题 {issue.id} 当前状态为“{state.label}”，不能{action} (issue {issue.id} is {state.value})"
        )


def is_overdue(issue: IssueRow, as_of: dt.date) -> bool:
    """Open, with a deadline that has passed (the deadline day itself is still on time). An issue
    the unit reported fixed awaits verification (the office's turn), so it is not overdue; if a
    recheck still finds it, it goes back to assigned and is overdue again."""
    awaiting_check = issue.state == IssueState.FEEDBACK and issue.feedback_kind == "fixed"
    return (IssueState(issue.state).is_open and not awaiting_check and issue.deadline is not None
            and as_of > issue.deadline)  # fmt: skip


def overdue_workdays(issue: IssueRow, as_of: dt.date) -> int:
    return workdays_between(issue.deadline, as_of) if is_overdue(issue, as_of) and issue.deadline else 0


def known_unit(config: Config, unit: str) -> str:
    """The config's name of `unit` (aliases accepted); a unit the config does not list is refused
    with the list of those it does (a typo must not send an issue nowhere)."""
    name = config.canonical_unit(unit.strip())
    names = [u.name for u in config.units]
    if names and name not in names:
        raise IssueError(f"没有名为“{unit}”的单位，可选单位：{'、'.join(names)}")
    return name or unit


def _assign(s: Session, config: Config, issue: IssueRow, *, actor: str, unit: str | None,
            deadline: dt.date | None, note: str, as_of: dt.date, run_id: int | None = None) -> None:  # fmt: skip
    unit = known_unit(config, unit) if unit else issue.unit
    if not unit:
        raise IssueError(f"问题 {issue.id} 没有责任单位，请用 --unit 指定责任单位")
    issue.unit = unit
    issue.deadline = deadline or default_deadline(config, issue.severity, as_of, issue.check)
    text = f"交办{unit}，整改期限 {issue.deadline.isoformat()}" + (f"；{note}" if note else "")
    _event(s, issue, IssueState.ASSIGNED, actor, text, run_id)


def assign(sessions: sessionmaker[Session], issue_id: int, *, actor: str, unit: str | None = None,
           deadline: dt.date | None = None, note: str = "", as_of: dt.date,
           config: Config | None = None) -> IssueRow:  # fmt: skip
    """交办 an open issue to a unit (default: its own) with a deadline (default: working days by
    severity from `config.issues.deadline_workdays`; the built-in defaults without a config)."""
    with sessions() as s, s.begin():
        issue = _get(s, issue_id)
        _require(issue, OPEN_STATES, "交办")
        _assign(
            s,
            config or _DEFAULT_CONFIG,
            issue,
            actor=actor,
            unit=unit,
            deadline=deadline,
            note=note,
            as_of=as_of,
        )
        return issue


def give_feedback(
    sessions: sessionmaker[Session], issue_id: int, *, actor: str, kind: str, note: str
) -> IssueRow:
    """The unit's 反馈: fixed (awaits a recheck) or cannot_fix (with its reason)."""
    if kind not in FEEDBACK_KINDS:
        raise IssueError(f"反馈类型应为 fixed 或 cannot_fix (bad feedback kind {kind!r})")
    if not note.strip():
        raise IssueError("反馈须附说明 (feedback needs a note)")
    with sessions() as s, s.begin():
        issue = _get(s, issue_id)
        _require(
            issue, {IssueState.ASSIGNED, IssueState.REOPENED, IssueState.FEEDBACK, IssueState.NEW}, "反馈"
        )
        issue.feedback_kind, issue.feedback_note = kind, note
        _event(s, issue, IssueState.FEEDBACK, actor, f"{FEEDBACK_KINDS[kind]}：{note}")
        return issue


def _close_by_office(
    sessions: sessionmaker[Session], issue_id: int, to: IssueState, actor: str, reason: str
) -> IssueRow:
    if not reason.strip():
        raise IssueError(f"{to.label}须说明理由 (a reason is required)")
    with sessions() as s, s.begin():
        issue = _get(s, issue_id)
        _require(issue, OPEN_STATES | {IssueState.RECTIFIED}, f"标记为{to.label}")
        _event(s, issue, to, actor, reason)
        return issue


def waive(sessions: sessionmaker[Session], issue_id: int, *, actor: str, reason: str) -> IssueRow:
    """豁免: the office accepts the problem (stays waived even if found again)."""
    return _close_by_office(sessions, issue_id, IssueState.WAIVED, actor, reason)


def mark_false_alarm(sessions: sessionmaker[Session], issue_id: int, *, actor: str, reason: str) -> IssueRow:
    """核实无误: the office verified there is no problem (the check was wrong)."""
    return _close_by_office(sessions, issue_id, IssueState.FALSE_ALARM, actor, reason)


def request_recheck(sessions: sessionmaker[Session], issue_ids: Iterable[int], *, actor: str) -> int:
    """Queue a recheck (issues/rechecks.py, which records it on each issue's history)."""
    from .rechecks import request_recheck as queue

    return queue(sessions, issue_ids, actor=actor)


# ---- reading ---------------------------------------------------------------------------------


def get_issue(sessions: sessionmaker[Session], issue_id: int) -> IssueRow:
    with sessions() as s:
        return _get(s, issue_id)


def list_issues(sessions: sessionmaker[Session], *, unit: str | None = None, state: str | None = None,
                site: str | None = None, overdue_on: dt.date | None = None) -> list[IssueRow]:  # fmt: skip
    """Issues by id, filtered. state: one state, or "open" for every open state."""
    q = select(IssueRow).order_by(IssueRow.id)
    if unit is not None:
        q = q.where(IssueRow.unit == unit)
    if site is not None:
        q = q.where(IssueRow.site == site)
    if state == "open":
        q = q.where(IssueRow.state.in_([st.value for st in OPEN_STATES]))
    elif state is not None:
        try:
            q = q.where(IssueRow.state == IssueState(state).value)
        except ValueError:
            raise IssueError(
                f"未知状态 {state!r} (states: open, {', '.join(st.value for st in IssueState)})"
            ) from None
    with sessions() as s:
        rows = list(s.scalars(q))
    return [r for r in rows if overdue_on is None or is_overdue(r, overdue_on)]


def issue_dict(issue: IssueRow, as_of: dt.date) -> dict[str, Any]:
    """An issue as JSON (`govaudit issues list --json`, the reports)."""
    return {
        "id": issue.id, "check": issue.check, "severity": issue.severity, "site": issue.site,
        "column": issue.column, "url": issue.url, "unit": issue.unit, "message": issue.message,
        "state": issue.state, "state_label": IssueState(issue.state).label,
        "deadline": issue.deadline.isoformat() if issue.deadline else None,
        "opened": issue.opened.isoformat(), "last_seen": issue.last_seen.isoformat(),
        "reopen_count": issue.reopen_count, "overdue": is_overdue(issue, as_of),
        "overdue_workdays": overdue_workdays(issue, as_of),
        "feedback_kind": issue.feedback_kind, "feedback_note": issue.feedback_note,
        "fingerprint": issue.fingerprint, "evidence": issue.evidence,
    }  # fmt: skip


def tracker(sessions: sessionmaker[Session], sites: Collection[str], fingerprints: Collection[str],
            as_of: dt.date) -> dict[str, Any]:  # fmt: skip
    """For an audit's reports: the sites' open and overdue issues (most overdue first) and the
    issue of each finding (by fingerprint)."""
    with sessions() as s:
        rows = list(s.scalars(select(IssueRow).where(IssueRow.site.in_(list(sites))).order_by(IssueRow.id)))
    open_rows = [i for i in rows if IssueState(i.state).is_open]
    overdue = sorted((i for i in open_rows if is_overdue(i, as_of)), key=lambda i: (i.deadline, i.id))
    wanted = set(fingerprints)
    return {
        "open": len(open_rows),
        "overdue": [issue_dict(i, as_of) for i in overdue],
        "by_fingerprint": {i.fingerprint: issue_dict(i, as_of) for i in rows if i.fingerprint in wanted},
    }


def history(sessions: sessionmaker[Session], issue_id: int) -> list[IssueEvent]:
    with sessions() as s:
        _get(s, issue_id)
        return list(
            s.scalars(select(IssueEvent).where(IssueEvent.issue_id == issue_id).order_by(IssueEvent.id))
        )


def unit_stats(sessions: sessionmaker[Session], as_of: dt.date) -> list[UnitStats]:
    """Per unit: open, overdue, rectified, 整改率 and average days to fix, by unit name."""
    stats: dict[str, UnitStats] = {}
    fix_days: dict[str, list[int]] = {}
    with sessions() as s:
        for issue in s.scalars(select(IssueRow)):
            unit = issue.unit or "（未指定单位）"
            st = stats.setdefault(unit, UnitStats(unit=unit))
            st.total += 1
            state = IssueState(issue.state)
            if state.is_open:
                st.open += 1
                st.overdue += is_overdue(issue, as_of)
            elif state == IssueState.MERGED:  # counted as the issue it was merged into
                st.total -= 1
            elif state == IssueState.RECTIFIED:
                st.rectified += 1
                if issue.rectified_on is not None:
                    fix_days.setdefault(unit, []).append((issue.rectified_on - issue.opened).days)
            else:
                st.waived += 1
    for unit, days in fix_days.items():
        stats[unit].avg_days_to_fix = sum(days) / len(days)
    return [stats[u] for u in sorted(stats)]


def runs_of(sessions: sessionmaker[Session], issue: IssueRow) -> list[Run]:
    """The runs that found this issue (by its fingerprint), oldest first."""
    with sessions() as s:
        q = (
            select(Run)
            .join(FindingRow, FindingRow.run_id == Run.id)
            .where(FindingRow.fingerprint == issue.fingerprint)
        )
        return list(s.scalars(q.order_by(Run.id)).unique())
