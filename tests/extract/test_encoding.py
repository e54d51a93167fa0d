"""decode_html: trust a declared charset only when the bytes agree with it."""

from __future__ import annotations

import codecs
import os

import pytest
from govaudit.crawler.extract import decode_html

BODY = "<p>示范县人民政府 政府信息公开 暂无信息 发布日期：2024年6月28日</p>" * 20


def page(charset: str | None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"<html><head>{meta}<title>通知公告</title></head><body>{BODY}</body></html>"


def test_gbk_page_declared_utf8():
    text, enc = decode_html(page("utf-8").encode("gbk"))
    assert enc == "gb18030"
    assert "示范县人民政府" in text and "\ufffd" not in text


def test_gbk_page_declared_utf8_in_the_http_header():
    text, enc = decode_html(page(None).encode("gbk"), "text/html; charset=UTF-8")
    assert enc == "gb18030" and "政府信息公开" in text


def test_gb2312_declared_page_with_gb18030_only_characters():
    # 㮾 (U+3BBE, 湖南 地名 "㮾梨"), 𠀀 (U+20000) and 镕 are not in GB2312
    html = page("gb2312").replace("通知公告", "㮾梨街道 𠀀 朱镕基")
    text, enc = decode_html(html.encode("gb18030"))
    assert enc == "gb18030"
    assert "㮾梨街道 𠀀 朱镕基" in text


def test_utf8_page_declared_gbk():
    text, enc = decode_html(page("gbk").encode("utf-8"))
    assert enc == "utf-8"
    assert "示范县人民政府" in text


def test_utf8_page_declared_gb2312_in_the_header():
    text, enc = decode_html(page(None).encode("utf-8"), "text/html;charset=gb2312")
    assert enc == "utf-8" and "暂无信息" in text


def test_header_declaration_that_fits_wins_over_meta():
    text, enc = decode_html(page("utf-8").encode("gbk"), "text/html; charset=GBK")
    assert enc == "gb18030" and "政府信息公开" in text


def test_no_declaration():
    assert decode_html(page(None).encode("gbk"))[1] == "gb18030"
    assert decode_html(page(None).encode("utf-8"))[1] == "utf-8"
    text, _ = decode_html(b"<html><body>plain ascii</body></html>")
    assert "plain ascii" in text


def test_byte_order_marks():
    text, enc = decode_html(codecs.BOM_UTF8 + page("gbk").encode("utf-8"))
    assert enc == "utf-8" and text.startswith("<html>")
    text, enc = decode_html(codecs.BOM_UTF16_LE + page(None).encode("utf-16-le"))
    assert enc == "utf-16" and "示范县" in text


def test_truncated_and_stray_bytes_stay_utf8():
    raw = page("utf-8").encode("utf-8")
    cut = raw[: raw.index("暂".encode()) + 2]  # a character cut in half at the end
    text, enc = decode_html(cut)
    assert enc == "utf-8" and text.endswith("\ufffd")
    stray = raw.replace("暂".encode(), b"\xff", 1)
    text, enc = decode_html(stray)
    assert enc == "utf-8" and "示范县人民政府" in text


def test_xml_declaration_of_a_dataproxy_answer():
    xml = '<?xml version="1.0" encoding="GBK"?><datastore><recordset><record><![CDATA[<li>关于做好防汛工作的通知</li>]]></record></recordset></datastore>'
    text, enc = decode_html(xml.encode("gbk"))
    assert enc == "gb18030" and "防汛" in text


@pytest.mark.parametrize("seed", range(5))
def test_garbage_never_raises(seed):
    rnd = os.urandom(3000 + seed)
    text, enc = decode_html(rnd, "text/html; charset=nonsense-charset")
    assert isinstance(text, str) and isinstance(enc, str)


def test_empty_and_odd_inputs():
    assert decode_html(b"") == ("", "utf-8")
    assert decode_html(b"\x00\x00\x00")[0] == "\x00\x00\x00"
    assert isinstance(decode_html(b"<meta charset=x-unknown>\xe4\xb8")[0], str)


def test_utf8_page_with_many_invalid_bytes_is_not_reread_as_gb18030():
    """Invalid bytes scattered over a UTF-8 page (more than the stray-byte tolerance) are replaced;
    the page is not decoded whole as GB18030 mojibake (issue 10)."""
    text = "<html><head><meta charset='utf-8'></head><body><h1>关于印发示范县乡村振兴实施方案的通知</h1>"
    body = text.encode() + "<p>发布日期：2026-11-18</p><p>".encode() + b"\xff\xfe\xc3\x28" * 3
    body += ("内容。</p><p>" + "正文内容" * 20 + "</p></body></html>").encode()
    decoded, enc = decode_html(body, "text/html; charset=utf-8")
    assert enc == "utf-8" and "关于印发示范县乡村振兴实施方案的通知" in decoded and "\ufffd" in decoded
    decoded, enc = decode_html(body, None)  # declared only in <meta>
    assert enc == "utf-8" and "正文内容" in decoded
