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
from govaudit.store.schema import ConfigCopy
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now, use_timezone
from govaudit.errors import ConfigError

from .loader import parse_config
from .schema import Config

SOURCE = "数据库中的配置"


def latest_text(sessions: sessionmaker[Session]) -> str | None:
    """The newest saved config text, or None when the database holds none."""
    with sessions() as s:
        row = s.scalars(select(ConfigCopy).order_by(ConfigCopy.id.desc()).limit(1)).first()
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


def save_text(sessions: sessionmaker[Session], text: str, *, actor: str, note: str = "",
              base_dir: Path | None = None) -> Config:  # fmt: skip
    """Validate `text` and store it as the newest version; raises ConfigError when it is invalid."""
    config = parse_config(text, SOURCE, base_dir)
    with sessions() as s, s.begin():
        s.add(ConfigCopy(text=text, saved_at=now(), saved_by=actor, note=note))
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


def import_file(sessions: sessionmaker[Session], path: str | Path, *, actor: str) -> Config:
    """Read, validate and store a config file (catalog paths made absolute, so the stored copy
    does not depend on the working directory)."""
    p = Path(path)
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
    return save_text(sessions, dump(data), actor=actor, note=f"导入 {p.name}")
