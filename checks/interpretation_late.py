"""interpretation_late — an interpretation published more than 3 working days after its document.

Rule (local rule "同步起草、同步审签、同步发布", at the latest 3 working days): the earliest
interpretation paired with a document (checks/policydocs.py) is published more than
`rules.interpretation.late_workdays` working days (Chinese holidays and 调休, govaudit/workdays.py)
after the document. Documents older than `horizon_days` are not judged.
Severity: minor. Evidence: both titles, dates and URLs, how they were paired, the working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity
from govaudit.workdays import add_workdays, covered, workdays_between

from .base import Context, check
from .policydocs import as_evidence, pairing


@check(
    "interpretation_late",
    name="政策解读发布不及时",
    scope="page",
    evidence={
        "document": "政策文件",
        "interpretation": "解读",
        "published": "文件发布日期",
        "paired_by": "匹配方式",
        "workdays": "相隔工作日",
        "limit_workdays": "要求（工作日）",
        "doc_number": "文号",
    },
)
def interpretation_late(ctx: Context) -> Iterator[Finding | Note]:
    for doc in pairing(ctx).docs:
        dated = [m for m in doc.matches if m.interp.date is not None]
        if doc.date is None or not dated or len(dated) < len(doc.matches):
            continue  # an undated (uncrawled) interpretation may be the timely one
        rules = ctx.rules(doc.page.column).interpretation
        if doc.date < ctx.as_of - dt.timedelta(days=rules.horizon_days):
            continue
        first = min(dated, key=lambda m: m.interp.date or dt.date.max)
        published = first.interp.date
        assert published is not None
        if published <= add_workdays(doc.date, rules.late_workdays):
            continue
        late = workdays_between(doc.date, published)
        evidence = {
            "document": doc.title, "published": doc.date.isoformat(), "interpretation": as_evidence(first.interp),
            "paired_by": first.how, "workdays": late, "limit_workdays": rules.late_workdays,
        }  # fmt: skip
        if not (covered(doc.date.year) and covered(published.year)):
            evidence["calendar"] = "节假日安排未覆盖该年度，仅按周末计算"
        yield ctx.finding(
            "interpretation_late", Severity.MINOR, first.interp.url,
            f"政策文件《{doc.core or doc.title}》（{doc.date} 发布）的解读于 {published} 发布，"
            f"晚于文件 {late} 个工作日（要求 {rules.late_workdays} 个工作日内）",
            column=first.interp.column or doc.page.column, evidence=evidence, key=doc.page.url,
            publisher=doc.publisher,
        )  # fmt: skip
