"""The workbench pages through Flask's test client over a real SQLite database: the dashboard
and its charts, 交办 in bulk, XLSX out and in, 反馈 with proof files, units and logins kept in
the database's copy of the config."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from govaudit.config import dbcopy
from govaudit.issues import lifecycle as I
from govaudit.store import open_db
from govaudit.web import create_app
from openpyxl import load_workbook

from tests.issues import seed
from tests.web.test_web import TUE, USERS, csrf, ids_of, login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def test_dashboard_office_and_unit(client: FlaskClient, db: str) -> None:
    login(client, "office")
    page = client.get("/dashboard").get_data(as_text=True)
    assert page.index("单项否决风险（请优先处理）") < page.index("问题分布") < page.index("整改趋势")
    veto = page[page.index('id="vetoes"') : page.index("问题分布")]
    assert "首页已 20 天未更新" in veto and "教育动态" not in veto
    assert page.count("<svg") == 4 and "整改率趋势（按周）" in page and "平均整改用时" in page
    assert "各责任单位未办结 / 逾期问题" in page and "<title>县教育局 未办结：2</title>" in page
    assert "测试县人民政府" in page[page.index('id="latest-runs"') :]
    report = client.get(re.search(r'href="(/runs/\d+/report.html)"', page).group(1)).get_data(as_text=True)  # type: ignore[union-attr]
    assert (
        "<svg" in report and "<title>县政府办公室 单项否决风险：1</title>" in report
    )  # the HTML report's chart
    login(client, "jyj")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "概览（县教育局）" in page and "首页已 20 天未更新" not in page
    assert "各责任单位" not in page and page.count("<svg") == 3  # no other unit's numbers


def test_bulk_assign_and_unknown_unit(client: FlaskClient, db: str) -> None:
    login(client, "office")
    page = client.get("/issues").get_data(as_text=True)
    ids = ids_of(db, "县政府办公室")
    resp = client.post("/issues/bulk-assign", data={"ids": ids, "unit": "县发展和改革局", "deadline": "2026-12-01",
                                                    "csrf_token": csrf(page)}, follow_redirects=True)  # fmt: skip
    assert f"已批量交办 {len(ids)} 个问题给县发展和改革局" in resp.get_data(as_text=True)
    for i in ids:
        issue = I.get_issue(open_db(db), i)
        assert (
            issue.unit == "县发展和改革局"
            and str(issue.deadline) == "2026-12-01"
            and issue.state == "assigned"
        )
    resp = client.post("/issues/bulk-assign", data={"ids": ids, "unit": "县不存在局", "csrf_token": csrf(page)},
                       follow_redirects=True)  # fmt: skip
    text = resp.get_data(as_text=True)
    assert "未知的责任单位“县不存在局”" in text and "县教育局" in text
    assert all(I.get_issue(open_db(db), i).unit == "县发展和改革局" for i in ids)


def test_export_and_sheet_upload(client: FlaskClient, db: str) -> None:
    login(client, "office")
    resp = client.get("/issues/export.xlsx?state=open")
    ws = load_workbook(io.BytesIO(resp.data)).active
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert ws["A1"].value == "问题编号" and len(rows) == 4
    login(client, "jyj")
    rows = list(
        load_workbook(io.BytesIO(client.get("/issues/export.xlsx").data)).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    assert {r[7] for r in rows} == {"县教育局"} and len(rows) == 2
    sheet = load_workbook(io.BytesIO(client.get("/issues/sheet.xlsx").data))
    ws = sheet["交办单"]
    for row in ws.iter_rows(min_row=5, max_row=6):
        row[9].value, row[10].value = "已整改", f"问题 {row[1].value} 已在栏目中补发信息"
    buf = io.BytesIO()
    sheet.save(buf)
    page = client.get("/issues/import").get_data(as_text=True)
    resp = client.post("/issues/import", data={"csrf_token": csrf(page), "sheet": (io.BytesIO(buf.getvalue()), "交办单.xlsx")},
                       content_type="multipart/form-data")  # fmt: skip
    assert "已导入反馈 2 条" in resp.get_data(as_text=True)
    for i in ids_of(db, "县教育局"):
        issue = I.get_issue(open_db(db), i)
        assert issue.state == "feedback" and issue.feedback_note == f"问题 {i} 已在栏目中补发信息"
    resp = client.post("/issues/import", data={"csrf_token": csrf(page), "sheet": (io.BytesIO(b"PK\x03\x04junk"), "x.xlsx")},
                       content_type="multipart/form-data")  # fmt: skip
    assert "不是有效的 Excel 工作簿" in resp.get_data(as_text=True)


def test_feedback_with_proof(client: FlaskClient, db: str) -> None:
    login(client, "jyj")
    mine = ids_of(db, "县教育局")[0]
    page = client.get(f"/issues/{mine}").get_data(as_text=True)
    fake = {
        "kind": "fixed",
        "note": "已整改",
        "csrf_token": csrf(page),
        "proof": (io.BytesIO(b"MZ\x90 not an image"), "截图.png"),
    }
    text = client.post(f"/issues/{mine}/feedback", data=fake, content_type="multipart/form-data",
                       follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "“截图.png”不是可接受的文件类型" in text and "反馈未提交" in text
    assert I.get_issue(open_db(db), mine).state == "assigned"
    good = {"kind": "fixed", "note": "已补发", "csrf_token": csrf(page),
            "proof": [(io.BytesIO(PNG), "整改后截图.png"), (io.BytesIO(b"%PDF-1.4 proof"), "说明.pdf")]}  # fmt: skip
    text = client.post(f"/issues/{mine}/feedback", data=good, content_type="multipart/form-data",
                       follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "附佐证材料 2 个" in text and "整改后截图.png" in text and "说明.pdf" in text
    links = re.findall(rf'href="(/issues/{mine}/proofs/\d+)"', text)
    assert len(links) == 2
    login(client, "office")
    resp = client.get(links[0])
    assert resp.data == PNG and resp.mimetype == "image/png"
    assert "整改后截图.png" in client.get(f"/issues/{mine}").get_data(as_text=True)
    # another unit's login cannot fetch it
    other = create_app(seed.config(users=[*USERS, {"login": "fgj", "unit": "县发展和改革局",
                                                    "password_hash": USERS[0]["password_hash"]}]), db,
                       today=lambda: TUE).test_client()  # fmt: skip
    login(other, "fgj")
    assert other.get(links[0]).status_code == 404


def test_units_and_logins_saved_in_the_database(client: FlaskClient, db: str) -> None:
    login(client, "office")
    page = client.get("/units").get_data(as_text=True)
    resp = client.post("/units/save", data={"name": "县财政局", "email": "czj@example.test", "aliases": "财政局、县财政",
                                            "csrf_token": csrf(page)}, follow_redirects=True)  # fmt: skip
    assert "已保存单位“县财政局”" in resp.get_data(as_text=True)
    resp = client.post("/units/logins", data={"login": "czj", "password": "财政-密码-2026", "unit": "县财政局",
                                              "csrf_token": csrf(page)}, follow_redirects=True)  # fmt: skip
    assert "已保存账号“czj”（县财政局）" in resp.get_data(as_text=True)
    resp = client.post("/units/logins", data={"login": "x", "password": "short", "csrf_token": csrf(page)},
                       follow_redirects=True)  # fmt: skip
    assert "用户名应为" in resp.get_data(as_text=True)
    stored = dbcopy.load(open_db(db))
    assert stored is not None and any(
        u.name == "县财政局" and u.aliases == ("财政局", "县财政") for u in stored.units
    )
    assert "财政-密码" not in dbcopy.latest_text(open_db(db))  # hashes only
    # a new console (as after a restart: serve starts it with the database's copy) has the new login
    fresh = create_app(stored, db, today=lambda: TUE).test_client()
    assert "概览（县财政局）" in login(fresh, "czj", "财政-密码-2026")
    # a duplicate unit is refused, nothing saved
    before = dbcopy.latest_text(open_db(db))
    resp = client.post(
        "/units/save", data={"name": "县教育局", "csrf_token": csrf(page)}, follow_redirects=True
    )
    assert (
        "配置校验未通过，未保存" in resp.get_data(as_text=True) and dbcopy.latest_text(open_db(db)) == before
    )


ALLOWED_LATIN = {"HTTP", "PDF", "PNG", "JPEG", "GIF", "DOCX", "Word", "Excel", "XLSX", "KB", "MB", "YYYY", "MM", "DD",
                 "http", "https", "bgs", "jyj", "office", "xlsx"}  # fmt: skip


def _visible_latin(page: str) -> set[str]:
    """Latin words a person sees on the page (text and SVG labels; URLs, logins and file names
    left out), for the rule: everything officials read is Chinese."""
    import lxml.html

    doc = lxml.html.fromstring(page)
    for el in doc.iter("script", "style"):
        el.drop_tree()
    text = (
        doc.text_content().replace("<script>alert(1)</script>", "") + " "
    )  # a page's words (seed) + " ".join(el.get("placeholder", "") for el in doc.iter("input"))
    text = re.sub(r"https?://\S+|[\w.-]+@[\w.-]+|\S+\.(png|pdf|xlsx|docx)", " ", text)
    return {w for w in re.findall(r"[A-Za-z_]{2,}", text) if w not in ALLOWED_LATIN}


def test_workbench_pages_speak_chinese(client: FlaskClient, db: str) -> None:
    login(client, "jyj")
    mine = ids_of(db, "县教育局")[0]
    page = client.get(f"/issues/{mine}").get_data(as_text=True)
    client.post(f"/issues/{mine}/feedback", data={"kind": "fixed", "note": "已补发", "csrf_token": csrf(page),
                                                  "proof": (io.BytesIO(PNG), "截图.png")},
                content_type="multipart/form-data")  # fmt: skip
    pages = {
        p: client.get(p).get_data(as_text=True)
        for p in ("/dashboard", "/issues", "/issues/import", f"/issues/{mine}")
    }
    login(client, "office")
    for p in (
        "/dashboard",
        "/issues?unit=县教育局",
        "/units",
        "/sites",
        "/sites/0/columns",
        f"/issues/{mine}",
        "/issues/import",
        "/no-such-page",
        "/issues/bulk-assign",
    ):  # fmt: skip (the last: GET on a form's target)
        pages["office " + p] = client.get(p).get_data(as_text=True)
    bad = {p: words for p, words in ((p, _visible_latin(html)) for p, html in pages.items()) if words}
    assert not bad, bad
