"""The daily-loop commands: `govaudit issues …`, `govaudit recheck`, `govaudit serve`.

(cli.py declares the arguments; these handlers do the work.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from govaudit import clock
from govaudit.config import Config, load_config
from govaudit.errors import IssueError
from govaudit.issues import lifecycle as issue_api
from govaudit.issues.lifecycle import IssueState
from govaudit.models import Severity
from govaudit.store import DEFAULT_DB, open_db
from govaudit.store.schema import IssueRow


def _setup(args: argparse.Namespace) -> tuple[Config, str]:
    config = load_config(args.config)
    db_url = args.db or config.db or DEFAULT_DB
    open_db(db_url)
    return config, db_url


def _line(issue: IssueRow, as_of: dt.date) -> str:
    late = "【已逾期】" if issue_api.is_overdue(issue, as_of) else ""
    deadline = f" 期限 {issue.deadline.isoformat()}" if issue.deadline else ""
    sev = Severity(issue.severity).label
    return (f"{issue.id:>5}  {IssueState(issue.state).label}{late}  [{sev}] {issue.unit or '-'}{deadline}  "
            f"{issue.message}  {issue.url}")  # fmt: skip


def cmd_issues(args: argparse.Namespace) -> int:
    config, db_url = _setup(args)
    sessions = open_db(db_url)
    today = getattr(args, "as_of", None) or clock.today(config)
    sub = args.issues_command
    if sub == "list":
        rows = issue_api.list_issues(sessions, unit=args.unit, state=args.state, site=args.site,
                                     overdue_on=today if args.overdue else None)  # fmt: skip
        if args.json:
            print(json.dumps([issue_api.issue_dict(r, today) for r in rows], ensure_ascii=False, indent=2))
        else:
            for r in rows:
                print(_line(r, today))
            print(f"共 {len(rows)} 项")
        return 0
    if sub == "show":
        issue = issue_api.get_issue(sessions, args.id)
        events = issue_api.history(sessions, args.id)
        if args.json:
            data = issue_api.issue_dict(issue, today)
            data["history"] = [
                {"at": e.at.isoformat(), "actor": e.actor, "from": e.from_state, "to": e.to_state, "note": e.note,
                 "run_id": e.run_id} for e in events
            ]  # fmt: skip
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        print(_line(issue, today))
        print(f"检查项 {issue.check}  网站 {issue.site}  栏目 {issue.column or '-'}  首次发现 {issue.opened}  "
              f"最近发现 {issue.last_seen}  重新打开 {issue.reopen_count} 次")  # fmt: skip
        print("证据：" + json.dumps(issue.evidence, ensure_ascii=False))
        print("处理记录：")
        for e in events:
            before = IssueState(e.from_state).label if e.from_state else "—"
            print(f"  {e.at:%Y-%m-%d %H:%M}  {e.actor}  {before} → {IssueState(e.to_state).label}  {e.note}")
        return 0
    actor = args.actor or "office"
    if sub == "assign":
        issue = issue_api.assign(sessions, args.id, actor=actor, unit=args.unit, deadline=args.deadline,
                                 note=args.note, as_of=today, config=config)  # fmt: skip
    elif sub == "feedback":
        unit = issue_api.get_issue(sessions, args.id).unit
        issue = issue_api.give_feedback(sessions, args.id, actor=args.actor or unit or "office", kind=args.kind,
                                        note=args.note)  # fmt: skip
    elif sub == "waive":
        issue = issue_api.waive(sessions, args.id, actor=actor, reason=args.reason)
    else:
        issue = issue_api.mark_false_alarm(sessions, args.id, actor=actor, reason=args.reason)
    print(f"问题 {issue.id}：{IssueState(issue.state).label} ({issue.state})")
    return 0


def cmd_recheck(args: argparse.Namespace) -> int:
    from govaudit.scheduler.recheck import issues_for, recheck

    config, db_url = _setup(args)
    ids = issues_for(db_url, ids=args.ids, unit=args.unit, url=args.url)
    if not ids:
        raise IssueError("没有要复查的问题 (no issue matches: give ids, --unit or --url)")
    log_level = ["ERROR", "INFO", "DEBUG"][min(args.verbose, 2)]
    for outcome in recheck(config, db_url, ids, as_of=args.as_of, log_level=log_level):
        print(outcome.line())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from govaudit.scheduler.service import serve
    from govaudit.workercli import with_executor

    config, db_url = _setup(args)
    config = with_executor(config, getattr(args, "executor", None))
    return serve(config, args.config, db_url, host=args.host, port=args.port)
