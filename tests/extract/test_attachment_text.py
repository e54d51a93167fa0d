"""Attachment bytes -> text and tables (crawler/extract/attachments.py); unreadable files say why."""

from __future__ import annotations

import shutil

import pytest
from govaudit.crawler.extract.attachments import extract_attachment, sniff

from tests.attachments_helpers import make_blank_pdf, make_docx, make_pdf, make_xlsx


def test_pdf_pages_are_separated_and_chinese_survives() -> None:
    r = extract_attachment(make_pdf([["示范县2025年政府信息公开工作年度报告"], ["本年新收 12 件"]]), ".pdf")
    assert r.readable and r.pages == 2
    assert r.text.split("\f") == ["示范县2025年政府信息公开工作年度报告", "本年新收 12 件"]


def test_docx_paragraphs_and_tables_in_order() -> None:
    r = extract_attachment(make_docx(["第一段"], [["姓名", "电话"], ["张三", "13900000000"]]), ".docx")
    assert r.text == "第一段\n姓名\t电话\n张三\t13900000000"
    assert r.tables == [{"name": "表1", "rows": [["姓名", "电话"], ["张三", "13900000000"]]}]


def test_xlsx_sheets_keep_names_and_numbers_read_as_written() -> None:
    r = extract_attachment(make_xlsx({"名单": [["序号", "金额"], [1, 2.5], [2, 3.0]]}), ".xlsx")
    assert r.tables == [{"name": "名单", "rows": [["序号", "金额"], ["1", "2.5"], ["2", "3"]]}]


def test_csv_in_gbk() -> None:
    r = extract_attachment("姓名,单位\n李四,青山镇\n".encode("gbk"), ".csv")
    assert r.tables[0]["rows"] == [["姓名", "单位"], ["李四", "青山镇"]]


def test_the_real_format_wins_over_the_extension() -> None:
    assert sniff(make_docx(["x"]), ".doc") == "docx"
    assert extract_attachment(make_docx(["正文"]), ".doc").text == "正文"


@pytest.mark.parametrize(
    ("data", "ext", "kind"),
    [
        (make_pdf([["机密"]], encrypt="pw"), ".pdf", "encrypted"),
        (make_blank_pdf(), ".pdf", "no_text"),
        (b"%PDF-1.4 broken" * 20, ".pdf", "corrupt"),
        (b"PK\x03\x04" + b"\x00" * 50, ".xlsx", "corrupt"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512,
            ".docx",
            "encrypted",
        ),
        (b"", ".pdf", "corrupt"),
        (b"Rar!\x1a\x07\x00", ".rar", "unsupported"),
    ],
)
def test_unreadable_files_say_why(data: bytes, ext: str, kind: str) -> None:
    r = extract_attachment(data, ext)
    assert not r.readable and r.reason_kind == kind and r.reason


@pytest.mark.skipif(
    shutil.which("antiword") is None and shutil.which("catdoc") is None, reason="no .doc reader"
)
def test_a_broken_word97_file_is_corrupt_not_a_crash() -> None:
    r = extract_attachment(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048, ".doc")
    assert not r.readable and r.reason_kind == "corrupt"
