"""Annual reports (政府信息公开工作年度报告): the table parser on every form a report comes in, the
identities of annual_report_inconsistent, and annual_report_missing on a local HTTP site."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from govaudit.checks.annual_report_inconsistent import failures
from govaudit.checks.annual_reports import due_year, rule_for
from govaudit.checks.base import Context, run_checks
from govaudit.config import parse_config
from govaudit.crawler.extract.annual_report import (
    parse_report,
    parse_tables,
    report_owner,
    report_year,
    tokens_of_rows,
    tokens_of_text,
)
from govaudit.store import SnapshotWriter, create_run, load_snapshot, open_db

from govaudit.demo.siteserver import Resp, SiteServer
from tests import annual_report_builder as ar
from tests.attachments_helpers import make_blank_pdf
from tests.conftest import REALPAGES, by_check, make_config, run, serve
from tests.sitebuilder import article, column_page, page

AS_OF = dt.date(2026, 11, 20)


def _rows(data: dict[str, list[int]], review: list[int], fmt: str = "2021") -> list[str]:
    return tokens_of_rows(ar.table2_rows() + ar.table3_rows(data, fmt) + ar.table4_rows(review))


# --- titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "year", "owner"),
    [
        ("示范县2025年政府信息公开工作年度报告", 2025, "示范县"),
        ("县财政局2025年度政府信息公开工作报告", 2025, "县财政局"),
        ("2022年上海市政府信息公开工作年度报告", 2022, ""),
        ("示范县人民政府2024年政府信息公开年报", 2024, "示范县人民政府"),
        ("关于报送2025年政府信息公开工作年度报告的通知", None, ""),
        ("一图读懂示范县2025年政府信息公开工作年度报告", None, ""),
        ("示范县2025年政府工作报告", None, "示范县"),
    ],
)
def test_report_titles(title: str, year: int | None, owner: str) -> None:
    assert report_year(title) == year
    if year:
        assert report_owner(title) == owner


# --- the parser on every form ---------------------------------------------------------------


def test_consistent_2021_report_from_rows_text_and_2019_format() -> None:
    data, review = ar.consistent(), ar.t4()
    from_rows = parse_tables(_rows(data, review), "网页表格")
    assert from_rows.has_t3 and len(from_rows.t3) == 25 and from_rows.t4 == review
    assert from_rows.t3["new"] == [12, 1, 0, 0, 0, 0, 13]
    assert from_rows.t2["行政规范性文件"] == [3, 1, 12]
    assert failures(from_rows) == []
    text = "\n".join(ar.report_lines(2025, data, review))
    assert failures(parse_tables(tokens_of_text(text), "正文")) == []
    old = parse_tables(tokens_of_text("\n".join(ar.report_lines(2025, data, review, "2019"))), "正文")
    assert "other" in old.t3 and "other_1" not in old.t3 and failures(old) == []


def test_pipe_flattened_rows_like_real_excerpt() -> None:
    """The layout a stored copy of a real report gives: `|` separated cells, group headings merged."""
    text = "\n".join("| " + " | ".join(r) + " |" for r in ar.table3_rows(ar.consistent(new=1200)))
    text = text.replace("1201", "1,201").replace("1202", "１，２０２")  # thousands, full-width digits
    parsed = parse_tables(tokens_of_text(text), "正文")
    assert parsed.has_t3 and failures(parsed) == [] and parsed.t3["new"][0] == 1200


def test_real_excerpt_first_rows_are_read() -> None:
    path = REALPAGES / "annual_report" / "changchun_js_2023_ndbg_excerpt.txt"
    if not path.exists():
        pytest.skip("realpages not present")
    parsed = parse_tables(tokens_of_text(path.read_text(encoding="utf-8")), "正文")
    assert parsed.t3["new"] == [3, 0, 0, 0, 0, 0, 3] and parsed.t3["carried_in"] == [0] * 7
    assert not parsed.has_t3  # the excerpt is cut before 三、本年度办理结果: not judged
    assert parse_report([("正文", tokens_of_text(path.read_text(encoding="utf-8")))]) is None


def test_pdf_text_layer_with_wrapped_labels() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    data, review = ar.consistent(), ar.t4()
    data["reject_1"] = ar.row(2)  # 2 more results than handled: 总计 no longer adds up
    with pdfplumber.open(io.BytesIO(ar.report_pdf(2025, data, review))) as pdf:
        text = "\f".join(p.extract_text() or "" for p in pdf.pages)
    parsed = parse_tables(tokens_of_text(text), "附件正文")
    assert parsed.has_t3 and len(parsed.t3) == 25 and parsed.t4 == review
    found = failures(parsed)
    assert {(f.identity, f.column) for f in found} == {("results", "自然人"), ("results", "总计")}
    nat = next(f for f in found if f.column == "自然人")
    assert (nat.left_value, nat.right_value) == (13, 15) and nat.row == "（七）总计"


def test_ruled_pdf_tables_and_their_interleaved_text() -> None:
    """A ruled PDF through the crawler's attachment reader: both its tables and its text layer
    (wrapped cells interleaved: “1.申请人…行 / （六）其他处理 政机关…”) give the same reading."""
    from govaudit.crawler.extract.attachments import extract_attachment

    data = ar.consistent()
    data["other_1"] = ar.row(1)  # one more result, in the row whose label wraps around （六）
    data["total"] = ar.row(14, 1)
    data["new"] = ar.row(13, 1)
    got = extract_attachment(ar.report_pdf_grid(data, ar.t4()), ".pdf")
    assert got.readable and got.tables
    from_tables = parse_tables(tokens_of_rows([r for t in got.tables for r in t["rows"]]), "表格")
    from_text = parse_tables(tokens_of_text(got.text), "正文")
    for parsed in (from_tables, from_text):
        assert len(parsed.t3) == 25 and parsed.t3["other_1"] == [1, 0, 0, 0, 0, 0, 1], parsed.source
        assert parsed.t4 == ar.t4() and failures(parsed) == [], parsed.source


def test_docx_tables() -> None:
    docx = pytest.importorskip("docx")
    data, review = ar.consistent(), ar.t4((1, 0, 0, 0, 1, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0))
    doc = docx.Document(io.BytesIO(ar.report_docx(2025, data, review)))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    parsed = parse_tables(tokens_of_rows(rows), "附件表格")
    found = failures(parsed)
    assert [(f.identity, f.row, f.left, f.right) for f in found] == [
        (
            "review",
            "行政诉讼（未经复议直接起诉）",
            "总计 2",
            "结果维持 0 + 结果纠正 0 + 其他结果 1 + 尚未审结 0 = 1",
        )
    ]


def test_inconsistent_identities_name_cell_and_both_sides() -> None:
    data = ar.consistent()
    data["new"] = [13, 1, 0, 0, 0, 0, 14]  # one more natural-person request, nothing else changed
    data["partial"] = [1, 0, 0, 0, 0, 0, 2]  # row total wrong
    parsed = parse_tables(_rows(data, ar.t4()), "网页表格")
    found = {(f.identity, f.row, f.column): f for f in failures(parsed)}
    bal = found[("balance", "勾稽关系（第一项＋第二项＝第三项＋第四项）", "自然人")]
    assert (bal.left, bal.right) == (
        "本年新收 13 + 上年结转 2 = 15",
        "办理结果总计 13 + 结转下年度继续办理 1 = 14",
    )
    assert bal.message("某局2025年度政府信息公开工作报告") == (
        "年报“某局2025年度政府信息公开工作报告”表三（收到和处理政府信息公开申请情况）“自然人”列不符合勾稽关系"
        "（第一项＋第二项＝第三项＋第四项）：本年新收 13 + 上年结转 2 = 15，而 办理结果总计 13 + 结转下年度继续办理 1 = 14"
    )
    assert ("balance", "勾稽关系（第一项＋第二项＝第三项＋第四项）", "总计") in found
    row_total = found[("row_total", "（二）部分公开", "总计")]
    assert row_total.left_value == 2 and row_total.right_value == 1
    assert ("results", "（七）总计", "总计") in found  # the wrong row total also breaks the column sum
    assert len(found) == 4


def test_carry_over_between_years() -> None:
    this, last = ar.consistent(carried_in=2), ar.consistent(carried_out=3)
    t_this = parse_tables(_rows(this, ar.t4()), "x")
    t_last = parse_tables(_rows(last, ar.t4()), "x")
    found = failures(t_this, t_last)
    assert [(f.identity, f.column, f.left_value, f.right_value) for f in found] == [
        ("carry_over", "自然人", 2, 3), ("carry_over", "总计", 2, 3)
    ]  # fmt: skip
    assert failures(t_this, parse_tables(_rows(ar.consistent(carried_out=2), ar.t4()), "x")) == []


def test_unreadable_tables_give_nothing() -> None:
    assert parse_report([("正文", tokens_of_text("本年度共受理申请 3 件。"))]) is None
    rows = ar.table3_rows(ar.consistent())
    del rows[4]  # 二、上年结转 missing: table 3 not judged
    assert parse_report([("网页表格", tokens_of_rows(rows))]) is None


# --- deadlines ------------------------------------------------------------------------------


def test_deadline_defaults_and_due_year() -> None:
    config = parse_config(make_config("http://127.0.0.1:1", [
        {"name": "政府年报", "url": "/ndbg/", "kind": "annual_report"},
        {"name": "部门年报", "url": "/bmnb/", "kind": "annual_report", "unit": "县教育局"},
        {"name": "财政局年报", "url": "/czj/", "kind": "annual_report", "unit": "县教育局",
         "annual_report": {"deadline": "02-15", "owner": "县财政局"}},
    ]))  # fmt: skip
    site = config.sites[0]
    assert [rule_for(site, c).deadline for c in site.columns] == ["03-31", "01-31", "02-15"]
    assert due_year(dt.date(2026, 3, 31), "03-31") == (2024, dt.date(2025, 3, 31))
    assert due_year(dt.date(2026, 4, 1), "03-31") == (2025, dt.date(2026, 3, 31))


def test_bad_deadline_is_a_config_error() -> None:
    from govaudit.errors import ConfigError

    text = make_config("http://127.0.0.1:1", [{"name": "年报", "url": "/n/", "kind": "annual_report",
                                               "annual_report": {"deadline": "13-01"}}])  # fmt: skip
    with pytest.raises(ConfigError, match=r"columns\[0\]\.annual_report\.deadline: 月日"):
        parse_config(text)


# --- snapshot level: reports in HTML tables, PDF text, DOCX tables (as the crawler stores them) -


def _snapshot_audit(tmp_path: Path, pages: list[dict[str, Any]], attachments: list[dict[str, Any]],
                    as_of: dt.date = AS_OF) -> tuple[list, list]:  # fmt: skip
    base = "http://127.0.0.1:9"
    config = parse_config(
        make_config(base, [{"name": "政府信息公开年报", "url": "/ndbg/", "kind": "annual_report"}])
    )
    sessions = open_db(f"sqlite:///{tmp_path / 's.db'}")
    run_id = create_run(sessions, config.sites[0].name, base + "/", as_of)
    w = SnapshotWriter(sessions, run_id)
    w.page(url=base + "/", role="homepage", status=200)
    w.page(url=base + "/ndbg/", role="column", column="政府信息公开年报", status=200, list_items=len(pages))
    items = []
    for i, p in enumerate(pages):
        w.page(url=base + p["path"], role="article", column="政府信息公开年报", status=200, title=p["title"],
               tables=p.get("tables", []), text=p.get("text"))  # fmt: skip
        items.append({"column": "政府信息公开年报", "list_url": base + "/ndbg/", "position": i, "url": base + p["path"],
                      "title": p["title"], "date": p["date"]})  # fmt: skip
    w.items(items)
    for a in attachments:
        w.attachment(**{"column": "政府信息公开年报", "status": 200, "readable": True, **a,
                        "url": base + a["url"], "page_url": base + a["page_url"]})  # fmt: skip
    w.flush()
    snapshot = load_snapshot(sessions, run_id)
    ctx = Context(config=config, site=config.sites[0], snapshot=snapshot, as_of=as_of)
    return run_checks(ctx, only=["annual_report_missing", "annual_report_inconsistent"])


def test_reports_in_html_pdf_docx_snapshot(tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    good, review = ar.consistent(), ar.t4()
    bad = ar.consistent(new=15)
    bad["total"] = ar.row(15, 1)  # the total row no longer equals the sum of the result rows
    with pdfplumber.open(io.BytesIO(ar.report_pdf(2025, bad, review))) as pdf:
        pdf_text = "\f".join(p.extract_text() or "" for p in pdf.pages)
    docx_rows = ar.table3_rows(ar.consistent(carried_in=5)) + ar.table4_rows(review)
    pages = [
        {"path": "/ndbg/a1.html", "title": "示范县2025年政府信息公开工作年度报告", "date": dt.date(2026, 1, 20),
         "tables": [{"name": "表1", "rows": ar.table3_rows(good)}, {"name": "表2", "rows": ar.table4_rows(review)}]},
        {"path": "/ndbg/a2.html", "title": "县财政局2025年度政府信息公开工作报告", "date": dt.date(2026, 1, 25),
         "text": "详见附件。"},
        {"path": "/ndbg/a3.html", "title": "县教育局2025年度政府信息公开工作报告", "date": dt.date(2026, 1, 26),
         "text": "详见附件。"},
        {"path": "/ndbg/a4.html", "title": "县教育局2024年度政府信息公开工作报告", "date": dt.date(2025, 1, 26),
         "tables": [{"name": "表1", "rows": ar.table3_rows(ar.consistent(carried_out=2))}]},
        {"path": "/ndbg/a5.html", "title": "县卫健委2025年度政府信息公开工作报告", "date": dt.date(2026, 1, 27),
         "text": "详见附件。"},
    ]  # fmt: skip
    attachments = [
        {"url": "/ndbg/czj.pdf", "page_url": "/ndbg/a2.html", "title": "财政局年报.pdf", "ext": ".pdf",
         "text": pdf_text, "tables": []},
        {"url": "/ndbg/jyj.docx", "page_url": "/ndbg/a3.html", "title": "教育局年报.docx", "ext": ".docx",
         "text": "", "tables": [{"name": "表1", "rows": docx_rows}]},
        {"url": "/ndbg/wjw.pdf", "page_url": "/ndbg/a5.html", "title": "卫健委年报.pdf", "ext": ".pdf",
         "readable": False, "reason_kind": "no_text", "reason": "扫描件，无文字层"},
    ]  # fmt: skip
    findings, notes = _snapshot_audit(tmp_path, pages, attachments)
    assert not [f for f in findings if f.check == "annual_report_missing"]
    inc = [f for f in findings if f.check == "annual_report_inconsistent"]
    by_url = {}
    for f in inc:
        by_url.setdefault(f.url.rsplit("/", 1)[-1], []).append(f)
    assert set(by_url) == {"a2.html", "a3.html"}  # the county's own HTML report adds up
    pdf_f = {(f.evidence["identity"], f.evidence["column"]) for f in by_url["a2.html"]}
    assert pdf_f == {("results", "自然人"), ("results", "总计"), ("balance", "自然人"), ("balance", "总计")}
    assert by_url["a2.html"][0].evidence["source"].startswith("附件“财政局年报.pdf”")
    # 教育局: 上年结转 5 this year, but last year's report carried 2 over (and the balance breaks)
    carry = [f for f in by_url["a3.html"] if f.evidence["identity"] == "carry_over"]
    assert [(f.evidence["column"], f.evidence["left_value"], f.evidence["right_value"]) for f in carry] == [
        ("自然人", 5, 2), ("总计", 5, 2)
    ]  # fmt: skip
    assert carry[0].message == (
        "年报“县教育局2025年度政府信息公开工作报告”表三（收到和处理政府信息公开申请情况）“二、上年结转政府信息公开"
        "申请数量”行“自然人”列与上年报告不衔接：本年上年结转 5，而 上年报告结转下年度继续办理 2"
    )
    assert any("卫健委" in n.message and "未能读取" in n.message for n in notes)


def test_report_missing_and_late_snapshot(tmp_path: Path) -> None:
    pages = [{"path": "/ndbg/a1.html", "title": "示范县2024年政府信息公开工作年度报告", "date": dt.date(2025, 3, 20)},
             {"path": "/ndbg/a0.html", "title": "示范县2023年政府信息公开工作年度报告", "date": dt.date(2024, 3, 20)}]  # fmt: skip
    findings, _ = _snapshot_audit(tmp_path, pages, [])
    missing = [f for f in findings if f.check == "annual_report_missing"]
    assert len(missing) == 1 and missing[0].evidence["year"] == 2025
    assert (
        missing[0].message
        == "栏目“政府信息公开年报”未见2025年政府信息公开工作年度报告（应于 2026-03-31 前发布）"
    )
    late_pages = [
        {**pages[0], "title": "示范县2025年政府信息公开工作年度报告", "date": dt.date(2026, 4, 8)},
        pages[1],
    ]
    (tmp_path / "late").mkdir()
    findings, _ = _snapshot_audit(tmp_path / "late", late_pages, [])
    late = [f for f in findings if f.check == "annual_report_missing"]
    assert len(late) == 1 and "晚于 2026-03-31" in late[0].message and late[0].url.endswith("/ndbg/a1.html")


# --- HTTP end to end --------------------------------------------------------------------------


def _report_page(title: str, date: dt.date, body: str) -> str:
    return article(title, date, body=body)


def test_annual_report_missing_over_http(server: SiteServer, tmp_path: Path) -> None:
    """Positive (department column without this year's report), decoys (a notice about reports, an
    interpretation; the county column has its report; a list that does not reach back)."""
    county = [("示范县2025年政府信息公开工作年度报告", "/ndbg/a1.html", "2026-03-28"),
              ("示范县2024年政府信息公开工作年度报告", "/ndbg/a0.html", "2025-03-25")]  # fmt: skip
    dept = [("关于报送2025年政府信息公开工作年度报告的通知", "/bmnb/t1.html", "2025-12-20"),
            ("一图读懂县教育局2025年度政府信息公开工作报告", "/bmnb/t2.html", "2026-02-02"),
            ("县教育局2024年度政府信息公开工作报告", "/bmnb/t0.html", "2025-01-20")]  # fmt: skip
    short = [("县卫健委关于做好年度统计工作的通知", "/wjw/t1.html", "2026-10-20")]
    routes: dict[str, Any] = {"/": page("首页", "<a href='/ndbg/'>年报</a>"),
                              "/ndbg/": column_page("政府信息公开年报", county),
                              "/bmnb/": column_page("部门年报", dept), "/wjw/": column_page("卫健委年报", short)}  # fmt: skip
    body = ar.report_html_body(2025, ar.consistent(), ar.t4())
    for title, url, d in county + dept + short:
        routes[url] = _report_page(title, dt.date.fromisoformat(d), body)
    base = serve(server, routes)
    config = make_config(base, [
        {"name": "政府信息公开年报", "url": "/ndbg/", "kind": "annual_report"},
        {"name": "部门年报", "url": "/bmnb/", "kind": "annual_report", "unit": "县教育局"},
        {"name": "卫健委年报", "url": "/wjw/", "kind": "annual_report", "unit": "县教育局"},
    ])  # fmt: skip
    result = run(config, tmp_path)
    missing = by_check(result, "annual_report_missing")
    assert [(f.column, f.unit, f.evidence["deadline"]) for f in missing] == [
        ("部门年报", "县教育局", "2026-01-31")
    ]
    assert any(n.column == "卫健委年报" and "未判定" in n.message for n in result.notes)


def test_annual_report_inconsistent_over_http(server: SiteServer, tmp_path: Path) -> None:
    """HTML reports whose tables the crawler stores (Page.tables): one adds up, one does not."""
    bad = ar.consistent()
    bad["open"] = ar.row(9, 1)  # 予以公开 one short: 总计 ≠ sum of results
    items = [("示范县2025年政府信息公开工作年度报告", "/ndbg/a1.html", "2026-03-28"),
             ("县财政局2025年度政府信息公开工作报告", "/ndbg/a2.html", "2026-01-28")]  # fmt: skip
    base = serve(server, {
        "/": page("首页", ""), "/ndbg/": column_page("政府信息公开年报", items),
        "/ndbg/a1.html": _report_page(items[0][0], dt.date(2026, 3, 28),
                                      ar.report_html_body(2025, ar.consistent(), ar.t4())),
        "/ndbg/a2.html": _report_page(items[1][0], dt.date(2026, 1, 28), ar.report_html_body(2025, bad, ar.t4())),
    })  # fmt: skip
    result = run(
        make_config(base, [{"name": "政府信息公开年报", "url": "/ndbg/", "kind": "annual_report"}]), tmp_path
    )
    if not by_check(result, "annual_report_inconsistent") and any(
        "未能读取" in n.message for n in result.notes
    ):
        pytest.skip("the crawler does not store page tables/text yet")
    found = by_check(result, "annual_report_inconsistent")
    assert {(f.url.rsplit("/", 1)[-1], f.evidence["column"]) for f in found} == {
        ("a2.html", "自然人"), ("a2.html", "总计")
    }  # fmt: skip
    assert found[0].evidence["table"].startswith("表三") and found[0].evidence["row"] == "（七）总计"


def test_reports_as_pdf_and_docx_attachments_over_http(server: SiteServer, tmp_path: Path) -> None:
    """End to end: the crawler downloads the attachments and reads them; the check judges them."""
    bad = ar.consistent()
    bad["reject_1"] = ar.row(2)  # two more results than requests handled
    items = [("县财政局2025年度政府信息公开工作报告", "/ndbg/a1.html", "2026-01-20"),
             ("县教育局2025年度政府信息公开工作报告", "/ndbg/a2.html", "2026-01-21"),
             ("县卫健委2025年度政府信息公开工作报告", "/ndbg/a3.html", "2026-01-22")]  # fmt: skip
    link = '<p>附件：<a href="{0}">{1}</a></p>'
    base = serve(server, {
        "/": page("首页", ""), "/ndbg/": column_page("部门年报", items),
        "/ndbg/a1.html": _report_page(items[0][0], dt.date(2026, 1, 20), link.format("/att/czj.pdf", "财政局年报.pdf")),
        "/ndbg/a2.html": _report_page(items[1][0], dt.date(2026, 1, 21), link.format("/att/jyj.docx", "教育局年报.docx")),
        "/ndbg/a3.html": _report_page(items[2][0], dt.date(2026, 1, 22), link.format("/att/wjw.pdf", "卫健委年报.pdf")),
        "/att/czj.pdf": Resp(ar.report_pdf(2025, bad, ar.t4()), content_type="application/pdf"),
        "/att/jyj.docx": Resp(ar.report_docx(2025, ar.consistent(), ar.t4()), content_type="application/octet-stream"),
        "/att/wjw.pdf": Resp(make_blank_pdf(), content_type="application/pdf"),
    })  # fmt: skip
    config = make_config(
        base, [{"name": "部门年报", "url": "/ndbg/", "kind": "annual_report", "unit": "县教育局"}]
    )
    result = run(config, tmp_path)
    found = by_check(result, "annual_report_inconsistent")
    assert {(f.url.rsplit("/", 1)[-1], f.evidence["identity"], f.evidence["column"]) for f in found} == {
        ("a1.html", "results", "自然人"), ("a1.html", "results", "总计")
    }  # fmt: skip
    assert found[0].evidence["source"].startswith("附件") and found[0].unit == "县教育局"
    assert not by_check(result, "annual_report_missing")
    assert any(n.url.endswith("/ndbg/a3.html") and "未能读取" in n.message for n in result.notes)
