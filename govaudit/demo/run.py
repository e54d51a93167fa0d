"""`govaudit demo`: serve the bundled demo county site on 127.0.0.1, audit it, write the reports.

The embedded default that shows a newcomer everything working with no setup: no config to
write, no database server (SQLite in the output folder), no network beyond loopback.
"""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

from govaudit import clock
from govaudit.cli import run_audit

from .siteserver import SiteServer

DEMO_DIR = Path(__file__).resolve().parent
SITE_DIR = DEMO_DIR / "site"
CONFIG = DEMO_DIR / "demo.yaml"
# the county site's HTTPS side (its certificate is what tls_problem reads)
_SECURE_HOME = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>示范县人民政府</title></head><body></body></html>'


def closed_port() -> int:
    """A loopback port with nothing listening (for the demo's unreachable site)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def demo_config(base: str, dead: str, https: str = "https://127.0.0.1:1") -> str:
    text = CONFIG.read_text(encoding="utf-8")
    return text.replace("{{base}}", base).replace("{{dead}}", dead).replace("{{https}}", https)


def run_demo(out: Path, *, as_of: dt.date | None = None, quiet: bool = False, verbose: int = 0,
             loop: bool = False) -> int:  # fmt: skip
    as_of = as_of or clock.today()
    out.mkdir(parents=True, exist_ok=True)
    db = out / "govaudit.db"
    db_url = f"sqlite:///{db.resolve()}"
    from govaudit.crawler import probe

    from .certs import make_demo_certs

    ca_file, tls = make_demo_certs(out / "demo-certs", as_of)
    probe.TRUST.cafile = str(ca_file)  # the demo's HTTPS side is signed by the demo's own CA
    secure = SiteServer({"/": _SECURE_HOME}, ssl_context=tls)
    with SiteServer.from_dir(SITE_DIR, today=as_of) as server, secure:
        print(f"示范县网站已在 {server.url}/ 启动，开始检查（基准日期 {as_of}）…")
        text = demo_config(server.url, f"http://127.0.0.1:{closed_port()}", secure.url)
        (out / "demo-config.yaml").write_text(text, encoding="utf-8")
        code = run_audit(
            str(out / "demo-config.yaml"), text, site=None, as_of=as_of,
            json_out=str(out / "report.json"), html_out=str(out / "report.html"),
            db=db_url, quiet=quiet, verbose=verbose,
        )  # fmt: skip
    if code or not loop:
        return code
    return run_loop(text, db_url, out / "mail", as_of)


def run_loop(config_text: str, db_url: str, mail_dir: Path, as_of: dt.date) -> int:
    """The daily loop's morning on the demo: every new issue is assigned (交办) to its unit with
    the default deadline, then the mails the morning job would send are written to `mail_dir`
    (.eml as it would go out, .html to open in a browser, the XLSX 交办单) — no mail server."""
    from govaudit.config import parse_config
    from govaudit.issues import lifecycle as issues
    from govaudit.notify import mail
    from govaudit.store import open_db

    config = parse_config(config_text, "demo-config.yaml")
    sessions = open_db(db_url)
    assigned = 0
    for issue in issues.list_issues(sessions, state="new"):
        if issue.unit:
            issues.assign(sessions, issue.id, actor="办公室（演示）", as_of=as_of, config=config)
            assigned += 1
    mails = mail.build_daily_mails(sessions, config, as_of)
    mail.write_mails(mails, mail_dir, "govaudit@example.test")
    open_count = len(issues.list_issues(sessions, state="open"))
    print(f"每日闭环：{open_count} 个待整改问题，本次交办 {assigned} 个；"
          f"将发送的 {len(mails)} 封邮件（含 Excel 交办单）已写入 {mail_dir.resolve()}")  # fmt: skip
    for m in mails:
        print(f"  {', '.join(m.to)}：{m.subject}")
    print(f"查看与反馈：govaudit serve --config {mail_dir.parent / 'demo-config.yaml'} --db {db_url}")
    return 0
