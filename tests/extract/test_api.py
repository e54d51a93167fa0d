"""The public surface of govaudit.crawler.extract is pinned: the spider is written against it."""

from __future__ import annotations

import inspect

import govaudit.crawler.extract as extract

EXPECTED = {
    "CANONICAL_LABELS",
    "DateMatch",
    "FollowRequest",
    "Link",
    "ListItem",
    "ListOverrides",
    "ListResult",
    "PageInfo",
    "decode_html",
    "extract_datastore_response",
    "extract_dated_links",
    "extract_links",
    "extract_list",
    "extract_meta",
    "extract_page_info",
    "extract_xxgk",
    "find_dates",
    "parse_date",
    "parse_html",
}


def test_public_names():
    assert set(extract.__all__) == EXPECTED
    for name in EXPECTED:
        assert hasattr(extract, name)


def _params(fn) -> list[tuple[str, str]]:
    return [(p.name, p.kind.name) for p in inspect.signature(fn).parameters.values()]


def test_signatures():
    assert _params(extract.decode_html) == [
        ("body", "POSITIONAL_OR_KEYWORD"),
        ("content_type", "POSITIONAL_OR_KEYWORD"),
    ]
    assert _params(extract.parse_html) == [("text", "POSITIONAL_OR_KEYWORD")]
    assert _params(extract.parse_date) == [("text", "POSITIONAL_OR_KEYWORD"), ("ref", "KEYWORD_ONLY")]
    assert _params(extract.find_dates) == [("text", "POSITIONAL_OR_KEYWORD"), ("ref", "KEYWORD_ONLY")]
    assert _params(extract.extract_list) == [
        ("doc", "POSITIONAL_OR_KEYWORD"),
        ("base_url", "POSITIONAL_OR_KEYWORD"),
        ("ref_date", "KEYWORD_ONLY"),
        ("overrides", "KEYWORD_ONLY"),
    ]
    for fn in (extract.extract_datastore_response, extract.extract_dated_links, extract.extract_page_info):
        assert _params(fn)[-1] == ("ref_date", "KEYWORD_ONLY")
    assert _params(extract.extract_links) == [
        ("doc", "POSITIONAL_OR_KEYWORD"),
        ("base_url", "POSITIONAL_OR_KEYWORD"),
    ]
    assert _params(extract.extract_meta) == [("doc", "POSITIONAL_OR_KEYWORD")]
    assert _params(extract.extract_xxgk) == [("doc", "POSITIONAL_OR_KEYWORD")]


def test_datematch_fields():
    m = extract.find_dates("发布时间：[06-28]", ref=__import__("datetime").date(2024, 7, 1))[0]
    assert (m.date.isoformat(), m.text, m.yearless) == ("2024-06-28", "[06-28]", True)
    assert "发布时间：[06-28]"[m.start : m.end] == "[06-28]"
