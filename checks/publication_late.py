"""publication_late — 发布日期 more than 20 working days after 成文日期.

Rule: 条例 Art. 26 (属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内
及时公开). Working days: Chinese holidays and 调休 (govaudit/workdays.py). Only documents whose
成文日期 lies within `rules.normative.recent_days` (default 365) of the audit date are judged:
sites keep putting old documents online (a 1981 State Council notice first published in 2018)
and the law did not oblige them then; a document whose 成文日期 is after its 发布日期 is
metadata_incomplete's business. The 发布日期 is one a person sees (the page's 政务公开 field or
labelled date, else its list entry's date, checks/policydocs.py `doc_date`): a date only in
``<meta PubDate>`` is, on many CMSs, the time the page was regenerated (months after its 生成日期),
so it never makes a finding; when it alone would, a note says so.
Severity: minor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity
from govaudit.workdays import add_workdays, covered, workdays_between

from .base import Context, check
from .normative import gov_documents, written_date
from .policydocs import doc_date, fields, unshown_date


@check(
    "publication_late",
    name="政府信息公开不及时",
    scope="page",
    evidence={
        "written": "成文日期",
        "published_on": "发布日期",
        "due": "应发布日期",
        "workdays": "相隔工作日",
        "limit_workdays": "要求（工作日）",
        "calendar": "日历说明",
    },
)
def publication_late(ctx: Context) -> Iterator[Finding | Note]:
    for page in gov_documents(ctx):
        f = fields(page)
        written = written_date(page, ctx.as_of)
        published = doc_date(ctx, page)
        rules = ctx.rules(page.column).normative
        if written is None or written < ctx.as_of - dt.timedelta(days=rules.recent_days):
            continue
        due = add_workdays(written, rules.publication_late_workdays)
        if published is None:
            unshown = unshown_date(page)
            if unshown and page.pub_date is not None and due < page.pub_date <= ctx.as_of:
                title = page.title or f.get("名称", "") or page.url
                yield ctx.note(page.url, f"“{title}”成文日期 {written}，页面未显示发布日期，仅见{unshown}"
                               "（可能是页面生成时间），未据此判定是否按时公开", page.column)  # fmt: skip
            continue
        if published < written or published > ctx.as_of:
            continue
        if published <= due:
            continue
        late = workdays_between(written, published)
        title = page.title or f.get("名称", "") or page.url
        evidence: dict[str, object] = {
            "written": written.isoformat(), "published_on": published.isoformat(), "due": due.isoformat(),
            "workdays": late, "limit_workdays": rules.publication_late_workdays,
        }  # fmt: skip
        if not (covered(written.year) and covered(published.year)):
            evidence["calendar"] = "节假日安排未覆盖该年度，仅按周末计算"
        yield ctx.finding(
            "publication_late", Severity.MINOR, page.url,
            f"“{title}”成文日期 {written}，发布日期 {published}，相隔 {late} 个工作日"
            f"（要求 {rules.publication_late_workdays} 个工作日内公开）",
            column=page.column if ctx.column(page.column) else None, evidence=evidence, key="late",
            publisher=f.get("发布机构", ""),
        )  # fmt: skip
