"""The 交办单 (XLSX): one unit's open issues, to file and print (A4 landscape, fit to width).

Rows are numbered; 反馈栏 is left blank for the unit to fill in by hand or in the file. The
header row repeats on every printed page; the footer numbers the pages.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from govaudit.issues.views import IssueView
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

HEADERS = (
    "序号",
    "问题",
    "网站 / 栏目",
    "页面",
    "证据",
    "严重程度",
    "整改期限",
    "状态",
    "反馈栏（整改情况）",
)
WIDTHS = (6, 34, 18, 30, 40, 10, 13, 12, 30)
HEADER_ROW = 4
_FONT = "宋体"


def _cell_text(value: object) -> object:
    """What a cell may hold: text from pages can carry control characters (which openpyxl refuses)
    and may start with "=" (which would make it a formula): both are neutralised."""
    if not isinstance(value, str):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def assignment_sheet(unit: str, issues: Sequence[IssueView], as_of: dt.date, *, issued_by: str,
                     more: int = 0) -> bytes:  # fmt: skip
    """The workbook as bytes. `more`: issues left out of the list (a line says so)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "交办单"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    last_col = get_column_letter(len(HEADERS))

    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = "政府网站问题整改交办单"
    ws["A1"].font = Font(name=_FONT, size=18, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 34
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"] = _cell_text(
        f"交办单位：{issued_by}　　　责任单位：{unit}　　　交办日期：{_date(as_of)}　　　共 {len(issues) + more} 项"
    )
    ws["A2"].font = Font(name=_FONT, size=11)
    ws.merge_cells(f"A3:{last_col}3")
    ws["A3"] = (
        "请于整改期限前完成整改，在“反馈栏”填写整改情况（已整改 / 无法整改及原因），并通过监测平台反馈、申请复核。"
    )
    ws["A3"].font = Font(name=_FONT, size=10, italic=True)
    ws["A3"].alignment = Alignment(wrap_text=True)
    ws.row_dimensions[3].height = 30

    for col, (title, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=title)
        cell.font = Font(name=_FONT, size=11, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width

    for n, v in enumerate(issues, start=1):
        deadline = _date(v.deadline) + (f"\n（{v.urgency}）" if v.urgency else "")
        values = (n, f"{v.check_name}：{v.message}", v.place, v.url, v.evidence_text or "—", v.severity_label,
                  deadline, v.state_label, "")  # fmt: skip
        row = HEADER_ROW + n
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=_cell_text(value))
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the page wrote
            cell.font = Font(name=_FONT, size=10, color="B4262A" if col == 7 and v.overdue else None)
            cell.alignment = wrap
            cell.border = border
        lines = max(3, *(str(x).count("\n") + 1 + len(str(x)) // 30 for x in values))
        ws.row_dimensions[row].height = min(15 * lines, 300)

    sign = HEADER_ROW + len(issues) + 2
    if more:
        ws.merge_cells(f"A{sign - 1}:{last_col}{sign - 1}")
        ws[f"A{sign - 1}"] = f"另有 {more} 项问题未列出，更多内容请在网页控制台查看。"
        ws[f"A{sign - 1}"].font = Font(name=_FONT, size=10, bold=True)
        sign += 1
    ws.merge_cells(f"A{sign}:{last_col}{sign}")
    ws[f"A{sign}"] = (
        "责任单位（盖章）：　　　　　　　　经办人：　　　　　　　　联系电话：　　　　　　　　反馈日期：　　年　　月　　日"
    )
    ws[f"A{sign}"].font = Font(name=_FONT, size=11)

    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last_col}{sign}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    wb.properties.title = f"{unit}问题整改交办单（{as_of.isoformat()}）"
    wb.properties.creator = "govaudit"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
