"""No output of govaudit ever holds a planted full ID, mobile or bank card number: a full audit
through the CLI (JSON, HTML, SQLite findings and notes, the captured logs at debug level)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, make_config
from tests.content_site import COLUMNS, PLANTED, content_site


def test_no_output_holds_a_full_number(server: SiteServer, tmp_path: Path) -> None:
    base = content_site(server)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(make_config(base, COLUMNS, crawl={"check_external": False}), encoding="utf-8")
    db = tmp_path / "out.db"
    cmd = [sys.executable, "-m", "govaudit.cli", "-vv", "audit", "--config", str(cfg), "--as-of", AS_OF.isoformat(),
           "--json", str(tmp_path / "out.json"), "--html", str(tmp_path / "out.html"), "--db", f"sqlite:///{db}",
           "--quiet"]  # fmt: skip
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    leaks = [f for f in report["findings"] if f["check"] == "privacy_leak"]
    assert len(leaks) == 2  # the audit did see the numbers (one finding per page) …
    con = sqlite3.connect(db)
    texts = [row for (row,) in con.execute("select message || ' ' || evidence || ' ' || url from findings")]
    texts += [row for (row,) in con.execute("select message || ' ' || url from notes")]
    con.close()
    assert len(texts) >= len(report["findings"])
    outputs = {
        "json": (tmp_path / "out.json").read_text(encoding="utf-8"),
        "html": (tmp_path / "out.html").read_text(encoding="utf-8"),
        "database findings/notes": "\n".join(texts),
        "stdout": res.stdout,
        "logs (stderr)": res.stderr,
    }
    assert "DEBUG" in res.stderr  # the logs were captured at their most talkative
    for name, text in outputs.items():
        for number in PLANTED:  # … and no output says them in full
            assert number not in text and number.lower() not in text, (name, number[:4])
