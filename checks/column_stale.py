"""column_stale — a column has had no new item for too long (指标2019).

Rule: the newest entry is older than the column's max_age_days (default by kind: news 14,
notice/policy/interpretation 180, consultation/personnel/planning/other 365, interaction 60;
annual_report columns are judged by their own rule). An entry without any date counts as not
updated (2015 census rule) — the finding says so. Entries dated after the audit date do not
count as updates. A column opened recently (`opened`) is not judged before opened + max_age.
Veto line (指标2019): >= stale_veto_columns (5) stale columns of the 2-week/6-month classes
(news, notice, policy, interpretation) or >= stale_veto_total (10) stale columns of any kind:
then every column_stale finding is raised to veto and carries the counts.
A column whose list could not be read is never called stale (a note says why).
Severity: major (veto at the line).
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.config.schema import VETO_CLASS_KINDS

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .columns import column_view


@check(
    "column_stale",
    name="栏目不更新",
    scope="column",
    evidence={
        "latest": "最新信息日期",
        "latest_title": "最新信息标题",
        "latest_url": "最新信息链接",
        "age_days": "未更新天数",
        "limit_days": "要求（天）",
        "items": "列表条目数",
        "undated_items": "无日期条目数",
        "future_dated_items": "日期晚于检查日的条目",
        "stale_columns": "全站不更新栏目数",
        "stale_columns_2w_6m": "其中动态/通知/政策类",
    },
)
def column_stale(ctx: Context) -> Iterator[Finding | Note]:
    stale: list[tuple[Finding, str]] = []
    for col in ctx.site.columns:
        max_age = col.effective_max_age
        if max_age is None:
            continue
        view = column_view(ctx.snapshot, col.name, col.url)
        if not view.reachable or not view.items:
            continue  # column_unreachable / column_empty / a note speak for it
        if col.opened and (ctx.as_of - col.opened).days <= max_age:
            continue
        current = [d for d in view.dates if d <= ctx.as_of]
        future = len(view.dates) - len(current)
        evidence: dict = {"items": len(view.items), "undated_items": view.undated, "limit_days": max_age}
        if future:
            evidence["future_dated_items"] = future
        if current:
            newest = max(current)
            age = (ctx.as_of - newest).days
            if age <= max_age:
                continue
            evidence.update(latest=newest.isoformat(), age_days=age)
            message = f"栏目“{col.name}”已 {age} 天未更新（要求 {max_age} 天内）"
        elif view.undated:
            evidence["latest"] = None
            message = (f"栏目“{col.name}”的 {view.undated} 条信息均未标注发布日期（列表和文章页均未见日期），"
                       f"按未更新计（要求 {max_age} 天内有更新）")  # fmt: skip
        else:
            evidence["latest"] = None
            message = f"栏目“{col.name}”的信息日期均晚于检查日期，未见有效更新（要求 {max_age} 天内）"
        f = ctx.finding("column_stale", Severity.MAJOR, col.url, message, column=col.name, evidence=evidence)
        stale.append((f, col.kind))
    if not stale:
        return
    t = ctx.thresholds
    in_class = sum(1 for _, kind in stale if kind in VETO_CLASS_KINDS)
    veto = in_class >= t.stale_veto_columns or len(stale) >= t.stale_veto_total
    for f, _ in stale:
        f.evidence["stale_columns"] = len(stale)
        f.evidence["stale_columns_2w_6m"] = in_class
        if veto:
            f.severity = Severity.VETO
            f.message += (f"；全站不更新栏目 {len(stale)} 个（其中动态/通知/政策类 {in_class} 个），"
                          "达到单项否决线")  # fmt: skip
        yield f
