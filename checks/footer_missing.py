"""footer_missing — the footer lacks the identifiers a government site must show (指引2017).

Rule: on the homepage and a sample of column and article pages (`footer.sample`, default 5):
网站标识码 (10 characters; the county's own `footer.site_code` when configured), 党政机关标识
(the conac.cn link or script), ICP备案号 (省简称ICP备 + digits), 公安机关备案号 (公网安备 + 14
digits), 主办单位, 联系方式, the 我为政府网站找错 entry. What is shown but malformed counts too.
A page on which none of 标识码 / 党政机关标识 / ICP / 公安备案 can be read (a footer written by a
script) is a note, never a finding. One finding per site listing every missing or malformed item.
Severity: minor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govaudit.crawler.extract.footer import ITEM_NAMES, ITEMS

from govaudit.models import Finding, Note, Severity

from .base import Context, check

IDENTIFIERS = ("site_code", "conac", "icp", "police")


def _malformed(page: dict[str, Any], own_code: str | None) -> list[str]:
    out = []
    for code in page.get("site_codes") or []:
        if len(code) != 10:
            out.append(f"网站标识码“{code}”应为10位")
        elif own_code and code != own_code:
            out.append(f"网站标识码“{code}”与本网站标识码“{own_code}”不符")
    if page.get("icp_malformed"):
        out.append(f"ICP备案号“{page['icp_malformed']}”格式不规范")
    if page.get("police_malformed"):
        out.append(f"公安机关备案号“{page['police_malformed']}”格式不规范")
    return out


def _present(page: dict[str, Any]) -> dict[str, bool]:
    return {
        "site_code": bool(page.get("site_codes")), "conac": bool(page.get("conac")),
        "icp": bool(page.get("icp") or page.get("icp_malformed")),
        "police": bool(page.get("police") or page.get("police_malformed")),
        "sponsor": bool(page.get("sponsor")), "contact": bool(page.get("contact")), "jiucuo": bool(page.get("jiucuo")),
    }  # fmt: skip


@check(
    "footer_missing",
    name="网站页脚标识缺失",
    scope="site",
    evidence={
        "missing": "缺少项",
        "malformed": "格式不规范项",
        "pages": "抽查页面",
        "url": "页面",
        "page_missing": "该页缺少项",
    },  # fmt: skip
)
def footer_missing(ctx: Context) -> Iterator[Finding | Note]:
    facts = ctx.snapshot.facts.get("footer")
    if not facts or not facts.get("pages"):
        return
    own = ctx.site.footer.site_code
    pages = [p for p in facts["pages"] if any(_present(p)[k] for k in IDENTIFIERS)]
    home = facts["pages"][0]
    if home not in pages:
        yield ctx.note(ctx.site.url, "首页页脚未读到网站标识码、党政机关标识、ICP备案号或公安机关备案号（可能由脚本生成），"
                                     "未判定页脚标识，请人工核实")  # fmt: skip
        return
    missing = [k for k in ITEMS if not _present(home)[k]]
    malformed = _malformed(home, own)
    others = []
    for page in pages[1:]:
        lacks = [k for k in ITEMS if not _present(page)[k] and k not in missing]
        bad = [m for m in _malformed(page, own) if m not in malformed]
        malformed.extend(bad)
        if lacks:
            others.append({"url": page["url"], "page_missing": [ITEM_NAMES[k] for k in lacks]})
    if not missing and not malformed and not others:
        return
    parts = []
    if missing:
        parts.append("首页页脚缺少" + "、".join(ITEM_NAMES[k] for k in missing))
    if others:
        parts.append(
            f"{len(others)} 个抽查页面页脚缺少"
            + "、".join(dict.fromkeys(x for o in others for x in o["page_missing"]))
        )
    parts.extend(malformed)
    yield ctx.finding(
        "footer_missing", Severity.MINOR, ctx.site.url, "；".join(parts),
        evidence={"missing": [ITEM_NAMES[k] for k in missing], "malformed": malformed, "pages": others[:10]},
        key="footer",
    )  # fmt: skip
