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
    assert "数据库中还没有配置" in capsys.readouterr().err
