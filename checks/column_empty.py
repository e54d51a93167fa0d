"""column_empty — 空白栏目: a column with no items, or only a placeholder (指标2019).

Rule: the column page is served and its list is empty *and* the page says so: a placeholder
(暂无信息, 正在建设中, 内容更新中, ...) or a stated total of 0 records. A page where no list could
be recognised, or a list that a script fills from an interface we could not read, is NOT called
blank: a note records why, for a person to verify (a false veto is the worst error). A column whose
page states more entries (共N条, recordCount) than could be read gets a note too: the checks that
need the whole column (catalog, interpretation, consultation) treat it as not fully read.
Veto line: >= empty_veto_columns (5) blank columns; a warning in the evidence above
empty_warn_columns (2).
Severity: major (veto at the line).
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .columns import column_view, partial_list


@check(
    "column_empty",
    name="空白栏目",
    scope="column",
    evidence={
        "placeholder": "页面提示",
        "stated_total": "页面显示总数",
        "empty_columns": "全站空白栏目数",
        "items": "列表条目数",
        "warning": "预警",
    },
)
def column_empty(ctx: Context) -> Iterator[Finding | Note]:
    empty: list[Finding] = []
    for col in ctx.site.columns:
        view = column_view(ctx.snapshot, col.name, col.url)
        if (
            view.reachable
            and view.items
            and (partial := partial_list(ctx.snapshot, col.name, ctx.list_cap(col.name)))
        ):
            yield ctx.note(
                col.url, f"栏目“{col.name}”列表未读全：{partial}；依赖整栏的检查按未读全处理", col.name
            )
        if not view.reachable or view.items:
            continue
        if view.unreadable:
            yield ctx.note(
                col.url,
                f"栏目“{col.name}”列表未能读取：{view.unreadable}；未判定是否空白，请人工核实",
                col.name,
            )
            continue
        if view.placeholder or view.stated_total == 0:
            shown = view.placeholder or "共0条"
            empty.append(ctx.finding(
                "column_empty", Severity.MAJOR, col.url,
                f"栏目“{col.name}”为空白栏目（页面显示“{shown}”，无任何信息）",
                column=col.name, evidence={"placeholder": view.placeholder, "stated_total": view.stated_total},
            ))  # fmt: skip
        else:
            yield ctx.note(
                col.url,
                f"栏目“{col.name}”页面未识别到信息列表，也未见“暂无信息”等提示；未判定是否空白，"
                "请人工核实，必要时在配置中为该栏目指定列表位置",
                col.name,
            )
    t = ctx.thresholds
    for f in empty:
        f.evidence["empty_columns"] = len(empty)
        if len(empty) >= t.empty_veto_columns:
            f.severity = Severity.VETO
            f.message += f"；全站空白栏目 {len(empty)} 个，达到单项否决线"
        elif len(empty) > t.empty_warn_columns:
            f.evidence["warning"] = (
                f"全站空白栏目 {len(empty)} 个，接近单项否决线（{t.empty_veto_columns} 个）"
            )
        yield f
