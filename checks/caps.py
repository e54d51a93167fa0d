"""Scale limits on findings: one page with 100,000 broken links must not become 100,000 findings,
issues, report entries and mail lines (issue 10 item 4).

Per page and check, at most `limits.findings_per_page` findings are made one by one (the most
severe first); the rest become one finding at that page with their count and a few examples
(evidence `more_count`, `more_examples`). The page of a link finding is the page linking to the
target (evidence `source`); of any other finding, its own URL. The summary finding is its own
issue (key "more"); only a full audit can close it (a recheck does not fetch the page's links).
"""

from __future__ import annotations

from collections.abc import Callable

from govaudit.models import Finding

# evidence keys every check may carry (a summary finding), with their Chinese labels
CAP_EVIDENCE = {
    "more_count": "未逐条列出的同类问题数",
    "more_examples": "未逐条列出的问题示例",
    "more_limit": "每页逐条列出上限",
    "sources": "引用页面",
}
MORE_KEY = "more"
EXAMPLES = 20


def page_of(f: Finding, scope: str) -> str:
    """The page a finding is about, for the cap (a link finding: the page linking to it)."""
    if scope == "link":
        ev = f.evidence or {}
        return str(ev.get("source") or ev.get("page") or f.url)
    return f.url


def is_summary(evidence: dict | None) -> bool:
    """A finding (or issue) standing for the findings not made one by one."""
    return bool(evidence) and "more_count" in evidence  # type: ignore[operator]


def cap_findings(findings: list[Finding], limit: int, scope: str, name: str,
                 mark: Callable[[Finding], None] | None = None) -> list[Finding]:  # fmt: skip
    """One check's findings, at most `limit` per page, the rest summed up per page."""
    if limit <= 0 or len(findings) <= limit:
        return findings
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        groups.setdefault(page_of(f, scope), []).append(i)
    dropped: set[int] = set()
    summaries: list[Finding] = []
    for page, idx in groups.items():
        if len(idx) <= limit:
            continue
        ranked = sorted(idx, key=lambda i: findings[i].severity.rank)  # stable: page order within a rank
        rest = ranked[limit:]
        dropped.update(rest)
        summaries.append(_summary(page, [findings[i] for i in rest], limit, scope, name))
    kept = [f for i, f in enumerate(findings) if i not in dropped]
    return kept + summaries


def _summary(page: str, rest: list[Finding], limit: int, scope: str, name: str) -> Finding:
    first = min(rest, key=lambda f: f.severity.rank)
    columns = {f.column for f in rest}
    what = "个目标" if scope == "link" else "项"
    message = (
        f"页面 {page} 另有 {len(rest)} {what}“{name}”问题未逐条列出（每个页面每项检查最多逐条列出 {limit} 项），"
        "示例见证据；更多内容请在网页控制台查看"
    )
    evidence = {"more_count": len(rest), "more_limit": limit,
                "more_examples": [f.url for f in rest[:EXAMPLES]], "sources": [page]}  # fmt: skip
    return Finding(
        check=first.check, severity=first.severity, site=first.site,
        column=columns.pop() if len(columns) == 1 else None, url=page, unit=first.unit, message=message,
        evidence=evidence, key=MORE_KEY, unrouted=any(f.unrouted for f in rest), site_url=first.site_url,
    )  # fmt: skip
