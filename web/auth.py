"""Logging in and out.

- Throttled per account and per address (web/throttle.py): back-off, then a lockout.
- An unknown login costs the same time as a wrong password (a dummy hash is checked), so
  login names cannot be told by response time.
- The session is server-side (web/sessions.py): logging out revokes it.
- `next=` is followed only as a path of this site, after what browsers ignore in a URL (tabs,
  newlines, other control characters) is removed and backslashes read as slashes.
"""

from __future__ import annotations

import logging
import re
import secrets
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers.response import Response as BaseResponse

from . import sessions as web_sessions
from .context import console

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)
SESSION_HOURS = 12
_IGNORED_IN_URLS = re.compile(r"[\x00-\x1f\x7f]")


def dummy_hash(hashes: list[str]) -> str:
    """A hash of a random password made like the users' own (same method and cost)."""
    method = hashes[0].split("$", 1)[0] if hashes else "scrypt"
    try:
        return generate_password_hash(secrets.token_hex(16), method=method)
    except (ValueError, TypeError):
        return generate_password_hash(secrets.token_hex(16))


def safe_next(raw: str | None) -> str | None:
    """`raw` as a path on this site, or None (absent, another site, a scheme)."""
    if not raw:
        return None
    cleaned = _IGNORED_IN_URLS.sub("", raw).strip().replace("\\", "/")
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return None
    return cleaned


def _password_ok(stored: str, password: str) -> bool:
    try:
        return check_password_hash(stored, password)
    except (ValueError, TypeError):  # a malformed hash in the config: no login with it
        return False


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse | tuple[str, int]:
    c = console()
    if request.method == "POST":
        name = request.form.get("login", "").strip()[:200]
        password = request.form.get("password", "")[:1000]
        address = request.remote_addr or "unknown"
        refusal = c.throttle.check(name, address)
        if refusal is not None:
            flash(refusal.message, "error")
            return render_template("login.html"), 429
        user = c.users.get(name)
        # the same work for an unknown name as for a known one
        ok = _password_ok(user.password_hash if user is not None else c.dummy_hash, password)
        if user is not None and ok:
            c.throttle.succeeded(name, address)
            web_sessions.revoke(c.sessions, session.get("sid"))
            session.clear()
            session.permanent = True
            session["sid"] = web_sessions.start(c.sessions, user.login, SESSION_HOURS)
            session["csrf"] = secrets.token_urlsafe(32)
            log.info("login %r from %s", user.login, address)
            return redirect(safe_next(request.args.get("next")) or url_for("issues.issue_list"))
        c.throttle.failed(name, address)
        flash("用户名或密码不正确。", "error")
    return render_template("login.html")


@bp.post("/logout")
def logout() -> BaseResponse:
    web_sessions.revoke(console().sessions, session.get("sid"))
    session.clear()
    return redirect(url_for("auth.login"))
