"""概览: the office's dashboard (veto risks first, open/overdue by unit and site, 整改率 and
time-to-fix trends as server-drawn SVG charts, the latest run of each site); a unit login sees
the same page for its own issues only."""

from __future__ import annotations

from flask import Blueprint, render_template
from govaudit.issues.trends import overview
from govaudit.issues.views import sort_key
from govaudit.reports import charts
from govaudit.store.schema import FindingRow, Run
from markupsafe import Markup
from sqlalchemy import func, select

from .context import console, issue_view, viewer

bp = Blueprint("dashboard", __name__)

RUN_STATUS = {
    "done": "完成", "crawled": "检查中", "running": "抓取中", "timeout": "超时（结果不完整）",
    "crawl_failed": "抓取异常（结果不完整）", "outage": "未完成（监测端网络故障）",
    "interrupted": "运行中断（结果不完整）",
}  # fmt: skip


def latest_runs() -> list[tuple[str, Run | None, int]]:
    """Each configured site with its newest run and that run's number of findings."""
    c = console()
    with c.sessions() as s:
        newest: dict[str, int] = dict(
            s.execute(select(Run.site, func.max(Run.id)).group_by(Run.site)).tuples().all()
        )
        runs = {r.site: r for r in s.scalars(select(Run).where(Run.id.in_(list(newest.values()))))}
        counts: dict[int, int] = dict(
            s.execute(select(FindingRow.run_id, func.count()).where(FindingRow.run_id.in_(list(newest.values())))
                      .group_by(FindingRow.run_id)).tuples().all()
        )  # fmt: skip
    out = []
    for site in c.config.sites:
        run = runs.get(site.name)
        out.append((site.name, run, counts.get(run.id, 0) if run else 0))
    return out


@bp.get("/dashboard")
def dashboard() -> str:
    v, c = viewer(), console()
    ov = overview(c.sessions, c.today(), unit=v.unit)
    by_unit = charts.bars(
        "各责任单位未办结 / 逾期问题", [(u, n) for u, n in ov.by_unit.items()], ["未办结", "逾期"]
    )
    by_site = charts.bars(
        "各网站未办结 / 逾期问题", [(x, n) for x, n in ov.by_site.items()], ["未办结", "逾期"]
    )
    rate = charts.line("整改率趋势（按周）", [(w.label, w.rate) for w in ov.weeks], unit="%", y_max=100)
    days = charts.line("平均整改用时（按周，自然日）", [(w.label, w.days_to_fix) for w in ov.weeks], unit="天",
                       color=charts.PALETTE[0])  # fmt: skip
    return render_template(
        "dashboard.html", ov=ov, vetoes=sorted((issue_view(i) for i in ov.vetoes), key=sort_key),
        chart_unit=Markup(by_unit) if v.is_office else None, chart_site=Markup(by_site),
        chart_rate=Markup(rate), chart_days=Markup(days), runs=latest_runs(), run_status=RUN_STATUS,
    )  # fmt: skip
