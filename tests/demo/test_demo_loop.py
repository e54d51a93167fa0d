"""`govaudit demo --loop`: the daily loop on the bundled demo site, no mail server — the issues
are assigned and the mails it would send are written to OUT/mail (.eml, .html, .xlsx)."""

from __future__ import annotations

import email
import email.policy
import io
import subprocess
import sys
from pathlib import Path

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
