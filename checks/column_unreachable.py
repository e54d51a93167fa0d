"""column_unreachable — a configured column page is not served.

Rule: HTTP >= 400 after retries, timeout, connection error. A column that failed for the same
reason as an unreachable homepage is not reported again (site_unreachable covers it).
HTTP 429 (rate limited) is our pace, not the site's fault: a note, not a finding; so is a column
page the fetch policy refused (it redirects to an internal address, crawler/policy.py).
Severity: major.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.crawler.fetcherrors import because, describe, is_blocked, is_failure

from govaudit.models import Finding, Note, Severity

from .base import Context, check


@check(
    "column_unreachable",
    name="栏目无法访问",
    scope="column",
    evidence={"status": "HTTP 状态", "error": "错误类型", "detail": "错误详情"},
)
def column_unreachable(ctx: Context) -> Iterator[Finding | Note]:
    home = ctx.snapshot.homepage
    home_reason = describe(home.status, home.error) if home and is_failure(home.status, home.error) else None
    for col in ctx.site.columns:
        page = ctx.snapshot.column_page(col.name)
        if page is None:
            yield ctx.note(col.url, f"栏目“{col.name}”未被抓取（抓取提前结束），未判定", col.name)
            continue
        if not is_failure(page.status, page.error):
            continue
        reason = describe(page.status, page.error)
        if reason == home_reason:
            continue
        if is_blocked(page.error):
            yield ctx.note(
                col.url, f"栏目“{col.name}”未抓取：{page.error_detail or reason}，未判定", col.name
            )
            continue
        if page.status == 429:
            yield ctx.note(
                col.url, f"栏目“{col.name}”返回 HTTP 429（访问频率受限），未判定，请调低抓取频率", col.name
            )
            continue
        yield ctx.finding(
            "column_unreachable", Severity.MAJOR, col.url,
            f"栏目“{col.name}”无法访问{because(page.status, page.error)}",
            column=col.name,
            evidence={"status": page.status, "error": page.error, "detail": page.error_detail},
            key=reason,
        )  # fmt: skip
