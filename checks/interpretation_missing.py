"""interpretation_missing — a policy document (规章, 行政规范性文件, major policy) with no 政策解读.

Rule (CHECKS.md; 国办 政策解读 requirements, local "同步起草、同步审签、同步发布"): a document of a
`policy` column that needs an interpretation (checks/policydocs.py, rules.interpretation) is
matched when an interpretation links to it, it links to one, or one names its title (《…》) or
文号. A mere excerpt (文件要点摘抄) does not count. Not judged (no finding): documents published
more than `horizon_days` ago, or so recently that the interpretation is not due yet
(`late_workdays`); when an interpretation column was not read in full, or none is configured,
a note says why instead.
Severity: major. Evidence: the document, its 文号 and date, the nearest candidates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity
from govaudit.workdays import add_workdays

from .base import Context, check
from .policydocs import as_evidence, pairing


@check(
    "interpretation_missing",
    name="政策文件缺少解读",
    scope="page",
    evidence={
        "document": "政策文件",
        "doc_number": "文号",
        "published": "文件发布日期",
        "candidates": "相近条目（不构成解读）",
        "searched_columns": "查找的解读栏目",
    },
)
def interpretation_missing(ctx: Context) -> Iterator[Finding | Note]:
    pair = pairing(ctx)
    unjudged: list[str] = []
    undated: list[str] = []
    for doc in pair.docs:
        if doc.matches:
            continue
        if doc.date is None:  # no date a person sees (a meta PubDate alone is not one)
            undated.append(doc.core or doc.title)
            continue
        rules = ctx.rules(doc.page.column).interpretation
        if doc.date < ctx.as_of - dt.timedelta(days=rules.horizon_days):
            continue
        if add_workdays(doc.date, rules.late_workdays) >= ctx.as_of:
            continue  # not due yet
        if not pair.interp_columns or pair.gaps:
            unjudged.append(doc.core or doc.title)
            continue
        evidence = {
            "document": doc.title, "doc_number": str(doc.number) if doc.number else "",
            "published": doc.date.isoformat(), "candidates": [as_evidence(j) for j in doc.candidates[:3]],
            "searched_columns": pair.interp_columns,
        }  # fmt: skip
        near = (
            "（相近条目不构成解读：" + "；".join(j.title for j in doc.candidates[:2]) + "）"
            if doc.candidates
            else ""
        )
        yield ctx.finding(
            "interpretation_missing", Severity.MAJOR, doc.page.url,
            f"政策文件《{doc.core or doc.title}》（{doc.date} 发布）未找到对应的政策解读{near}",
            column=doc.page.column, evidence=evidence, key=doc.core or doc.title, publisher=doc.publisher,
        )  # fmt: skip
    if unjudged:
        why = (
            "未配置政策解读栏目（栏目类型为“政策解读”的栏目）"
            if not pair.interp_columns
            else "；".join(f"栏目“{c}”{g}" for c, g in pair.gaps.items())
        )
        yield ctx.note(
            ctx.site.url,
            f"{len(unjudged)} 件政策文件未找到解读，但{why}，未作判定：{'、'.join(unjudged[:5])}"
            + ("等" if len(unjudged) > 5 else ""),
        )
    if undated:
        yield ctx.note(
            ctx.site.url,
            f"{len(undated)} 件政策文件未找到解读，但页面和列表均未显示发布日期，未判定是否应有解读："
            + "、".join(undated[:5]) + ("等" if len(undated) > 5 else ""),
        )  # fmt: skip
