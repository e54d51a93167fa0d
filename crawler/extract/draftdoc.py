"""A draft document read for the pre-publication check (`govaudit check-doc`, 保密审查): its
text cut into places a person can find — 第N页第L行 (PDF), 第N段 and 表K第R行第C列 (DOCX, TXT,
HTML), 工作表“X”B3 (XLSX, XLS, CSV). Pure: bytes in, segments out; nothing is stored."""

from __future__ import annotations

import io
from dataclasses import dataclass

from .attachments import MAX_PDF_PAGES, MAX_ROWS, MAX_TABLES, MAX_TEXT, extract_attachment
from .encoding import decode_html
from .htmldoc import parse_html, visible_text

FORMATS = (".docx", ".pdf", ".xlsx", ".xls", ".csv", ".txt", ".html", ".htm")


class DraftError(ValueError):
    """The file cannot be read; the message is one Chinese line."""


@dataclass(frozen=True)
class Segment:
    place: str
    text: str


def _col(n: int) -> str:
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


def _docx(data: bytes) -> list[Segment]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any parser failure: not a readable DOCX
        raise DraftError("文件不是有效的 DOCX 文档（可能已损坏或已加密）") from None
    out: list[Segment] = []
    para = tables = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                para += 1
                out.append(Segment(f"第{para}段", text))
        elif tag == "tbl":
            tables += 1
            for r, row in enumerate(Table(child, document).rows, start=1):
                seen: set[int] = set()
                for c, cell in enumerate(row.cells, start=1):
                    if id(cell._tc) in seen or not cell.text.strip():  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    out.append(Segment(f"表{tables}第{r}行第{c}列", cell.text.strip()))
    return out


def _lines(text: str) -> list[Segment]:
    lines = [ln.strip() for ln in text.splitlines()]
    return [Segment(f"第{i}段", ln) for i, ln in enumerate((ln for ln in lines if ln), start=1)]


def read_draft(name: str, data: bytes) -> list[Segment]:
    """The segments of a draft named `name` (its extension decides the format). A PDF or
    spreadsheet longer than the reader's caps raises DraftError rather than being checked in part
    (a draft checked in part would look clean)."""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in FORMATS:
        raise DraftError(
            f"不支持的文件格式“{ext or '无扩展名'}”（支持 DOCX、PDF、XLSX、XLS、CSV、HTML 文档和纯文本文件）"
        )
    if not data:
        raise DraftError("文件为空")
    if ext == ".docx":
        return _docx(data)
    if ext == ".txt":
        return _lines(decode_html(data, "text/plain")[0])
    if ext in (".html", ".htm"):
        doc = parse_html(decode_html(data, "text/html")[0])
        body = doc.find("body")
        return _lines(visible_text(body if body is not None else doc, sep="\n"))
    result = extract_attachment(data, ext)
    if not result.readable:
        raise DraftError(f"文件无法读取：{result.reason or '格式错误'}")
    if result.truncated or (result.pages or 0) > MAX_PDF_PAGES:
        raise DraftError(f"文件过长（超过 {MAX_PDF_PAGES} 页或 {MAX_TEXT // 10000} 万字），请拆分后分别检查")
    if ext != ".pdf" and (
        len(result.tables) >= MAX_TABLES or any(len(t["rows"]) >= MAX_ROWS for t in result.tables)
    ):
        raise DraftError(f"表格过大（超过 {MAX_TABLES} 个工作表或 {MAX_ROWS} 行），请拆分后分别检查")
    if ext == ".pdf":
        out: list[Segment] = []
        for p, page in enumerate(result.text.split("\f"), start=1):
            lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
            out.extend(Segment(f"第{p}页第{i}行", ln) for i, ln in enumerate(lines, start=1))
        return out
    out = []
    for table in result.tables:
        for r, row in enumerate(table["rows"], start=1):
            out.extend(Segment(f"工作表“{table['name']}”{_col(c)}{r}", cell)
                       for c, cell in enumerate(row, start=1) if cell)  # fmt: skip
    return out
