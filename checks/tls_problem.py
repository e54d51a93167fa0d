"""tls_problem — HTTPS missing or broken (指引2017 security; browsers' rules).

Rule (from crawler/probe.py's facts): the site not available over HTTPS (`tls.required`); its
HTTP address not redirected to HTTPS; the certificate expired (by as_of), expiring within
`tls.expiry_warn_days` (default 30), not matching the host, self-signed or with an incomplete
chain (issuer unknown); mixed content (http:// scripts, styles, images, frames on https pages).
One finding per site listing every problem.
Severity: major; veto when the homepage itself is served over HTTPS with a certificate browsers
refuse (expired, wrong host, untrusted): visitors cannot open it (指标2019 首页无法访问).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check

REFUSED = {"expired": "证书已过期", "wrong_host": "证书与网站域名不符", "self_signed": "证书为自签名证书",
           "chain": "证书链不完整或签发机构不受信任", "invalid": "证书无效"}  # fmt: skip


@check(
    "tls_problem",
    name="网站加密访问问题",
    scope="site",
    evidence={
        "problems": "问题",
        "https_url": "HTTPS 地址",
        "not_after": "证书到期日",
        "days_left": "剩余天数",
        "names": "证书域名",
        "redirect": "HTTP 跳转",
        "mixed": "混合内容",
        "page": "页面",
        "url": "资源",
        "tag": "标签",
        "detail": "详情",
    },  # fmt: skip
)
def tls_problem(ctx: Context) -> Iterator[Finding | Note]:
    facts = ctx.fact("tls")
    if facts is None:
        return
    cfg = ctx.site.tls
    problems: list[str] = []
    refused = False
    evidence: dict = {"https_url": facts.get("https_url")}
    if not facts.get("https"):
        if cfg.required:
            problems.append("网站不支持 HTTPS 访问")
            evidence["detail"] = facts.get("https_error")
    else:
        cert = facts.get("certificate") or {}
        kind = facts.get("verify_error")
        not_after = dt.date.fromisoformat(cert["not_after"]) if cert.get("not_after") else None
        if not_after is not None:
            days = (not_after - ctx.as_of).days
            evidence.update(not_after=not_after.isoformat(), days_left=days)
            if days < 0:
                kind = "expired"
            else:
                if kind == "expired":
                    kind = None  # the host clock disagrees with as_of: as_of decides
                if days <= cfg.expiry_warn_days:
                    problems.append(f"证书将于 {not_after} 到期（剩余 {days} 天）")
        elif kind == "expired":
            kind = None  # (by the host clock only; as_of decides)
        if kind:
            problems.append(
                REFUSED[kind] + (f"（{not_after} 到期）" if kind == "expired" and not_after else "")
            )
            refused = True
            evidence["names"] = cert.get("names")
        redirect = facts.get("redirect") or {}
        if redirect.get("answered") and not redirect.get("to_https") and facts.get("http_url"):
            problems.append("HTTP 访问未自动跳转到 HTTPS")
            evidence["redirect"] = [c.get("url") for c in redirect.get("chain") or []][:5]
        mixed = facts.get("mixed") or []
        if mixed:
            problems.append(f"HTTPS 页面引用了 {len(mixed)} 个 http:// 资源（混合内容）")
            evidence["mixed"] = mixed[:10]
    if not problems:
        return
    veto = refused and ctx.site.url.startswith("https://")
    message = "；".join(problems) + ("，浏览器将拒绝打开首页，属单项否决风险" if veto else "")
    evidence["problems"] = problems
    yield ctx.finding("tls_problem", Severity.VETO if veto else Severity.MAJOR, ctx.site.url, message,
                      evidence=evidence, key="tls")  # fmt: skip
