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
    s = sub.add_parser(
        "send-reports", help="queue and send the morning mails (交办单 per unit, office summary)"
    )
    s.add_argument("--config", required=True, help="config YAML file")
    s.add_argument("--db", help="SQLAlchemy database URL (default: config db, else sqlite:///govaudit.db)")
    s.add_argument("--as-of", type=date_type, help="the mails' day YYYY-MM-DD (default: today)")  # type: ignore[arg-type]
    s.add_argument("--weekly", action="store_true", help="also the weekly summary to the office")
    s.add_argument(
        "--dry-run", action="store_true", help="render only: write the mails to --out, send nothing"
    )
    s.add_argument("--out", default="govaudit-mail", help="dry-run folder (default ./govaudit-mail)")

    h = sub.add_parser("hash-password", help="print a password hash for web.users[].password_hash")
    h.add_argument("--stdin", action="store_true", help="read the password from standard input")


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
        raise ConfigError(f"{args.config}: smtp: missing (no mail server configured; use --dry-run)")
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
            raise ConfigError("the two passwords differ")
    if len(password) < 8:
        raise ConfigError("the password is too short (at least 8 characters)")
    print(generate_password_hash(password))
    return EXIT_OK
