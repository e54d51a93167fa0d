"""The daily-loop commands: `govaudit issues …`, `govaudit recheck`, `govaudit serve`.

(cli.py declares the arguments; these handlers do the work.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from govaudit import clock
from govaudit.config import Config, load_config
from govaudit.errors import ConfigError, IssueError
from govaudit.issues import lifecycle as issue_api
from govaudit.issues.lifecycle import IssueState
from govaudit.issues.views import value_text
from govaudit.models import Severity
from govaudit.reports.labels import CHECK_NAMES, evidence_rows
from govaudit.store import DEFAULT_DB, open_db
from govaudit.store.loop_tables import IssueRow


def existing_db(given: str | None, config: Config) -> str:
    """The database the issue commands read: --db, else the config's `db:`, else ./govaudit.db
    when it exists. A SQLite file that does not exist is refused (an empty new database would
    only say "共 0 项"): one Chinese line saying which database is missing and how to name one."""
    url = given or config.db
    if url is None:
        if not Path(DEFAULT_DB.removeprefix("sqlite:///")).exists():
            raise ConfigError(
                "未指定数据库：请用 --db 指定（如 --db sqlite:///govaudit.db），或在配置文件中写 db:；"
                "当前目录下也没有 govaudit.db"
            )
        return DEFAULT_DB
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        path = Path(url.removeprefix("sqlite:///")).expanduser()
        if not path.exists():
            where = "--db" if given else "配置文件的 db:"
            raise ConfigError(
                f"数据库文件 {path} 不存在（{where}）：请先运行 govaudit audit，或指定已有的数据库"
            )
    return url


def _setup(args: argparse.Namespace, *, create: bool = False) -> tuple[Config, str]:
    config = load_config(args.config)
    db_url = (args.db or config.db or DEFAULT_DB) if create else existing_db(args.db, config)
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
    if sub in ("export", "import-feedback"):
        from govaudit.workbenchcli import cmd_issue_excel

        return cmd_issue_excel(args, config, db_url)
    if sub == "list":
        state = {**{st.label: st.value for st in IssueState}, "未整改": "open"}.get(args.state, args.state)
        rows = issue_api.list_issues(sessions, unit=args.unit, state=state, site=args.site,
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
        print(f"问题类型 {CHECK_NAMES.get(issue.check, '其他')}  网站 {issue.site}  栏目 {issue.column or '-'}  "
              f"首次发现 {issue.opened}  最近发现 {issue.last_seen}  重新打开 {issue.reopen_count} 次")  # fmt: skip
        print("证据：")
        for label, value in evidence_rows(issue.evidence or {}, issue.check):
            print(f"  {label}：{value_text(value).replace(chr(10), '；')}")
        print("处理记录：")
        for e in events:
            before = IssueState(e.from_state).label if e.from_state else "—"
            actor = "系统" if e.actor == "system" else "办公室" if e.actor == "office" else e.actor
            print(f"  {e.at:%Y-%m-%d %H:%M}  {actor}  {before} → {IssueState(e.to_state).label}  {e.note}")
        return 0
    actor = args.actor or "办公室"
    if sub == "assign":
        issue = issue_api.assign(sessions, args.id, actor=actor, unit=args.unit, deadline=args.deadline,
                                 note=args.note, as_of=today, config=config)  # fmt: skip
    elif sub == "feedback":
        unit = issue_api.get_issue(sessions, args.id).unit
        issue = issue_api.give_feedback(sessions, args.id, actor=args.actor or unit or "办公室", kind=args.kind,
                                        note=args.note)  # fmt: skip
    elif sub == "waive":
        issue = issue_api.waive(sessions, args.id, actor=actor, reason=args.reason)
    else:
        issue = issue_api.mark_false_alarm(sessions, args.id, actor=actor, reason=args.reason)
    print(f"问题 {issue.id}：{IssueState(issue.state).label}")
    return 0


def cmd_recheck(args: argparse.Namespace) -> int:
    from govaudit.scheduler.recheck import issues_for, recheck

    config, db_url = _setup(args)
    ids = issues_for(db_url, ids=args.ids, unit=args.unit, url=args.url)
    if not ids:
        raise IssueError("没有要复核的问题：请给出问题编号，或用 --unit、--url 指定")
    log_level = ["ERROR", "INFO", "DEBUG"][min(args.verbose, 2)]
    for outcome in recheck(config, db_url, ids, as_of=args.as_of, log_level=log_level):
        print(outcome.line())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from govaudit.config import dbcopy
    from govaudit.scheduler.service import serve
    from govaudit.workercli import with_executor

    config, db_url = _setup(args, create=True)
    config, line = dbcopy.for_serve(open_db(db_url), args.config)
    print(line, flush=True)
    config = with_executor(config, getattr(args, "executor", None))
    return serve(config, args.config, db_url, host=args.host, port=args.port)
