"""A unit's filled-in 交办单 back into the issues: one 反馈 per row that has one.

The sheet may have been opened and saved by WPS or Excel: the header row is found by its names
(问题编号, 反馈栏 …, anywhere in the first 15 rows), columns by header, not position. A row is
matched to its issue by 问题编号 and checked against the hidden 校验码 (notify/assignment_sheet.py
`row_key`), so a row copied from another sheet or a mistyped number is reported, never applied
to the wrong issue. Rows with nothing in 反馈栏 are skipped (counted); every row not applied says
why, in Chinese, with its row number.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from govaudit.issues import lifecycle
from govaudit.store.loop_tables import IssueRow
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from govaudit.errors import IssueError

from .assignment_sheet import KEY_HEADER, RESULTS, row_key

HEADER_SCAN_ROWS = 15
_ID_NAMES = ("问题编号", "编号")
_FEEDBACK_PREFIX = ("反馈栏", "反馈", "整改情况")
_RESULT_NAMES = ("整改结果", "反馈类型")


@dataclass
class SheetRow:
    row: int  # the row number as WPS/Excel shows it
    issue_id: int | None
    key: str
    result: str
    note: str


@dataclass
class ImportReport:
    applied: list[tuple[int, int]] = field(default_factory=list)  # (row, issue id)
    blank: int = 0  # rows with nothing in 反馈栏
    problems: list[str] = field(default_factory=list)  # one Chinese line per row not applied

    def summary(self) -> str:
        text = f"已导入反馈 {len(self.applied)} 条"
        if self.blank:
            text += f"，未填写反馈 {self.blank} 行"
        if self.problems:
            text += f"，未能导入 {len(self.problems)} 行"
        return text


class SheetError(ValueError):
    """The file is not a 交办单 we can read (one Chinese line)."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(data: bytes) -> list[SheetRow]:
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise SheetError("文件不是有效的 Excel 工作簿（.xlsx），请上传交办单原文件填写后保存的文件") from None
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        for h, header in enumerate(rows[:HEADER_SCAN_ROWS]):
            names = [_text(c) for c in header]
            col_id = next((i for i, n in enumerate(names) if n in _ID_NAMES), None)
            col_fb = next((i for i, n in enumerate(names) if n.startswith(_FEEDBACK_PREFIX)), None)
            if col_id is None or col_fb is None:
                continue
            col_key = next((i for i, n in enumerate(names) if n == KEY_HEADER), None)
            col_res = next((i for i, n in enumerate(names) if n in _RESULT_NAMES), None)
            out = []
            for r, values in enumerate(rows[h + 1 :], start=h + 2):
                cells = list(values) + [None] * len(names)
                raw_id = _text(cells[col_id])
                if not raw_id and not any(_text(c) for c in values):
                    continue
                if not raw_id:  # the signature line under the table, notes the unit added
                    continue
                out.append(SheetRow(
                    row=r, issue_id=int(raw_id) if raw_id.isdigit() else None,
                    key=_text(cells[col_key]) if col_key is not None else "",
                    result=_text(cells[col_res]) if col_res is not None else "", note=_text(cells[col_fb]),
                ))  # fmt: skip
            wb.close()
            return out
    wb.close()
    raise SheetError("未找到交办单表头（需要“问题编号”和“反馈栏”两列），请使用系统导出的交办单填写")


def feedback_kind(result: str, note: str) -> str:
    """整改结果 as chosen, else read from the note (无法整改 / 不能整改 … = cannot_fix)."""
    if result in RESULTS:
        return "fixed" if result == RESULTS[0] else "cannot_fix"
    return (
        "cannot_fix"
        if any(w in (result + note) for w in ("无法整改", "不能整改", "无法", "暂不能"))
        else "fixed"
    )


def import_feedback(sessions: sessionmaker[Session], data: bytes, *, actor: str,
                    unit: str | None = None) -> ImportReport:  # fmt: skip
    """Apply every filled-in row. `unit`: only that unit's issues may be answered (a unit login)."""
    report = ImportReport()
    for row in read_rows(data):
        if not row.note and row.result in RESULTS:
            row.note = row.result  # only 整改结果 chosen: that is the answer
        if not row.note:
            report.blank += 1
            continue
        where = f"第 {row.row} 行"
        if row.issue_id is None:
            report.problems.append(f"{where}：问题编号无法识别，未导入")
            continue
        issue: IssueRow | None
        try:
            issue = lifecycle.get_issue(sessions, row.issue_id)
        except IssueError:
            issue = None
        if issue is None or (unit is not None and issue.unit != unit):
            report.problems.append(f"{where}：问题编号 {row.issue_id} 不存在或不属于本单位，未导入")
            continue
        if row.key and row.key != row_key(issue.id, issue.fingerprint):
            report.problems.append(
                f"{where}：问题编号 {row.issue_id} 与校验码不符（行可能被改动或复制），未导入"
            )
            continue
        try:
            lifecycle.give_feedback(sessions, issue.id, actor=actor, kind=feedback_kind(row.result, row.note),
                                    note=row.note[:2000])  # fmt: skip
        except IssueError as exc:
            report.problems.append(f"{where}：{str(exc).split(' (')[0]}，未导入")
            continue
        report.applied.append((row.row, issue.id))
    return report
