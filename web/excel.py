"""Excel both ways in the browser: the issue list as XLSX (same filters as the list), a unit's
交办单 to download, and the filled-in 交办单 uploaded back (反馈 per row, rows not applied listed)."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from govaudit.issues import lifecycle
from govaudit.issues.views import sort_key
from govaudit.notify.assignment_sheet import assignment_sheet
from govaudit.notify.feedback_import import ImportReport, SheetError, import_feedback
from govaudit.notify.issue_export import issues_workbook
from govaudit.notify.mail import office_name
from werkzeug.wrappers.response import Response as BaseResponse

from .context import console, issue_view, viewer
from .issue_pages import filtered_views

bp = Blueprint("excel", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, filename: str) -> Response:
    resp = Response(data, mimetype=XLSX)
    resp.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


@bp.get("/issues/export.xlsx")
def export() -> Response:
    views, f = filtered_views()
    c = console()
    title = f"{f['unit'] or viewer().unit or '全部单位'}问题清单"
    return _download(
        issues_workbook(views, c.today(), title="问题清单"), f"{title}（{c.today().isoformat()}）.xlsx"
    )


@bp.get("/issues/sheet.xlsx")
def sheet() -> Response | BaseResponse:
    """The 交办单 of a unit (a unit login: its own) with its open issues."""
    v, c = viewer(), console()
    unit = v.unit or request.args.get("unit", "")
    if unit not in {u.name for u in c.config.units}:
        flash("请先在“责任单位”中选择一个单位并筛选，再下载该单位的交办单。", "error")
        return redirect(url_for("issues.issue_list"))
    views = sorted(
        (issue_view(i) for i in lifecycle.list_issues(c.sessions, unit=unit, state="open")), key=sort_key
    )
    data = assignment_sheet(unit, views, c.today(), issued_by=office_name(c.config))
    return _download(data, f"{unit}问题整改交办单（{c.today().isoformat()}）.xlsx")


@bp.route("/issues/import", methods=["GET", "POST"])
def upload() -> str:
    """Upload a filled-in 交办单: a unit may answer only its own issues."""
    v, c = viewer(), console()
    report: ImportReport | None = None
    error = None
    if request.method == "POST":
        file = request.files.get("sheet")
        if file is None or not file.filename:
            error = "请选择填写后的交办单文件（.xlsx）。"
        else:
            try:
                report = import_feedback(c.sessions, file.read(), actor=f"{v.actor}·交办单导入", unit=v.unit)
            except SheetError as exc:
                error = str(exc)
    return render_template("import.html", report=report, error=error)
