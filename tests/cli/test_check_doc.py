"""`govaudit check-doc`: a DOCX and a PDF made here with a planted ID number, a typo and an
outdated agency name — each found with its place, masked; a clean draft — nothing; unusable
input — exit 2 with one Chinese line; nothing stored."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from tests.checks.content_helpers import id18

ID = id18("37032219850612123")
MASKED = ID[:6] + "********" + ID[-4:]
CLEAN = [
    "关于做好2026年冬季安全生产工作的通知",
    "各乡镇人民政府，县直各部门：",
    "请认真部署，县自然资源局牵头落实。",
]


def _docx(path: Path, paragraphs: list[str], cell: str | None = None) -> Path:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if cell is not None:
        table = d.add_table(rows=2, cols=3)
        table.cell(0, 0).text = "姓名"
        table.cell(1, 2).text = cell
    d.save(str(path))
    return path


def _pdf(path: Path, lines: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 11)
    c.drawString(60, 800, "第一页：工作安排")
    c.showPage()
    c.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        c.drawString(60, 800 - 18 * i, line)
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    names = [a.name if isinstance(a, Path) else a for a in args]  # files in cwd, by name
    return subprocess.run([sys.executable, "-m", "govaudit.cli", "check-doc", *names],
                          capture_output=True, text=True, timeout=120, cwd=cwd)  # fmt: skip


def test_docx_and_pdf_with_planted_problems(tmp_path: Path) -> None:
    docx_file = _docx(tmp_path / "草稿.docx", [CLEAN[0], f"申请人王某，公民身份号码{ID}，已审核。", "县国土资源局负责组织实施。"],
                      cell="请各单位认真部暑")  # fmt: skip
    pdf_file = _pdf(
        tmp_path / "公示.pdf",
        ["公示名单", f"李某 身份证号：{ID}", "请认真部暑落实", "由县国土资源局负责解释"],
    )
    before = set(tmp_path.rglob("*"))
    out = _run(docx_file, pdf_file, cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    text = out.stdout
    assert ID not in text and ID not in out.stderr and MASKED in text
    lines = text.splitlines()

    def line(kind: str, place: str) -> str:
        return next(ln for ln in lines if f"[{kind}] {place}：" in ln)

    assert MASKED in line("个人信息泄露", "第2段")
    assert "“部暑”应为“部署”" in line("错别字", "表1第2行第3列")
    assert "国土资源局" in line("严重表述错误", "第3段")
    assert MASKED in line("个人信息泄露", "第2页第2行")
    assert "“部暑”应为“部署”" in line("错别字", "第2页第3行")
    assert "国土资源局" in line("严重表述错误", "第2页第4行")
    assert "草稿.docx：发现 3 处问题" in text and "公示.pdf：发现 3 处问题" in text
    assert set(tmp_path.rglob("*")) == before  # nothing stored (no database, no copy)


def test_a_clean_draft_finds_nothing(tmp_path: Path) -> None:
    out = _run(_docx(tmp_path / "clean.docx", CLEAN), _pdf(tmp_path / "clean.pdf", CLEAN), cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines() == ["clean.docx：未发现问题", "clean.pdf：未发现问题"]
    historical = _docx(tmp_path / "h.docx", ["原县国土资源局2017年的工作已移交。"])
    assert _run(historical, cwd=tmp_path).returncode == 0  # a historical mention is no error


def test_unusable_input_is_exit_2_with_one_chinese_line(tmp_path: Path) -> None:
    (tmp_path / "bad.docx").write_bytes(b"not a document")
    (tmp_path / "x.exe").write_bytes(b"MZ")
    for name, said in (
        ("bad.docx", "不是有效的 DOCX"),
        ("x.exe", "不支持的文件格式"),
        ("missing.pdf", "文件不存在"),
    ):
        out = _run(tmp_path / name, cwd=tmp_path)
        assert out.returncode == 2 and out.stdout == ""
        assert len(out.stderr.splitlines()) == 1 and said in out.stderr and "Traceback" not in out.stderr


def test_txt_xlsx_and_html_places(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws["A1"], ws["B3"] = "姓名", ID
    wb.save(str(tmp_path / "名单.xlsx"))
    (tmp_path / "稿.txt").write_text("第一段\n\n认真部暑工作\n", encoding="utf-8")
    (tmp_path / "页.html").write_text(
        "<html><body><p>甲</p><p>县国土资源局</p></body></html>", encoding="utf-8"
    )
    out = _run(tmp_path / "名单.xlsx", tmp_path / "稿.txt", tmp_path / "页.html", cwd=tmp_path)
    assert out.returncode == 1
    assert f"[个人信息泄露] 工作表“名单”B3：身份证号码 {MASKED}" in out.stdout
    assert "[错别字] 第2段：“部暑”应为“部署”" in out.stdout
    assert "[严重表述错误] 第2段：机构改革前的名称“国土资源局”" in out.stdout


def test_a_draft_too_large_to_read_whole_is_refused_not_half_checked(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 5102):
        ws.cell(row=r, column=1, value=f"第{r}户")
    ws.cell(row=5101, column=2, value=ID)  # past the reader's row cap
    wb.save(str(tmp_path / "大表.xlsx"))
    out = _run(tmp_path / "大表.xlsx", cwd=tmp_path)
    assert out.returncode == 2 and "表格过大" in out.stderr and "请拆分" in out.stderr
