"""Shared helpers for the extraction tests.

Real pages live in ``../shared/realpages`` next to the repository (never copied into it); tests
that need them skip cleanly when the folder is absent. Our own fixtures live in ``fixtures/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from govaudit.crawler.extract import decode_html, parse_html
from lxml.html import HtmlElement

REALPAGES = Path(__file__).resolve().parents[2].parent / "shared" / "realpages"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def real_path(rel: str) -> Path:
    path = REALPAGES / rel
    if not path.is_file():
        pytest.skip(f"real page {rel} not available ({REALPAGES})")
    return path


def real_doc(rel: str) -> HtmlElement:
    """A real page, decoded and parsed the way the spider does it."""
    text, _ = decode_html(real_path(rel).read_bytes())
    return parse_html(text)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_doc(name: str) -> HtmlElement:
    return parse_html(fixture_text(name))
