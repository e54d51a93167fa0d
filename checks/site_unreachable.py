"""site_unreachable — the homepage is not served (指标2019, 单项否决).

Rule (one audit): no answer within the timeout (default 15 s) or HTTP >= 400 after retries, and
again at a second attempt after a pause (`crawl.unreachable_retry_seconds`, scheduler/audit.py);
a run during which nothing answered, not even the reference URLs, is a monitoring-side outage
and judges nothing (scheduler/network.py).
Rule (probe history, `govaudit serve` probes the homepage every 30 minutes): >= 5 % of the
probes of the 7 days before as_of failed, with at least 20 probes on each of those days; a
thinner history is a note, never a finding.
A homepage the fetch policy refused (it redirects to an internal address) is a note.
Severity: veto.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.crawler.fetcherrors import because, describe, is_blocked, is_failure
from govaudit.store.probes import MIN_PER_DAY, WINDOW_DAYS

from govaudit.models import Finding, Note, Severity

from .base import Context, check

PROBE_FAIL_RATE = 0.05


@check(
    "site_unreachable",
    name="首页无法访问",
    scope="site",
    evidence={
        "status": "HTTP 状态",
        "error": "错误类型",
        "detail": "错误详情",
        "timeout_s": "超时（秒）",
        "retry": "重试",
        "probes": "探测次数",
        "failed": "失败次数",
        "rate": "失败率",
        "window": "统计期间",
        "per_day": "每日探测",
        "day": "日期",
        "total": "探测次数",
    },
)
def site_unreachable(ctx: Context) -> Iterator[Finding | Note]:
    home = ctx.snapshot.homepage
    if home is None:
        yield ctx.note(ctx.site.url, "本次检查未能抓取首页（抓取进程提前结束），未判定首页可访问性")
    elif is_blocked(home.error):
        yield ctx.note(
            ctx.site.url, f"网站首页未抓取：{home.error_detail or describe(None, home.error)}，未判定"
        )
    elif is_failure(home.status, home.error):
        reason = describe(home.status, home.error)
        retry = (ctx.snapshot.run.stats or {}).get("homepage_retry") or {}
        again = ""
        if retry and not retry.get("ok"):
            second = f"HTTP {retry['status']}" if retry.get("status") is not None else "无应答"
            again = f"间隔 {retry.get('after_s', 0):g} 秒后再次访问仍失败（{second}）"
        yield ctx.finding(
            "site_unreachable", Severity.VETO, ctx.site.url,
            f"网站首页无法访问{because(home.status, home.error)}" + (f"，{again}" if again else "") + "，属单项否决情形",
            evidence={"status": home.status, "error": home.error, "detail": home.error_detail,
                      "timeout_s": ctx.config.crawl_for(ctx.site).timeout, "retry": again or None},
            key=reason,
        )  # fmt: skip
    yield from _probe_history(ctx)


def _probe_history(ctx: Context) -> Iterator[Finding | Note]:
    probes = ctx.snapshot.probes
    if probes is None:
        return
    window = f"{probes.start.isoformat()} 至 {probes.end.isoformat()}"
    if not probes.sufficient:
        yield ctx.note(
            ctx.site.url,
            f"首页可用性监测记录不足（{window} 有 {probes.thin_days} 天探测少于 {MIN_PER_DAY} 次），"
            "未按 7 天探测失败率判定",
        )
        return
    if probes.rate < PROBE_FAIL_RATE:
        return
    yield ctx.finding(
        "site_unreachable", Severity.VETO, ctx.site.url,
        f"近 {WINDOW_DAYS} 天首页可用性监测失败 {probes.failed} 次（共 {probes.total} 次，失败率 "
        f"{probes.rate:.1%}，要求低于 5%），属单项否决情形",
        evidence={"probes": probes.total, "failed": probes.failed, "rate": round(probes.rate, 4),
                  "window": [probes.start.isoformat(), probes.end.isoformat()],
                  "per_day": [{"day": d.day.isoformat(), "total": d.total, "failed": d.failed} for d in probes.days]},
        key="probes",
    )  # fmt: skip
