"""反馈 with proof: the feedback form's files (checked by issues/proofs.py) and their download on
the issue page (whoever may see the issue may see its proof)."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, request
from govaudit.issues import proofs

from .context import console, own_issue

bp = Blueprint("proofs", __name__)
INLINE = frozenset({"image/png", "image/jpeg", "image/gif", "application/pdf"})


def uploads_of_request() -> list[proofs.Upload]:
    """The files of the feedback form (empty file inputs left out)."""
    return [
        proofs.Upload(f.filename or "佐证材料", f.read())
        for f in request.files.getlist("proof")
        if f and f.filename
    ]


@bp.get("/issues/<int:issue_id>/proofs/<int:file_id>")
def download(issue_id: int, file_id: int) -> Response:
    own_issue(issue_id)
    row = proofs.get(console().sessions, file_id)
    if row is None or row.issue_id != issue_id:
        abort(404, "佐证材料不存在。")
    resp = Response(row.data, mimetype=row.mime)
    how = "inline" if row.mime in INLINE else "attachment"
    resp.headers["Content-Disposition"] = f"{how}; filename*=UTF-8''{quote(row.filename)}"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return resp
