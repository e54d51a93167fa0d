"""The config kept in the database (schema step 5, `config_copies`): what `govaudit serve` and the
web console use. YAML stays the import/export format (`govaudit config import/export`); the
office's edits in the browser (sites, columns, units, logins) save a new version here.

A version is stored as YAML text and validated exactly like a file (`parse_config`), so what the
browser saves is what `check-config` would accept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from govaudit.store.loop_tables import ConfigCopy
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now, use_timezone
from govaudit.errors import ConfigError

from .loader import parse_config
from .schema import Config

SOURCE = "数据库中的配置"


def latest_text(sessions: sessionmaker[Session]) -> str | None:
    """The newest saved config text, or None when the database holds none."""
    row = _latest(sessions)
    return row.text if row is not None else None


def load(sessions: sessionmaker[Session]) -> Config | None:
    """The newest saved config (its timezone becomes the process's clock), or None."""
    text = latest_text(sessions)
    if text is None:
        return None
    config = parse_config(text, SOURCE)
    use_timezone(config.schedule.timezone)
    return config


def to_text(config: Config) -> str:
    """A config as YAML (only what differs from the defaults)."""
    return dump(config.model_dump(mode="json", exclude_defaults=True))


def _latest(sessions: sessionmaker[Session]) -> ConfigCopy | None:
    with sessions() as s:
        return s.scalars(select(ConfigCopy).order_by(ConfigCopy.id.desc()).limit(1)).first()


def save_text(sessions: sessionmaker[Session], text: str, *, actor: str, note: str = "",
              base_dir: Path | None = None, source: str | None = None) -> Config:  # fmt: skip
    """Validate `text` and store it as the newest version; raises ConfigError when it is invalid."""
    config = parse_config(text, SOURCE, base_dir)
    with sessions() as s, s.begin():
        s.add(ConfigCopy(text=text, saved_at=now(), saved_by=actor, note=note, source=source))
    return config


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


def edit(sessions: sessionmaker[Session], change: Callable[[dict[str, Any]], None], *, actor: str,
         note: str, current: Config | None = None) -> Config:  # fmt: skip
    """Apply `change` to the newest config (as plain data; `current` when the database holds none
    yet) and save it when it still validates (else ConfigError, nothing saved)."""
    text = latest_text(sessions)
    if text is None:
        if current is None:
            raise ConfigError("数据库中还没有配置，请先导入配置文件（govaudit config import）")
        text = to_text(current)
    data = yaml.safe_load(text) or {}
    change(data)
    return save_text(sessions, dump(data), actor=actor, note=note)


def _file_text(p: Path) -> str:
    """A config file as it is stored: validated, catalog paths made absolute (so the stored copy
    does not depend on the working directory)."""
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{p}: 无法读取：{exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: 无法读取：不是 UTF-8 文本") from None
    parse_config(text, str(p), p.parent)  # errors name the file, not the database
    data = yaml.safe_load(text) or {}
    for site in data.get("sites") or []:
        catalog = site.get("catalog") if isinstance(site, dict) else None
        if isinstance(catalog, dict) and catalog.get("file") and not Path(catalog["file"]).is_absolute():
            catalog["file"] = str((p.parent / catalog["file"]).resolve())
    return dump(data)


def import_file(sessions: sessionmaker[Session], path: str | Path, *, actor: str) -> Config:
    """Read, validate and store a config file as the newest version."""
    p = Path(path)
    return save_text(sessions, _file_text(p), actor=actor, note=f"导入 {p.name}", source=str(p.resolve()))


def for_serve(sessions: sessionmaker[Session], path: str | Path) -> tuple[Config, str]:
    """The config `govaudit serve --config FILE` runs with, and a line saying which.

    No copy in the database yet: the file is imported. The newest copy is an import of this very
    file and the file has changed since: the file is imported again (editing the YAML and
    restarting still works). The newest copy was saved in the web console: it is kept, and the
    line says the file's changes are not used."""
    p = Path(path)
    latest = _latest(sessions)
    if latest is None:
        return import_file(
            sessions, p, actor="serve 启动时导入"
        ), f"已将 {p} 导入数据库；此后以数据库中的配置为准"
    if latest.source == str(p.resolve()):
        if _file_text(p) != latest.text:
            return import_file(sessions, p, actor="serve 启动时导入"), f"{p} 已修改，已重新导入数据库"
        config = load(sessions)
        assert config is not None
        return config, "使用数据库中的配置（与配置文件一致）"
    config = load(sessions)
    assert config is not None
    note = "使用数据库中的配置（" + ("网页中修改过" if latest.source is None else f"导入自 {latest.source}")
    if _file_text(p) != latest.text:
        note += f"；{p} 的内容与之不同，未使用，如需以文件为准请运行 govaudit config import"
    return config, note + "）"
