"""The issues: list, detail, and what the office and the units do with them (交办, 反馈, 复核,
豁免, 核实无误); the recheck link in a mail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from govaudit.issues import lifecycle, proofs
from govaudit.issues.lifecycle import IssueState
from govaudit.issues.listing import Filters, issue_page
from govaudit.issues.views import IssueView, view
from govaudit.notify.tokens import read_recheck_token
from govaudit.store import evidence as evidence_store
from govaudit.store.loop_tables import RecheckRequest
from sqlalchemy import select
from werkzeug.wrappers.response import Response as BaseResponse

from govaudit.errors import IssueError

from .context import console, issue_view, office_only, own_issue, viewer
from .proofs import uploads_of_request

bp = Blueprint("issues", __name__)
PAGE_SIZE = 100
EXPORT_MAX = 20000  # issues in one XLSX export


@bp.get("/")
def index() -> BaseResponse:
    return redirect(url_for("dashboard.dashboard"))


def _filters() -> tuple[Filters, dict[str, object]]:
    """The list's filters from the query string, as this viewer may use them (a unit: its own)."""
    v = viewer()
    state = request.args.get("state", "open")
    severity = request.args.get("severity", "")
    site = request.args.get("site", "")
    overdue = request.args.get("overdue", "") == "1"
    unit = v.unit if not v.is_office else (request.args.get("unit") or None)
    filters = Filters(state=state or None, unit=unit, site=site or None, severity=severity or None,
                      overdue_only=overdue)  # fmt: skip
    return filters, {
        "state": state,
        "severity": severity,
        "site": site,
        "overdue": overdue,
        "unit": unit or "",
    }


@bp.get("/issues")
def issue_list() -> str:
    """The issue list, most urgent first, PAGE_SIZE a page (`?page=N`; out of range: the nearest)."""
    c = console()
    filters, f = _filters()
    wanted = bounded_int(request.args.get("page"), default=1)
    try:
        rows, total, page = issue_page(c.sessions, filters, c.today(), wanted, PAGE_SIZE)
    except IssueError:
        abort(400, "未知的问题状态。")
    pages = max(1, -(-total // PAGE_SIZE))
    shown = [issue_view(i) for i in rows]
    query = {k: ("1" if val is True else val) for k, val in f.items() if val not in ("", False, None)}
    if "state" not in query:
        query["state"] = ""
    return render_template("issues.html", issues=shown, total=total, page=page, pages=pages, f=f, query=query,
                           query_string=request.query_string.decode("ascii", "replace"))  # fmt: skip


def filtered_views() -> tuple[list[IssueView], dict[str, object]]:
    """Every issue the list's filters select (up to EXPORT_MAX), most urgent first: the XLSX export."""
    c = console()
    filters, f = _filters()
    try:
        rows, _total, _page = issue_page(c.sessions, filters, c.today(), 1, EXPORT_MAX)
    except IssueError:
        abort(400, "未知的问题状态。")
    return [issue_view(i) for i in rows], f


def bounded_int(raw: str | None, *, default: int, limit: int = 10**9) -> int:
    """A number from a query string: `default` when absent or not a number, at most `limit`."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return default
    return min(int(text[:12]), limit) if len(text) <= 12 else limit


@bp.get("/issues/<id:issue_id>")
def issue_detail(issue_id: int) -> str:
    issue = own_issue(issue_id)
    sessions = console().sessions
    with sessions() as s:
        pending = [
            r for r in s.scalars(select(RecheckRequest).where(RecheckRequest.status.in_(("pending", "running"))))
            if issue_id in (r.issue_ids or [])
        ]  # fmt: skip
    return render_template(
        "issue.html", v=issue_view(issue), events=lifecycle.history(sessions, issue_id),
        state_labels={st.value: st.label for st in IssueState}, pending=pending,
        captures=evidence_store.list_for(sessions, issue.fingerprint),
        proof_files=proofs.files_of(sessions, issue_id), proof_kinds=proofs.KINDS, proof_allowed=proofs.ALLOWED_TEXT,
    )  # fmt: skip


@bp.get("/issues/<int:issue_id>/page/<int:evidence_id>")
def issue_evidence(issue_id: int, evidence_id: int) -> Response:
    """检查时页面: the page as fetched when the problem was found, inert (no script runs, nothing
    is loaded from elsewhere), or its screenshot (?shot=1)."""
    issue = own_issue(issue_id)
    row = evidence_store.load(console().sessions, evidence_id)
    if row is None or row.fingerprint != issue.fingerprint:
        abort(404, "该检查时页面已不存在。")
    if request.args.get("shot"):
        if not row.screenshot:
            abort(404, "该页面没有截图。")
        return Response(row.screenshot, mimetype="image/png")
    resp = Response(evidence_store.html_of(row), mimetype="text/html")
    ctype = row.content_type or ""
    if "charset=" in ctype.lower():
        resp.headers["Content-Type"] = "text/html; " + ctype[ctype.lower().index("charset=") :]
    resp.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    return resp


def _act(issue_id: int, action: Callable[[], object], done: str) -> BaseResponse:
    try:
        action()
        flash(done, "ok")
    except IssueError as exc:
        flash(str(exc).split(" (")[0], "error")
    return redirect(url_for("issues.issue_detail", issue_id=issue_id))


@bp.post("/issues/<id:issue_id>/feedback")
def feedback(issue_id: int) -> BaseResponse:
    """The unit's 反馈, with its proof files (all checked first: one bad file, nothing saved)."""
    own_issue(issue_id)
    kind, note = request.form.get("kind", ""), request.form.get("note", "").strip()[:2000]
    c, actor = console(), viewer().actor
    try:
        checked = proofs.check(uploads_of_request())
    except proofs.ProofError as exc:
        flash(f"{exc}；反馈未提交。", "error")
        return redirect(url_for("issues.issue_detail", issue_id=issue_id))

    def give() -> None:
        lifecycle.give_feedback(c.sessions, issue_id, actor=actor, kind=kind, note=note)
        if checked:
            event = lifecycle.history(c.sessions, issue_id)[-1]
            proofs.save(c.sessions, issue_id, checked, actor=actor, event_id=event.id)

    done = "反馈已提交" + (f"（附佐证材料 {len(checked)} 个）" if checked else "") + "。"
    return _act(issue_id, give, done)


@bp.post("/issues/<id:issue_id>/recheck")
def recheck(issue_id: int) -> BaseResponse:
    own_issue(issue_id)
    return _act(issue_id, lambda: lifecycle.request_recheck(console().sessions, [issue_id], actor=viewer().actor),
                "复核申请已提交，系统将尽快重新检查。")  # fmt: skip


@bp.post("/issues/<id:issue_id>/assign")
def assign(issue_id: int) -> BaseResponse:
    office_only()
    own_issue(issue_id)
    c = console()
    unit = request.form.get("unit") or None
    raw = request.form.get("deadline", "")
    try:
        deadline = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        flash("整改期限格式应为 YYYY-MM-DD。", "error")
        return redirect(url_for("issues.issue_detail", issue_id=issue_id))
    return _act(issue_id, lambda: lifecycle.assign(c.sessions, issue_id, actor=viewer().actor, unit=unit,
                                                   deadline=deadline, as_of=c.today(), config=c.config),
                "已交办。")  # fmt: skip


@bp.post("/issues/<id:issue_id>/close")
def close(issue_id: int) -> BaseResponse:
    office_only()
    own_issue(issue_id)
    how = lifecycle.waive if request.form.get("kind") == "waived" else lifecycle.mark_false_alarm
    reason = request.form.get("reason", "").strip()[:2000]
    return _act(issue_id, lambda: how(console().sessions, issue_id, actor=viewer().actor, reason=reason),
                "已办结。")  # fmt: skip


@bp.route("/r/<token>", methods=["GET", "POST"])
def recheck_link(token: str) -> str:
    """A recheck link in a mail (signed, see notify/tokens.py): asks for confirmation before it
    requests anything (mail scanners follow links)."""
    c = console()
    found = read_recheck_token(current_app.config["SECRET_KEY"], token, c.config.web.token_days)
    if found is None:
        abort(404, "复核链接无效或已过期，请登录监测平台申请复核。")
    issue_id, unit = found
    try:
        issue = lifecycle.get_issue(c.sessions, issue_id)
    except IssueError:
        abort(404, "问题不存在。")
    if issue.unit != unit:
        abort(404, "该问题已转交其他单位，请登录监测平台查看。")
    message = None
    if request.method == "POST":
        try:
            lifecycle.request_recheck(c.sessions, [issue_id], actor=f"{unit or '未指定单位'}·邮件复核链接")
            message = "复核申请已提交，系统将尽快重新检查。"
        except IssueError as exc:
            message = str(exc).split(" (")[0]
    return render_template("recheck.html", v=view(issue, c.today(), request.host_url), message=message)
