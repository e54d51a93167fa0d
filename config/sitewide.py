"""Config of the site-wide checks (issue 13): footer, HTTPS, search, 年度报表, 政务新媒体, evidence.

Every key is optional; README "Config reference" shows them in context.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from .base import _Model


def _search_template(value: str) -> str:
    if "{q}" not in value or not value.startswith(("http://", "https://")):
        raise ValueError("must be an http(s) URL with {q} where the search words go")
    return value


def _site_code(value: str) -> str:
    if len(value) != 10 or not value.isalnum():
        raise ValueError("网站标识码 has 10 letters or digits")
    return value


class FooterConfig(_Model):
    """footer_missing: the county's own 网站标识码 (checked when given) and the pages sampled."""

    site_code: Annotated[str, AfterValidator(_site_code)] | None = None
    sample: int = Field(5, ge=0)  # pages besides the homepage whose footer is read


class SearchConfig(_Model):
    """search_broken: the search URL template (else the homepage's search form)."""

    url: Annotated[str, AfterValidator(_search_template)] | None = None  # e.g. https://x/search?q={q}
    titles: int = Field(2, ge=1, le=5)  # recent titles tried


class TlsConfig(_Model):
    """tls_problem: where the site's HTTPS and HTTP versions are (default: the homepage's host on
    the standard ports) and how early an expiring certificate is reported."""

    https_url: str | None = None
    http_url: str | None = None
    expiry_warn_days: int = Field(30, ge=0)
    required: bool = True  # a site without HTTPS is a finding


class StatementConfig(_Model):
    """annual_statement_missing: a column listing the 政府网站工作年度报表 (besides the homepage)."""

    column: str | None = None
    deadline: str = "01-31"  # MM-DD of the year after the report's year


class MediaAccount(_Model):
    """One 政务新媒体 account: only a public web page (no login, no key)."""

    platform: str = Field(min_length=1)  # 微信公众号, 微博, 头条号, 抖音 …
    name: str = Field(min_length=1)
    unit: str | None = None
    url: str | None = None  # a public page listing its posts (None: not checked, a note)
    max_age_days: int = Field(14, ge=1)  # 指标2019: 2 weeks


class EvidenceSettings(_Model):
    """Pages with a finding kept as fetched (store/evidence.py)."""

    keep: bool = True
    screenshots: bool = False  # headless Chromium screenshot of each such page (slow)
    max_pages: int = Field(200, ge=0)  # pages kept per run
