"""The secret that signs web sessions and the recheck links in mails, and those links' tokens.

The secret comes from the environment variable `web.secret_env` when configured; otherwise it is
generated once and kept in the database (`app_secrets`), so that the process that queues a mail
and the web server that receives the click agree on it.
"""

from __future__ import annotations

import os
import secrets

from govaudit.config.schema import Config
from govaudit.store.loop_tables import AppSecret
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from govaudit.errors import ConfigError

_NAME = "web"
_SALT = "govaudit-recheck"


def secret_key(sessions: sessionmaker[Session], config: Config) -> str:
    env = config.web.secret_env
    if env:
        value = os.environ.get(env)
        if not value:
            raise ConfigError(f"web.secret_env: 环境变量 {env} 未设置")
        return value
    with sessions() as s:
        row = s.get(AppSecret, _NAME)
        if row is not None:
            return row.value
    try:
        with sessions() as s, s.begin():
            s.add(AppSecret(name=_NAME, value=secrets.token_urlsafe(48)))
    except IntegrityError:  # another process made it first
        pass
    with sessions() as s:
        row = s.get(AppSecret, _NAME)
        assert row is not None
        return row.value


def recheck_token(secret: str, issue_id: int, unit: str | None) -> str:
    """A token for the recheck link of one issue, for its unit."""
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps({"i": issue_id, "u": unit})


def read_recheck_token(secret: str, token: str, max_age_days: int) -> tuple[int, str | None] | None:
    """(issue id, unit) of a valid token; None when forged, damaged or expired."""
    try:
        data = URLSafeTimedSerializer(secret, salt=_SALT).loads(token, max_age=max_age_days * 86400)
    except BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    unit = data.get("u")
    return data["i"], unit if isinstance(unit, str) else None
