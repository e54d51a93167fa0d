"""Attachments over HTTP: downloaded from articles (and lists of files), text and tables kept in
the snapshot, bytes never; corrupt, encrypted, scanned and oversized files are recorded as
unreadable with the reason, and never stop or slow the run beyond their caps."""

from __future__ import annotations

import time
from pathlib import Path

from govaudit.reports import html_report, json_report
from govaudit.store import load_snapshot, open_db

from govaudit.demo.siteserver import Resp, SiteServer
from tests.attachments_helpers import make_blank_pdf, make_docx, make_pdf, make_xlsx
from tests.conftest import AS_OF, make_config, run, serve
from tests.sitebuilder import article, column_page, days

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _links(*names: str) -> str:
    return "".join(f'<p><a href="/att/{n}">附件：{n}</a></p>' for n in names)


def _site(
    server: SiteServer, files: dict[str, Resp], extra_items: list[tuple[str, str, str]] | None = None
) -> str:
    d = days(AS_OF, 1)
    items = [("关于公示名单的通知", "/gs/a.html", d.isoformat()), *(extra_items or [])]
    routes = {
        "/": "<html><body><a href='/gs/'>公示公告</a></body></html>",
        "/gs/": column_page("公示公告", items),
        "/gs/a.html": article("关于公示名单的通知", d, body="<p>名单见附件。</p>" + _links(*files)),
    }
    routes.update({f"/att/{n}": r for n, r in files.items()})
    return serve(server, routes)


def test_attachment_text_and_tables_are_kept_not_bytes(server: SiteServer, tmp_path: Path) -> None:
    files = {
        "名单.xlsx": Resp(make_xlsx({"公示名单": [["姓名", "单位"], ["张三", "青山镇"]]}), content_type=XLSX),
        "通知.docx": Resp(
            make_docx(["附件正文第一段"], [["序号", "事项"], ["1", "道路维修"]]),
            content_type="application/octet-stream",
        ),  # fmt: skip
        "报告.pdf": Resp(
            make_pdf([["第一页 总体情况"], ["第二页 本年新收 12 件"]]), content_type="application/pdf"
        ),
        "说明.txt": Resp("纯文本附件：办理时限。".encode("gb18030"), content_type="text/plain"),
    }
    base = _site(server, files, [("报名表.xlsx", "/att/报名表.xlsx", days(AS_OF, 2).isoformat())])
    server.add("/att/报名表.xlsx", Resp(make_xlsx({"Sheet1": [["报名表"]]}), content_type=XLSX))
    result = run(make_config(base, [{"name": "公示公告", "url": "/gs/", "kind": "notice"}]), tmp_path)
    snap = load_snapshot(open_db(f"sqlite:///{tmp_path / 'audit.db'}"), result.sites[0].run_id)
    assert len(snap.attachments) == 5 and len({a.url for a in snap.attachments}) == 5
    assert all(a.readable for a in snap.attachments), [(a.url, a.reason) for a in snap.attachments]
    xlsx = next(a for a in snap.attachments if a.ext == ".xlsx" and a.page_url.endswith("/gs/a.html"))
    assert xlsx.tables == [{"name": "公示名单", "rows": [["姓名", "单位"], ["张三", "青山镇"]]}]
    assert xlsx.title == "附件：名单.xlsx" and xlsx.column == "公示公告" and xlsx.status == 200
    docx = next(a for a in snap.attachments if a.ext == ".docx")
    assert "附件正文第一段" in (docx.text or "") and docx.tables[0]["rows"][1] == ["1", "道路维修"]
    pdf = next(a for a in snap.attachments if a.ext == ".pdf")
    assert pdf.pages == 2 and (pdf.text or "").split("\f")[1].startswith("第二页")
    txt = next(a for a in snap.attachments if a.ext == ".txt")
    assert txt.text == "纯文本附件：办理时限。"
    listed = next(a for a in snap.attachments if a.page_url.endswith("/gs/"))  # a list entry that is a file
    assert listed.tables[0]["rows"] == [["报名表"]]
    # the article's own text, links and tables are in the snapshot too
    art = snap.page(base + "/gs/a.html")
    assert art is not None and "名单见附件。" in (art.text or "")
    assert any(lk["text"] == "附件：名单.xlsx" for lk in art.out_links)
    # no attachment is reported as a broken link; each was requested once
    assert not [f for f in result.findings if f.check == "broken_link"]
    assert not list(tmp_path.glob("**/*.xlsx"))


def test_unreadable_attachments_are_recorded_and_do_not_stop_the_run(
    server: SiteServer, tmp_path: Path
) -> None:
    big = b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024)
    corrupt = b"PK\x03\x04" + b"\x00garbage" * 100
    files = {
        "加密.pdf": Resp(make_pdf([["机密"]], encrypt="secret"), content_type="application/pdf"),
        "扫描件.pdf": Resp(make_blank_pdf(), content_type="application/pdf"),
        "损坏.docx": Resp(corrupt, content_type="application/octet-stream"),
        "超大.pdf": Resp(big, content_type="application/pdf"),
        "缺失.xls": Resp("not found", status=404),
        "正常.xlsx": Resp(make_xlsx({"S": [["正常内容"]]}), content_type=XLSX),
    }
    base = _site(server, files)
    config = make_config(base, [{"name": "公示公告", "url": "/gs/", "kind": "notice"}],
                         crawl={"attachment_max_mb": 2})  # fmt: skip
    started = time.monotonic()
    result = run(config, tmp_path)
    elapsed = time.monotonic() - started
    assert result.sites[0].status == "crawled"
    snap = load_snapshot(open_db(f"sqlite:///{tmp_path / 'audit.db'}"), result.sites[0].run_id)
    kinds = {a.title.removeprefix("附件："): a.reason_kind for a in snap.attachments if a.title}
    assert kinds == {"加密.pdf": "encrypted", "扫描件.pdf": "no_text", "损坏.docx": "corrupt",
                     "超大.pdf": "too_large", "缺失.xls": "fetch_error", "正常.xlsx": None}  # fmt: skip
    too_large = next(a for a in snap.attachments if a.reason_kind == "too_large")
    assert too_large.size == len(big) and "2 MB" in (too_large.reason or "") and too_large.text is None
    assert all(a.reason for a in snap.attachments if not a.readable)
    # the 50 MB file was not downloaded: the whole audit takes seconds
    assert elapsed < 30, elapsed
    # a missing attachment is still a broken link; a too-large one is not
    broken = [f.url for f in result.findings if f.check == "broken_link"]
    assert len(broken) == 1 and broken[0].endswith(".xls")
    # the reports count them and say why, for a person to check by hand
    report = json_report.build(result)
    assert report["run"]["sites"][0]["attachments"] == {"read": 1, "unreadable": 5}
    assert {a["reason_kind"] for a in report["run"]["unreadable_attachments"]} == {
        "encrypted", "no_text", "corrupt", "too_large", "fetch_error"}  # fmt: skip
    html = html_report.render(result)
    assert "未能读取内容的附件（5 个" in html and "附件已加密，无法读取内容" in html


def test_a_parser_that_takes_too_long_is_stopped_at_the_time_cap(server: SiteServer, tmp_path: Path) -> None:
    heavy = make_pdf([[f"第{i}页 内容 {'文字' * 40}"] * 40 for i in range(250)])
    files = {"长报告.pdf": Resp(heavy, content_type="application/pdf"),
             "短.xlsx": Resp(make_xlsx({"S": [["短"]]}), content_type=XLSX)}  # fmt: skip
    base = _site(server, files)
    config = make_config(base, [{"name": "公示公告", "url": "/gs/", "kind": "notice"}],
                         crawl={"attachment_timeout": 1, "attachment_max_mb": 20})  # fmt: skip
    started = time.monotonic()
    result = run(config, tmp_path)
    assert time.monotonic() - started < 40
    snap = load_snapshot(open_db(f"sqlite:///{tmp_path / 'audit.db'}"), result.sites[0].run_id)
    kinds = {a.ext: a.reason_kind for a in snap.attachments}
    assert kinds == {".pdf": "timeout", ".xlsx": None}


def test_attachments_can_be_switched_off(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server, {"名单.xlsx": Resp(make_xlsx({"S": [["x"]]}), content_type=XLSX)})
    config = make_config(
        base, [{"name": "公示公告", "url": "/gs/", "kind": "notice"}], crawl={"attachments": False}
    )
    result = run(config, tmp_path)
    snap = load_snapshot(open_db(f"sqlite:///{tmp_path / 'audit.db'}"), result.sites[0].run_id)
    assert snap.attachments == []
    assert [(lk.kind, lk.checked, lk.status) for lk in snap.links if lk.url.endswith(".xlsx")] == [
        ("attachment", True, 200)
    ]
