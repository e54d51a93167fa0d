"""broken_link — a link on a crawled page that does not work.

Rule: an internal page, external link, attachment or image answering HTTP >= 400, DNS or
connection failure, timeout, or a redirect loop. HTTP 429/503 mean "try later": they were
retried during the crawl and, if still refused, are counted in a note, never reported as broken.
The homepage and configured column URLs are judged by site_unreachable / column_unreachable
and not reported again here. One finding per broken target, with the pages linking to it; a
dead target of a 暗链 is serious_error's finding (one problem, one finding), not this check's.
Targets the fetch policy refused (a list entry that is a local file or cannot be parsed, a
redirect to an internal address; crawler/policy.py) were never fetched: notes, never findings.
Severity: minor; major when the homepage links to it.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.crawler.fetcherrors import because, describe, is_blocked, is_failure, is_transient

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .serious_error import dark_links

KIND_LABEL = {"attachment": "附件", "image": "图片", "page": "链接"}
BLOCKED_NOTES = 20  # notes naming a refused target; the rest are counted in one more note


@check(
    "broken_link",
    name="链接不可用",
    scope="link",
    evidence={
        "status": "HTTP 状态",
        "error": "错误类型",
        "detail": "错误详情",
        "source": "所在页面",
        "sources": "引用页面",
        "source_count": "引用页面数",
        "text": "链接文字",
        "kind": "类型",
        "internal": "站内链接",
        "page": "所在页面",
        "role": "页面类型",
        "column": "栏目",
    },
)
def broken_link(ctx: Context) -> Iterator[Finding | Note]:
    judged_elsewhere = {ctx.site.url} | {c.url for c in ctx.site.columns} | set(dark_links(ctx))
    transient = 0
    blocked = 0
    for link in ctx.snapshot.links:
        if not link.checked or link.url in judged_elsewhere or not is_failure(link.status, link.error):
            continue
        if is_blocked(link.error):
            blocked += 1
            if blocked <= BLOCKED_NOTES:
                yield _blocked_note(ctx, link)
            continue
        if is_transient(link.status, link.error):
            transient += 1
            continue
        sources = link.sources or []
        first = sources[0] if sources else {}
        on_home = any(s.get("role") == "homepage" for s in sources)
        reason = describe(link.status, link.error)
        label = KIND_LABEL.get(link.kind, "链接")
        text = first.get("text") or link.url
        where = "首页" if first.get("role") == "homepage" else f"页面 {first.get('page', '')} "
        column = first.get("column")
        yield ctx.finding(
            "broken_link", Severity.MAJOR if on_home else Severity.MINOR, link.url,
            f"{where}上的{label}“{text}”无法访问{because(link.status, link.error)}"
            + (f"，共 {link.source_count} 个页面引用" if link.source_count > 1 else ""),
            column=column if ctx.column(column) else None,
            evidence={"source": first.get("page"), "text": first.get("text", ""), "status": link.status,
                      "error": link.error, "detail": link.error_detail, "kind": link.kind,
                      "internal": link.internal, "source_count": link.source_count,
                      "sources": [s.get("page") for s in sources]},
            key=reason,
        )  # fmt: skip
    if blocked > BLOCKED_NOTES:
        yield ctx.note(
            ctx.site.url,
            f"另有 {blocked - BLOCKED_NOTES} 个链接出于安全原因未访问（本机文件、内网地址等），未判定",
        )
    if transient:
        yield ctx.note(
            ctx.site.url,
            f"{transient} 个链接因服务器限流或繁忙（HTTP 429/503）多次重试仍未应答，未判定为失效链接",
        )


def _blocked_note(ctx: Context, link) -> Note:  # noqa: ANN001 - a snapshot link row
    first = (link.sources or [{}])[0]
    where = "首页" if first.get("role") == "homepage" else f"页面 {first.get('page', '')} "
    text = first.get("text") or ""
    reason = link.error_detail or describe(link.status, link.error)
    column = first.get("column")
    if link.error in ("private_address", "bad_encoding"):  # the reason does not name the link
        reason = f"{link.url[:200]}，{reason}"
    return ctx.note(
        first.get("page") or ctx.site.url,
        f"{where}上的链接“{text}”未访问：{reason}；请人工核实该链接",
        column if ctx.column(column) else None,
    )
