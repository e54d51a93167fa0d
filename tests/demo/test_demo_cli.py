"""`govaudit demo` end to end, as a newcomer runs it: every check of the backbone shows at least
one finding on the bundled demo county site, and nothing false (the exact expected set)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# (check, site, column) of every finding the demo must show — see govaudit/demo/site/README.md (not served).
EXPECTED = {
    ("site_unreachable", "示范县青山镇人民政府", None),
    ("homepage_stale", "示范县经济开发区管委会", None),
    ("column_unreachable", "示范县人民政府", "人事信息"),
    ("column_stale", "示范县人民政府", "发改动态"),
    ("column_empty", "示范县人民政府", "优化营商环境"),
    ("broken_link", "示范县人民政府", "政务要闻"),
    ("broken_link", "示范县人民政府", "政策文件"),
    ("meta_missing", "示范县人民政府", "乡镇动态"),
    ("metadata_incomplete", "示范县人民政府", "政策文件"),
    ("annual_report_inconsistent", "示范县人民政府", "政府信息公开年报"),
    ("annual_report_missing", "示范县人民政府", "部门年报"),
    ("catalog_item_missing", "示范县人民政府", "统计信息"),
    # content checks (公示公告): see the README's table
    ("privacy_leak", "示范县人民政府", "公示公告"),
    ("typo", "示范县人民政府", "公示公告"),
    ("serious_error", "示范县人民政府", "公示公告"),
    ("broken_link", "示范县人民政府", "公示公告"),  # the visible outside link leads nowhere (the hidden one's
    # death is said by its serious_error finding: one problem, one finding)
    # 政务公开 obligations (issue 3)
    ("interpretation_missing", "示范县人民政府", "县政府文件"),
    ("validity_missing", "示范县人民政府", "县政府文件"),
    ("publication_late", "示范县人民政府", "县政府文件"),
    ("interpretation_late", "示范县人民政府", "政策图解"),
    ("consultation_period_short", "示范县人民政府", "意见征集"),
    ("consultation_feedback_missing", "示范县人民政府", "意见征集"),
    ("interaction_overdue", "示范县人民政府", "县长信箱"),
    # site-wide checks (issue 13)
    ("footer_missing", "示范县经济开发区管委会", None),
    ("tls_problem", "示范县人民政府", None),
    ("ipv6_missing", "示范县人民政府", None),
    ("search_broken", "示范县人民政府", None),
    ("annual_statement_missing", "示范县人民政府", None),
    ("media_stale", "示范县人民政府", None),
    ("media_unreachable", "示范县人民政府", None),
}
# the 政务公开 findings one by one: (check, article id in the URL, severity, unit)
OBLIGATIONS = {
    ("interpretation_missing", "7001", "major", "县教育局"),  # routed by 发布机构 示范县教育局
    ("validity_missing", "7002", "major", "县政府办公室"),  # 示范县人民政府 is no unit: unrouted
    ("publication_late", "7004", "minor", "县政府办公室"),
    ("interpretation_late", "7007", "minor", "县政府办公室"),  # 15 days after document 7009
    ("consultation_period_short", "7102", "minor", "县政府办公室"),
    ("consultation_feedback_missing", "7103", "major", "县政府办公室"),
    ("interaction_overdue", "7202", "minor", "县教育局"),  # routed by 承办单位 示范县教育局
    ("interaction_overdue", "7203", "veto", "县政府办公室"),
}
# the content findings exactly: (check, page id, what). One problem, one finding (issue 9): the
# 临时救助 公示 leaks in its text and its attachment — one finding (was five, one per kind and place)
CONTENT = {
    ("privacy_leak", "9601.html", "身份证号码,手机号码,银行卡号"),
    ("typo", "9603.html", "typos"), ("serious_error", "9604.html", "outdated_name"),
    ("serious_error", "9606.html", "hidden_link"),
}  # fmt: skip
# the full numbers planted in the demo (fictional): no output may hold them
PLANTED = ("330781198506150014", "13857901234", "330781196203020029", "330781200109180033",
           "6228481234567890128", "6217990012345678909", "13957905678")  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("demo")
    res = subprocess.run([sys.executable, "-m", "govaudit.cli", "demo", "--out", str(out)],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    return res, out


def test_demo_runs_and_prints_paths(demo: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    res, out = demo
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "ERROR" not in res.stderr, res.stderr
    assert str(out / "report.html") in res.stdout and str(out / "report.json") in res.stdout
    assert "发现问题" in res.stdout


def test_demo_findings_are_exactly_the_expected_ones(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, out = demo
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    got = {(f["check"], f["site"], f["column"]) for f in data["findings"]}
    assert got == EXPECTED
    checks = {f["check"] for f in data["findings"]}
    assert checks == {"site_unreachable", "homepage_stale", "column_unreachable", "column_stale", "column_empty",
                      "broken_link", "meta_missing", "metadata_incomplete", "annual_report_inconsistent",
                      "annual_report_missing", "catalog_item_missing", "interpretation_missing",
                      "validity_missing", "publication_late", "interpretation_late", "consultation_period_short",
                      "consultation_feedback_missing", "interaction_overdue", "privacy_leak", "typo",
                      "serious_error", "footer_missing", "tls_problem", "ipv6_missing", "search_broken",
                      "annual_statement_missing", "media_stale", "media_unreachable"}  # fmt: skip
    from govaudit.checks import REGISTRY

    assert checks == set(REGISTRY)  # every check of the catalog shows on the demo
    content = {(f["check"], f["url"].rsplit("/", 1)[-1],
                ",".join(f["evidence"].get("kinds") or []) or f["evidence"].get("rule") or "typos")
               for f in data["findings"] if f["check"] in ("privacy_leak", "typo", "serious_error")}  # fmt: skip
    assert content == CONTENT
    dark = next(f for f in data["findings"] if f["evidence"].get("rule") == "hidden_link")
    assert dark["evidence"]["target_status"] == "无法访问（连接被拒绝）"
    assert not [
        f for f in data["findings"] if f["check"] == "broken_link" and f["url"] == dark["evidence"]["url"]
    ]
    # the 单项否决 count counts distinct problems: site, homepage, privacy, 2 serious errors, a letter
    assert sum(f["severity"] == "veto" for f in data["findings"]) == 6 and data["run"]["outage"] is None
    # nothing left undecided on the demo: every list pattern was read
    assert data["run"]["notes"] == []
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "单项否决风险" in html and "按责任单位" in html


def test_demo_site_wide_findings(demo: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """One of each site-wide finding, each for what the demo planted (site/README.md)."""
    _, out = demo
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    by = {f["check"]: f for f in data["findings"]}
    assert by["footer_missing"]["evidence"]["missing"] == ["公安机关备案号"]
    assert by["tls_problem"]["severity"] == "major" and by["tls_problem"]["evidence"]["days_left"] == 20
    assert "HTTP 访问未自动跳转到 HTTPS" in by["tls_problem"]["evidence"]["problems"]
    assert by["ipv6_missing"]["evidence"]["aaaa"] == []
    assert [t["result"] for t in by["search_broken"]["evidence"]["tries"]] == ["提示无结果", "提示无结果"]
    assert by["annual_statement_missing"]["severity"] == "major"
    assert (by["media_stale"]["evidence"]["days"], by["media_stale"]["unit"]) == (30, "县教育局")
    assert (by["media_unreachable"]["evidence"]["status"], by["media_unreachable"]["unit"]) == (
        404,
        "县发展和改革局",
    )


def test_demo_outputs_hold_no_full_number(demo: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    res, out = demo
    texts = [(out / "report.json").read_text(encoding="utf-8"), (out / "report.html").read_text(encoding="utf-8"),
             res.stdout, res.stderr]  # fmt: skip
    for text in texts:
        for number in PLANTED:
            assert number not in text


def test_demo_open_government_findings(demo: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """The annual report whose table 3 does not add up, the department report missing (an 一图读懂
    and a notice about reports do not count), the catalog item with no publication this period."""
    _, out = demo
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    mine = [f for f in data["findings"] if f["check"] in ("annual_report_inconsistent", "annual_report_missing",
                                                             "catalog_item_missing")]  # fmt: skip
    inc = [f for f in mine if f["check"] == "annual_report_inconsistent"]
    assert {f["evidence"]["column"] for f in inc} == {"自然人", "总计"} and len(inc) == 2
    assert all(f["url"].endswith("/ndbg/nb-fgj.html") and f["unit"] == "县发展和改革局" for f in inc)
    assert inc[0]["evidence"]["left"] == "本年新收 9 + 上年结转 1 = 10"
    missing = next(f for f in mine if f["check"] == "annual_report_missing")
    assert missing["unit"] == "县教育局" and missing["url"].endswith("/bmnb/")
    catalog = [f for f in mine if f["check"] == "catalog_item_missing"]
    assert [(f["evidence"]["item"], f["unit"]) for f in catalog] == [("财政收支", "县发展和改革局")]


def test_demo_obligation_findings(demo: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = demo
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    new = {"interpretation_missing", "interpretation_late", "validity_missing", "publication_late",
           "consultation_period_short",
           "consultation_feedback_missing", "interaction_overdue"}  # fmt: skip
    got = {(f["check"], f["url"].rsplit("_", 1)[-1].removesuffix(".html"), f["severity"], f["unit"])
           for f in data["findings"] if f["check"] in new}  # fmt: skip
    assert got == OBLIGATIONS
    # 7002 (示范县人民政府), 7102 and 7103 (no 发布机构), 7203 (no 承办单位): the site's unit, unrouted
    assert data["run"]["unrouted"] == 4
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "其中 <b>4</b> 个问题未能按栏目或发布机构明确责任单位" in html
