"""The `govaudit` command: audit, check-config, demo.

Contract (CHECKS.md §1):
    govaudit audit --config CONFIG.yaml [--site NAME] [--as-of YYYY-MM-DD] --json OUT.json [--html OUT.html] [--db URL] [--full] [--executor celery]
(--json or --html or both: `--html F` alone writes only the HTML report.)
Exit 0 when the audit ran (with or without findings); exit 2 with one line for an unusable
config or arguments. Help, messages and argparse's own words are Chinese (cliwords.py).
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

from govaudit import cliwords, clock
from govaudit.errors import ConfigError, GovauditError, IssueError, StoreError
from govaudit.models import AuditResult

log = logging.getLogger("govaudit")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"govaudit：错误：{message}\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期 {text!r} 无效（应为 YYYY-MM-DD）") from None


def build_parser() -> argparse.ArgumentParser:
    cliwords.install()
    p = _Parser(prog="govaudit", description="政府网站监测与检查工具：检查网站、跟踪问题整改、发送交办邮件。"
                "使用手册见 docs/使用手册.md")  # fmt: skip
    p.add_argument(
        "-v", "--verbose", action="count", default=0, help="输出更多运行日志（重复可输出调试日志）"
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="命令")

    a = sub.add_parser("audit", help="检查配置中的网站，生成检查报告")
    a.add_argument("--config", required=True, metavar="配置文件", help="配置文件（YAML）")
    a.add_argument("--site", metavar="网站名称", help="只检查这个网站（配置中的名称）")
    a.add_argument("--as-of", type=_date, metavar="日期", help="检查基准日期 YYYY-MM-DD（默认今天）")
    a.add_argument("--json", metavar="文件", help="JSON 报告写到这里（供其他程序读取）")
    a.add_argument("--html", metavar="文件", help="HTML 报告写到这里（用浏览器打开）")
    a.add_argument("--db", metavar="数据库", help=DB_HELP)
    a.add_argument("--quiet", action="store_true", help="不显示进度")
    a.add_argument("--executor", choices=["in_process", "celery"],
                   help="检查在哪里执行：本进程（默认，见配置项 executor.kind）或分布式工作进程")  # fmt: skip
    a.add_argument(
        "--full", action="store_true", help="重新读取全部页面（默认沿用上次检查读过且未变化的页面）"
    )

    c = sub.add_parser("check-config", help="检查配置文件是否正确（不访问网站）")
    c.add_argument("file", metavar="配置文件", help="配置文件（YAML）")

    _issue_commands(sub)
    from govaudit.workbenchcli import add_config_commands

    add_config_commands(sub)
    from govaudit.mailcli import add_commands as mail_commands

    mail_commands(sub, _date)

    from govaudit.checkdoc import add_command as checkdoc_command

    checkdoc_command(sub)

    d = sub.add_parser("demo", help="演示：启动自带的示范县网站，检查并生成报告")
    d.add_argument("--out", default="govaudit-demo", metavar="目录", help="输出目录（默认 ./govaudit-demo）")
    d.add_argument("--as-of", type=_date, metavar="日期", help="检查基准日期（默认今天）")
    d.add_argument("--quiet", action="store_true", help="不显示进度")
    d.add_argument("--loop", action="store_true",
                   help="同时演示每日闭环：交办问题，并把将发送的邮件写到 输出目录/mail")  # fmt: skip
    d.add_argument("--serve", action="store_true",
                   help="同时启动示范网站和网页控制台（含演示账号），在浏览器中完成 交办→反馈→复核→已整改")  # fmt: skip
    d.add_argument("--port", type=int, default=8080, metavar="端口", help="网页控制台端口（默认 8080）")
    return p


DB_HELP = "数据库地址（默认：配置文件的 db:，否则 sqlite:///govaudit.db）"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", required=True, metavar="配置文件", help="配置文件（YAML）")
    p.add_argument("--db", metavar="数据库", help=DB_HELP)


def _issue_commands(sub: argparse._SubParsersAction) -> None:
    """`issues …`, `recheck`, `serve` (the daily loop; README "The daily loop")."""
    i = sub.add_parser("issues", help="问题跟踪：查看、交办、反馈、豁免、核实无误")
    isub = i.add_subparsers(dest="issues_command", required=True, parser_class=_Parser, metavar="操作")
    ls = isub.add_parser("list", help="列出问题")
    _common(ls)
    ls.add_argument("--json", action="store_true", help="以 JSON 格式输出（供其他程序读取）")
    ls.add_argument("--unit", metavar="单位", help="只列这个责任单位的问题")
    ls.add_argument("--state", metavar="状态",
                    help="只列这个状态：未整改 待交办 已交办 已反馈 已整改 重新打开 已豁免 核实无误（或 open new assigned …）")  # fmt: skip
    ls.add_argument("--site", metavar="网站名称", help="只列这个网站的问题")
    ls.add_argument("--overdue", action="store_true", help="只列逾期未整改的问题")
    ls.add_argument("--as-of", type=_date, metavar="日期", help="判断逾期的日期（默认今天）")
    sh = isub.add_parser("show", help="查看一个问题及其处理记录")
    _common(sh)
    sh.add_argument("id", type=int, metavar="问题编号")
    sh.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    asg = isub.add_parser("assign", help="交办：把问题交给责任单位并定整改期限")
    _common(asg)
    asg.add_argument("id", type=int, metavar="问题编号")
    asg.add_argument("--unit", metavar="单位", help="责任单位（默认：问题的责任单位；须为配置中的单位）")
    asg.add_argument("--deadline", type=_date, metavar="日期",
                     help="整改期限 YYYY-MM-DD（默认按问题类型和严重程度计算工作日）")  # fmt: skip
    asg.add_argument("--note", default="", metavar="说明", help="交办说明")
    asg.add_argument("--as-of", type=_date, metavar="日期", help="交办日期（默认今天）")
    fb = isub.add_parser("feedback", help="反馈：责任单位的整改情况")
    _common(fb)
    fb.add_argument("id", type=int, metavar="问题编号")
    fb.add_argument("--kind", required=True, choices=["fixed", "cannot_fix"],
                    help="fixed = 已整改（待复核），cannot_fix = 无法整改（须说明原因）")  # fmt: skip
    fb.add_argument("--note", required=True, metavar="说明", help="整改情况说明")
    for name, helptext in (
        ("waive", "豁免（须说明理由）"),
        ("false-alarm", "核实无误：不是问题（须说明理由）"),
    ):
        w = isub.add_parser(name, help=helptext)
        _common(w)
        w.add_argument("id", type=int, metavar="问题编号")
        w.add_argument("--reason", required=True, metavar="理由", help="理由")
    from govaudit.workbenchcli import add_issue_commands

    add_issue_commands(isub, _common)
    for p in (asg, fb, *(isub.choices[n] for n in ("waive", "false-alarm"))):
        p.add_argument("--actor", metavar="操作人", help="操作人（默认：办公室；反馈默认为问题的责任单位）")

    r = sub.add_parser("recheck", help="复核：只重新抓取这些问题涉及的页面，判断是否已整改")
    _common(r)
    r.add_argument("ids", nargs="*", type=int, metavar="问题编号")
    r.add_argument("--unit", metavar="单位", help="复核这个单位的全部未整改问题")
    r.add_argument("--url", metavar="地址", help="复核这个地址的全部未整改问题")
    r.add_argument("--as-of", type=_date, metavar="日期", help="基准日期（默认今天）")

    sv = sub.add_parser("serve", help="常驻运行：定时检查、可用性监测、每日邮件、复核和网页控制台")
    _common(sv)
    sv.add_argument("--host", metavar="地址", help="网页控制台监听地址（默认：配置的 web.host）")
    sv.add_argument("--port", type=int, metavar="端口", help="网页控制台端口（默认：配置的 web.port）")
    sv.add_argument("--executor", choices=["in_process", "celery"],
                    help="检查在哪里执行：本进程（默认，见配置项 executor.kind）或分布式工作进程")  # fmt: skip
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
              json_out: str | None, html_out: str | None, db: str | None, quiet: bool, verbose: int,
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
                f"配置中没有名为“{site}”的网站（可选网站：{'、'.join(s.name for s in config.sites)}）"
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
    json_path = json_report.write(result, json_out) if json_out else None
    html_path = html_report.write(result, html_out, config.limits.report_findings) if html_out else None
    head = "检查未完成（监测端网络故障）" if result.outage else "检查完成"
    print(f"{head}：{len(result.sites)} 个网站，{result.pages} 个页面；{_summary_line(result.findings)}")
    if result.outage:
        print(f"注意：{result.outage}")
    if result.notes:
        print(f"未判定事项 {len(result.notes)} 项（见报告）")
    print(_issues_line(result, db_url))
    if json_path:
        print(f"JSON 报告：{json_path}")
    if html_path:
        print(f"HTML 报告：{html_path}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    if not args.json and not args.html:
        raise ConfigError("请至少指定一个报告文件：--json 文件 或 --html 文件")
    return run_audit(args.config, None, site=args.site, as_of=args.as_of, json_out=args.json,
                     html_out=args.html, db=args.db, quiet=args.quiet, verbose=args.verbose,
                     full=args.full, executor=args.executor)  # fmt: skip


def cmd_demo(args: argparse.Namespace) -> int:
    from govaudit.demo.run import run_demo

    if args.serve:
        from govaudit.demo.serve import run_serve

        return run_serve(
            Path(args.out), as_of=args.as_of, port=args.port, quiet=args.quiet, verbose=args.verbose
        )
    return run_demo(Path(args.out), as_of=args.as_of, quiet=args.quiet, verbose=args.verbose, loop=args.loop)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=["WARNING", "INFO", "DEBUG"][min(args.verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s")  # fmt: skip
    from govaudit.checkdoc import cmd_check_doc
    from govaudit.issuecli import cmd_issues, cmd_recheck, cmd_serve
    from govaudit.mailcli import cmd_hash_password, cmd_send_reports
    from govaudit.workbenchcli import cmd_config
    from govaudit.workercli import cmd_worker

    handlers = {"audit": cmd_audit, "check-config": cmd_check_config, "demo": cmd_demo, "issues": cmd_issues,
                "recheck": cmd_recheck, "serve": cmd_serve, "send-reports": cmd_send_reports,
                "hash-password": cmd_hash_password, "check-doc": cmd_check_doc, "config": cmd_config,
                "worker": cmd_worker}  # fmt: skip
    try:
        return handlers[args.command](args)
    except ConfigError as exc:
        lines = str(exc).splitlines() or [""]
        if args.command == "check-config":  # every problem, one per line
            print("\n".join(f"govaudit：错误：{line}" for line in lines), file=sys.stderr)
        else:
            more = (
                f"（另有 {len(lines) - 1} 处问题，请运行 govaudit check-config 查看）"
                if len(lines) > 1
                else ""
            )
            print(f"govaudit：错误：{lines[0]}{more}", file=sys.stderr)
        return EXIT_USAGE
    except (StoreError, IssueError) as exc:
        print(f"govaudit：错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except GovauditError as exc:
        print(f"govaudit：错误：{exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stdout = None  # type: ignore[assignment]  # (no flush of a closed pipe at exit)
        return EXIT_OK
    except KeyboardInterrupt:
        print("govaudit：已中断", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"govaudit：错误：{exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
