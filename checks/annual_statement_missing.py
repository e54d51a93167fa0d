"""annual_statement_missing — last year's 政府网站工作年度报表 not published (指引2017: by 1月31日).

Rule: the statement last due — year Y-1's, due by `annual_statement.deadline` (default 01-31) of
year Y; before that deadline, year Y-2's — must be linked from the homepage (or a list the
homepage links to whose entry names 年度报表, or the configured `annual_statement.column`): a
link text naming 年度报表 and the year. A list that could not be read is a note.
Severity: major.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check


@check(
    "annual_statement_missing",
    name="政府网站工作年度报表未发布",
    scope="site",
    evidence={"year": "报表年度", "deadline": "发布期限", "seen": "首页相关链接"},
)
def annual_statement_missing(ctx: Context) -> Iterator[Finding | Note]:
    facts = ctx.fact("statement")
    if facts is None:
        return
    month, day = (int(x) for x in ctx.site.annual_statement.deadline.split("-"))
    deadline = dt.date(ctx.as_of.year, month, day)
    year = ctx.as_of.year - 1
    if ctx.as_of <= deadline:  # last year's is not due yet: the one due last year is judged
        deadline, year = dt.date(ctx.as_of.year - 1, month, day), year - 1
    links = [
        *(facts.get("homepage") or []),
        *(facts.get("followed") or []),
        *(facts.get("column_items") or []),
    ]
    if any(str(year) in str(lk.get("text", "")) and not lk.get("failed") for lk in links):
        return
    unread = [lk["url"] for lk in facts.get("followed") or [] if lk.get("failed")]
    if unread or (facts.get("column") and not facts.get("column_read")):
        where = unread[0] if unread else facts.get("column")
        yield ctx.note(ctx.site.url, f"年度报表所在列表（{where}）未能读取，未判定 {year} 年度报表是否发布")
        return
    yield ctx.finding(
        "annual_statement_missing", Severity.MAJOR, ctx.site.url,
        f"首页未见 {year} 年政府网站工作年度报表（应于 {deadline} 前发布）",
        evidence={"year": year, "deadline": deadline.isoformat(), "seen": [lk.get("text") for lk in links][:5]},
        key=str(year),
    )  # fmt: skip
