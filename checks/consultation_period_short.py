"""consultation_period_short — a 意见征集 window shorter than 30 days.

Rule: 《重大行政决策程序暂行条例》 Art. 15 (公开征求意见的期限一般不少于30日). The window is read
from the consultation's page (checks/consultations.py); both ends count (3月6日至4月5日 = 31
days). Judged only once the window has ended (an ongoing consultation is never a finding; it
may still be extended); windows that ended more than `horizon_days` ago are not judged.
`rules.consultation.min_days` (default 30) per site and column.
Severity: minor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .consultations import consultations
from .policydocs import fields


@check(
    "consultation_period_short",
    name="意见征集期限不足",
    scope="page",
    evidence={
        "start": "开始日期",
        "end": "截止日期",
        "days": "征集天数",
        "limit_days": "要求（天）",
        "window_text": "页面所写期限",
        "start_from_publication": "起始日按发布日期计",
    },
)
def consultation_period_short(ctx: Context) -> Iterator[Finding | Note]:
    for c in consultations(ctx).items:
        rules = ctx.rules(c.page.column).consultation
        if c.window.end >= ctx.as_of or c.window.end < ctx.as_of - dt.timedelta(days=rules.horizon_days):
            continue
        days = (c.window.end - c.start).days + 1
        if days >= rules.min_days:
            continue
        start_note = "（起始日按发布日期计）" if c.start_from_page else ""
        yield ctx.finding(
            "consultation_period_short", Severity.MINOR, c.page.url,
            f"意见征集“{c.title}”征求意见期限为 {days} 天（{c.start} 至 {c.window.end}{start_note}），"
            f"少于 {rules.min_days} 天",
            column=c.page.column,
            evidence=c.evidence(days=days, limit_days=rules.min_days),
            key=c.page.url, publisher=fields(c.page).get("发布机构", ""),
        )  # fmt: skip
