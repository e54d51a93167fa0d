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
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from govaudit.checks import REGISTRY
from govaudit.config import Config, Site
from govaudit.store import Snapshot, load_snapshot
from govaudit.store.locks import hold, retrying
from govaudit.store.schema import FindingRow, IssueEvent, IssueRow, NoteRow, Run
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now
from govaudit.errors import IssueError
from govaudit.workdays import workdays_between

from .deadlines import default_deadline
from .judged import judge_gap

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
class SyncResult:
    """What one run changed: issue ids."""

    new: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    rectified: list[int] = field(default_factory=list)
    still_open: list[int] = field(default_factory=list)
    back_to_assigned: list[int] = field(default_factory=list)  # a unit said fixed; still found
    not_judged: list[int] = field(default_factory=list)  # open, not found, but the run could not judge
    why: dict[int, str] = field(default_factory=dict)  # not judged: why (Chinese)


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
        raise IssueError(
            f"问题 {issue.id} 没有责任单位，请指定单位 (issue {issue.id} has no unit: give --unit)"
        )
    issue.unit = unit
    issue.deadline = deadline or default_deadline(config, issue.severity, as_of, issue.check)
    text = f"交办{unit}，整改期限 {issue.deadline.isoformat()}" + (f"；{note}" if note else "")
    _event(s, issue, IssueState.ASSIGNED, actor, text, run_id)


# ---- after a run -----------------------------------------------------------------------------


def sync_run(sessions: sessionmaker[Session], config: Config, site: str, run_id: int, as_of: dt.date,
             *, scope: Collection[str] | None = None) -> SyncResult:  # fmt: skip
    """Bring the issues of `site` up to date with run `run_id` (its findings and notes are saved).

    scope None: a full audit of the site; every finding counts, every open issue of the site
    may be rectified. scope = fingerprints: a recheck of those issues only; other findings of
    the (partial) run are ignored. An open issue is rectified only when the run could judge it
    (issues/judged.py); a rectified one found again is reopened; waived and false alarms stay.
    When the same thing (check and thing at fault: `Finding.thing`) now has a different problem
    (another fingerprint), the open issue follows it rather than being called rectified.
    A run during a monitoring-side outage (status "outage": nothing answered) changes nothing.
    """
    snapshot = load_snapshot(sessions, run_id)
    if snapshot.run.status == "outage":
        return SyncResult()
    return retrying("更新该网站的问题", lambda: _sync(sessions, config, site, snapshot, as_of, scope))


def _sync(sessions: sessionmaker[Session], config: Config, site: str, snapshot: Snapshot, as_of: dt.date,
          scope: Collection[str] | None) -> SyncResult:  # fmt: skip
    """sync_run's one transaction. It holds the site's issue lock (store/locks.py) from its first
    statement: two runs of one site (serve's audit and a manual one, an audit and a recheck) sync
    one after the other, each seeing the other's issues, so a finding never becomes two issues."""
    result = SyncResult()
    run_id = snapshot.run.id
    site_cfg = next((x for x in config.sites if x.name == site), None)
    with sessions() as s, s.begin():
        hold(s, f"issues:{site}")
        findings = list(
            s.scalars(select(FindingRow).where(FindingRow.run_id == run_id).order_by(FindingRow.id))
        )
        notes = list(s.scalars(select(NoteRow).where(NoteRow.run_id == run_id)))
        checks_run = set((snapshot.run.stats or {}).get("checks_run") or REGISTRY)
        open_q = select(IssueRow).where(
            IssueRow.site == site, IssueRow.state.in_([st.value for st in OPEN_STATES])
        )
        open_issues = [
            i for i in s.scalars(open_q.order_by(IssueRow.id)) if scope is None or i.fingerprint in scope
        ]
        things = {(i.check, _thing(i)) for i in open_issues}
        found: dict[str, FindingRow] = {}
        for f in findings:
            if scope is None or f.fingerprint in scope or (f.check, _thing(f)) in things:
                found.setdefault(f.fingerprint, f)
        existing = {
            i.fingerprint: i for i in s.scalars(select(IssueRow).where(IssueRow.fingerprint.in_(list(found))))
        }
        unmatched = {(i.check, _thing(i)): i for i in open_issues if i.fingerprint not in found}
        for fp, f in found.items():
            if fp not in existing and (f.check, _thing(f)) in unmatched:  # same thing, the problem changed
                issue = unmatched.pop((f.check, _thing(f)))
                _event(s, issue, IssueState(issue.state), SYSTEM, f"问题情况有变化：{f.message}", run_id)
                issue.fingerprint = fp
                existing[fp] = issue
        for fp, f in found.items():
            _seen(s, config, existing.get(fp), f, run_id, as_of, recheck=scope is not None, result=result)
        for issue in open_issues:
            if issue.fingerprint in found:
                continue
            gap = (
                "该检查已在配置中停用"
                if _disabled(site_cfg, issue)
                else judge_gap(issue, snapshot, notes, checks_run)
            )
            if gap is not None:
                result.still_open.append(issue.id)
                result.not_judged.append(issue.id)
                result.why[issue.id] = gap
                if scope is not None:  # a recheck asked about it: say so, and why it could not judge
                    _event(s, issue, IssueState(issue.state), SYSTEM, f"{RECHECK_UNJUDGED}：{gap}", run_id)
                continue
            issue.rectified_on = as_of
            _event(s, issue, IssueState.RECTIFIED, SYSTEM,
                   "复核：未再发现该问题，已整改" if scope is not None else "检查未再发现该问题", run_id)  # fmt: skip
            result.rectified.append(issue.id)
    return result


def _thing(row: IssueRow | FindingRow) -> str:
    """The thing at fault as issues are matched (rows from before schema step 4: their URL)."""
    return row.thing or row.url


def _disabled(site: Site | None, issue: IssueRow) -> bool:
    """The check is switched off for the issue's site or column (or the site left the config):
    this run did not judge it."""
    if site is None or issue.check in site.disable:
        return True
    col = next((c for c in site.columns if c.name == issue.column), None)
    return col is not None and issue.check in col.disable


def _seen(s: Session, config: Config, issue: IssueRow | None, f: FindingRow, run_id: int, as_of: dt.date,
          *, recheck: bool, result: SyncResult) -> None:  # fmt: skip
    """A finding of the run: a new issue, or an existing one seen again."""
    if issue is None:
        issue = IssueRow(fingerprint=f.fingerprint, thing=f.thing, problem_key=f.problem_key, check=f.check,
                         severity=f.severity, site=f.site, column=f.column, url=f.url, unit=f.unit, message=f.message, evidence=f.evidence,
                         state=IssueState.NEW.value, opened=as_of, first_run_id=run_id, last_run_id=run_id,
                         last_seen=as_of, reopen_count=0, updated=now())  # fmt: skip
        s.add(issue)
        s.flush()
        _event(s, issue, IssueState.NEW, SYSTEM, f"检查发现：{f.message}", run_id, from_state=None)
        result.new.append(issue.id)
        if config.issues.auto_assign and issue.unit:
            _assign(s, config, issue, actor=SYSTEM, unit=None, deadline=None, note="自动交办", as_of=as_of,
                    run_id=run_id)  # fmt: skip
        return
    issue.severity, issue.message, issue.evidence = f.severity, f.message, f.evidence
    issue.column, issue.last_run_id, issue.last_seen = f.column, run_id, as_of
    # where it is now (a site that moved: the new address), and what its identity is made of
    issue.url, issue.thing, issue.problem_key = f.url, f.thing, f.problem_key
    issue.unit = issue.unit or f.unit
    issue.updated = now()
    state = IssueState(issue.state)
    if state == IssueState.RECTIFIED:
        issue.reopen_count += 1
        issue.rectified_on = None
        if config.issues.auto_assign and issue.unit:
            issue.deadline = default_deadline(config, issue.severity, as_of, issue.check)
        _event(s, issue, IssueState.REOPENED, SYSTEM,
               f"问题再次出现（第 {issue.reopen_count} 次重新打开）：{f.message}", run_id)  # fmt: skip
        result.reopened.append(issue.id)
    elif state == IssueState.FEEDBACK and (issue.feedback_kind == "fixed" or recheck):
        _event(
            s, issue, IssueState.ASSIGNED, SYSTEM, f"单位已反馈，但复核发现问题仍存在：{f.message}", run_id
        )
        result.back_to_assigned.append(issue.id)
        result.still_open.append(issue.id)
    elif state.is_open:
        if recheck:  # a recheck asked about it: say so in its history
            _event(s, issue, state, SYSTEM, f"复核：问题仍存在：{f.message}", run_id)
        result.still_open.append(issue.id)


# ---- actions of the office and the units -----------------------------------------------------


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
