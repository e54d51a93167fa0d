"""site_unreachable — the homepage is not served (指标2019, 单项否决).

Rule (one audit): no answer within the timeout (default 15 s) or HTTP >= 400 after retries.
The probe-history rule (>= 5 % failed probes in 7 days) comes with the scheduler.
Severity: veto.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.crawler.fetcherrors import describe, is_failure

from govaudit.models import Finding, Note, Severity

from .base import Context, check


@check("site_unreachable")
def site_unreachable(ctx: Context) -> Iterator[Finding | Note]:
    home = ctx.snapshot.homepage
    if home is None:
        yield ctx.note(ctx.site.url, "本次检查未能抓取首页（抓取进程提前结束），未判定首页可访问性")
        return
    if is_failure(home.status, home.error):
        reason = describe(home.status, home.error)
        yield ctx.finding(
            "site_unreachable", Severity.VETO, ctx.site.url,
            f"网站首页无法访问（{reason}），属单项否决情形",
            evidence={"status": home.status, "error": home.error, "detail": home.error_detail,
                      "timeout_s": ctx.config.crawl_for(ctx.site).timeout},
            key=reason,
        )  # fmt: skip
