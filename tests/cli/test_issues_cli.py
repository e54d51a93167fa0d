"""`govaudit issues …` on a real database (issues from runs written through the store)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from govaudit.config import parse_config
from govaudit.issues.sync import sync_run
from govaudit.store import open_db

from tests.issues.test_issues import CONFIG, MON, SITE, a_run, broken, stale


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govaudit.cli", *args], capture_output=True, text=True, timeout=60
    )


def test_issues_commands(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'i.db'}"
    sessions = open_db(db)
    config = parse_config(CONFIG.replace("auto_assign: true", "auto_assign: false"), "c.yaml")
    a, b, c = sync_run(sessions, config, SITE, a_run(sessions, MON, [stale(), stale("教育动态", "县教育局"),
                                                                             broken()], link_ok=False), MON).new  # fmt: skip
    path = tmp_path / "c.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    common = ["--config", str(path), "--db", db]
    rows = json.loads(_cli("issues", "list", "--json", *common).stdout)
    assert [r["state"] for r in rows] == ["new"] * 3
    assert {"id", "check", "url", "unit", "state", "deadline", "opened", "reopen_count"} <= set(rows[0])
    only = json.loads(_cli("issues", "list", "--json", "--unit", "县教育局", *common).stdout)
    assert [r["id"] for r in only] == [b]
    assert json.loads(_cli("issues", "list", "--json", "--site", "别的网站", *common).stdout) == []
    out = _cli("issues", "assign", str(a), "--unit", "县教育局", "--deadline", "2026-11-30", *common)
    assert out.returncode == 0 and "已交办" in out.stdout
    assigned = json.loads(_cli("issues", "list", "--json", "--state", "assigned", *common).stdout)
    assert [(r["id"], r["unit"], r["deadline"]) for r in assigned] == [(a, "县教育局", "2026-11-30")]
    late = _cli("issues", "list", "--overdue", "--as-of", "2026-12-01", *common)
    assert late.returncode == 0 and "已逾期" in late.stdout and "共 1 项" in late.stdout
    assert _cli("issues", "false-alarm", str(c), "--reason", "链接可正常打开", *common).returncode == 0
    again = _cli("issues", "assign", str(c), *common)
    assert again.returncode == 2 and "核实无误" in again.stderr and again.stderr.count("\n") == 1
    shown = json.loads(_cli("issues", "show", str(a), "--json", *common).stdout)
    assert [h["to"] for h in shown["history"]] == ["new", "assigned"] and shown["history"][1][
        "actor"
    ] == "办公室"
    bad = _cli("issues", "assign", str(a), "--deadline", "2026-13-01", *common)
    assert bad.returncode == 2 and "无效" in bad.stderr
    nofb = _cli("issues", "feedback", str(b), "--kind", "maybe", "--note", "x", *common)
    assert nofb.returncode == 2
