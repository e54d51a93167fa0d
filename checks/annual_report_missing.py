"""annual_report_missing — the previous year's 政府信息公开工作年度报告 is not published in time.

Rule (条例 Art. 49; CHECKS.md): in each annual_report column, year Y's report (a title such as
示范县2025年政府信息公开工作年度报告 or XX局2025年度政府信息公开工作报告; notices about reports,
解读 and 图解 do not count) must be listed by the deadline: departments by 1月31日 of Y+1, the county
government's own by 3月31日. Deadline and whose report the column holds are configurable
(`annual_report: {deadline: "03-31", owner: 县财政局}` per column or site); the default deadline is
03-31 when the column's unit (else the site's name or unit) is a 人民政府, 01-31 otherwise.
Before this year's deadline the report due last year is judged. A report found but dated after
its deadline is reported as late. Not judged (a note says why) when the list could not be read or
does not reach back to the year the report was due in.
Severity: major.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .annual_reports import due_year, reports_in, rule_for
from .base import Context, check
from .columns import column_view, list_reaches


@check(
    "annual_report_missing",
    name="政府信息公开年度报告未按时发布",
    scope="column",
    evidence={
        "year": "报告年度",
        "deadline": "发布时限",
        "owner": "发布单位",
        "items": "栏目条目数",
        "published": "发布日期",
        "title": "标题",
    },
)
def annual_report_missing(ctx: Context) -> Iterator[Finding | Note]:
    for col in ctx.site.columns:
        if col.kind != "annual_report":
            continue
        view = column_view(ctx.snapshot, col.name, col.url)
        if not view.reachable or not view.items:
            continue  # column_unreachable / column_empty speak for it
        rule = rule_for(ctx.site, col)
        assert rule.deadline is not None
        year, deadline = due_year(ctx.as_of, rule.deadline)
        reports = [r for r in reports_in(ctx.snapshot, col, rule.owner) if r.year == year]
        evidence = {
            "year": year,
            "deadline": deadline.isoformat(),
            "owner": rule.owner,
            "items": len(view.items),
        }
        who = f"“{rule.owner}”" if rule.owner else ""
        name = f"{who}{year}年政府信息公开工作年度报告"
        if not reports:
            if view.unreadable or not list_reaches(view, dt.date(year + 1, 1, 1)):
                why = (
                    view.unreadable
                    or f"列表只读到 {min(view.dates, default=None) or '无日期信息'} 以后的信息"
                )
                yield ctx.note(col.url, f"栏目“{col.name}”未见{name}，但{why}，未判定", col.name)
                continue
            yield ctx.finding(
                "annual_report_missing", Severity.MAJOR, col.url,
                f"栏目“{col.name}”未见{name}（应于 {deadline.isoformat()} 前发布）",
                column=col.name, evidence=evidence, key=f"{year}:{rule.owner or ''}",
            )  # fmt: skip
            continue
        dated = [r for r in reports if r.date is not None]
        if (
            dated
            and all(r.date is not None and r.date > deadline for r in dated)
            and len(dated) == len(reports)
        ):
            first = min(dated, key=lambda r: r.date or deadline)
            assert first.date is not None
            evidence.update(published=first.date.isoformat(), title=first.item.title)
            yield ctx.finding(
                "annual_report_missing", Severity.MAJOR, first.item.url,
                f"{name}“{first.item.title}”于 {first.date.isoformat()} 发布，晚于 {deadline.isoformat()} 的时限",
                column=col.name, evidence=evidence, key=f"{year}:{rule.owner or ''}",
            )  # fmt: skip
