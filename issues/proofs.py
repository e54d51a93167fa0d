"""Proof files a unit attaches to its 反馈 (a photo of the corrected page, a PDF or DOCX notice):
type checked by their bytes (not by their name or the browser's word), size-capped, stored in the
database (`feedback_files`, schema step 5) with the feedback event they came with."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from govaudit.store.loop_tables import FeedbackFile
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now

MAX_FILE_BYTES = 5 << 20
MAX_FILES = 5
KINDS = {  # mime -> (extension, Chinese name)
    "image/png": (".png", "PNG 图片"),
    "image/jpeg": (".jpg", "JPEG 图片"),
    "image/gif": (".gif", "GIF 图片"),
    "application/pdf": (".pdf", "PDF 文件"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx", "DOCX 文档"),
}
ALLOWED_TEXT = "图片（PNG、JPEG、GIF）、PDF 文件、DOCX 文档"


class ProofError(ValueError):
    """A file that cannot be accepted (one Chinese line naming the file)."""


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The file's real type by its first bytes (a DOCX: a zip holding word/document.xml), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    return None


def check(uploads: list[Upload]) -> list[tuple[Upload, str]]:
    """Every upload with its type, or ProofError for the first that cannot be accepted."""
    if len(uploads) > MAX_FILES:
        raise ProofError(f"一次最多上传 {MAX_FILES} 个佐证材料")
    out = []
    for u in uploads:
        if len(u.data) > MAX_FILE_BYTES:
            raise ProofError(f"“{u.filename}”超过 {MAX_FILE_BYTES >> 20} MB，请压缩后上传")
        if not u.data:
            raise ProofError(f"“{u.filename}”是空文件")
        mime = sniff(u.data)
        if mime is None:
            raise ProofError(f"“{u.filename}”不是可接受的文件类型（只接受{ALLOWED_TEXT}）")
        out.append((u, mime))
    return out


def _safe_name(name: str, mime: str) -> str:
    base = "".join(
        ch for ch in name.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable() and ch not in '"<>:|?*'
    )
    base = base.strip(" .")[:120] or "佐证材料"
    ext = KINDS[mime][0]
    return base if base.lower().endswith((ext, ".jpeg")) else base + ext


def save(sessions: sessionmaker[Session], issue_id: int, checked: list[tuple[Upload, str]], *, actor: str,
         event_id: int | None) -> list[int]:  # fmt: skip
    with sessions() as s, s.begin():
        rows = [FeedbackFile(issue_id=issue_id, event_id=event_id, filename=_safe_name(u.filename, mime), mime=mime,
                             size=len(u.data), data=u.data, uploaded_at=now(), uploaded_by=actor)
                for u, mime in checked]  # fmt: skip
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


def files_of(sessions: sessionmaker[Session], issue_id: int) -> list[FeedbackFile]:
    """The issue's proof files (without loading other issues'), oldest first."""
    with sessions() as s:
        return list(
            s.scalars(select(FeedbackFile).where(FeedbackFile.issue_id == issue_id).order_by(FeedbackFile.id))
        )


def get(sessions: sessionmaker[Session], file_id: int) -> FeedbackFile | None:
    with sessions() as s:
        return s.get(FeedbackFile, file_id)
