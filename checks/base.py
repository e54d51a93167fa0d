"""The check framework: a registry of checks and the context each one reads.

A check is a function `(ctx: Context) -> Iterable[Finding | Note]`, registered under its id with
`@check("id", name=…, scope=…, evidence=…)`. It reads only the run's snapshot, the config and `ctx.as_of` (never the clock,
never the network). Adding a check = one module in checks/ + its tests.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from govaudit.config import Column, Config, Site, Thresholds
from govaudit.config.schema import Rules
from govaudit.store import Snapshot

from govaudit.models import Finding, Note, Severity

from .caps import CAP_EVIDENCE, cap_findings

log = logging.getLogger(__name__)
CheckFn = Callable[["Context"], Iterable[Finding | Note]]
Scope = Literal["site", "column", "page", "link"]
SCOPES: tuple[Scope, ...] = ("site", "column", "page", "link")


@dataclass(frozen=True)
class CheckSpec:
    """What a check declares next to its code (`@check(...)`); reports, the config's list of
    check ids and the recheck planner are derived from these declarations.

    scope: what the thing at fault is — the site (its homepage), a column (its list as a whole),
    a page (an article, attachment or letter) or a link target. A recheck fetches accordingly.
    evidence: every evidence key the check may write, with its Chinese label (record keys inside
    evidence lists too); keys written in Chinese label themselves."""

    id: str
    name: str  # Chinese, as officials read it
    scope: Scope
    evidence: Mapping[str, str]
    fn: CheckFn


SPECS: dict[str, CheckSpec] = {}
REGISTRY: dict[str, CheckFn] = {}  # id -> function, in registration (= run and report) order


def check(
    check_id: str, *, name: str, scope: Scope, evidence: Mapping[str, str]
) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under its stable id, with its declaration (see CheckSpec)."""

    def deco(fn: CheckFn) -> CheckFn:
        if check_id in REGISTRY:
            raise ValueError(f"duplicate check id {check_id}")
        if scope not in SCOPES:
            raise ValueError(f"check {check_id}: unknown scope {scope!r}")
        SPECS[check_id] = CheckSpec(id=check_id, name=name, scope=scope, evidence=dict(evidence), fn=fn)
        REGISTRY[check_id] = fn
        return fn

    return deco


def ids_with_scope(*scopes: Scope) -> frozenset[str]:
    """The ids of the checks of these scopes."""
    return frozenset(cid for cid, spec in SPECS.items() if spec.scope in scopes)


def undeclared_evidence(finding: Finding) -> set[str]:
    """Evidence keys (and keys of records inside evidence lists) the check did not declare."""
    spec = SPECS.get(finding.check)
    declared = {**CAP_EVIDENCE, **(spec.evidence if spec is not None else {})}
    keys: set[str] = set()
    for key, value in finding.evidence.items():
        keys.add(key)
        records = value if isinstance(value, list) else [value]
        keys.update(k for r in records if isinstance(r, dict) for k in r)
    return {k for k in keys if k not in declared and not _is_chinese(k)}


def _guard_evidence(findings: Iterable[Finding]) -> None:
    """Evidence keys must be declared by their check (they are shown to officials by their
    Chinese label). Tests set GOVAUDIT_STRICT_EVIDENCE=1 and fail on a missing label; in
    production a missing label is logged and the key shown as it is."""
    for f in findings:
        missing = undeclared_evidence(f)
        if not missing:
            continue
        if os.environ.get("GOVAUDIT_STRICT_EVIDENCE"):
            raise AssertionError(f"check {f.check} wrote undeclared evidence keys {sorted(missing)}")
        log.warning("check %s wrote evidence keys without a label: %s", f.check, sorted(missing))


def _is_chinese(key: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in key)


@dataclass
class Context:
    config: Config
    site: Site
    snapshot: Snapshot
    as_of: dt.date
    # results of checks run earlier in the same audit, by check id (order: REGISTRY order)
    earlier: dict[str, list[Finding]] = field(default_factory=dict)
    # work shared by several checks of one audit (e.g. the policy/interpretation pairing)
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """`build()` once per audit, shared by the checks that ask for the same key."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def fact(self, kind: str) -> dict[str, Any] | None:
        """What crawler/sitewide.py gathered of ``kind`` in this run; None when it was not gathered
        or gathering failed (the check then judges nothing)."""
        facts = self.snapshot.facts.get(kind)
        return None if not facts or facts.get("failed") else facts

    def list_cap(self, column: str) -> int:
        """The list-page cap the crawl applied to a column (0 = none)."""
        col = self.column(column)
        if col is not None and col.max_pages is not None:
            return col.max_pages
        return self.config.crawl_for(self.site).max_list_pages

    @property
    def thresholds(self) -> Thresholds:
        return self.config.thresholds_for(self.site)

    def column(self, name: str | None) -> Column | None:
        return next((c for c in self.site.columns if c.name == name), None) if name else None

    def unit_for(self, column: str | None) -> str | None:
        """The responsible unit: the column's unit, else the site's."""
        col = self.column(column)
        unit = col.unit if col and col.unit else self.site.unit
        return self.config.canonical_unit(unit)

    def route(
        self, column: str | None, *, unit: str | None = None, publisher: str | None = None
    ) -> tuple[str | None, bool]:
        """(responsible unit, routed) for a finding, in the order of issue 3 item 7:

        1. `unit` the check knows itself (the catalog row's 责任单位);
        2. the column's own unit (`columns[].unit`);
        3. the page's organ (`publisher`: 发布机构, 回复单位) mapped to a configured unit
           (names, aliases, 示范县教育局 = 县教育局: config/units.py);
        4. the site's unit. A finding about the site itself is routed there; a finding about a
           column or page that reached this step is *unrouted* (counted in the reports).
        """
        if unit:
            return self.config.canonical_unit(unit), True
        col = self.column(column)
        if col is not None and col.unit:
            return self.config.canonical_unit(col.unit), True
        matched = self.config.match_unit(publisher)
        if matched:
            return matched, True
        return self.config.canonical_unit(self.site.unit), column is None and not publisher

    def rules(self, column: str | None = None) -> Rules:
        """The 政务公开 rules for the site, or for one of its columns (config `rules:`)."""
        build = lambda: self.config.rules_for(self.site, self.column(column))  # noqa: E731
        return self.memo(f"rules:{column}", build)  # type: ignore[no-any-return]

    def enabled(self, check_id: str, column: str | None = None) -> bool:
        if check_id in self.site.disable:
            return False
        col = self.column(column)
        return not (col and check_id in col.disable)

    def finding(
        self,
        check_id: str,
        severity: Severity,
        url: str,
        message: str,
        *,
        column: str | None = None,
        evidence: dict[str, Any] | None = None,
        key: str = "",
        unit: str | None = None,
        publisher: str | None = None,
    ) -> Finding:
        """A finding; `unit` / `publisher` feed `route` (without them: column unit, else site)."""
        if unit is None and publisher is None:
            routed_unit, routed = self.unit_for(column), True
        else:
            routed_unit, routed = self.route(column, unit=unit, publisher=publisher)
        return Finding(
            check=check_id, severity=severity, site=self.site.name, column=column, url=url,
            unit=routed_unit, message=message, evidence=evidence or {}, key=key, unrouted=not routed,
            site_url=self.site.url,
        )  # fmt: skip

    def note(self, url: str, message: str, column: str | None = None) -> Note:
        return Note(site=self.site.name, column=column, url=url, message=message)


def run_checks(ctx: Context, only: Iterable[str] | None = None) -> tuple[list[Finding], list[Note]]:
    """Run the registered checks (or `only` those ids) in registry order.

    One problem, one finding (CHECKS.md §3): a finding with the fingerprint of one already made
    in this run (the same report listed in two columns …) is the same problem, not another.
    At most `limits.findings_per_page` findings per page and check; the rest one finding with
    their count (checks/caps.py)."""
    wanted = set(only) if only is not None else None
    findings: list[Finding] = []
    notes: list[Note] = []
    seen: set[str] = set()
    for check_id, fn in REGISTRY.items():
        if wanted is not None and check_id not in wanted:
            continue
        produced: list[Finding] = []
        for out in fn(ctx):
            if isinstance(out, Finding):
                if ctx.enabled(out.check, out.column) and out.fingerprint not in seen:
                    seen.add(out.fingerprint)
                    produced.append(out)
            else:
                notes.append(out)
        spec = SPECS[check_id]
        produced = cap_findings(produced, ctx.config.limits.findings_per_page, spec.scope, spec.name)
        seen.update(f.fingerprint for f in produced)
        ctx.earlier[check_id] = produced
        _guard_evidence(produced)
        findings.extend(produced)
    return findings, notes
