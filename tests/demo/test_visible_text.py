"""Everything an official reads, rendered from the demo's audit, holds no English identifiers and
no exception text (tests/visible_text.py): the HTML report, the mails as a real SMTP server
receives them (text and HTML parts, subject, attachment names), the XLSX 交办单, every web page
(office and unit logins, every GET route of web/), and the CLI's help."""

from __future__ import annotations

import email
import email.policy
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from govaudit.config import parse_config
from govaudit.config.schema import Config
from govaudit.issues import lifecycle as I
from govaudit.issues import rechecks
from govaudit.notify import mail, outbox
from govaudit.notify.tokens import recheck_token, secret_key
from govaudit.store import evidence, open_db
from govaudit.store.schema import Run
from govaudit.web import create_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from tests.smtpserver import SmtpServer
from tests.visible_text import assert_chinese, html_text, mail_text, xlsx_text

AS_OF = "2026-11-20"
PW = "演示密码-2026"
LOGINS = ("office", "jyj")  # login names are the county's own data, shown as given

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    res = subprocess.run([sys.executable, "-m", "govaudit.cli", "demo", "--loop", "--quiet", "--out", str(out),
                          "--as-of", AS_OF], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    return out


def _config(demo: Path, **extra: object) -> Config:
    data = yaml.safe_load((demo / "demo-config.yaml").read_text(encoding="utf-8"))
    data.update(extra)
    return parse_config(yaml.safe_dump(data, allow_unicode=True), "demo-config.yaml")


def _db(demo: Path) -> str:
    return f"sqlite:///{(demo / 'govaudit.db').resolve()}"


def test_html_report(demo: Path) -> None:
    assert_chinese(html_text((demo / "report.html").read_bytes()), "report.html")


def test_xlsx_sheets_and_written_mails(demo: Path) -> None:
    sheets = sorted((demo / "mail").glob("*.xlsx"))
    assert sheets
    for path in sheets:
        assert_chinese(xlsx_text(path.read_bytes()), path.name)
    for path in sorted((demo / "mail").glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert_chinese(mail_text(msg), path.name)  # type: ignore[arg-type]
    for path in sorted((demo / "mail").glob("*.html")):
        assert_chinese(html_text(path.read_bytes()), path.name)


def test_mails_as_received_by_a_real_smtp_server(demo: Path) -> None:
    import datetime as dt

    day = dt.date.fromisoformat(AS_OF)
    with SmtpServer() as srv:
        cfg = _config(demo, smtp={"host": "127.0.0.1", "port": srv.port, "sender": "govaudit@example.test",
                                  "office_email": "zwgk@example.test", "timeout": 5})  # fmt: skip
        sessions = open_db(_db(demo))
        queued = mail.queue_daily_mails(sessions, cfg, day) + mail.queue_weekly_summary(sessions, cfg, day)
        sent, failed = outbox.deliver(sessions, cfg)
        assert queued >= 3 and failed == 0 and sent >= queued
        received = list(srv.handler.received)
    assert len(received) >= queued
    for r in received:
        msg = r.message
        assert msg.get_body(("plain",)) is not None and msg.get_body(("html",)) is not None
        assert_chinese(mail_text(msg), f"mail {msg['Subject']}")
        for part in msg.iter_attachments():
            if part.get_filename().endswith(".xlsx"):
                assert_chinese(xlsx_text(part.get_content()), part.get_filename())


def _csrf(page: str) -> str | None:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return m.group(1) if m else None


def _walk(client, rules: list[str], ids: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Every GET route with its arguments filled in: (url, visible text)."""
    pages = []
    for rule in rules:
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ids[m.group(1)], rule)
        resp = client.get(url, follow_redirects=True)
        assert resp.status_code in (200, 204, 403), (url, resp.status_code)  # 204: the favicon
        if "/page/" in rule:  # 检查时页面: the site's own page as fetched, not the console's words
            assert resp.headers["Content-Security-Policy"].startswith("sandbox")
            pages.append((url, "<html></html>"))
        elif resp.mimetype == "text/html":
            pages.append((url, resp.get_data(as_text=True)))
    return pages


def test_every_web_page(demo: Path) -> None:
    users = [{"login": "office", "role": "office", "password_hash": generate_password_hash(PW)},
             {"login": "jyj", "unit": "县教育局", "password_hash": generate_password_hash(PW)}]  # fmt: skip
    cfg = _config(demo, web={"users": users})
    db = _db(demo)
    sessions = open_db(db)
    issues = I.list_issues(sessions)
    edu = next(i for i in issues if i.unit == "县教育局")
    # give the pages every kind of history: feedback, a recheck asked for and one that could not judge
    I.give_feedback(sessions, edu.id, actor="县教育局·jyj", kind="fixed", note="已整改，请复核")
    rechecks.request_recheck(sessions, [edu.id], actor="县教育局·jyj")
    rechecks.record_unjudged(sessions, [edu.id], "页面未能打开（连接被拒绝）", None)
    other = next(i for i in issues if i.unit != "县教育局" and i.id != edu.id)
    I.mark_false_alarm(sessions, other.id, actor="办公室·office", reason="经核实不是问题")
    with sessions() as s:
        run_id = s.scalar(select(Run.id).order_by(Run.id))
    app = create_app(cfg, db, today=lambda: __import__("datetime").date.fromisoformat(AS_OF))
    captures = evidence.list_for(sessions, edu.fingerprint)  # the page kept as fetched (issue 13)
    assert captures
    from govaudit.issues import proofs

    (file_id,) = proofs.save(sessions, edu.id, [(proofs.Upload("整改截图.png", b"\x89PNG\r\n\x1a\n" + bytes(40)),
                                                 "image/png")], actor="县教育局·jyj", event_id=None)  # fmt: skip
    ids = {"issue_id": str(edu.id), "run_id": str(run_id), "evidence_id": str(captures[0]["id"]),
           "file_id": str(file_id), "index": "0",
           "token": recheck_token(secret_key(sessions, cfg), edu.id, "县教育局")}  # fmt: skip
    rules = sorted(
        {r.rule for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"}
    )
    assert {"/", "/issues", "/issues/<issue_id>", "/runs", "/stats", "/login"} <= {
        re.sub(r"<\w+:", "<", r) for r in rules
    }
    seen = 0
    for login in LOGINS:
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        assert_chinese(html_text(page), "/login", LOGINS)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        client.post("/login", data={"login": login, "password": PW, "csrf_token": token})
        for url, html in _walk(client, rules, ids):
            assert_chinese(html_text(html), f"{login} {url}", LOGINS)
            seen += 1
        # a refused unit and a page that does not exist are in Chinese too
        token = _csrf(client.get(f"/issues/{edu.id}").get_data(as_text=True)) or token
        bad = client.post(f"/issues/{edu.id}/assign", data={"unit": "县教育厅", "csrf_token": token},
                          follow_redirects=True)  # fmt: skip
        if login == "office":
            text = html_text(bad.get_data(as_text=True))
            assert "没有名为“县教育厅”的单位" in text and "县教育局" in text
            assert I.get_issue(sessions, edu.id).unit == "县教育局"
        assert_chinese(html_text(client.get("/issues/999999").get_data(as_text=True)), "404", LOGINS)
    files = [r for r in rules if r.endswith((".ico", ".xlsx")) or "/proofs/" in r]  # not HTML pages
    assert seen >= 2 * (len(rules) - 1 - len(files))
    # the issue page shows the recheck's trace, and why it could not judge
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"login": "office", "password": PW, "csrf_token": token})
    issue_page = html_text(client.get(f"/issues/{edu.id}").get_data(as_text=True))
    assert "申请复核" in issue_page and "复核未能判定，状态不变：页面未能打开（连接被拒绝）" in issue_page


@pytest.mark.parametrize("command", [[], ["audit"], ["issues"], ["issues", "assign"], ["recheck"], ["serve"],
                                     ["send-reports"], ["demo"], ["check-config"], ["check-doc"], ["config"],
                                     ["config", "import"], ["issues", "export"], ["issues", "import-feedback"], ["worker"]])  # fmt: skip
def test_cli_help_is_chinese(command: list[str]) -> None:
    res = subprocess.run([sys.executable, "-m", "govaudit.cli", *command, "--help"], capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    assert res.returncode == 0, res.stderr
    # option names are what one types; their help and the headings must be Chinese
    text = re.sub(
        r"(?<![\w-])--?[a-z][\w-]*|\{[^}]*\}|\b(?:fixed|cannot_fix|open|new|assigned|feedback|"
        r"rectified|reopened|waived|false_alarm|YYYY-MM-DD|YAML|JSON|db:|HH:MM)\b|web\.[\w\[\].]+|executor\.[\w.]+|govaudit[\w-]*"
        r"|hash-password|send-reports|check-config|check-doc|false-alarm|(?<=\s)(?:audit|issues|list|show|"
        r"assign|waive|recheck|serve|demo|config|export|import|import-feedback|worker)\b|sqlite:///\S+|web\.users\[\]\.password_hash",
        " ",
        res.stdout,
    )
    assert_chinese(text, f"govaudit {' '.join(command)} --help", ("mail",))  # (a folder name)
