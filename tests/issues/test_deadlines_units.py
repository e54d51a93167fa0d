"""Deadlines by what the problem demands (a privacy leak: 1 working day), configurable per check;
assigning to a unit the config does not list is refused with the list of those it does."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from govaudit.checks import REGISTRY
from govaudit.config import parse_config
from govaudit.issues import lifecycle as I
from govaudit.issues.deadlines import CHECK_WORKDAYS, default_deadline
from govaudit.store import open_db

from govaudit.errors import ConfigError, IssueError
from govaudit.models import Finding, Severity
from tests.issues import seed

FRI = dt.date(2026, 11, 20)  # a Friday: 1 working day later is Monday the 23rd


def test_deadline_by_check_then_severity() -> None:
    cfg = seed.config()
    assert default_deadline(cfg, "veto", FRI, "privacy_leak") == dt.date(2026, 11, 23)
    assert default_deadline(cfg, "veto", FRI, "serious_error") == dt.date(2026, 11, 23)
    assert default_deadline(cfg, "veto", FRI, "homepage_stale") == dt.date(2026, 11, 25)  # veto: 3
    assert default_deadline(cfg, "minor", FRI, "typo") == dt.date(2026, 12, 4)  # minor: 10
    assert set(CHECK_WORKDAYS) <= set(REGISTRY)


def test_deadlines_configurable_and_validated() -> None:
    text = seed.config_text().replace(
        "  auto_assign: true", "  auto_assign: true\n  deadlines: {privacy_leak: 2, typo: 1}"
    )
    cfg = parse_config(text, "t.yaml")
    assert default_deadline(cfg, "veto", FRI, "privacy_leak") == dt.date(2026, 11, 24)
    assert default_deadline(cfg, "minor", FRI, "typo") == dt.date(2026, 11, 23)
    with pytest.raises(ConfigError, match="issues.deadlines.*no_such_check"):
        parse_config(text.replace("typo: 1", "no_such_check: 1"), "t.yaml")


def test_a_privacy_leak_is_assigned_with_one_working_day(tmp_path: Path) -> None:
    sessions = open_db(f"sqlite:///{tmp_path / 'd.db'}")
    cfg = seed.config()  # auto_assign: new issues go to their unit with the default deadline
    leak = Finding("privacy_leak", Severity.VETO, seed.SITE, "教育动态", seed.BASE + "/jy/a.html", "县教育局",
                   "页面含未脱敏的身份证号码，请立即撤下", {"kinds": ["id_card"]})  # fmt: skip
    seed.audit_run(sessions, cfg, FRI, [leak])
    (issue,) = [i for i in I.list_issues(sessions) if i.check == "privacy_leak"]
    assert issue.state == "assigned" and issue.deadline == dt.date(2026, 11, 23)


def test_unknown_unit_refused_with_the_known_ones(tmp_path: Path) -> None:
    sessions = open_db(f"sqlite:///{tmp_path / 'u.db'}")
    cfg = seed.config()
    seed.seed(sessions, cfg)
    iid = I.list_issues(sessions)[0].id
    with pytest.raises(IssueError) as err:
        I.assign(sessions, iid, actor="办公室", unit="县教育厅", as_of=seed.MON, config=cfg)
    message = str(err.value)
    assert (
        "县教育厅" in message and "县政府办公室、县教育局、县发展和改革局" in message and "\n" not in message
    )
    assert I.get_issue(sessions, iid).unit != "县教育厅"


def test_cli_refuses_an_unknown_unit_and_never_creates_a_database(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(seed.config_text(), encoding="utf-8")
    db = tmp_path / "i.db"
    seed.seed(open_db(f"sqlite:///{db}"), seed.config())

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "govaudit.cli", *args], capture_output=True, text=True,
                              timeout=60, cwd=tmp_path)  # fmt: skip

    bad = cli("issues", "assign", "1", "--unit", "县教育厅", "--config", str(cfg), "--db", f"sqlite:///{db}")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert (
        "没有名为“县教育厅”的单位" in bad.stderr
        and "县教育局" in bad.stderr
        and "Traceback" not in bad.stderr
    )
    # no --db, no db: in the config, no ./govaudit.db: said clearly, nothing created
    none = cli("issues", "list", "--config", str(cfg))
    assert none.returncode == 2 and "未指定数据库" in none.stderr
    missing = cli("issues", "list", "--config", str(cfg), "--db", f"sqlite:///{tmp_path / 'nope.db'}")
    assert missing.returncode == 2 and "不存在" in missing.stderr
    assert not (tmp_path / "govaudit.db").exists() and not (tmp_path / "nope.db").exists()
    # the config's db: is used when --db is not given
    cfg.write_text(seed.config_text() + f"db: sqlite:///{db}\n", encoding="utf-8")
    listed = cli("issues", "list", "--config", str(cfg))
    assert listed.returncode == 0 and "共 4 项" in listed.stdout, listed.stderr
    by_word = cli("issues", "list", "--config", str(cfg), "--state", "已交办")  # states in Chinese too
    assert by_word.returncode == 0 and "共 4 项" in by_word.stdout, by_word.stderr
    assert "共 0 项" in cli("issues", "list", "--config", str(cfg), "--state", "已整改").stdout
