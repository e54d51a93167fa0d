"""`govaudit send-reports` (the morning mails by hand, or a dry run) and `govaudit hash-password`.

    govaudit send-reports --config C [--db URL] [--as-of D] [--weekly] [--dry-run] [--out DIR]

Without --dry-run: queue the day's mails (idempotent: a mail already queued for that day is not
queued again), then deliver everything due in the outbox, including earlier failures. Exit 0
when nothing failed, 1 when some mail failed (it stays queued and is retried next time).
With --dry-run: render the mails and write them to DIR (.eml, .html, .xlsx); nothing is queued
or sent and no mail server is needed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from govaudit import clock
from govaudit.errors import ConfigError

EXIT_OK, EXIT_FAILED = 0, 1


def add_commands(sub: argparse._SubParsersAction, date_type: object) -> None:
    s = sub.add_parser("send-reports", help="发送每日邮件（各单位交办单、办公室日报）")
    s.add_argument("--config", required=True, metavar="配置文件", help="配置文件（YAML）")
    s.add_argument(
        "--db", metavar="数据库", help="数据库地址（默认：配置文件的 db:，否则 sqlite:///govaudit.db）"
    )
    s.add_argument("--as-of", type=date_type, metavar="日期", help="邮件日期 YYYY-MM-DD（默认今天）")  # type: ignore[arg-type]
    s.add_argument("--weekly", action="store_true", help="同时发送给办公室的每周汇总")
    s.add_argument("--dry-run", action="store_true", help="演练：只把邮件写到 --out 目录，不发送")
    s.add_argument(
        "--out", default="govaudit-mail", metavar="目录", help="演练输出目录（默认 ./govaudit-mail）"
    )

    h = sub.add_parser("hash-password", help="生成网页登录密码的哈希值（填入 web.users[].password_hash）")
    h.add_argument("--stdin", action="store_true", help="从标准输入读取密码")


def cmd_send_reports(args: argparse.Namespace) -> int:
    from govaudit.config import load_config
    from govaudit.issuecli import existing_db
    from govaudit.notify import mail, outbox
    from govaudit.store import open_db

    config = load_config(args.config)
    sessions = open_db(existing_db(args.db, config))

    as_of = args.as_of or clock.today(config)
    if args.dry_run:
        mails = mail.build_daily_mails(sessions, config, as_of)
        if args.weekly:
            mails += mail.build_weekly_summary(sessions, config, as_of)
        sender = config.smtp.sender if config.smtp else "govaudit@localhost"
        out = Path(args.out)
        mail.write_mails(mails, out, sender)
        print(f"演练模式：{len(mails)} 封邮件已写入 {out.resolve()}（未发送）")
        for m in mails:
            print(f"  {', '.join(m.to)}：{m.subject}")
        return EXIT_OK
    if config.smtp is None:
        raise ConfigError(f"{args.config}：未配置发信服务器（smtp:），可先用 --dry-run 演练")
    queued = mail.queue_daily_mails(sessions, config, as_of)
    if args.weekly:
        queued += mail.queue_weekly_summary(sessions, config, as_of)
    sent, failed = outbox.deliver(sessions, config)
    waiting = outbox.counts(sessions)
    print(f"新排队 {queued} 封；发送成功 {sent} 封，失败 {failed} 封；"
          f"待发 {waiting.get('queued', 0)} 封，已放弃 {waiting.get('failed', 0)} 封")  # fmt: skip
    return EXIT_FAILED if failed else EXIT_OK


def cmd_hash_password(args: argparse.Namespace) -> int:
    from werkzeug.security import generate_password_hash

    if args.stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再次输入：") != password:
            raise ConfigError("两次输入的密码不一致")
    if len(password) < 8:
        raise ConfigError("密码太短（至少 8 个字符）")
    print(generate_password_hash(password))
    return EXIT_OK
