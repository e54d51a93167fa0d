"""privacy_leak, typo and serious_error end to end: a local site over HTTP, crawled and audited."""

from __future__ import annotations

from pathlib import Path

from govaudit.checks.personal_data import mask

from govaudit.demo.siteserver import SiteServer
from tests.checks.content_helpers import CARD_A, CARD_B, ID_A, ID_B, ID_C, MOBILE_A, MOBILE_B, dumped
from tests.conftest import by_check, make_config, run
from tests.content_site import COLUMNS, HIDDEN, ID_D, PLANTED, TEMPLATE_HIDDEN, content_site


def test_content_checks_over_http(server: SiteServer, tmp_path: Path) -> None:
    base = content_site(server)
    result = run(make_config(base, COLUMNS, crawl={"check_external": False}), tmp_path)
    # one problem, one finding: one per page, its attachments included, every kind and place listed
    leaks = {f.url.removeprefix(base): f for f in by_check(result, "privacy_leak")}
    assert set(leaks) == {"/gsgg/a.html", "/gsgg/b.html"}, sorted(leaks)
    page, files = leaks["/gsgg/a.html"], leaks["/gsgg/b.html"]
    samples = {(x["place"], x["kind"]): x for x in page.evidence["samples"]}
    assert set(samples) == {("页面", "身份证号码"), ("页面", "手机号码"), ("页面", "银行卡号")}
    assert (
        samples[("页面", "银行卡号")]["masked"] == mask(CARD_A)
        and "表格" in samples[("页面", "银行卡号")]["where"]
    )
    assert samples[("页面", "手机号码")]["masked"] == mask(MOBILE_A) and mask(ID_A) in page.message
    assert files.column == "公示公告" and files.evidence["kinds"] == ["身份证号码", "手机号码", "银行卡号"]
    by_place: dict[tuple[str, str], list] = {}
    for x in files.evidence["samples"]:
        by_place.setdefault((x["place"], x["kind"]), []).append(x)
    assert set(by_place) == {("附件“补贴名单.xlsx”", "身份证号码"), ("附件“补贴名单.xlsx”", "银行卡号"),
                             ("附件“联系表.docx”", "手机号码"), ("附件“审核表.pdf”", "身份证号码")}  # fmt: skip
    xlsx = by_place[("附件“补贴名单.xlsx”", "身份证号码")]
    assert [e["where"] for e in xlsx] == ["工作表“发放名单”第 2 行", "工作表“发放名单”第 3 行"]
    assert {e["masked"] for e in xlsx} == {mask(ID_B), mask(ID_D)}
    assert by_place[("附件“补贴名单.xlsx”", "银行卡号")][0]["masked"] == mask(CARD_B)
    assert by_place[("附件“联系表.docx”", "手机号码")][0]["masked"] == mask(MOBILE_B)
    pdf = by_place[("附件“审核表.pdf”", "身份证号码")]
    assert len(pdf) == 2 and pdf[0]["where"] == "第 2 页" and mask(ID_C) in str(pdf)
    out = dumped(result.findings, result.notes)
    for number in PLANTED:
        assert number not in out

    typos = by_check(result, "typo")
    assert [f.url.removeprefix(base) for f in typos] == ["/gzdt/c.html"]
    assert {t["wrong"]: t["correct"] for t in typos[0].evidence["typos"]} == {
        "部暑": "部署",
        "再接再励": "再接再厉",
    }

    serious = {(f.url.removeprefix(base), f.evidence["rule"]): f for f in by_check(result, "serious_error")}
    assert set(serious) == {("/gzdt/d.html", "outdated_name"), ("/gzdt/d.html", "hidden_link"),
                            ("/", "hidden_link")}, sorted(serious)  # fmt: skip
    names = serious[("/gzdt/d.html", "outdated_name")].evidence["matches"]
    assert [i["old"] for i in names] == ["国土资源局", "环保局"]  # not 原县安监局 (historical)
    hidden = serious[("/gzdt/d.html", "hidden_link")]
    assert hidden.evidence["url"] == HIDDEN  # the 网站群 drop-down of .gov.cn sites is legitimate
    assert hidden.evidence["how"] == "内联样式 left:-9999px" and hidden.evidence["on_pages"] == [
        base + "/gzdt/d.html"
    ]
    injected = serious[
        ("/", "hidden_link")
    ]  # on the homepage and a column page: one finding, at the homepage
    assert injected.evidence["url"] == TEMPLATE_HIDDEN and injected.evidence["page_count"] == 2
    assert injected.evidence["on_pages"] == [base + "/", base + "/gsgg/"]
    assert injected.evidence["how"] == "<style> 规则 .yqlj {display:none}" and injected.column is None
