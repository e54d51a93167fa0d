"""homepage_stale — the homepage shows nothing new (指标2019, 单项否决).

Rule: the newest dated item linked from the homepage is older than `homepage_stale_days`
(default 14) → veto; older than `homepage_warn_days` (default 10) → a minor early warning.
Dates after the audit date are ignored here (metadata_incomplete judges forged dates).
A homepage with no dated item at all is not judged (a note says so): no guessing.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.crawler.fetcherrors import is_failure

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .columns import item_date


@check(
    "homepage_stale",
    name="首页长期未更新",
    scope="site",
    evidence={
        "latest": "最新信息日期",
        "latest_title": "最新信息标题",
        "latest_url": "最新信息链接",
        "age_days": "未更新天数",
        "limit_days": "要求（天）",
        "warning": "预警",
        "dated_items": "首页带日期条目数",
    },
)
def homepage_stale(ctx: Context) -> Iterator[Finding | Note]:
    home = ctx.snapshot.homepage
    if home is None or is_failure(home.status, home.error):
        return  # site_unreachable speaks for it
    dated = [(d, it) for it in ctx.snapshot.homepage_items() if (d := item_date(ctx.snapshot, it))]
    current = [(d, it) for d, it in dated if d <= ctx.as_of]
    if not current:
        yield ctx.note(ctx.site.url, "首页未识别到带日期的信息条目，未判定首页是否及时更新，请人工核实")
        return
    newest, item = max(current, key=lambda p: p[0])
    age = (ctx.as_of - newest).days
    t = ctx.thresholds
    evidence = {"latest": newest.isoformat(), "latest_title": item.title, "latest_url": item.url,
                "age_days": age, "dated_items": len(current)}  # fmt: skip
    if age > t.homepage_stale_days:
        yield ctx.finding(
            "homepage_stale", Severity.VETO, ctx.site.url,
            f"首页已 {age} 天未更新（要求 {t.homepage_stale_days} 天内），属单项否决情形",
            evidence={**evidence, "limit_days": t.homepage_stale_days},
        )  # fmt: skip
    elif age > t.homepage_warn_days:
        yield ctx.finding(
            "homepage_stale", Severity.MINOR, ctx.site.url,
            f"首页已 {age} 天未更新，接近 {t.homepage_stale_days} 天的否决线（预警）",
            evidence={**evidence, "limit_days": t.homepage_stale_days, "warning": True},
            key="warning",
        )  # fmt: skip
