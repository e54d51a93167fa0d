"""A unit's 交办单 filled in as WPS/Excel would (openpyxl opens the mailed file, writes the
整改结果 and 反馈栏 cells, saves), then imported: every row's feedback lands on its issue; rows
that do not match are reported, never applied."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from govaudit.issues import lifecycle as I
from govaudit.notify import mail
from govaudit.notify.feedback_import import SheetError, import_feedback
from govaudit.store import open_db
from openpyxl import load_workbook

from govaudit.cli import main
from tests.issues import seed
from tests.notify.test_mail import TUE


def _sheet(sessions, cfg, unit: str) -> bytes:  # type: ignore[no-untyped-def]
    m = next(m for m in mail.build_daily_mails(sessions, cfg, TUE) if m.key.startswith(f"daily:{unit}"))
    return m.attachments[0].data


def _fill(data: bytes, answers: dict[int, tuple[str, str]]) -> bytes:
    """Fill the rows by their 问题编号 (column B) as a person would: result and text."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb["交办单"]
    for row in ws.iter_rows(min_row=5):
        if isinstance(row[1].value, int) and row[1].value in answers:
            row[9].value, row[10].value = answers[row[1].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_filled_sheet_lands_on_every_issue(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    sessions = open_db(db)
    cfg = seed.config()
    seed.seed(sessions, cfg)
    mine = I.list_issues(sessions, unit="县政府办公室", state="open")
    assert len(mine) >= 2
    answers = {
        i.id: ("已整改" if n % 2 == 0 else "无法整改", f"第{n}项：已处理，见说明") for n, i in enumerate(mine)
    }
    filled = _fill(_sheet(sessions, cfg, "县政府办公室"), answers)
    path = tmp_path / "填写后的交办单.xlsx"
    path.write_bytes(filled)
    cfg_path = tmp_path / "c.yaml"
    cfg_path.write_text(seed.config_text(), encoding="utf-8")
    assert main(["issues", "import-feedback", "--config", str(cfg_path), "--db", db, str(path)]) == 0
    for n, i in enumerate(mine):
        got = I.get_issue(sessions, i.id)
        assert got.state == "feedback"
        assert got.feedback_note == answers[i.id][1]
        assert got.feedback_kind == ("fixed" if n % 2 == 0 else "cannot_fix")
        assert "交办单导入" in I.history(sessions, i.id)[-1].actor


def test_foreign_and_tampered_rows_are_reported(tmp_path: Path) -> None:
    sessions = open_db(f"sqlite:///{tmp_path / 'g.db'}")
    cfg = seed.config()
    seed.seed(sessions, cfg)
    mine = I.list_issues(sessions, unit="县教育局", state="open")
    other = I.list_issues(sessions, unit="县政府办公室", state="open")[0]
    wb = load_workbook(io.BytesIO(_sheet(sessions, cfg, "县教育局")))
    ws = wb["交办单"]
    ws.cell(row=5, column=11, value="已整改")
    ws.cell(row=6, column=2, value=other.id)  # a number typed over: the check key no longer matches
    ws.cell(row=6, column=11, value="已整改")
    ws.cell(row=7, column=2, value=99999)
    ws.cell(row=7, column=11, value="已整改")
    buf = io.BytesIO()
    wb.save(buf)
    report = import_feedback(sessions, buf.getvalue(), actor="县教育局·交办单导入", unit="县教育局")
    assert report.blank == 0
    assert report.applied == [(5, mine[0].id)] or report.applied == [(5, ws.cell(row=5, column=2).value)]
    assert len(report.problems) == 2
    assert "不属于本单位" in report.problems[0] and "第 6 行" in report.problems[0]
    assert "第 7 行" in report.problems[1]
    assert I.get_issue(sessions, other.id).state != "feedback"
    with pytest.raises(SheetError):
        import_feedback(sessions, b"not a workbook", actor="x")


def test_key_mismatch_and_result_only(tmp_path: Path) -> None:
    """The office imports (any unit): a row whose 问题编号 was typed over fails its 校验码; a row
    with only 整改结果 chosen is that answer; numbers saved as 5.0 (WPS) are read."""
    sessions = open_db(f"sqlite:///{tmp_path / 'k.db'}")
    cfg = seed.config()
    seed.seed(sessions, cfg)
    other = I.list_issues(sessions, unit="县政府办公室", state="open")[0]
    wb = load_workbook(io.BytesIO(_sheet(sessions, cfg, "县教育局")))
    ws = wb["交办单"]
    first = ws.cell(row=5, column=2).value
    ws.cell(row=5, column=2, value=float(first))
    ws.cell(row=5, column=10, value="无法整改")
    ws.cell(row=6, column=2, value=other.id)
    ws.cell(row=6, column=11, value="已整改")
    buf = io.BytesIO()
    wb.save(buf)
    report = import_feedback(sessions, buf.getvalue(), actor="办公室·交办单导入")
    assert report.applied == [(5, first)]
    got = I.get_issue(sessions, first)
    assert got.feedback_kind == "cannot_fix" and got.feedback_note == "无法整改"
    assert len(report.problems) == 1 and "与校验码不符" in report.problems[0]
    assert I.get_issue(sessions, other.id).state == "assigned"
