"""`govaudit config import/export`: the file goes into the database (validated), comes back out
equal in meaning; a bad file is refused with one line; `check-config` still validates a file;
`serve`'s jobs read the database copy once there is one."""

from __future__ import annotations

from pathlib import Path

import pytest
from govaudit.config import dbcopy, load_config, parse_config
from govaudit.scheduler.jobs import current_config
from govaudit.store import open_db

from govaudit.cli import main
from tests.issues import seed


def test_import_export_roundtrip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(seed.config_text(), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert current_config(str(cfg), db).units == load_config(cfg).units  # no copy yet: the file
    assert main(["config", "import", str(cfg), "--db", db]) == 0
    assert "已导入配置：3 个单位，1 个网站，3 个栏目" in capsys.readouterr().out
    out = tmp_path / "out.yaml"
    assert main(["config", "export", "--db", db, "--out", str(out)]) == 0
    assert parse_config(out.read_text(encoding="utf-8")) == load_config(cfg)
    assert main(["check-config", str(out)]) == 0
    # the jobs of serve now use the database copy, even when the file changes
    cfg.write_text(seed.config_text().replace("县发展和改革局", "县发改局"), encoding="utf-8")
    assert any(u.name == "县发展和改革局" for u in current_config(str(cfg), db).units)
    bad = tmp_path / "bad.yaml"
    bad.write_text("sites: [{name: x, url: nope}]\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["config", "import", str(bad), "--db", db]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert dbcopy.load(open_db(db)) == load_config(tmp_path / "out.yaml")  # unchanged
    empty = f"sqlite:///{tmp_path / 'e.db'}"
    assert main(["config", "export", "--db", empty]) == 2
    assert "数据库不存在" in capsys.readouterr().err and not (tmp_path / "e.db").exists()  # none created
    open_db(empty)
    assert main(["config", "export", "--db", empty]) == 2
    assert "数据库中还没有配置" in capsys.readouterr().err


def test_serve_takes_the_file_until_the_web_edits(tmp_path: Path) -> None:
    """`serve --config F`: F imported at the first start and again when F changed; once the office
    edited the config in the browser, the database's copy wins and the line says so."""
    cfg = tmp_path / "c.yaml"
    cfg.write_text(seed.config_text(), encoding="utf-8")
    sessions = open_db(f"sqlite:///{tmp_path / 's.db'}")
    config, line = dbcopy.for_serve(sessions, cfg)
    assert "已将" in line and config == load_config(cfg)
    assert "一致" in dbcopy.for_serve(sessions, cfg)[1]
    cfg.write_text(seed.config_text().replace("县发展和改革局", "县发改局"), encoding="utf-8")
    config, line = dbcopy.for_serve(sessions, cfg)
    assert "已重新导入" in line and any(u.name == "县发改局" for u in config.units)

    def add_unit(data: dict) -> None:
        data["units"].append({"name": "县财政局"})

    dbcopy.edit(sessions, add_unit, actor="办公室·bgs", note="单位")
    config, line = dbcopy.for_serve(sessions, cfg)
    assert any(u.name == "县财政局" for u in config.units)
    assert "网页中修改过" in line and "未使用" in line
