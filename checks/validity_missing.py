"""validity_missing — a normative document (行政规范性文件) without 有效性, or marked 有效 although
its stated validity has ended.

Rule: 国办发〔2018〕37号 (规范性文件 state their validity; commonly at most 5 years, 暂行/试行 at most
2 years) and local 规范性文件 rules. Normative: a `policy` column document named 规范性文件 by its
column, title or 主题分类 (for the missing field), or any 政务公开 document that states a 有效性
(for the expiry). Expired: 有效性 says 有效 and the document states an end (有效期/有效期至/废止日期
field, 有效期至… in the text) before the audit date, or a length (有效期5年) counted from the
date it takes effect (自…起施行), else its 成文日期, else its 发布日期, that has run out. A
document that states no period is never a finding: when the default period (5 years, 暂行/试行 2)
has run out a note asks a person to check it.
An empty 有效性 field (the label shown with no value) is treated as not stated, like a missing
one (same rule, same key), and the message says the field is empty. Only documents of a `policy`
column named 规范性文件 are judged for it; the check is major, never a veto.
Severity: major.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.crawler.extract.validity import add_years, is_provisional, stated_validity

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .normative import gov_documents, is_normative, marked_valid, written_date
from .policydocs import doc_date, fields


@check(
    "validity_missing",
    name="规范性文件有效性标注问题",
    scope="page",
    evidence={
        "validity": "有效性",
        "stated": "文件所写有效期",
        "valid_until": "有效期届满日",
        "from": "起算日期",
        "fields": "元数据",
    },
)
def validity_missing(ctx: Context) -> Iterator[Finding | Note]:
    by_default: dict[str | None, list[tuple[str, str]]] = {}  # column -> (url, text) past a default period
    for page in gov_documents(ctx):
        f = fields(page)
        title = page.title or f.get("名称", "") or page.url
        col = ctx.column(page.column)
        publisher = f.get("发布机构", "")
        validity = f.get("有效性", "")
        if not validity:
            if col is not None and col.kind == "policy" and is_normative(ctx, page):
                said = "的有效性一栏为空" if "有效性" in f else "未标注有效性"
                yield ctx.finding(
                    "validity_missing", Severity.MAJOR, page.url, f"规范性文件“{title}”{said}",
                    column=page.column, evidence={"fields": f}, key="missing", publisher=publisher,
                )  # fmt: skip
            continue
        if not marked_valid(validity):
            continue
        rules = ctx.rules(page.column).normative
        stated = stated_validity(page.text, f)
        start = (stated.start if stated else None) or written_date(page, ctx.as_of) or doc_date(ctx, page)
        if stated is not None:
            if stated.until is not None:
                end = stated.until
            elif stated.years is not None and start is not None:
                end = add_years(start, stated.years) - dt.timedelta(days=1)
            else:
                continue
            if end >= ctx.as_of:
                continue
            yield ctx.finding(
                "validity_missing", Severity.MAJOR, page.url,
                f"规范性文件“{title}”标注为“{validity}”，但其有效期已于 {end} 届满（{stated.text}）",
                column=page.column,
                evidence={"validity": validity, "stated": stated.text, "valid_until": end.isoformat(),
                          "from": start.isoformat() if start else ""},
                key="expired", publisher=publisher,
            )  # fmt: skip
            continue
        if start is None:
            continue
        years = rules.provisional_valid_years if is_provisional(title) else rules.default_valid_years
        end = add_years(start, years) - dt.timedelta(days=1)
        if end < ctx.as_of:
            kind = "暂行/试行文件" if is_provisional(title) else "规范性文件"
            by_default.setdefault(page.column, []).append(
                (page.url, f"“{title}”（按{kind}通常 {years} 年推算已于 {end} 届满）")
            )
    for column, docs in by_default.items():  # one note per column: there may be many
        col = ctx.column(column)
        url = docs[0][0] if len(docs) == 1 else (col.url if col else ctx.site.url)
        listed = "；".join(text for _, text in docs[:5]) + ("等" if len(docs) > 5 else "")
        yield ctx.note(
            url,
            f"{len(docs)} 件文件标注为有效但未写明有效期，按默认有效期推算可能已届满，请人工核实：{listed}",
            column=column,
        )
