"""privacy_leak: the number rules (checks/personal_data.py) and the check on stored snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from govaudit.checks.personal_data import find_personal_data, mask

from tests.checks.content_helpers import (
    CARD_A,
    CARD_B,
    ID_15,
    ID_A,
    ID_B,
    ID_C,
    MOBILE_A,
    MOBILE_B,
    SITE,
    check_snapshot,
    dumped,
    id18,
    luhn,
    not_luhn,
)  # fmt: skip
from tests.conftest import AS_OF

PLANTED = (ID_A, ID_B, ID_C, ID_15, MOBILE_A, MOBILE_B, CARD_A, CARD_B)


def kinds(text: str, as_of: dt.date = AS_OF) -> list[str]:
    return [h.kind for h in find_personal_data(text, as_of)]


def test_real_numbers_are_found() -> None:
    assert kinds(f"张三，身份证号码：{ID_A}。") == ["id_card"]
    assert kinds(f"公民身份号码{ID_15}") == ["id_card"]
    assert kinds(f"联系电话：{MOBILE_A}") == ["mobile"]
    assert kinds("手机 139 1234 5678，或 186-5790-1234") == ["mobile", "mobile"]
    assert kinds(f"银行卡号：{CARD_A}") == ["bank_card"]
    assert kinds(f"开户行：示范县农商银行，账号 {CARD_B}") == ["bank_card"]
    grouped = " ".join(CARD_B[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号：{grouped}") == ["bank_card"]
    assert kinds(f"身份证：{ID_A}，手机：{MOBILE_A}，卡号：{CARD_A}") == ["id_card", "mobile", "bank_card"]
    # full-width digits are the same digits
    wide = MOBILE_A.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert kinds(f"电话：{wide}") == ["mobile"]


@pytest.mark.parametrize("text", [
    "身份证号：370322********1234", "手机：139****1234", "身份证：3703221990****1234", "电话 139-****-5678",
    f"身份证号：{ID_A[:6]}********{ID_A[-4:]}",
    f"身份证号：{ID_A[:-1]}{'0' if ID_A[-1] != '0' else '1'}",  # wrong check character
    f"身份证号：{id18('99032219900307123')}",  # no such province
    f"身份证号：{id18('37032219901307123')}",  # month 13
    f"身份证号：{id18('37032220300307123')}",  # born after the audit date
    "统一社会信用代码：91330000123456789X", "统一社会信用代码：11339901002500121W",
    f"订单号：{ID_A}", "索引号：11339901002500121W/2026-00036", f"注册号：{ID_15}",
    "办公电话：0579-81234567", "传真 0579-81230123", "热线电话 12345", "客服 400-800-1234", "4008001234",
    "95588", "12315投诉举报", f"编号：{MOBILE_A}",
    f"详见 http://www.example.gov.cn/art?id={MOBILE_A}&card={CARD_A}", f"邮箱 {MOBILE_A}@qq.com",
    "流水号 2026112012345678901", f"{MOBILE_A}5", f"9{MOBILE_A}", f"金额 {MOBILE_A}.50 元",
    f"银行卡号：{not_luhn('622202120300123456')}",  # fails Luhn
    f"{CARD_A}",  # a card-like number with no card word nearby
    f"收款单位：示范县财政局 开户行：示范县农商银行 账号：{CARD_A}",  # an organisation's account
    "总投资15000000000元", "项目资金 13500000000", "金额：¥18600000000", f"共 {MOBILE_A} 人次",
])  # fmt: skip
def test_decoys_are_not_personal_data(text: str) -> None:
    assert kinds(text) == [], text


def test_masking() -> None:
    assert mask(ID_A) == ID_A[:6] + "*" * 8 + ID_A[-4:]
    assert mask(MOBILE_A) == "139****5678"
    assert mask(CARD_A).startswith("622202") and mask(CARD_A).count("*") == 9


def test_findings_on_pages_tables_and_attachments(tmp_path: Path) -> None:
    rows = [["序号", "姓名", "身份证号码", "联系电话", "银行卡号"],
            ["1", "张三", ID_A, MOBILE_A, CARD_A], ["2", "李四", ID_B, MOBILE_B, CARD_B]]  # fmt: skip
    masked_rows = [
        ["序号", "姓名", "身份证号码", "联系电话"],
        ["1", "王五", "330725********0041", "186****1234"],
    ]
    pages = [
        {
            "url": SITE + "/tzgg/a.html",
            "title": "关于发放补贴的公示",
            "pub_date": AS_OF,
            "text": f"经审核，张三（身份证号{ID_A}，联系电话{MOBILE_A}）符合条件。\n办公电话：0579-81234567",
            "tables": [{"name": "表1", "rows": rows}],
        },
        {
            "url": SITE + "/tzgg/b.html",
            "title": "关于低保对象的公示（已脱敏）",
            "pub_date": AS_OF,
            "text": "王五 330725********0041 186****1234\n监督电话：0579-81230123，12345",
            "tables": [{"name": "表1", "rows": masked_rows}],
        },
    ]
    attachments = [
        {"url": SITE + "/att/list.xlsx", "page_url": SITE + "/tzgg/b.html", "title": "补贴名单.xlsx", "ext": ".xlsx",
         "text": "\n".join("\t".join(r) for r in rows), "tables": [{"name": "名单", "rows": rows}], "pages": 1},
        {"url": SITE + "/att/notice.pdf", "page_url": SITE + "/tzgg/b.html", "title": "公示.pdf", "ext": ".pdf",
         "text": f"第一页 没有号码\f第二页 张三 身份证：{ID_C}", "tables": [], "pages": 2},
        {"url": SITE + "/att/broken.doc", "page_url": SITE + "/tzgg/b.html", "title": "损坏.doc", "ext": ".doc",
         "readable": False, "reason_kind": "corrupt", "reason": "文件已损坏", "text": None, "tables": []},
    ]  # fmt: skip
    findings, _ = check_snapshot(tmp_path, "privacy_leak", pages, attachments)
    # one problem, one finding: one per page, every kind and place listed (its attachments included)
    got = {f.url.removeprefix(SITE): f for f in findings}
    assert set(got) == {"/tzgg/a.html", "/tzgg/b.html"}
    page_a, page_b = got["/tzgg/a.html"], got["/tzgg/b.html"]
    assert page_a.severity.value == "veto" and page_a.column == "通知公告" and page_a.unit == "县政府办公室"
    assert page_a.evidence["kinds"] == ["身份证号码", "手机号码", "银行卡号"]
    assert page_a.evidence["count"] == 6  # ID_A in text and table counted once; ID_B, 2 mobiles, 2 cards
    assert "身份证号码 2 个、手机号码 2 个、银行卡号 2 个" in page_a.message and mask(ID_A) in page_a.message
    assert page_a.evidence["attachments"] == []
    # b.html's own text is masked: only its attachments leak (the unreadable one is not judged)
    assert page_b.evidence["attachments"] == ["补贴名单.xlsx", "公示.pdf"]
    assert "的附件“补贴名单.xlsx”、“公示.pdf”" in page_b.message
    places = {(x["place"], x["kind"]) for x in page_b.evidence["samples"]}
    assert places == {("附件“补贴名单.xlsx”", "身份证号码"), ("附件“补贴名单.xlsx”", "手机号码"),
                      ("附件“补贴名单.xlsx”", "银行卡号"), ("附件“公示.pdf”", "身份证号码")}  # fmt: skip
    xlsx_id = next(x for x in page_b.evidence["samples"] if x["kind"] == "身份证号码")
    assert xlsx_id["where"] == "工作表“名单”第 2 行" and page_b.evidence["page"] == SITE + "/tzgg/b.html"
    pdf = next(x for x in page_b.evidence["samples"] if x["place"] == "附件“公示.pdf”")
    assert pdf["where"] == "第 2 页"
    assert page_b.evidence["count"] == 7  # ID_A, ID_B, ID_C (in the PDF), 2 mobiles, 2 cards
    out = dumped(findings)
    for number in PLANTED:
        assert number not in out
    assert "身份证号码：" + mask(ID_A) in out  # excerpts keep the context, masked
    # the fingerprint does not depend on the numbers nor their kinds: the same page with other
    # numbers is the same issue
    pages[0]["text"] = f"身份证号{ID_C}"
    pages[0]["tables"] = []
    (tmp_path / "again").mkdir()
    again, _ = check_snapshot(tmp_path / "again", "privacy_leak", pages[:1])
    assert [f.fingerprint for f in again] == [page_a.fingerprint]


def test_allow_list_and_site_switch(tmp_path: Path) -> None:
    pages = [
        {"url": SITE + "/tzgg/a.html", "title": "监督电话", "text": f"举报监督电话：{MOBILE_A}；张三 {ID_A}"}
    ]
    findings, _ = check_snapshot(
        tmp_path, "privacy_leak", pages, content={"privacy_allow": ["139-1234-5678"]}
    )
    assert [f.evidence["kinds"] for f in findings] == [["身份证号码"]]


def test_masked_excerpt_masks_neighbours() -> None:
    from govaudit.checks.personal_data import masked_excerpt

    text = f"编号 2026112012345 张三 {ID_A} 手机{MOBILE_A}"
    hits = find_personal_data(text, AS_OF)
    ex = masked_excerpt(text, hits[0], hits)
    assert ID_A not in ex and MOBILE_A not in ex and "2026112012345" not in ex and "张三" in ex


def test_card_prefix_and_length() -> None:
    assert kinds(f"银行卡号：{luhn('12345678901234')}5") == []  # 16 digits, not a personal card prefix


def test_odd_snapshot_shapes_do_not_break_the_check(tmp_path: Path) -> None:
    tables = [{"name": None, "rows": [None, ["身份证号码"], [ID_A, None, 5]]}, "not a table", {"rows": "x"}]
    pages = [{"url": SITE + "/tzgg/a.html", "title": None, "text": None, "tables": tables}]
    findings, _ = check_snapshot(tmp_path, "privacy_leak", pages)
    assert [f.evidence["kinds"] for f in findings] == [["身份证号码"]]
