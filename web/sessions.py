"""Server-side web sessions: the signed cookie holds a random token whose hash is a row of
`web_sessions`; a request is logged in only while that row exists, is not revoked and has not
expired. Logging out revokes it, so an old cookie (copied, or kept by a browser) no longer works."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from govaudit.store.loop_tables import WebSession
from sqlalchemy import delete, update
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start(sessions: sessionmaker[Session], login: str, hours: int) -> str:
    """A new session of `login`; returns the token to keep in the cookie."""
    token = secrets.token_urlsafe(32)
    at = now()
    with sessions() as s, s.begin():
        s.execute(delete(WebSession).where(WebSession.expires < at - dt.timedelta(days=7)))  # old rows
        s.add(WebSession(id=_key(token), login=login, created=at, expires=at + dt.timedelta(hours=hours)))
    return token


def login_of(sessions: sessionmaker[Session], token: object) -> str | None:
    """The login of a live session token; None when unknown, revoked or expired."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    with sessions() as s:
        row = s.get(WebSession, _key(token))
    if row is None or row.revoked is not None or row.expires <= now():
        return None
    return row.login


def revoke(sessions: sessionmaker[Session], token: object) -> None:
    if isinstance(token, str) and token:
        with sessions() as s, s.begin():
            s.execute(update(WebSession).where(WebSession.id == _key(token)).values(revoked=now()))
