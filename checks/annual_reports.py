"""The 政府信息公开工作年度报告 of a site's annual_report columns, as both annual report checks see them:
which year is due, by when, which entries are reports of which year, and their tables read from
the article page (tables, then text) and its attachments (PDF, DOCX: tables, then text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from govaudit.config import Column, Site
from govaudit.config.schema import AnnualReportRule
from govaudit.crawler.extract.annual_report import (
    ReportTables,
    parse_report,
    report_owner,
    report_year,
    tokens_of_rows,
    tokens_of_text,
)
from govaudit.store import Snapshot
from govaudit.store.schema import Item

from .columns import item_date

GOVERNMENT_DEADLINE = "03-31"  # 条例 Art. 49: the county government's own report
DEPARTMENT_DEADLINE = "01-31"  # departments' reports
_GOVERNMENT = re.compile(r"人民政府$|^[^局委办]{0,12}[县市区旗]政府$")


@dataclass
class ReportEntry:
    item: Item
    year: int
    owner: str
    date: dt.date | None


def rule_for(site: Site, column: Column) -> AnnualReportRule:
    """The column's rule over the site's, deadline defaulted by whose report the column holds."""
    own = column.annual_report or AnnualReportRule()
    site_rule = site.annual_report or AnnualReportRule()
    deadline = own.deadline or site_rule.deadline
    owner = own.owner or site_rule.owner
    if deadline is None:
        # a column of its own unit holds that unit's report; otherwise the site's. When either
        # name looks like a 人民政府, the later deadline applies (a false alarm is worse than a miss).
        names = [column.unit] if column.unit else [site.name, site.unit or ""]
        government = any(_GOVERNMENT.search(n or "") for n in names)
        deadline = GOVERNMENT_DEADLINE if government else DEPARTMENT_DEADLINE
    return AnnualReportRule(deadline=deadline, owner=owner)


def deadline_in(year: int, month_day: str) -> dt.date:
    month, day = (int(x) for x in month_day.split("-"))
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28
    return dt.date(year, month, day)


def due_year(as_of: dt.date, month_day: str) -> tuple[int, dt.date]:
    """The report year last due on `as_of` and its deadline: year Y's report is due in Y+1."""
    this = deadline_in(as_of.year, month_day)
    if as_of > this:
        return as_of.year - 1, this
    return as_of.year - 2, deadline_in(as_of.year - 1, month_day)


def reports_in(snapshot: Snapshot, column: Column, owner: str | None) -> list[ReportEntry]:
    out = []
    seen: set[str] = set()
    for it in snapshot.column_items(column.name):
        year = report_year(it.title)
        if year is None or it.url in seen:
            continue
        if owner and owner not in it.title:
            continue
        seen.add(it.url)
        out.append(
            ReportEntry(item=it, year=year, owner=report_owner(it.title), date=item_date(snapshot, it))
        )
    return out


def read_tables(snapshot: Snapshot, url: str) -> tuple[ReportTables | None, list[str]]:
    """The report's tables from every form it is published in, and the forms tried."""
    sources: list[tuple[str, list[str]]] = []
    page = snapshot.page(url)
    if page is not None:
        for t in page.tables or []:
            sources.append(("网页表格", tokens_of_rows(t.get("rows") or [])))
        if page.tables:
            sources.append(("网页表格（合并）", [tok for _, toks in sources for tok in toks]))
        if page.text:
            sources.append(("网页正文", tokens_of_text(page.text)))
    for a in snapshot.attachments_of(url):
        if not a.readable:
            continue
        name = f"附件“{a.title or a.url.rsplit('/', 1)[-1]}”"
        tables = [tokens_of_rows(t.get("rows") or []) for t in (a.tables or [])]
        for toks in tables:
            sources.append((f"{name}表格", toks))
        if len(tables) > 1:
            sources.append((f"{name}表格（合并）", [tok for toks in tables for tok in toks]))
        if a.text:
            sources.append((f"{name}正文", tokens_of_text(a.text)))
    return parse_report(sources), [name for name, _ in sources]
