"""The demo's web logins: one for the office (政务公开办公室, sees everything) and one for a unit
(县政府办公室's web team, the unit of the demo's broken 政策文件 attachment). Passwords are new
each time and printed once; only their hashes are stored (the database's config and the
demo-config.yaml written next to it)."""

from __future__ import annotations

import secrets
from pathlib import Path

import yaml
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import generate_password_hash

from govaudit.config import dbcopy

OFFICE_LOGIN = "zwgk"
UNIT_LOGIN, UNIT = "xzfb", "县政府办公室"


def create_logins(sessions: sessionmaker[Session], config_text: str, config_file: Path) -> dict[str, str]:
    """Add the two logins to the demo config, store it in the database; login -> password."""
    passwords = {OFFICE_LOGIN: f"zwgk-{secrets.token_hex(3)}", UNIT_LOGIN: f"xzfb-{secrets.token_hex(3)}"}
    data = yaml.safe_load(config_text)
    data["web"] = {"users": [
        {"login": OFFICE_LOGIN, "role": "office", "password_hash": generate_password_hash(passwords[OFFICE_LOGIN])},
        {"login": UNIT_LOGIN, "unit": UNIT, "password_hash": generate_password_hash(passwords[UNIT_LOGIN])},
    ]}  # fmt: skip
    text = dbcopy.dump(data)
    dbcopy.save_text(sessions, text, actor="演示", note="演示账号")
    config_file.write_text(text, encoding="utf-8")
    print("网页控制台账号（密码仅显示这一次）：")
    print(f"  政务公开办公室：用户名 {OFFICE_LOGIN}  密码 {passwords[OFFICE_LOGIN]}")
    print(f"  {UNIT}（单位账号）：用户名 {UNIT_LOGIN}  密码 {passwords[UNIT_LOGIN]}")
    return passwords
