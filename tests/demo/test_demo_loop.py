"""`govaudit demo --loop`: the daily loop on the bundled demo site, no mail server — the issues
are assigned and the mails it would send are written to OUT/mail (.eml, .html, .xlsx)."""

from __future__ import annotations

import email
import email.policy
import io
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook


def test_demo_loop_writes_the_mails(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    res = subprocess.run([sys.executable, "-m", "govaudit.cli", "demo", "--loop", "--quiet", "--out", str(out),
                          "--as-of", "2026-11-20"], capture_output=True, text=True, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    mail_dir = out / "mail"
    assert str(mail_dir.resolve()) in res.stdout and "每日闭环" in res.stdout
    emls = sorted(p.name for p in mail_dir.glob("*.eml"))
    # one mail per unit with issues (the unreachable township site's unit included), and the summary
    assert "daily-青山镇人民政府-2026-11-20.eml" in emls and "summary-2026-11-20.eml" in emls
    assert "daily-县发展和改革局-2026-11-20.eml" in emls
    msg = email.message_from_bytes((mail_dir / "daily-青山镇人民政府-2026-11-20.eml").read_bytes(),
                                   policy=email.policy.default)  # fmt: skip
    assert msg["To"] == "qsz@example.test" and "整改交办" in str(msg["Subject"])
    (att,) = list(msg.iter_attachments())  # type: ignore[attr-defined]
    ws = load_workbook(io.BytesIO(att.get_content()))["交办单"]
    assert "责任单位：青山镇人民政府" in ws["A2"].value
    assert (mail_dir / "交办单-青山镇人民政府-2026-11-20.xlsx").is_file()
    assert "首页" in (mail_dir / "summary-2026-11-20.html").read_text(encoding="utf-8")
    # the console's logins, printed once, work against the database's config
    assert "govaudit demo --serve" in res.stdout
    from govaudit.config import dbcopy
    from govaudit.store import open_db
    from govaudit.web import create_app

    from tests.web.test_web import login

    db = f"sqlite:///{(out / 'govaudit.db').resolve()}"
    config = dbcopy.load(open_db(db))
    assert config is not None
    client = create_app(config, db).test_client()
    office_pw = re.search(r"用户名 zwgk  密码 (\S+)", res.stdout).group(1)  # type: ignore[union-attr]
    unit_pw = re.search(r"用户名 xzfb  密码 (\S+)", res.stdout).group(1)  # type: ignore[union-attr]
    assert "单项否决风险" in login(client, "zwgk", office_pw)
    client = create_app(config, db).test_client()
    assert "概览（县政府办公室）" in login(client, "xzfb", unit_pw)


def _login(session, base: str, who: str, password: str) -> str:  # type: ignore[no-untyped-def]
    page = session.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return session.post(base + "/login", data={"login": who, "password": password, "csrf_token": token},
                        timeout=10).text  # fmt: skip


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


@pytest.mark.slow
def test_demo_serve_click_through_the_loop(tmp_path: Path) -> None:
    """`demo --serve`: logins printed; the unit answers its broken-attachment issue with proof,
    asks for a recheck; once the demo site is "repaired" the recheck rectifies it."""
    import requests

    proc = subprocess.Popen([sys.executable, "-m", "govaudit.cli", "demo", "--serve", "--quiet", "--port", "0",
                             "--out", str(tmp_path / "demo")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 240
        while not any(line.startswith("演示步骤") for line in lines):
            assert time.monotonic() < deadline and proc.poll() is None, "".join(lines)
            lines.append(proc.stdout.readline())
        out = "".join(lines)
        base = re.search(r"网页控制台：(http://127\.0\.0\.1:\d+)/", out).group(1)  # type: ignore[union-attr]
        fix = re.search(r"模拟单位整改失效附件：(\S+)", out).group(1)  # type: ignore[union-attr]
        office_pw = re.search(r"用户名 zwgk  密码 (\S+)", out).group(1)  # type: ignore[union-attr]
        unit_pw = re.search(r"用户名 xzfb  密码 (\S+)", out).group(1)  # type: ignore[union-attr]
        office, unit = requests.Session(), requests.Session()
        assert "单项否决风险" in _login(office, base, "zwgk", office_pw)
        assert "概览（县政府办公室）" in _login(unit, base, "xzfb", unit_pw)
        from govaudit.issues import lifecycle
        from govaudit.store import open_db

        rows = lifecycle.list_issues(
            open_db(f"sqlite:///{(tmp_path / 'demo' / 'govaudit.db').resolve()}"), state="open"
        )
        (broken,) = [i.id for i in rows if i.check == "broken_link" and i.url.endswith("b28e4d1f0c.pdf")]
        assert f'href="/issues/{broken}"' in unit.get(base + "/issues", timeout=10).text
        page = unit.get(f"{base}/issues/{broken}", timeout=10).text
        assert "b28e4d1f0c.pdf" in page
        unit.post(f"{base}/issues/{broken}/feedback", data={"kind": "fixed", "note": "已重新上传附件", "csrf_token": _csrf(page)},
                  files={"proof": ("截图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")}, timeout=10)  # fmt: skip
        page = unit.get(f"{base}/issues/{broken}", timeout=10).text
        assert "已反馈" in page and "截图.png" in page
        unit.post(f"{base}/issues/{broken}/recheck", data={"csrf_token": _csrf(page)}, timeout=10)
        assert requests.get(fix, timeout=10).ok
        deadline = time.monotonic() + 120
        while "已整改" not in re.search(r'id="state">([^<]*)', page).group(1):  # type: ignore[union-attr]
            assert time.monotonic() < deadline, page
            time.sleep(2)
            page = office.get(f"{base}/issues/{broken}", timeout=10).text
        assert "已反馈 → 已整改" in page
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
