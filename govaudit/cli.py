"""The `govaudit` command: audit, check-config, demo.

Contract (CHECKS.md §1):
    govaudit audit --config CONFIG.yaml [--site NAME] [--as-of YYYY-MM-DD] --json OUT.json [--html OUT.html] [--db URL] [--full]
Exit 0 when the audit ran (with or without findings); exit 2 with one line for an unusable
config or arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from govaudit import clock
from govaudit.errors import ConfigError, GovauditError, IssueError, StoreError
from govaudit.models import AuditResult

log = logging.getLogger("govaudit")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"govaudit: error: {message}\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad date {text!r} (expected YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govaudit", description="政府网站监测与检查工具 (audit crawler for government websites)")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output (repeat for debug)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    a = sub.add_parser("audit", help="crawl the configured sites and run the checks")
    a.add_argument("--config", required=True, help="config YAML file")
    a.add_argument("--site", help="audit only this site (its name in the config)")
    a.add_argument("--as-of", type=_date, help="reference date YYYY-MM-DD (default: today)")
    a.add_argument("--json", required=True, help="write the JSON report here")
    a.add_argument("--html", help="write the HTML report here")
    a.add_argument("--db", help="SQLAlchemy database URL (default: config db, else sqlite:///govaudit.db)")
    a.add_argument("--quiet", action="store_true", help="no progress display")
    a.add_argument("--executor", choices=["in_process", "celery"],
                   help="where site audits run (default: config executor.kind)")  # fmt: skip
    a.add_argument("--full", action="store_true",
                   help="read every page again (default: take over what the last audit read, see README)")  # fmt: skip

    c = sub.add_parser("check-config", help="validate a config file without crawling")
    c.add_argument("file", help="config YAML file")

    _issue_commands(sub)
    from govaudit.mailcli import add_commands as mail_commands

    mail_commands(sub, _date)

    d = sub.add_parser("demo", help="serve the bundled demo county site, audit it, write reports")
    d.add_argument("--out", default="govaudit-demo", help="output folder (default ./govaudit-demo)")
    d.add_argument("--as-of", type=_date, help="reference date (default: today)")
    d.add_argument("--quiet", action="store_true", help="no progress display")
    d.add_argument("--loop", action="store_true",
                   help="also the daily loop: issues assigned, the mails it would send written to OUT/mail")  # fmt: skip
    return p


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", required=True, help="config YAML file")
    p.add_argument("--db", help="SQLAlchemy database URL (default: config db, else sqlite:///govaudit.db)")


def _issue_commands(sub: argparse._SubParsersAction) -> None:
    """`issues …`, `recheck`, `serve` (the daily loop; README "The daily loop")."""
    i = sub.add_parser("issues", help="list, show and move issues (交办 / 反馈 / 豁免 / 核实无误)")
    isub = i.add_subparsers(dest="issues_command", required=True, parser_class=_Parser)
    ls = isub.add_parser("list", help="list issues")
    _common(ls)
    ls.add_argument("--json", action="store_true", help="print a JSON list")
    ls.add_argument("--unit")
    ls.add_argument("--state", help="new assigned feedback rectified reopened waived false_alarm, or open")
    ls.add_argument("--site")
    ls.add_argument("--overdue", action="store_true", help="only overdue issues (as of --as-of)")
    ls.add_argument("--as-of", type=_date, help="reference date for overdue (default: today)")
    sh = isub.add_parser("show", help="one issue with its history")
    _common(sh)
    sh.add_argument("id", type=int)
    sh.add_argument("--json", action="store_true")
    asg = isub.add_parser("assign", help="交办: assign to a unit with a deadline")
    _common(asg)
    asg.add_argument("id", type=int)
    asg.add_argument("--unit")
    asg.add_argument("--deadline", type=_date, help="YYYY-MM-DD (default: working days by severity)")
    asg.add_argument("--note", default="")
    asg.add_argument("--as-of", type=_date, help="day of assignment (default: today)")
    fb = isub.add_parser("feedback", help="反馈: the unit's answer")
    _common(fb)
    fb.add_argument("id", type=int)
    fb.add_argument("--kind", required=True, choices=["fixed", "cannot_fix"])
    fb.add_argument("--note", required=True)
    for name, helptext in (("waive", "豁免 (with a reason)"), ("false-alarm", "核实无误 (with a reason)")):
        w = isub.add_parser(name, help=helptext)
        _common(w)
        w.add_argument("id", type=int)
        w.add_argument("--reason", required=True)
    for p in (asg, fb, *(isub.choices[n] for n in ("waive", "false-alarm"))):
        p.add_argument("--actor", help="who does it (default: office; feedback: the issue's unit)")

    r = sub.add_parser("recheck", help="recheck issues now: fetch only what they need, move them")
    _common(r)
    r.add_argument("ids", nargs="*", type=int, metavar="ID")
    r.add_argument("--unit", help="every open issue of this unit")
    r.add_argument("--url", help="every open issue at this URL")
    r.add_argument("--as-of", type=_date, help="reference date (default: today)")

    sv = sub.add_parser("serve", help="run the daily loop: scheduled audits, probes, mails, rechecks, web")
    _common(sv)
    sv.add_argument("--host", help="web host (default: config web.host)")
    sv.add_argument("--port", type=int, help="web port (default: config web.port)")
    sv.add_argument("--executor", choices=["in_process", "celery"],
                    help="where site audits run (default: config executor.kind)")  # fmt: skip
    from govaudit.workercli import add_worker_command

    add_worker_command(sub)


def _summary_line(findings: Sequence) -> str:
    sev = Counter(f.severity.value for f in findings)
    return (
        f"发现问题 {len(findings)} 项（单项否决风险 {sev['veto']}，严重 {sev['major']}，一般 {sev['minor']}）"
    )


def _issues_line(result: AuditResult, db_url: str) -> str:
    """The issue tracker after the audit: what changed, and what is overdue (escalated)."""
    from govaudit.issues.lifecycle import list_issues
    from govaudit.store import open_db

    syncs = [s.issues for s in result.sites if s.issues is not None]
    overdue = list_issues(open_db(db_url), state="open", overdue_on=result.as_of)
    line = (f"问题跟踪：新增 {sum(len(x.new) for x in syncs)} 项，重新打开 {sum(len(x.reopened) for x in syncs)} 项，"
            f"已整改 {sum(len(x.rectified) for x in syncs)} 项，仍未整改 {sum(len(x.still_open) for x in syncs)} 项")  # fmt: skip
    if overdue:
        line += f"；逾期未整改 {len(overdue)} 项（govaudit issues list --overdue）"
    return line


def cmd_check_config(args: argparse.Namespace) -> int:
    from govaudit.config import load_config
    from govaudit.config.catalog import load_catalog

    config = load_config(args.file)
    cols = sum(len(s.columns) for s in config.sites)
    print(f"{args.file}: OK（{len(config.units)} 个单位，{len(config.sites)} 个网站，{cols} 个栏目）")
    for site in config.sites:
        if site.catalog is not None:  # the load report: what was understood, what was not
            print(f"{site.name}：")
            print("\n".join(load_catalog(site.catalog).report_lines()))
    return EXIT_OK


def run_audit(config_path: str | None, config_text: str | None, *, site: str | None, as_of: dt.date | None,
              json_out: str, html_out: str | None, db: str | None, quiet: bool, verbose: int,
              full: bool = False, executor: str | None = None) -> int:  # fmt: skip
    from govaudit.config import load_config, parse_config
    from govaudit.reports import html_report, json_report
    from govaudit.scheduler.audit import audit
    from govaudit.scheduler.progress import progress_display
    from govaudit.store import DEFAULT_DB, open_db

    config = (
        load_config(config_path)
        if config_text is None
        else parse_config(config_text, config_path or "<demo>")
    )
    from govaudit.workercli import with_executor

    config = with_executor(config, executor)
    if site is not None:
        try:
            sites = [config.site(site)]
        except KeyError:
            raise ConfigError(
                f"unknown site {site!r} (sites in config: {', '.join(s.name for s in config.sites)})"
            ) from None
    else:
        sites = list(config.sites)
    db_url = db or config.db or DEFAULT_DB
    open_db(db_url)  # fail early, with one line, on an unusable database
    as_of = as_of or clock.today(config)
    log_level = ["ERROR", "INFO", "DEBUG"][min(verbose, 2)]
    with progress_display(
        enabled=not quiet and sys.stderr.isatty(), sites=[s.name for s in sites]
    ) as progress:
        result = audit(config, sites, as_of, db_url, progress=progress, log_level=log_level, full=full)
    json_path = json_report.write(result, json_out)
    html_path = html_report.write(result, html_out, config.limits.report_findings) if html_out else None
    head = "检查未完成（监测端网络故障）" if result.outage else "检查完成"
    print(f"{head}：{len(result.sites)} 个网站，{result.pages} 个页面；{_summary_line(result.findings)}")
    if result.outage:
        print(f"注意：{result.outage}")
    if result.notes:
        print(f"未判定事项 {len(result.notes)} 项（见报告）")
    print(_issues_line(result, db_url))
    print(f"JSON 报告：{json_path}")
    if html_path:
        print(f"HTML 报告：{html_path}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    return run_audit(args.config, None, site=args.site, as_of=args.as_of, json_out=args.json,
                     html_out=args.html, db=args.db, quiet=args.quiet, verbose=args.verbose,
                     full=args.full, executor=args.executor)  # fmt: skip


def cmd_demo(args: argparse.Namespace) -> int:
    from govaudit.demo.run import run_demo

    return run_demo(Path(args.out), as_of=args.as_of, quiet=args.quiet, verbose=args.verbose, loop=args.loop)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=["WARNING", "INFO", "DEBUG"][min(args.verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s")  # fmt: skip
    from govaudit.issuecli import cmd_issues, cmd_recheck, cmd_serve
    from govaudit.mailcli import cmd_hash_password, cmd_send_reports
    from govaudit.workercli import cmd_worker

    handlers = {"audit": cmd_audit, "check-config": cmd_check_config, "demo": cmd_demo, "issues": cmd_issues,
                "recheck": cmd_recheck, "serve": cmd_serve, "send-reports": cmd_send_reports,
                "hash-password": cmd_hash_password, "worker": cmd_worker}  # fmt: skip
    try:
        return handlers[args.command](args)
    except ConfigError as exc:
        lines = str(exc).splitlines() or [""]
        if args.command == "check-config":  # every problem, one per line
            print("\n".join(f"govaudit: error: {line}" for line in lines), file=sys.stderr)
        else:
            more = f" (and {len(lines) - 1} more: run govaudit check-config)" if len(lines) > 1 else ""
            print(f"govaudit: error: {lines[0]}{more}", file=sys.stderr)
        return EXIT_USAGE
    except (StoreError, IssueError) as exc:
        print(f"govaudit: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GovauditError as exc:
        print(f"govaudit: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stdout = None  # type: ignore[assignment]  # (no flush of a closed pipe at exit)
        return EXIT_OK
    except KeyboardInterrupt:
        print("govaudit: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"govaudit: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
