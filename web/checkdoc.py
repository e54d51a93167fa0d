"""The pre-publication check page (保密审查): upload a draft, see what privacy_leak, typo and
serious_error's rules find in it, with places, masked. The file is read in memory and dropped
after the answer: nothing of it is stored or logged. Any logged-in user may use it."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from govaudit.crawler.extract.draftdoc import DraftError

from govaudit.checkdoc import check_bytes

from .context import console

bp = Blueprint("checkdoc", __name__)
MAX_MB = 20  # uploads (other forms keep the app's 1 MB limit; app.py raises it for this page only)


@bp.get("/check-doc")
def form() -> str:
    return render_template("checkdoc.html", max_mb=MAX_MB, result=None)


@bp.post("/check-doc")
def upload() -> tuple[str, int] | str:
    file = request.files.get("file")
    if file is None or not file.filename:
        return render_template("checkdoc.html", max_mb=MAX_MB, result=None,
                               error="请选择要检查的文件。"), 400  # fmt: skip
    name = file.filename
    data = file.read()
    try:
        hits = check_bytes(name, data, console().config.content)
    except DraftError as exc:
        return render_template("checkdoc.html", max_mb=MAX_MB, result=None,
                               error=f"无法检查“{name}”：{exc}"), 400  # fmt: skip
    finally:
        del data
    return render_template("checkdoc.html", max_mb=MAX_MB, result={"name": name, "hits": hits})
