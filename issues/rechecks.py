"""Rechecks on an issue's history: asked for (web, mail link, CLI) and what each one found.

A recheck leaves a trace on every issue it concerns (issue_events, the state unchanged unless the
recheck moved it): "申请复核" when asked, then "复核：问题仍存在", "复核：未再发现该问题，已整改"
(issues/sync.py sync_run) or "复核未能判定，状态不变：<why>" (the site was down, the page was
not reached, a note of the check). The events are what `issues show` and the web issue page list.
"""

from __future__ import annotations

from collections.abc import Iterable

from govaudit.store.locks import hold
from govaudit.store.loop_tables import IssueEvent, RecheckRequest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now
from govaudit.errors import IssueError

from .lifecycle import OPEN_STATES, RECHECK_UNJUDGED, SYSTEM, IssueState, _event, _get, _require

RECHECK_ASKED = "申请复核"


def request_recheck(sessions: sessionmaker[Session], issue_ids: Iterable[int], *, actor: str) -> int:
    """Queue a recheck of open issues (processed by `govaudit serve`); returns the request id.
    At most one queued recheck per issue: an issue already waiting (a replayed mail link, a
    second click) is not queued again (IssueError when none is left to queue). Each queued
    issue's history says who asked."""
    ids = sorted(set(issue_ids))
    if not ids:
        raise IssueError("未指定要复核的问题")
    with sessions() as s, s.begin():
        hold(s, "recheck-queue")  # two clicks at once: one request
        issues = {i: _get(s, i) for i in ids}
        for issue in issues.values():
            _require(issue, OPEN_STATES, "申请复核")
        pending = select(RecheckRequest).where(RecheckRequest.status.in_(("pending", "running")))
        waiting = {i for r in s.scalars(pending) for i in (r.issue_ids or [])}
        ids = [i for i in ids if i not in waiting]
        if not ids:
            raise IssueError("该问题的复核申请已在处理中，请勿重复提交")
        req = RecheckRequest(
            issue_ids=ids, requested_by=actor, requested_at=now(), status="pending", result={}
        )
        s.add(req)
        s.flush()
        for i in ids:
            issue = issues[i]
            _event(s, issue, IssueState(issue.state), actor, f"{RECHECK_ASKED}，等待系统重新检查")
        return req.id


def record_unjudged(sessions: sessionmaker[Session], issue_ids: Iterable[int], why: str,
                    run_id: int | None) -> None:  # fmt: skip
    """A recheck that could judge nothing at all (the monitoring side's network was down): each
    issue's history says so and why; no state moves."""
    with sessions() as s, s.begin():
        for i in issue_ids:
            issue = _get(s, i)
            _event(s, issue, IssueState(issue.state), SYSTEM, f"{RECHECK_UNJUDGED}：{why}", run_id)


def recheck_events(events: Iterable[IssueEvent]) -> list[IssueEvent]:
    """The events of an issue's history that are about rechecks."""
    return [e for e in events if e.note.startswith(("复核", RECHECK_ASKED, "单位已反馈，但复核"))]
