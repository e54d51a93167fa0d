"""The web console of the daily loop (Flask, Jinja2 autoescaped, Chinese).

`create_app(config, db_url)` is the WSGI app `govaudit serve` runs. Logins come from
`web.users` in the config (password hashes made by `govaudit hash-password`): the office
(role: office) sees and acts on every issue; a unit login sees only its own unit's issues —
enforced on the server on every request (web/context.py), not in the templates. Every POST
carries the session's CSRF token. Rechecks are only requested here; the scheduler processes them.

Pages are blueprints, one module each: auth.py (login), dashboard.py (概览), issue_pages.py
(issues and the recheck link in mails, the pages kept as evidence), bulk.py (交办 in bulk), excel.py
(XLSX export, 交办单 download and upload), proofs.py (反馈 with proof files), sites.py (sites and
proposed columns), units.py (units and logins), archive.py (runs, reports, 整改统计), checkdoc.py
(the pre-publication check of a draft).

The config the console starts with is the one given (`serve`: the database's copy, config/dbcopy.py
`for_serve`); the office's edits save a new copy and take effect at once (`Console.use`).
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

from . import archive, auth, bulk, checkdoc, dashboard, excel, issue_pages, proofs, sites, units
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


MAX_UPLOAD_BYTES = 24 << 20  # a form with proof files (each capped in proofs.py) or a 交办单
OPEN_ENDPOINTS = frozenset({"auth.login", "static", "issues.recheck_link", "favicon"})


def create_app(
    config: Config,
    db_url: str,
    *,
    today: Callable[[], dt.date] | None = None,
    on_config_change: Callable[[Config], None] | None = None,
) -> Flask:
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
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
    )
    if web.proxy:  # one reverse proxy in front: the client's address and scheme from its headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    app.url_map.converters["id"] = IdConverter
    app.session_interface = _Sessions()
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.extensions["govaudit"] = Console(
        config=config, sessions=sessions, today=today, db_url=db_url,
        on_config_change=on_config_change,
        throttle=LoginThrottle(web.login_free_failures, web.login_lockout_failures, web.login_lockout_minutes),
        dummy_hash=dummy_hash([u.password_hash for u in web.users]),
    )  # fmt: skip

    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return str(session["csrf"])

    app.jinja_env.globals.update(
        csrf_token=csrf_token, states=list(IssueState), severity_names=SEVERITY_NAMES,
        feedback_kinds=FEEDBACK_KINDS,
    )  # fmt: skip

    @app.context_processor
    def _config_names() -> dict[str, Any]:  # current after every edit of the config
        cfg = app.extensions["govaudit"].config
        return {"sites": [x.name for x in cfg.sites], "units": [u.name for u in cfg.units]}

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
    @app.errorhandler(500)
    def _error(err: Any) -> tuple[str, int]:
        titles = {400: "请求无效", 403: "无权访问", 404: "页面不存在", 405: "操作无效", 413: "上传的文件过大",
                  500: "服务器内部错误"}  # fmt: skip
        plain = {400: "请求无效，请返回后重试。", 403: "无权访问该页面。", 404: "您访问的页面不存在。",
                 405: "该页面不支持此操作，请返回后重试。", 500: "服务器处理出错，请稍后重试；如持续出现请联系管理员。",
                 413: f"一次上传的文件合计不能超过 {MAX_UPLOAD_BYTES >> 20} MB，请压缩或分次上传。"}  # fmt: skip
        message = err.description
        if err.code == 413 or message == type(err).description:  # werkzeug's own (English) words
            message = plain.get(err.code, "请求无法完成。")
        return render_template("error.html", title=titles.get(err.code, "错误"), message=message), err.code

    @app.get("/favicon.ico", endpoint="favicon")
    def _favicon() -> Response:
        # answered without a session: a browser's parallel favicon request must not become a login
        # page that replaces the session (and its CSRF token) of the login form being shown
        return Response(status=204)

    for blueprint in (auth.bp, dashboard.bp, issue_pages.bp, bulk.bp, excel.bp, proofs.bp, sites.bp, units.bp,
                      archive.bp, checkdoc.bp):  # fmt: skip
        app.register_blueprint(blueprint)
    return app
