"""annual_report_inconsistent — the 政府信息公开工作年度报告's tables do not add up.

Rule (年报格式2021, 国办公开办函〔2021〕30号, and the 2019 trial format; CHECKS.md): in table 3
(收到和处理政府信息公开申请情况), for each of the 7 applicant columns (自然人, 商业企业, 科研机构,
社会公益组织, 法律服务机构, 其他, 总计): 本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理;
办理结果总计 = the sum of all result rows (（一）…（六） and their sub-rows); each row's 总计 = the
sum of its six applicant columns. Table 4: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计 for
行政复议 and both 行政诉讼 groups. When last year's report is listed too: this year's 上年结转 =
last year's 结转下年度继续办理. Judged on the reports of the year last due (annual_report_missing)
in each annual_report column, read from the article page and its PDF/DOCX attachments.
One finding per failed identity: the evidence names the table, row and column and both sides.
One problem, one finding: a report listed in several columns (or at several addresses) fails
each identity once — at the first column listing it.
Unit: the configured unit the title names as publisher (县发展和改革局2025年度…), else the column's.
A report whose tables cannot be read is a note, never a finding.
Severity: major.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govaudit.crawler.extract.annual_report import (
    APPLICANTS,
    RESULT_ROWS_2019,
    RESULT_ROWS_2021,
    T3_LABELS,
    T4_COLUMNS,
    T4_GROUPS,
    ReportTables,
)

from govaudit.models import Finding, Note, Severity

from .annual_reports import ReportEntry, due_year, read_tables, reports_in, rule_for
from .base import Context, check

T3 = "表三（收到和处理政府信息公开申请情况）"
T4 = "表四（政府信息公开行政复议、行政诉讼情况）"
BALANCE_ROW = "勾稽关系（第一项＋第二项＝第三项＋第四项）"
MAX_PER_REPORT = 20


@dataclass
class Failure:
    identity: str  # balance | results | row_total | review | carry_over
    table: str
    row: str
    column: str
    left: str  # the left side written out, "本年新收 3 + 上年结转 0 = 3"
    right: str
    left_value: int
    right_value: int

    def message(self, title: str) -> str:
        where = f"年报“{title}”{self.table}"
        if self.identity == "balance":
            return f"{where}“{self.column}”列不符合{self.row}：{self.left}，而 {self.right}"
        if self.identity == "carry_over":
            return f"{where}“{self.row}”行“{self.column}”列与上年报告不衔接：{self.left}，而 {self.right}"
        return f"{where}“{self.row}”行“{self.column}”列不一致：{self.left}，而 {self.right}"


def _sum(parts: list[tuple[str, int]]) -> tuple[str, int]:
    total = sum(v for _, v in parts)
    return " + ".join(f"{n} {v}" for n, v in parts) + (f" = {total}" if len(parts) > 1 else ""), total


def result_rows(t: ReportTables) -> list[str] | None:
    """The result rows to add up, when every one of them was read: the 2021 format's (（六）其他处理
    has three sub-rows) or the 2019 format's. None when some are missing (not judged)."""
    for rows in (RESULT_ROWS_2021, RESULT_ROWS_2019):
        if all(k in t.t3 for k in rows):
            return list(rows)
    return None


def failures(t: ReportTables, previous: ReportTables | None = None) -> list[Failure]:
    """Every identity of tables 3 and 4 that does not hold."""
    out: list[Failure] = []
    g = t.t3
    for c, col in enumerate(APPLICANTS):
        left, lv = _sum([("本年新收", g["new"][c]), ("上年结转", g["carried_in"][c])])
        right, rv = _sum([("办理结果总计", g["total"][c]), ("结转下年度继续办理", g["carried_out"][c])])
        if lv != rv:
            out.append(Failure("balance", T3, BALANCE_ROW, col, left, right, lv, rv))
    rows = result_rows(t)
    if rows is not None:  # a table missing result rows is not judged on this identity
        for c, col in enumerate(APPLICANTS):
            right, rv = _sum([(T3_LABELS[k].split(" ")[-1], g[k][c]) for k in rows])
            if g["total"][c] != rv:
                out.append(Failure("results", T3, T3_LABELS["total"], col, f"总计 {g['total'][c]}",
                                   f"各办理结果之和 {rv}", g["total"][c], rv))  # fmt: skip
    for key, nums in g.items():
        six = sum(nums[:6])
        if nums[6] != six:
            out.append(Failure("row_total", T3, T3_LABELS[key], "总计",
                               f"总计 {nums[6]}", f"六类申请人之和 {' + '.join(map(str, nums[:6]))} = {six}",
                               nums[6], six))  # fmt: skip
    if t.t4 is not None:
        for i, group in enumerate(T4_GROUPS):
            vals = t.t4[i * 5 : i * 5 + 5]
            right, rv = _sum(list(zip(T4_COLUMNS[:4], vals[:4], strict=True)))
            if vals[4] != rv:
                out.append(Failure("review", T4, group, "总计", f"总计 {vals[4]}", right, vals[4], rv))
    if previous is not None:
        for c, col in enumerate(APPLICANTS):
            this, last = g["carried_in"][c], previous.t3["carried_out"][c]
            if this != last:
                out.append(Failure("carry_over", T3, T3_LABELS["carried_in"], col, f"本年上年结转 {this}",
                                   f"上年报告结转下年度继续办理 {last}", this, last))  # fmt: skip
    return out


def _owner_unit(ctx: Context, owner: str) -> str | None:
    """The configured unit that publishes the report (its title names it), if there is one."""
    unit = ctx.config.canonical_unit(owner) if owner else None
    return unit if unit and any(u.name == unit for u in ctx.config.units) else None


def _previous(entry: ReportEntry, reports: list[ReportEntry]) -> ReportEntry | None:
    return next((r for r in reports if r.year == entry.year - 1 and r.owner == entry.owner), None)


@check(
    "annual_report_inconsistent",
    name="政府信息公开年度报告数据不一致",
    scope="page",
    evidence={
        "title": "年度报告",
        "year": "报告年度",
        "table": "表格",
        "row": "行",
        "column": "列",
        "identity": "核对关系",
        "left": "等式左边",
        "left_value": "左边数值",
        "right": "等式右边",
        "right_value": "右边数值",
        "source": "数据来源",
        "previous_report": "上年度报告",
    },
)
def annual_report_inconsistent(ctx: Context) -> Iterator[Finding | Note]:
    seen: set[tuple[object, ...]] = set()  # (report, identity, row, column, both sides) already said
    for col in ctx.site.columns:
        if col.kind != "annual_report":
            continue
        rule = rule_for(ctx.site, col)
        assert rule.deadline is not None
        year, _ = due_year(ctx.as_of, rule.deadline)
        reports = reports_in(ctx.snapshot, col, rule.owner)
        for entry in (r for r in reports if r.year == year):
            tables, tried = read_tables(ctx.snapshot, entry.item.url)
            title = entry.item.title
            if tables is None:
                forms = (
                    "、".join(dict.fromkeys(n.split("表格")[0].split("正文")[0] for n in tried))
                    or "无可读内容"
                )
                yield ctx.note(entry.item.url, f"年报“{title}”的统计表格未能读取（已尝试：{forms}），"
                                               "未核对表格数据", col.name)  # fmt: skip
                continue
            prev_entry = _previous(entry, reports)
            previous = read_tables(ctx.snapshot, prev_entry.item.url)[0] if prev_entry else None
            found = failures(tables, previous)
            unit = _owner_unit(ctx, entry.owner)
            for f in found[:MAX_PER_REPORT]:
                said = (entry.year, entry.owner or title, f.identity, f.row, f.column, f.left_value, f.right_value)  # fmt: skip
                if said in seen:
                    continue
                seen.add(said)
                finding = ctx.finding(
                    "annual_report_inconsistent", Severity.MAJOR, entry.item.url,
                    f.message(title),
                    column=col.name, key=f"{entry.year}:{entry.owner}:{f.identity}:{f.row}:{f.column}",
                    evidence={"title": title, "year": entry.year, "table": f.table, "row": f.row,
                              "column": f.column, "left": f.left, "right": f.right,
                              "left_value": f.left_value, "right_value": f.right_value,
                              "identity": f.identity, "source": tables.source,
                              **({"previous_report": prev_entry.item.url} if f.identity == "carry_over"
                                 and prev_entry else {})},
                )  # fmt: skip
                finding.unit = unit or finding.unit
                yield finding
            if len(found) > MAX_PER_REPORT:
                yield ctx.note(entry.item.url, f"年报“{title}”另有 {len(found) - MAX_PER_REPORT} 处表格数据不一致"
                                               "未逐一列出", col.name)  # fmt: skip
            if tables.t4 is None:
                yield ctx.note(entry.item.url, f"年报“{title}”表四（行政复议、行政诉讼）未能读取，未核对",
                               col.name)  # fmt: skip
            if result_rows(tables) is None:
                yield ctx.note(entry.item.url, f"年报“{title}”表三的办理结果行未能全部读取，未核对办理结果总计",
                               col.name)  # fmt: skip
