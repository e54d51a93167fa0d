"""Normative documents (行政规范性文件) as validity_missing and publication_late see them."""

from __future__ import annotations

import datetime as dt

from govaudit.crawler.extract.dates import parse_date
from govaudit.crawler.fetcherrors import is_failure
from govaudit.store.schema import Page

from govaudit.urls import same_origin

from .base import Context
from .policydocs import fields

INVALID_WORDS = ("失效", "废止", "无效", "已修改", "已修订", "停止执行")


def gov_documents(ctx: Context) -> list[Page]:
    """Articles on the site's own host that are 政务公开 documents: of a `policy` column, or
    carrying a metadata block (two or more fields)."""
    out = []
    for page in ctx.snapshot.articles():
        if is_failure(page.status, page.error) or not same_origin(page.url, ctx.site.url):
            continue
        col = ctx.column(page.column)
        if (col is not None and col.kind == "policy") or len([v for v in fields(page).values() if v]) >= 2:
            out.append(page)
    return out


def is_normative(ctx: Context, page: Page) -> bool:
    """Named a 规范性文件 by its column, title or 主题分类/文件类型 field."""
    f = fields(page)
    col = ctx.column(page.column)
    words = " ".join(
        [col.name if col else "", page.title or "", f.get("主题分类", ""), f.get("文件类型", "")]
    )
    return "规范性文件" in words


def marked_valid(value: str) -> bool:
    return "有效" in value and not any(w in value for w in INVALID_WORDS)


def written_date(page: Page, ref: dt.date) -> dt.date | None:
    return parse_date(fields(page).get("成文日期", ""), ref=ref)
