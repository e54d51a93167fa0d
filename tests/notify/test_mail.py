"""Morning mails and the XLSX 交办单: rendered from real issues, sent to a real SMTP server."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from govaudit.issues import lifecycle as I
from govaudit.notify import mail, outbox
from govaudit.notify.tokens import read_recheck_token, secret_key
from govaudit.store import open_db
from openpyxl import load_workbook

from tests.issues import seed
from tests.smtpserver import SmtpServer

TUE = seed.MON + dt.timedelta(days=1)


@pytest.fixture
def sessions(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_db(f"sqlite:///{tmp_path / 'm.db'}")


def test_unit_mails_and_summary_content(sessions) -> None:  # type: ignore[no-untyped-def]
    cfg = seed.config(smtp_port=2525)
    seed.seed(sessions, cfg)
    mails = {m.key: m for m in mail.build_daily_mails(sessions, cfg, TUE)}
    # 县发展和改革局 has no issue; the office summary goes to smtp.office_email
    assert sorted(mails) == [
        "daily:县政府办公室:2026-11-17",
        "daily:县教育局:2026-11-17",
        "summary:2026-11-17",
    ]
    jy = mails["daily:县教育局:2026-11-17"]
    assert jy.to == ("jyj@example.test",)
    assert "县教育局" in jy.subject and "共 2 项" in jy.subject
    assert "栏目“教育动态”已 40 天未更新" in jy.html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in jy.html and "<script>alert" not in jy.html
    )  # autoescaped
    assert "http://127.0.0.1:8080/issues/" in jy.html and "招生简章" in jy.html
    assert "栏目“政务要闻”" not in jy.html  # only its own issues
    # the recheck link carries a signed token naming the issue and the unit
    secret = secret_key(sessions, cfg)
    tokens = [part.split('"')[0] for part in jy.html.split("http://127.0.0.1:8080/r/")[1:]]
    decoded = {read_recheck_token(secret, t, 30) for t in tokens}
    ids = {i.id for i in I.list_issues(sessions, unit="县教育局")}
    assert decoded == {(i, "县教育局") for i in ids}
    assert read_recheck_token(secret, tokens[0] + "x", 30) is None
    (att,) = jy.attachments
    assert att.filename == "交办单-县教育局-2026-11-17.xlsx"
    office = mails["summary:2026-11-17"]
    assert office.to == ("zwgk@example.test",)
    assert "单项否决风险 1 项" in office.subject
    assert "首页已 20 天未更新" in office.html and "趋势" in office.html
    assert "11-16" in office.html  # the trend's days


def test_overdue_and_due_soon_sections(sessions) -> None:  # type: ignore[no-untyped-def]
    cfg = seed.config(smtp_port=2525)
    seed.seed(sessions, cfg)
    # the veto issue is due in 3 working days (Thu 19th); on Fri 20th it is due soon... then overdue
    later = dt.date(2026, 11, 20)
    office_mail = next(
        m for m in mail.build_daily_mails(sessions, cfg, later) if m.key.startswith("daily:县政府")
    )
    assert "逾期未整改（1 项）" in office_mail.html
    assert "已逾期 1 个工作日" in office_mail.html
    assert "即将到期" in office_mail.html  # the major one, due Mon 23rd


def test_assignment_sheet_prints_and_files(sessions) -> None:  # type: ignore[no-untyped-def]
    cfg = seed.config(smtp_port=2525)
    seed.seed(sessions, cfg)
    jy = next(m for m in mail.build_daily_mails(sessions, cfg, TUE) if m.key.startswith("daily:县教育局"))
    wb = load_workbook(io.BytesIO(jy.attachments[0].data))
    ws = wb["交办单"]
    assert ws["A1"].value == "政府网站问题整改交办单"
    assert "责任单位：县教育局" in ws["A2"].value and "交办单位：县政府办公室" in ws["A2"].value
    assert "2026年11月17日" in ws["A2"].value
    header = [c.value for c in ws[4]]
    assert header[:8] == ["序号", "问题编号", "问题", "网站 / 栏目", "页面", "证据", "严重程度", "整改期限"]
    assert header[-2].startswith("反馈栏") and header[-1] == "校验码"
    assert ws.column_dimensions["L"].hidden  # the check key column
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5, max_row=6)]
    assert [r[0] for r in rows] == [1, 2]
    assert {r[1] for r in rows} == {i.id for i in I.list_issues(sessions, unit="县教育局", state="open")}
    assert any("教育动态" in r[2] for r in rows) and all(r[10] in (None, "") for r in rows)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$4"


def test_queue_is_idempotent_and_delivered_to_real_server(sessions) -> None:  # type: ignore[no-untyped-def]
    with SmtpServer() as srv:
        cfg = seed.config(smtp_port=srv.port)
        seed.seed(sessions, cfg)
        assert mail.queue_daily_mails(sessions, cfg, TUE) == 3
        assert mail.queue_daily_mails(sessions, cfg, TUE) == 0  # the morning job re-run
        assert mail.queue_weekly_summary(sessions, cfg, TUE) == 1
        assert mail.queue_weekly_summary(sessions, cfg, TUE + dt.timedelta(days=2)) == 0  # same ISO week
        assert outbox.deliver(sessions, cfg) == (4, 0)
        got = {r.key: r for r in srv.handler.received}
    assert sorted(got) == ["daily:县政府办公室:2026-11-17", "daily:县教育局:2026-11-17", "summary:2026-11-17",
                           "weekly:2026-W47"]  # fmt: skip
    msg = got["daily:县教育局:2026-11-17"].message
    (att,) = list(msg.iter_attachments())
    assert att.get_filename() == "交办单-县教育局-2026-11-17.xlsx"
    load_workbook(io.BytesIO(att.get_content()))  # a valid workbook
    assert "周报" in str(got["weekly:2026-W47"].message["Subject"])


def test_dry_run_files(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg = seed.config()
    seed.seed(sessions, cfg)
    written = mail.write_mails(mail.build_daily_mails(sessions, cfg, TUE), tmp_path / "out", "x@example.test")
    names = sorted(p.name for p in written)
    assert "daily-县教育局-2026-11-17.eml" in names and "交办单-县教育局-2026-11-17.xlsx" in names
    assert "summary-2026-11-17.html" in names  # to the office unit's own email (no smtp block)
    assert outbox.counts(sessions) == {}  # a dry run queues nothing


def test_hostile_page_text_in_the_sheet(sessions) -> None:  # type: ignore[no-untyped-def]
    from govaudit.models import Finding, Severity

    cfg = seed.config(smtp_port=2525)
    hostile = Finding("broken_link", Severity.MINOR, seed.SITE, "教育动态", seed.BASE + "/jy/x.pdf", "县教育局",
                      '=HYPERLINK("http://evil.test","点我")\x0b\x00', {"text": "=1+1", "status": 404},
                      key="HTTP 404")  # fmt: skip
    seed.audit_run(sessions, cfg, seed.MON, [hostile])
    (jy,) = [m for m in mail.build_daily_mails(sessions, cfg, TUE) if m.key.startswith("daily:县教育局")]
    ws = load_workbook(io.BytesIO(jy.attachments[0].data))["交办单"]
    cell = ws["C5"]  # 问题
    assert cell.data_type == "s" and "=HYPERLINK" in cell.value and "\x0b" not in cell.value
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_send_reports_cli_dry_run_and_errors(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'm.db'}"  # the fixture's database
    seed.seed(sessions, seed.config())
    cfg = tmp_path / "c.yaml"
    cfg.write_text(seed.config_text(), encoding="utf-8")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "govaudit.cli", "send-reports", "--config", str(cfg), "--db", db,
                               "--as-of", "2026-11-17", *args], capture_output=True, text=True, timeout=120)  # fmt: skip

    out = tmp_path / "dry"
    res = cli("--dry-run", "--weekly", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert str(out.resolve()) in res.stdout and "jyj@example.test" in res.stdout
    assert (out / "weekly-2026-W47.eml").is_file() and (out / "交办单-县教育局-2026-11-17.xlsx").is_file()
    res = cli()  # no smtp block: one line, exit 2, nothing queued
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "smtp" in res.stderr
    assert outbox.counts(sessions) == {}
    cfg.write_text(seed.config_text().replace("units:", "smtp: {sender: a@b.c, user: u, password_env: GA_NO_SUCH_PW}\nunits:"),
                   encoding="utf-8")  # fmt: skip
    res = cli()
    assert res.returncode == 2 and "GA_NO_SUCH_PW" in res.stderr and "Traceback" not in res.stderr


def test_without_smtp_nothing_is_queued(sessions) -> None:  # type: ignore[no-untyped-def]
    cfg = seed.config()
    seed.seed(sessions, cfg)
    assert mail.queue_daily_mails(sessions, cfg, TUE) == 0
    assert mail.queue_weekly_summary(sessions, cfg, TUE) == 0
    assert outbox.deliver(sessions, cfg) == (0, 0)
    assert outbox.counts(sessions) == {}
