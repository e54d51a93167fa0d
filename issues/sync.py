"""Issues brought up to date after a run: each finding opens, keeps open or reopens its issue; an
open issue that a run able to judge it no longer finds is rectified (issues/lifecycle.py holds the
states and the office's actions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from govaudit.checks import REGISTRY
from govaudit.config import Config, Site
from govaudit.store import Snapshot, load_snapshot
from govaudit.store.locks import hold, retrying
from govaudit.store.loop_tables import IssueRow
from govaudit.store.schema import FindingRow, NoteRow
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now

from .deadlines import default_deadline
from .judged import judge_gap
from .lifecycle import OPEN_STATES, RECHECK_UNJUDGED, SYSTEM, IssueState, _assign, _event


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
