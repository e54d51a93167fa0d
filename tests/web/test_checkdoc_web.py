"""The upload page of the pre-publication check: a draft's problems shown with places, masked;
a clean draft: nothing; an unusable file: one Chinese line; nothing stored."""

from __future__ import annotations

import io
from pathlib import Path

from flask.testing import FlaskClient
from govaudit.store import open_db
from govaudit.store.schema import Base
from govaudit.web import create_app
from sqlalchemy import func, select

from tests.checks.content_helpers import id18
from tests.issues import seed
from tests.web.test_web import USERS, csrf, login

ID = id18("37032219850612123")


def _docx(*paragraphs: str) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _counts(db: str) -> dict[str, int]:
    with open_db(db)() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def test_upload_a_draft(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    seed.seed(open_db(db), seed.config(users=USERS))
    client: FlaskClient = create_app(seed.config(users=USERS), db, today=lambda: seed.MON).test_client()
    login(client, "jyj")  # a unit may use it too
    page = client.get("/check-doc").get_data(as_text=True)
    assert "发布前检查" in page
    before = _counts(db)

    def upload(name: str, data: bytes) -> tuple[int, str]:
        token = csrf(client.get("/check-doc").get_data(as_text=True))
        resp = client.post("/check-doc", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")  # fmt: skip
        return resp.status_code, resp.get_data(as_text=True)

    big = _docx(f"申请人身份证号{ID}。", "请认真部暑。", "县国土资源局负责。", *["正文段落。" * 40] * 400)
    status, html = upload("草稿.docx", big)
    assert status == 200 and "发现 3 处问题" in html
    assert ID not in html and ID[:6] + "********" + ID[-4:] in html
    assert "第1段" in html and "第2段" in html and "第3段" in html
    long_txt = ("正文段落，内容无误。\n" * 60000 + "请认真部暑。\n").encode("utf-8")  # over the forms' 1 MB
    assert len(long_txt) > 1 << 20
    status, html = upload("长稿.txt", long_txt)
    assert status == 200 and "发现 1 处问题" in html and "第60001段" in html
    status, html = upload("干净.docx", _docx("请认真部署。"))
    assert status == 200 and "未发现问题" in html
    status, html = upload("坏.pdf", b"%PDF-1.4 broken")
    assert status == 400 and "无法检查“坏.pdf”" in html and "Traceback" not in html
    assert _counts(db) == before  # nothing of the drafts stored
