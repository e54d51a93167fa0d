"""The web console of the daily loop (Flask, Jinja2 autoescaped, Chinese).

`create_app(config, db_url)` is the WSGI app `govaudit serve` runs. Logins come from
`web.users` in the config (password hashes made by `govaudit hash-password`): the office
(role: office) sees and acts on every issue; a unit login sees only its own unit's issues —
enforced on the server on every request (web/context.py), not in the templates. Every POST
carries the session's CSRF token. Rechecks are only requested here; the scheduler processes them.

Pages are blueprints, one module each: auth.py (login), issue_pages.py (issues and the recheck
link in mails, the pages kept as evidence), archive.py (runs, reports, 整改统计), checkdoc.py (the
pre-publication check of a draft).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from govaudit.config.schema import Config
from govaudit.issues.lifecycle import FEEDBACK_KINDS, IssueState
from govaudit.notify.tokens import secret_key
from govaudit.reports.labels import SEVERITY_NAMES
from govaudit.store import open_db
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map
from werkzeug.wrappers.response import Response as BaseResponse

from . import archive, auth, checkdoc, issue_pages
from . import sessions as web_sessions
from .auth import SESSION_HOURS, dummy_hash
from .context import Console, viewer_of
from .throttle import LoginThrottle


class _Sessions(SecureCookieSessionInterface):
    """Session cookies marked Secure with web.https, and on any request that came over HTTPS
    (behind a proxy with web.proxy: the scheme it forwarded)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


class IdConverter(IntegerConverter):
    """An id in a URL: digits up to 2**31 - 1; a larger number is no page (404), never an
    overflow in the database (500)."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, max=2**31 - 1)


OPEN_ENDPOINTS = frozenset({"auth.login", "static", "issues.recheck_link"})


def create_app(config: Config, db_url: str, *, today: Callable[[], dt.date] | None = None) -> Flask:
    """The WSGI app. `today` gives the date deadlines are judged against: by default today in
    `schedule.timezone`, the scheduler's day (tests fix it)."""
    if today is None:
        from govaudit.clock import today as clock_today

        def today() -> dt.date:
            return clock_today(config)

    sessions = open_db(db_url)
    web = config.web
    app = Flask(__name__, template_folder="templates")
    app.config.update(
        SECRET_KEY=secret_key(sessions, config),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=web.https,  # served over HTTPS: the cookie never travels in clear
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        MAX_CONTENT_LENGTH=1 << 20,
    )
    if web.proxy:  # one reverse proxy in front: the client's address and scheme from its headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    app.url_map.converters["id"] = IdConverter
    app.session_interface = _Sessions()
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.extensions["govaudit"] = Console(
        config=config, sessions=sessions, today=today, users={u.login: u for u in web.users},
        throttle=LoginThrottle(web.login_free_failures, web.login_lockout_failures, web.login_lockout_minutes),
        dummy_hash=dummy_hash([u.password_hash for u in web.users]),
    )  # fmt: skip

    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return str(session["csrf"])

    app.jinja_env.globals.update(
        csrf_token=csrf_token, states=list(IssueState), severity_names=SEVERITY_NAMES,
        feedback_kinds=FEEDBACK_KINDS, sites=[s.name for s in config.sites],
        units=[u.name for u in config.units],
    )  # fmt: skip

    @app.before_request
    def _upload_limit() -> None:
        if request.endpoint == "checkdoc.upload":  # a draft may be larger than a form
            request.max_content_length = checkdoc.MAX_MB << 20

    @app.before_request
    def _load_viewer() -> BaseResponse | None:
        c: Console = app.extensions["govaudit"]
        login = web_sessions.login_of(c.sessions, session.get("sid")) if "sid" in session else None
        if login is None:
            session.pop("sid", None)  # revoked (logged out) or expired: no longer logged in
        user = c.users.get(login) if login else None
        g.viewer = viewer_of(user) if user else None
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not sent or not hmac.compare_digest(sent, str(session.get("csrf", ""))):
                abort(400, "页面已过期或请求无效，请刷新页面后重试。")
        if g.viewer is None and request.endpoint not in OPEN_ENDPOINTS:
            return redirect(
                url_for("auth.login", next=request.full_path if request.method == "GET" else None)
            )
        return None

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if web.https or request.is_secure:  # (behind a proxy: the scheme it forwarded)
            resp.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            cookies = resp.headers.getlist("Set-Cookie")
            if any("; Secure" not in c for c in cookies):
                resp.headers.setlist(
                    "Set-Cookie", [c if "; Secure" in c else c + "; Secure" for c in cookies]
                )
        resp.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
        )
        return resp

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(413)
    def _error(err: Any) -> tuple[str, int]:
        titles = {
            400: "请求无效",
            403: "无权访问",
            404: "页面不存在",
            405: "请求方式无效",
            413: "提交内容过大",
        }
        return render_template(
            "error.html", title=titles.get(err.code, "错误"), message=err.description
        ), err.code

    for blueprint in (auth.bp, issue_pages.bp, archive.bp, checkdoc.bp):
        app.register_blueprint(blueprint)
    return app
