"""media_unreachable — a 政务新媒体 account's public page is not served.

Rule: the account's `url` answers HTTP >= 400, or does not answer (timeout, connection error).
Never judged during a monitoring-side outage (scheduler/audit.py REACHABILITY).
Severity: major.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .media import read_accounts


@check(
    "media_unreachable",
    name="政务新媒体无法访问",
    scope="site",
    evidence={"account": "账号", "platform": "平台", "status": "HTTP 状态", "error": "错误类型"},
)
def media_unreachable(ctx: Context) -> Iterator[Finding | Note]:
    for acc, account in read_accounts(ctx):
        if not account.url:
            continue
        status = acc.get("status")
        if status is not None and status < 400:
            continue
        said = f"HTTP {status}" if status is not None else "无应答"
        yield ctx.finding(
            "media_unreachable", Severity.MAJOR, account.url,
            f"政务新媒体{account.platform}“{account.name}”的页面无法访问（{said}）",
            evidence={"account": account.name, "platform": account.platform, "status": status,
                      "error": acc.get("error")},
            unit=account.unit or ctx.site.unit, key="unreachable",
        )  # fmt: skip
