"""Issue lists as XLSX (the web's 导出 Excel and `govaudit issues export --xlsx F`): one row per
issue with every field an official filters or sorts on, an auto-filter and a frozen header."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from govaudit.issues.views import IssueView
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .assignment_sheet import _cell_text

COLUMNS = (
    ("问题编号", 9), ("严重程度", 10), ("检查项", 18), ("问题描述", 50), ("网站", 18), ("栏目", 14),
    ("页面", 36), ("责任单位", 16), ("状态", 10), ("发现日期", 12), ("整改期限", 12), ("逾期情况", 16),
    ("重新打开次数", 8), ("单位反馈", 30), ("证据", 40),
)  # fmt: skip


def _row(v: IssueView) -> tuple[object, ...]:
    feedback = (
        f"{'已整改' if v.feedback_kind == 'fixed' else '无法整改'}：{v.feedback_note}"
        if v.feedback_note
        else ""
    )
    return (v.id, v.severity_label, v.check_name, v.message, v.site, v.column or "", v.url, v.unit or "未指定",
            v.state_label, v.opened, v.deadline, v.urgency, v.reopen_count, feedback, v.evidence_text)  # fmt: skip


def issues_workbook(views: Sequence[IssueView], as_of: dt.date, *, title: str = "问题清单") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    for col, (name, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=name)
        cell.font = Font(name="宋体", bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, v in enumerate(views, start=2):
        for col, value in enumerate(_row(v), start=1):
            cell = ws.cell(row=r, column=col, value=_cell_text(value))
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever a page wrote
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=col in (4, 7, 14, 15), vertical="top")
            if col == 12 and v.overdue:
                cell.font = Font(color="B4262A", bold=True)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(views) + 1)}"
    wb.properties.title = f"{title}（截至 {as_of.isoformat()}）"
    wb.properties.creator = "govaudit"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
