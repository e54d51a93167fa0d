"""media_stale — a 政务新媒体 account not updated (指标2019 新媒体: 2 weeks).

Rule: for each account under `sites[].media` with a public page (`url`), the newest dated post
the page shows is older than `max_age_days` (default 14) at as_of. A page showing no dates, or an
account without `url`, is a note. Accounts the site's own 政务新媒体 page lists that are not
configured are a note too. Severity: major (veto-risk in 指标2019's 新媒体 part).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .media import read_accounts


@check(
    "media_stale",
    name="政务新媒体未及时更新",
    scope="site",
    evidence={
        "account": "账号",
        "platform": "平台",
        "latest": "最新发布",
        "days": "未更新天数",
        "limit": "要求（天）",
    },  # fmt: skip
)
def media_stale(ctx: Context) -> Iterator[Finding | Note]:
    for acc, account in read_accounts(ctx):
        label = f"{account.platform}“{account.name}”"
        if not account.url:
            yield ctx.note(ctx.site.url, f"政务新媒体{label}未配置公开网页地址，未检查其更新情况")
            continue
        if acc.get("status") is None or acc["status"] >= 400:
            continue  # media_unreachable speaks for it
        if not acc.get("newest"):
            yield ctx.note(account.url, f"政务新媒体{label}的页面上未读到发布日期，未判定是否及时更新")
            continue
        latest = dt.date.fromisoformat(acc["newest"])
        days = (ctx.as_of - latest).days
        if days > account.max_age_days:
            yield ctx.finding(
                "media_stale", Severity.MAJOR, account.url,
                f"政务新媒体{label}已 {days} 天未更新（最新发布 {latest}，要求 {account.max_age_days} 天内）",
                evidence={"account": account.name, "platform": account.platform, "latest": latest.isoformat(),
                          "days": days, "limit": account.max_age_days},
                unit=account.unit or ctx.site.unit, key="stale",
            )  # fmt: skip
    facts = ctx.snapshot.facts.get("media") or {}
    names = [a.name for a in ctx.site.media]
    extra = [n for n in facts.get("listed") or [] if not any(c in n or n in c for c in names)]
    if extra:
        yield ctx.note(facts.get("site_page") or ctx.site.url,
                       f"网站政务新媒体页面列出的账号未在配置中（未检查）：{'、'.join(extra[:10])}")  # fmt: skip
