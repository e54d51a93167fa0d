"""The order findings are listed in: 单项否决 risks first, then by check, site, column, URL."""

from __future__ import annotations

from govaudit.checks import REGISTRY

from govaudit.models import Finding

_CHECK_ORDER = {cid: i for i, cid in enumerate(REGISTRY)}


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (f.severity.rank, _CHECK_ORDER.get(f.check, 99), f.site, f.column or "", f.url),
    )
