"""交办 in bulk: the office filters the issue list, ticks issues, picks a unit and a deadline."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, request, url_for
from govaudit.issues import lifecycle
from werkzeug.wrappers.response import Response as BaseResponse

from govaudit.errors import IssueError

from .context import console, office_only, viewer

bp = Blueprint("bulk", __name__)
MAX_IDS = 500


@bp.post("/issues/bulk-assign")
def bulk_assign() -> BaseResponse:
    office_only()
    c = console()
    back = url_for("issues.issue_list") + ("?" + request.form["query"] if request.form.get("query") else "")
    ids = sorted({int(x) for x in request.form.getlist("ids") if x.isdigit()})[:MAX_IDS]
    if not ids:
        flash("请先勾选要交办的问题。", "error")
        return redirect(back)
    unit = (request.form.get("unit") or "").strip() or None
    known = [u.name for u in c.config.units]
    if unit is not None and c.config.canonical_unit(unit) not in known:
        flash(f"未知的责任单位“{unit}”。可选单位：{'、'.join(known)}", "error")
        return redirect(back)
    raw = request.form.get("deadline", "").strip()
    try:
        deadline = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        flash("整改期限格式应为 YYYY-MM-DD。", "error")
        return redirect(back)
    done, failed = [], []
    for issue_id in ids:
        try:
            lifecycle.assign(c.sessions, issue_id, actor=viewer().actor, unit=unit, deadline=deadline,
                             as_of=c.today(), config=c.config, note="批量交办")  # fmt: skip
            done.append(issue_id)
        except IssueError as exc:
            failed.append(f"问题 {issue_id}：{str(exc).split(' (')[0]}")
    if done:
        flash(f"已批量交办 {len(done)} 个问题" + (f"给{unit}" if unit else "") + "。", "ok")
    for line in failed[:20]:
        flash(line, "error")
    return redirect(back)
