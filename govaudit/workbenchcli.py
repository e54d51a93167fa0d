"""The workbench's commands (issue 12):

    govaudit config import FILE [--db URL]          the file becomes the database's config (serve, web)
    govaudit config export [--db URL] [--out FILE]  the database's config as YAML (stdout without --out)
    govaudit issues export --config C --xlsx F [--unit U] [--state S] [--site S] [--overdue]
    govaudit issues import-feedback --config C FILE [--unit U] [--actor A]

`check-config FILE` still validates a file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from govaudit import clock
from govaudit.errors import ConfigError


def add_issue_commands(
    isub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]
) -> None:
    ex = isub.add_parser("export", help="导出问题清单为 Excel（XLSX）")
    common(ex)
    ex.add_argument("--xlsx", required=True, metavar="文件", help="写入的 XLSX 文件")
    ex.add_argument("--unit", metavar="单位", help="只导出该单位的问题")
    ex.add_argument("--state", default="open", metavar="状态", help="状态（默认：未办结）；全部问题写“全部”")
    ex.add_argument("--site", metavar="网站名称", help="只导出该网站的问题")
    ex.add_argument("--overdue", action="store_true", help="只导出逾期问题")
    im = isub.add_parser("import-feedback", help="导入单位填写后的交办单（XLSX），逐行登记反馈")
    common(im)
    im.add_argument("file", metavar="交办单", help="填写后的交办单 XLSX")
    im.add_argument("--unit", metavar="单位", help="只接受该单位的问题（默认：交办单中的任何问题）")
    im.add_argument("--actor", metavar="操作人", help="记录的操作人（默认：单位名称·交办单导入）")


def add_config_commands(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("config", help="配置的导入与导出（数据库中的配置供 serve 与网页使用）")
    csub = c.add_subparsers(dest="config_command", required=True, metavar="操作")
    im = csub.add_parser("import", help="校验配置文件并存入数据库")
    im.add_argument("file", metavar="配置文件", help="配置文件（YAML）")
    im.add_argument(
        "--db", metavar="数据库", help="数据库地址（默认：配置文件中的 db，否则 sqlite:///govaudit.db）"
    )
    ex = csub.add_parser("export", help="把数据库中的配置导出为 YAML")
    ex.add_argument("--db", metavar="数据库", help="数据库地址（默认 sqlite:///govaudit.db）")
    ex.add_argument("--out", metavar="文件", help="写入的文件（默认输出到屏幕）")


def cmd_config(args: argparse.Namespace) -> int:
    from govaudit.config import dbcopy, load_config
    from govaudit.store import DEFAULT_DB, open_db

    if args.config_command == "import":
        file_config = load_config(args.file)
        sessions = open_db(args.db or file_config.db or DEFAULT_DB)
        config = dbcopy.import_file(sessions, args.file, actor="命令行导入")
        cols = sum(len(s.columns) for s in config.sites)
        print(f"已导入配置：{len(config.units)} 个单位，{len(config.sites)} 个网站，{cols} 个栏目")
        return 0
    url = args.db or DEFAULT_DB
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).expanduser().exists():
        raise ConfigError(
            f"数据库不存在：{url.removeprefix('sqlite:///')}（先用 govaudit config import 导入配置）"
        )
    text = dbcopy.latest_text(open_db(url))
    if text is None:
        raise ConfigError("数据库中还没有配置（先用 govaudit config import 导入）")
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"已导出配置：{args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_issue_excel(args: argparse.Namespace, config: object, db_url: str) -> int:
    from govaudit.issues import lifecycle
    from govaudit.issues.views import sort_key, view
    from govaudit.notify.feedback_import import SheetError, import_feedback
    from govaudit.notify.issue_export import issues_workbook
    from govaudit.store import open_db

    sessions = open_db(db_url)
    today = clock.today(config)  # type: ignore[arg-type]
    if args.issues_command == "export":
        from govaudit.issues.lifecycle import IssueState

        names = {**{st.label: st.value for st in IssueState}, "未办结": "open", "未整改": "open"}
        state = None if args.state in ("all", "全部") else names.get(args.state, args.state)
        rows = lifecycle.list_issues(sessions, unit=args.unit, state=state, site=args.site,
                                     overdue_on=today if args.overdue else None)  # fmt: skip
        views = sorted((view(r, today, "") for r in rows), key=sort_key)
        Path(args.xlsx).write_bytes(issues_workbook(views, today))
        print(f"已导出 {len(views)} 个问题：{args.xlsx}")
        return 0
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ConfigError(f"{args.file}: 无法读取：{exc.strerror or exc}") from None
    try:
        report = import_feedback(sessions, data, actor=args.actor or f"{args.unit or '单位'}·交办单导入",
                                 unit=args.unit)  # fmt: skip
    except SheetError as exc:
        raise ConfigError(f"{args.file}: {exc}") from None
    print(report.summary())
    for line in report.problems:
        print("  " + line)
    return 0 if not report.problems else 1
