"""consultation_feedback_missing — a consultation that ended more than 30 days ago with no
published feedback (采纳情况: how many opinions, adopted or not and why).

Rule: 《重大行政决策程序暂行条例》 Arts. 18, 32. Feedback is found as checks/consultations.py
describes (a feedback page linked or naming the same subject, or the result on the page itself).
Not judged: ongoing consultations, windows that ended less than `feedback_days` ago or more than
`horizon_days` ago; when a consultation column was not read in full, a note instead.
Severity: major.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .consultations import consultations
from .policydocs import fields


@check(
    "consultation_feedback_missing",
    name="意见征集未反馈采纳情况",
    scope="page",
    evidence={
        "start": "开始日期",
        "end": "截止日期",
        "ended_days": "已结束天数",
        "limit_days": "要求（天）",
        "window_text": "页面所写期限",
        "start_from_publication": "起始日按发布日期计",
    },
)
def consultation_feedback_missing(ctx: Context) -> Iterator[Finding | Note]:
    found = consultations(ctx)
    unjudged: list[str] = []
    for c in found.items:
        rules = ctx.rules(c.page.column).consultation
        ended_days = (ctx.as_of - c.window.end).days
        if ended_days <= rules.feedback_days or ended_days > rules.horizon_days:
            continue
        if c.feedback or c.inline_feedback:
            continue
        if found.gaps:
            unjudged.append(c.title)
            continue
        yield ctx.finding(
            "consultation_feedback_missing", Severity.MAJOR, c.page.url,
            f"意见征集“{c.title}”已于 {c.window.end} 结束 {ended_days} 天，未发布意见采纳情况反馈"
            f"（要求结束后 {rules.feedback_days} 天内）",
            column=c.page.column,
            evidence=c.evidence(ended_days=ended_days, limit_days=rules.feedback_days),
            key=c.page.url, publisher=fields(c.page).get("发布机构", ""),
        )  # fmt: skip
    if unjudged:
        why = "；".join(f"栏目“{n}”{g}" for n, g in found.gaps.items())
        yield ctx.note(
            ctx.site.url,
            f"{len(unjudged)} 项意见征集未找到反馈，但{why}，未作判定：{'、'.join(unjudged[:5])}",
        )
    for page in found.unread:
        yield ctx.note(
            page.url, f"意见征集“{page.title}”未能读出征求意见起止时间，未作判定", column=page.column
        )
