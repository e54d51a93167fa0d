"""meta_missing — page metadata absent (指引2017 《政府网站发展指引》 附件 page metadata).

Rule: every page carries SiteName, SiteDomain, SiteIDCode; column pages also ColumnName,
ColumnDescription, ColumnKeywords, ColumnType; article pages also ArticleTitle, PubDate
(YYYY-MM-DD HH:MM) and ContentSource. An empty value counts as absent; a PubDate not in the
required format is reported as malformed.
Findings are per template, not per page: one for the homepage, one per column page, and one per
column for its article pages on the site's own host (url = the column; evidence counts pages and names examples).
Severity: minor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from govaudit.crawler.fetcherrors import is_failure
from govaudit.store.schema import Page

from govaudit.models import Finding, Note, Severity
from govaudit.urls import same_origin

from .base import Context, check

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
COLUMN_TAGS = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource")
PUBDATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$")


def missing_tags(page: Page) -> tuple[list[str], list[str]]:
    """(absent tags, malformed tags) for a page by its role."""
    required = SITE_TAGS + {"column": COLUMN_TAGS, "article": ARTICLE_TAGS}.get(page.role, ())
    present = {k.lower(): (v or "").strip() for k, v in (page.meta or {}).items()}
    absent = [t for t in required if not present.get(t.lower())]
    malformed = []
    pub = present.get("pubdate")
    if page.role == "article" and pub and not PUBDATE_RE.match(pub):
        malformed.append("PubDate")
    return absent, malformed


def _is_html(page: Page) -> bool:
    ct = (page.content_type or "text/html").lower()
    return "html" in ct and not is_failure(page.status, page.error)


@check(
    "meta_missing",
    name="网页元数据缺失",
    scope="page",
    evidence={
        "missing": "缺少项",
        "malformed": "格式不规范项",
        "pages": "涉及页面数",
        "examples": "示例页面",
        "role": "页面类型",
    },
)
def meta_missing(ctx: Context) -> Iterator[Finding | Note]:
    per_column: dict[str | None, list[tuple[Page, list[str], list[str]]]] = defaultdict(list)
    for page in ctx.snapshot.pages:
        if not _is_html(page) or page.role not in ("homepage", "column", "article"):
            continue
        if page.role == "article" and not same_origin(page.url, ctx.site.url):
            continue  # an article hosted on another site is that site's template
        absent, malformed = missing_tags(page)
        if not absent and not malformed:
            continue
        if page.role == "article":
            per_column[page.column].append((page, absent, malformed))
            continue
        name = "首页" if page.role == "homepage" else f"栏目“{page.column}”页面"
        parts = []
        if absent:
            parts.append("缺少 " + "、".join(absent))
        if malformed:
            parts.append("格式不规范 " + "、".join(malformed))
        yield ctx.finding(
            "meta_missing", Severity.MINOR, page.url, f"{name}元数据不全：{'；'.join(parts)}",
            column=page.column if page.role == "column" else None,
            evidence={"missing": absent, "malformed": malformed, "role": page.role},
            key=",".join(absent + malformed),
        )  # fmt: skip
    for column, rows in per_column.items():
        col = ctx.column(column)
        url = col.url if col else ctx.site.url
        absent_all = sorted({t for _, a, _ in rows for t in a}, key=(SITE_TAGS + ARTICLE_TAGS).index)
        malformed_all = sorted({t for _, _, m in rows for t in m})
        parts = []
        if absent_all:
            parts.append("缺少 " + "、".join(absent_all))
        if malformed_all:
            parts.append("格式不规范 " + "、".join(malformed_all))
        where = f"栏目“{column}”下" if col else "首页链接的"
        yield ctx.finding(
            "meta_missing", Severity.MINOR, url,
            f"{where} {len(rows)} 篇文章页元数据不全：{'；'.join(parts)}",
            column=column if col else None,
            evidence={"missing": absent_all, "malformed": malformed_all, "role": "article",
                      "pages": len(rows), "examples": [p.url for p, _, _ in rows[:5]]},
            key="article:" + ",".join(absent_all + malformed_all),
        )  # fmt: skip
