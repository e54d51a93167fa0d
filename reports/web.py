"""The web pages of the daily loop (Flask, Jinja2 autoescaped, Chinese).

`create_app(config, db_url)` is the WSGI app `govaudit serve` runs. Logins come from
`web.users` in the config (password hashes made by `govaudit hash-password`): the office
(role: office) sees and acts on every issue; a unit login sees only its own unit's issues —
enforced here on every request, not in the templates. Every POST carries the session's CSRF
token. Rechecks are only requested here (`request_recheck`); the scheduler processes them.
A recheck link in a mail (/r/TOKEN, signed, see tokens.py) asks for confirmation before it
requests anything (mail scanners follow links).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, abort, flash, g, redirect, render_template, request, session, url_for
from govaudit.config.schema import Config, Site, WebUser
from govaudit.store import load_results, open_db
from govaudit.store.schema import FindingRow, IssueRow, RecheckRequest, Run
from sqlalchemy import func, select
from werkzeug.security import check_password_hash
from werkzeug.wrappers.response import Response as BaseResponse

from govaudit.errors import IssueError
from govaudit.models import AuditResult, SiteResult

from . import html_report, json_report
from . import issues as lifecycle
from .issue_view import IssueView, sort_key, view
from .issues import FEEDBACK_KINDS, IssueState
from .labels import SEVERITY_NAMES
from .tokens import read_recheck_token, secret_key

MAX_ROWS = 500
SESSION_HOURS = 12
FAILED_LOGIN_PAUSE = 0.5  # seconds


@dataclass(frozen=True)
class Viewer:
    login: str
    unit: str | None  # None: the office

    @property
    def is_office(self) -> bool:
        return self.unit is None

    @property
    def actor(self) -> str:
        return f"{self.unit or '办公室'}·{self.login}"


def _viewer(user: WebUser) -> Viewer:
    return Viewer(user.login, None if user.role == "office" else user.unit)


def create_app(config: Config, db_url: str, *, today: Callable[[], dt.date] | None = None) -> Flask:
    """The WSGI app. `today` gives the date deadlines are judged against: by default today in
    `schedule.timezone`, the scheduler's day (tests fix it)."""
    if today is None:
        from govaudit.scheduler.jobs import local_now

        def today() -> dt.date:
            return local_now(config).date()

    sessions = open_db(db_url)
    app = Flask(__name__, template_folder="templates/web")
    app.config.update(
        SECRET_KEY=secret_key(sessions, config),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        MAX_CONTENT_LENGTH=1 << 20,
    )
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    users = {u.login: u for u in config.web.users}

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
    def _load_viewer() -> BaseResponse | None:
        user = users.get(str(session.get("login", "")))
        g.viewer = _viewer(user) if user else None
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not sent or not hmac.compare_digest(sent, str(session.get("csrf", ""))):
                abort(400, "页面已过期或请求无效，请刷新页面后重试。")
        open_paths = ("login", "static", "recheck_link")
        if g.viewer is None and request.endpoint not in open_paths:
            return redirect(url_for("login", next=request.full_path if request.method == "GET" else None))
        return None

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        resp.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
        )
        return resp

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    def _error(err: Any) -> tuple[str, int]:
        titles = {400: "请求无效", 403: "无权访问", 404: "页面不存在"}
        return render_template(
            "error.html", title=titles.get(err.code, "错误"), message=err.description
        ), err.code

    def viewer() -> Viewer:
        v = g.viewer
        assert v is not None
        return v

    def office_only() -> None:
        if not viewer().is_office:
            abort(403, "该页面仅限政务公开办公室查看。")

    def own_issue(issue_id: int) -> IssueRow:
        """The issue, if this viewer may see it (a unit: only its own; else 404, not 403, so
        that ids of other units' issues are not confirmed)."""
        try:
            issue = lifecycle.get_issue(sessions, issue_id)
        except IssueError:
            abort(404, "问题不存在。")
        v = viewer()
        if not v.is_office and issue.unit != v.unit:
            abort(404, "问题不存在。")
        return issue

    def issue_view(issue: IssueRow) -> IssueView:
        return view(issue, today(), request.host_url.rstrip("/"))

    # ---- login --------------------------------------------------------------------------

    @app.route("/login", methods=["GET", "POST"])
    def login() -> str | BaseResponse:
        if request.method == "POST":
            user = users.get(request.form.get("login", "").strip())
            password = request.form.get("password", "")
            if user is not None and check_password_hash(user.password_hash, password):
                session.clear()
                session.permanent = True
                session["login"] = user.login
                session["csrf"] = secrets.token_urlsafe(32)
                target = request.args.get("next") or ""
                return redirect(
                    target if target.startswith("/") and not target.startswith("//") else "/issues"
                )
            time.sleep(FAILED_LOGIN_PAUSE)  # slows password guessing; other requests go on
            flash("用户名或密码不正确。", "error")
        return render_template("login.html")

    @app.post("/logout")
    def logout() -> BaseResponse:
        session.clear()
        return redirect(url_for("login"))

    @app.get("/")
    def index() -> BaseResponse:
        return redirect(url_for("issue_list"))

    # ---- issues -------------------------------------------------------------------------

    @app.get("/issues")
    def issue_list() -> str:
        v = viewer()
        state = request.args.get("state", "open")
        severity = request.args.get("severity", "")
        site = request.args.get("site", "")
        overdue = request.args.get("overdue", "") == "1"
        unit = v.unit if not v.is_office else (request.args.get("unit") or None)
        try:
            rows = lifecycle.list_issues(sessions, unit=unit, state=state or None, site=site or None,
                                         overdue_on=today() if overdue else None)  # fmt: skip
        except IssueError:
            abort(400, "未知的问题状态。")
        views = sorted((issue_view(i) for i in rows if not severity or i.severity == severity), key=sort_key)
        return render_template(
            "issues.html", issues=views[:MAX_ROWS], total=len(views), capped=len(views) > MAX_ROWS,
            f={"state": state, "severity": severity, "site": site, "overdue": overdue, "unit": unit or ""},
        )  # fmt: skip

    @app.get("/issues/<int:issue_id>")
    def issue_detail(issue_id: int) -> str:
        issue = own_issue(issue_id)
        with sessions() as s:
            pending = [
                r for r in s.scalars(select(RecheckRequest).where(RecheckRequest.status.in_(("pending", "running"))))
                if issue_id in (r.issue_ids or [])
            ]  # fmt: skip
        return render_template(
            "issue.html", v=issue_view(issue), events=lifecycle.history(sessions, issue_id),
            state_labels={st.value: st.label for st in IssueState}, pending=pending,
        )  # fmt: skip

    def act(issue_id: int, action: Callable[[], object], done: str) -> BaseResponse:
        try:
            action()
            flash(done, "ok")
        except IssueError as exc:
            flash(str(exc).split(" (")[0], "error")
        return redirect(url_for("issue_detail", issue_id=issue_id))

    @app.post("/issues/<int:issue_id>/feedback")
    def feedback(issue_id: int) -> BaseResponse:
        own_issue(issue_id)
        kind, note = request.form.get("kind", ""), request.form.get("note", "").strip()[:2000]
        return act(issue_id, lambda: lifecycle.give_feedback(sessions, issue_id, actor=viewer().actor, kind=kind,
                                                             note=note), "反馈已提交。")  # fmt: skip

    @app.post("/issues/<int:issue_id>/recheck")
    def recheck(issue_id: int) -> BaseResponse:
        own_issue(issue_id)
        return act(issue_id, lambda: lifecycle.request_recheck(sessions, [issue_id], actor=viewer().actor),
                   "复核申请已提交，系统将尽快重新检查。")  # fmt: skip

    @app.post("/issues/<int:issue_id>/assign")
    def assign(issue_id: int) -> BaseResponse:
        office_only()
        own_issue(issue_id)
        unit = request.form.get("unit") or None
        raw = request.form.get("deadline", "")
        try:
            deadline = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            flash("整改期限格式应为 YYYY-MM-DD。", "error")
            return redirect(url_for("issue_detail", issue_id=issue_id))
        return act(issue_id, lambda: lifecycle.assign(sessions, issue_id, actor=viewer().actor, unit=unit,
                                                      deadline=deadline, as_of=today(), config=config),
                   "已交办。")  # fmt: skip

    @app.post("/issues/<int:issue_id>/close")
    def close(issue_id: int) -> BaseResponse:
        office_only()
        own_issue(issue_id)
        how = lifecycle.waive if request.form.get("kind") == "waived" else lifecycle.mark_false_alarm
        reason = request.form.get("reason", "").strip()[:2000]
        return act(issue_id, lambda: how(sessions, issue_id, actor=viewer().actor, reason=reason), "已办结。")

    # ---- the recheck link in a mail -----------------------------------------------------

    @app.route("/r/<token>", methods=["GET", "POST"])
    def recheck_link(token: str) -> str:
        found = read_recheck_token(app.config["SECRET_KEY"], token, config.web.token_days)
        if found is None:
            abort(404, "复核链接无效或已过期，请登录监测平台申请复核。")
        issue_id, unit = found
        try:
            issue = lifecycle.get_issue(sessions, issue_id)
        except IssueError:
            abort(404, "问题不存在。")
        if issue.unit != unit:
            abort(404, "该问题已转交其他单位，请登录监测平台查看。")
        message = None
        if request.method == "POST":
            try:
                lifecycle.request_recheck(sessions, [issue_id], actor=f"{unit or '未指定单位'}·邮件复核链接")
                message = "复核申请已提交，系统将尽快重新检查。"
            except IssueError as exc:
                message = str(exc).split(" (")[0]
        return render_template("recheck.html", v=view(issue, today(), request.host_url), message=message)

    # ---- the office's pages -------------------------------------------------------------

    @app.get("/runs")
    def runs() -> str:
        office_only()
        with sessions() as s:
            rows = list(s.scalars(select(Run).order_by(Run.id.desc()).limit(MAX_ROWS)))
            counts = dict(
                s.execute(select(FindingRow.run_id, func.count()).group_by(FindingRow.run_id)).all()
            )
        return render_template("runs.html", runs=rows, counts=counts)

    def audit_result(run_id: int) -> AuditResult:
        with sessions() as s:
            run = s.get(Run, run_id)
        if run is None:
            abort(404, "检查记录不存在。")
        findings, notes = load_results(sessions, run_id)
        try:
            site = config.site(run.site)
        except KeyError:  # a site since removed from the config
            site = Site(name=run.site, url=run.site_url)
        sr = SiteResult(site=site, run_id=run.id, status=run.status, pages=run.pages, requests=run.requests,
                        findings=findings, notes=notes)  # fmt: skip
        return AuditResult(
            as_of=run.as_of, started=run.started, finished=run.finished or run.started, sites=[sr]
        )

    @app.get("/runs/<int:run_id>/report.html")
    def run_html(run_id: int) -> str:
        office_only()
        return html_report.render(audit_result(run_id))

    @app.get("/runs/<int:run_id>/report.json")
    def run_json(run_id: int) -> Response:
        office_only()
        body = json.dumps(json_report.build(audit_result(run_id)), ensure_ascii=False, indent=2, default=str)
        return Response(body, mimetype="application/json")

    @app.get("/stats")
    def stats() -> str:
        v = viewer()
        rows = [st for st in lifecycle.unit_stats(sessions, today()) if v.is_office or st.unit == v.unit]
        return render_template("stats.html", rows=rows, as_of=today())

    return app
