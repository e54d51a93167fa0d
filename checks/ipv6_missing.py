"""ipv6_missing — the homepage is not reachable over IPv6 (the national IPv6 programme, the
county plan's IPv6 改造).

Rule (crawler/probe.py facts): the site's host has no AAAA record, or the homepage does not
answer (or answers HTTP >= 400) at its first IPv6 address. A monitor with no IPv6 route to that address
judges nothing (a note). Severity: minor.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check


@check(
    "ipv6_missing",
    name="网站不支持第六版互联网协议访问",
    scope="site",
    evidence={"host": "域名", "aaaa": "IPv6 地址", "status": "HTTP 状态", "error": "错误"},
)
def ipv6_missing(ctx: Context) -> Iterator[Finding | Note]:
    facts = ctx.fact("ipv6")
    if facts is None:
        return
    host = facts.get("host")
    if not facts.get("aaaa"):
        yield ctx.finding("ipv6_missing", Severity.MINOR, ctx.site.url,
                          f"网站 {host} 没有 IPv6 地址（AAAA 记录），不支持 IPv6 访问",
                          evidence={"host": host, "aaaa": []}, key="ipv6")  # fmt: skip
        return
    if facts.get("no_route"):
        yield ctx.note(ctx.site.url, f"监测服务器没有到网站 IPv6 地址 {facts['aaaa'][0]} 的网络路由（监测端未接入 IPv6），"
                                     "未判定网站能否通过 IPv6 访问")  # fmt: skip
        return
    answer = facts.get("answer") or {}
    status = answer.get("status")
    if status is not None and status < 400:
        return
    said = f"返回 HTTP {status}" if status is not None else "无应答"
    yield ctx.finding("ipv6_missing", Severity.MINOR, ctx.site.url,
                      f"网站有 IPv6 地址 {answer.get('address')}，但通过 IPv6 访问首页{said}",
                      evidence={"host": host, "aaaa": facts.get("aaaa"), "status": status,
                                "error": answer.get("error")}, key="ipv6")  # fmt: skip
