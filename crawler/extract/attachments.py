"""The text and tables of an attachment (bytes → text), with the reason when it cannot be read.

Libraries, by format (the real format is sniffed from the bytes; the extension only breaks ties):

| format | library |
|---|---|
| PDF | pdfplumber (pdfminer.six): text per page (pages separated by ``\\f``) and ruled tables |
| DOCX | python-docx: paragraphs and tables in document order |
| XLSX | openpyxl (read-only, cached values) |
| XLS (BIFF, also .et saved as xls) | xlrd |
| DOC, WPS (Word 97 OLE files) | Debian's ``antiword``, else ``catdoc`` (command-line tools) |
| CSV, TXT | the page decoder (UTF-8 / GB18030 / detection) and the csv module |

Images inside documents are not read: a PDF without a text layer (a scan) is reported as
``no_text`` (OCR is out of scope). Encrypted files are reported as ``encrypted``, files that a
library cannot open as ``corrupt``. Pure: no network, no clock; the caller caps size and time.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .encoding import decode_html

__all__ = ["AttachmentText", "TEXT_EXTENSIONS", "extract_attachment", "sniff", "REASONS"]

log = logging.getLogger(__name__)

#: extensions whose text govaudit reads (others are only link-checked)
TEXT_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".wps", ".txt", ".et"})
MAX_TEXT = 500_000
MAX_TABLES = 60
MAX_ROWS = 5_000
MAX_COLS = 60
MAX_PDF_PAGES = 300
TOOL_TIMEOUT = 60  # seconds for antiword/catdoc (the caller's time cap stops everything anyway)

#: reason_kind -> Chinese wording for reports ("{detail}" filled where given)
REASONS: dict[str, str] = {
    "fetch_error": "附件无法下载（{detail}）",
    "too_large": "附件超过读取上限（{detail}），未读取内容",
    "timeout": "附件读取超时（{detail}），未读取内容",
    "encrypted": "附件已加密，无法读取内容",
    "corrupt": "附件已损坏或与其格式不符，无法读取",
    "no_text": "附件没有文字层（可能是扫描件或图片），未做文字识别",
    "unsupported": "暂不支持读取此格式（{detail}）",
}


@dataclass(slots=True)
class AttachmentText:
    readable: bool
    reason_kind: str | None = None
    reason: str | None = None
    text: str = ""
    tables: list[dict[str, Any]] = field(default_factory=list)
    pages: int | None = None
    truncated: bool = False


def unreadable(kind: str, detail: str = "") -> AttachmentText:
    return AttachmentText(readable=False, reason_kind=kind, reason=REASONS[kind].format(detail=detail))


def sniff(data: bytes, ext: str) -> str:
    """The real format: 'pdf', 'docx', 'xlsx', 'ole' (doc/xls/wps), 'encrypted' (protected OOXML),
    'zip' (other), 'text', 'unknown'."""
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "zip"
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # a password-protected .docx/.xlsx is an OLE container holding an "EncryptedPackage"
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in data else "ole"
    if ext in (".csv", ".txt"):
        return "text"
    return "unknown"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _finish(text: str, tables: list[dict[str, Any]], pages: int | None) -> AttachmentText:
    truncated = len(text) > MAX_TEXT
    return AttachmentText(readable=True, text=text[:MAX_TEXT], tables=tables[:MAX_TABLES], pages=pages,
                          truncated=truncated)  # fmt: skip


def _rows_text(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(c for c in row if c) for row in rows if any(row))


def _pdf(data: bytes) -> AttachmentText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        return unreadable("encrypted")
    except Exception as exc:  # noqa: BLE001 - pdfplumber wraps parser errors (PdfminerException)
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError) or "password" in repr(exc).lower():
            return unreadable("encrypted")
        return unreadable("corrupt")
    texts: list[str] = []
    tables: list[dict[str, Any]] = []
    size = 0
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:  # noqa: BLE001
            return unreadable("encrypted" if "password" in str(exc).lower() else "corrupt")
        for n, page in enumerate(pages[:MAX_PDF_PAGES], start=1):
            page_text = page.extract_text() or ""
            texts.append(page_text)
            size += len(page_text)
            if len(tables) < MAX_TABLES:
                for t in page.extract_tables():
                    rows = [[_cell(c) for c in row[:MAX_COLS]] for row in t[:MAX_ROWS]]
                    if any(any(r) for r in rows):
                        tables.append({"name": f"第{n}页", "rows": rows})
            if size > MAX_TEXT:
                break
        count = len(pages)
    text = "\f".join(texts)
    if not text.strip() and not tables:
        return AttachmentText(readable=False, reason_kind="no_text", reason=REASONS["no_text"], pages=count)
    return _finish(text, tables, count)


def _docx(data: bytes) -> AttachmentText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    tables: list[dict[str, Any]] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            if text:
                lines.append(text)
        elif tag == "tbl":
            table = Table(child, document)
            rows = [[_cell(c.text) for c in row.cells[:MAX_COLS]] for row in table.rows[:MAX_ROWS]]
            tables.append({"name": f"表{len(tables) + 1}", "rows": rows})
            lines.append(_rows_text(rows))
    return _finish("\n".join(lines), tables, None)


def _xlsx(data: bytes) -> AttachmentText:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        tables = []
        for ws in wb.worksheets:
            rows: list[list[str]] = []
            for row in ws.iter_rows(values_only=True, max_col=MAX_COLS):
                cells = [_cell(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                rows.append(cells)
                if len(rows) >= MAX_ROWS:
                    break
            while rows and not any(rows[-1]):
                rows.pop()
            tables.append({"name": ws.title, "rows": rows})
    finally:
        wb.close()
    return _finish("\n".join(_rows_text(t["rows"]) for t in tables), tables, len(tables))


def _xls(data: bytes) -> AttachmentText:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        return unreadable("encrypted" if "encrypt" in str(exc).lower() else "corrupt")
    tables = []
    for sheet in book.sheets():
        rows = [
            [_cell(sheet.cell_value(r, c)) for c in range(min(sheet.ncols, MAX_COLS))]
            for r in range(min(sheet.nrows, MAX_ROWS))
        ]
        tables.append({"name": sheet.name, "rows": rows})
    return _finish("\n".join(_rows_text(t["rows"]) for t in tables), tables, len(tables))


def _word97(data: bytes, ext: str) -> AttachmentText:
    """.doc/.wps through antiword, else catdoc (Debian packages; see .ci/run)."""
    tools = [t for t in (["antiword", "-m", "UTF-8.txt"], ["catdoc", "-d", "utf-8"]) if shutil.which(t[0])]
    if not tools:
        return unreadable("unsupported", f"{ext}：本机未安装 antiword/catdoc")
    fd, path = tempfile.mkstemp(suffix=ext)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        for tool in tools:
            try:
                res = subprocess.run([*tool, path], capture_output=True, timeout=TOOL_TIMEOUT, check=False)
            except subprocess.TimeoutExpired:
                continue
            out = res.stdout.decode("utf-8", errors="replace")
            err = res.stderr.decode("utf-8", errors="replace").lower()
            if "encrypt" in err or "password" in err:
                return unreadable("encrypted")
            if res.returncode == 0 and out.strip():
                return _finish(out.replace("\r", ""), [], None)
    finally:
        os.unlink(path)
    return unreadable("corrupt")


def _text_file(data: bytes, ext: str) -> AttachmentText:
    text, _ = decode_html(data, "text/plain")
    if ext != ".csv":
        return _finish(text, [], None)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        rows.append([_cell(c) for c in row[:MAX_COLS]])
        if len(rows) >= MAX_ROWS:
            break
    return _finish(_rows_text(rows), [{"name": "表1", "rows": rows}], None)


def extract_attachment(data: bytes, ext: str) -> AttachmentText:
    """Text and tables of an attachment's bytes; never raises (an unreadable file says why)."""
    ext = ext.lower()
    if not data:
        return unreadable("corrupt")
    kind = sniff(data, ext)
    try:
        if kind == "pdf":
            return _pdf(data)
        if kind == "docx":
            return _docx(data)
        if kind == "xlsx":
            return _xlsx(data)
        if kind == "ole":
            if ext in (".xls", ".et"):
                result = _xls(data)
                return result if result.readable or ext == ".et" else _word97(data, ext)
            result = _word97(data, ext)
            if not result.readable and result.reason_kind == "corrupt":
                xls = _xls(data)  # a spreadsheet saved under a Word extension
                return xls if xls.readable else result
            return result
        if kind == "encrypted":
            return unreadable("encrypted")
        if kind == "text":
            return _text_file(data, ext)
        if kind == "zip" and ext in (".docx", ".xlsx"):
            return unreadable("corrupt")
        if ext in (".pdf", ".docx", ".xlsx", ".doc", ".xls", ".wps", ".et"):
            # an Office file that is not one: an encrypted OOXML file is an OLE container (above)
            return unreadable("corrupt")
        return unreadable("unsupported", ext or "未知格式")
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop the run
        log.info("attachment not readable (%s): %s", kind, exc)
        low = str(exc).lower()
        if "encrypt" in low or "password" in low:
            return unreadable("encrypted")
        return unreadable("corrupt")
