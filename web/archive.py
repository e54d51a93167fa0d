"""The office's archive: every run with its reports (rendered from the database), and 整改统计."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template
from govaudit.config.schema import Site
from govaudit.issues import lifecycle
from govaudit.reports import html_report, json_report
from govaudit.store import load_results
from govaudit.store.schema import FindingRow, Run
from sqlalchemy import func, select

from govaudit.models import AuditResult, SiteResult

from .context import console, office_only, viewer

bp = Blueprint("archive", __name__)
MAX_ROWS = 500


@bp.get("/runs")
def runs() -> str:
    office_only()
    with console().sessions() as s:
        rows = list(s.scalars(select(Run).order_by(Run.id.desc()).limit(MAX_ROWS)))
        counts: dict[int, int] = dict(
            s.execute(select(FindingRow.run_id, func.count()).group_by(FindingRow.run_id)).tuples().all()
        )
    return render_template("runs.html", runs=rows, counts=counts, is_recheck=is_recheck)


def _audit_result(run_id: int) -> AuditResult:
    c = console()
    with c.sessions() as s:
        run = s.get(Run, run_id)
    if run is None:
        abort(404, "检查记录不存在。")
    findings, notes = load_results(c.sessions, run_id)
    try:
        site = c.config.site(run.site)
    except KeyError:  # a site since removed from the config
        site = Site(name=run.site, url=run.site_url)
    outage = (run.stats or {}).get("outage")  # a monitoring-side outage (scheduler/network.py)
    sr = SiteResult(site=site, run_id=run.id, status=run.status, pages=run.pages, requests=run.requests,
                    findings=findings, notes=notes, outage=outage)  # fmt: skip
    return AuditResult(as_of=run.as_of, started=run.started, finished=run.finished or run.started, sites=[sr],
                       outage=outage)  # fmt: skip


def is_recheck(run: Run) -> bool:
    """A recheck run (scheduler/recheck.py) fetched only what some issues needed: not an audit."""
    return (run.stats or {}).get("kind") == "recheck"


@bp.get("/runs/<id:run_id>/report.html")
def run_html(run_id: int) -> str:
    office_only()
    with console().sessions() as s:
        run = s.get(Run, run_id)
    recheck = run is not None and is_recheck(run)
    return html_report.render(_audit_result(run_id), console().config.limits.report_findings, recheck=recheck)


@bp.get("/runs/<id:run_id>/report.json")
def run_json(run_id: int) -> Response:
    office_only()
    body = json.dumps(json_report.build(_audit_result(run_id)), ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json")


@bp.get("/stats")
def stats() -> str:
    v, c = viewer(), console()
    rows = [st for st in lifecycle.unit_stats(c.sessions, c.today()) if v.is_office or st.unit == v.unit]
    return render_template("stats.html", rows=rows, as_of=c.today())
