"""The HTML report for officials: grouped by 责任单位 with a table of contents, evidence in
Chinese, no check ids, no exception text, a recheck said to be one."""

from __future__ import annotations

import datetime as dt

from govaudit.config.schema import Site
from govaudit.reports import html_report
from govaudit.reports.labels import evidence_rows

from govaudit.models import AuditResult, Finding, Severity, SiteResult
from tests.visible_text import assert_chinese, html_text, leaks

SITE = Site(name="测试县人民政府", url="http://127.0.0.1:9/")
AS_OF = dt.date(2026, 11, 20)


def _f(check: str, sev: Severity, unit: str | None, msg: str, **evidence: object) -> Finding:
    return Finding(check=check, severity=sev, site=SITE.name, column=None, url=f"http://127.0.0.1:9/{msg}.html",
                   unit=unit, message=msg, evidence=dict(evidence))  # fmt: skip


def _result(findings: list[Finding]) -> AuditResult:
    at = dt.datetime(2026, 11, 20, 8, 0)
    sr = SiteResult(site=SITE, run_id=1, status="done", pages=10, requests=12, findings=findings)
    return AuditResult(as_of=AS_OF, started=at, finished=at, sites=[sr])


FINDINGS = [
    _f("broken_link", Severity.MINOR, "县教育局", "教育局一般问题", error="connection_lost", kind="attachment",
       detail="DownloadFailedError: [<twisted.python.failure.Failure twisted.internet.error.ConnectionDone>]",
       internal=True),
    _f("column_stale", Severity.MAJOR, "县教育局", "教育局严重问题", latest="2026-09-01"),
    _f("typo", Severity.MINOR, "县发展和改革局", "发改局一般问题甲"),
    _f("typo", Severity.MINOR, "县发展和改革局", "发改局一般问题乙"),
    _f("typo", Severity.MINOR, "县发展和改革局", "发改局一般问题丙"),
    _f("privacy_leak", Severity.VETO, "县教育局", "教育局否决问题", kinds=["id_card", "mobile"]),
    _f("annual_report_inconsistent", Severity.MAJOR, "县政府办公室", "年报不一致", identity="balance",
       left="本年新收 3 + 上年结转 0 = 3", right="办理结果总计 2", year=2025),
    _f("serious_error", Severity.VETO, "县政府办公室", "暗链", rule="hidden_link", how="内联样式 left:-9999px",
       element="div#x"),
]  # fmt: skip


def test_grouped_by_unit_veto_units_first_veto_first_within() -> None:
    page = html_report.render(_result(FINDINGS))
    # the table of contents lists every unit and links to its section
    toc = page[page.index('id="toc"') : page.index('id="summary"')]
    for unit in ("县教育局", "县政府办公室", "县发展和改革局"):
        assert unit in toc
    sections = [page.index(f'id="unit-{i}"') for i in (1, 2, 3)]
    # units with veto risks first (教育局: 3 problems, 政府办: 2), then the others (发改局: 3, no veto)
    body = [page[a:b] for a, b in zip(sections, [*sections[1:], len(page)], strict=True)]
    assert "县教育局" in body[0].split("</h3>")[0] and "县政府办公室" in body[1].split("</h3>")[0]
    assert "县发展和改革局" in body[2].split("</h3>")[0]
    # within a unit: 单项否决 first, then 严重, then 一般
    edu = body[0]
    assert edu.index("教育局否决问题") < edu.index("教育局严重问题") < edu.index("教育局一般问题")
    assert 'href="#unit-1"' in toc


def test_report_text_is_chinese_only() -> None:
    text = html_text(html_report.render(_result(FINDINGS)))
    assert_chinese(text, "HTML report")
    assert "连接中断" in text and "附件" in text and "身份证号码、" not in text  # kinds are words
    assert "身份证号码" in text and "手机号码" in text
    assert "本年新收＋上年结转＝办理结果总计＋结转下年度继续办理" in text
    assert "页面内联样式将链接所在元素移出可视区域" in text
    assert "无法访问（无法访问）" not in text


def test_the_checker_catches_what_leaked_before() -> None:
    """The words officials used to see (issue 12) are each caught."""
    for bad in ("annual_report_inconsistent", "等式左边 left", "DownloadFailedError: [<twisted.python.failure",
                "identity：balance", "catalog_item_missing", "元素 div"):  # fmt: skip
        assert leaks(bad), bad
    assert not leaks("链接 http://127.0.0.1:8000/a_b/c.html 附件“名单_2026.xlsx” 大小 3 MB，HTTP 404，IPv6")


def test_publication_late_evidence_is_labelled_as_its_check_declares() -> None:
    rows = dict(evidence_rows({"due": "2026-11-02", "written": "2026-10-01"}, "publication_late"))
    assert rows == {"应发布日期": "2026-11-02", "成文日期": "2026-10-01"}


def test_a_recheck_run_says_it_is_not_an_audit() -> None:
    page = html_report.render(_result(FINDINGS[:1]), recheck=True)
    assert "政府网站问题复核记录" in page and "这是一次复核，不是全面检查" in page
    assert "这是一次复核" not in html_report.render(_result(FINDINGS[:1]))
