"""Data that crosses module boundaries: findings and their severities."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from govaudit.urls import site_thing

if TYPE_CHECKING:
    from govaudit.config import Site


class Severity(StrEnum):
    """Severity of a finding (CHECKS.md §3)."""

    VETO = "veto"  # 单项否决 risk under 指标2019
    MAJOR = "major"
    MINOR = "minor"

    @property
    def label(self) -> str:
        return {"veto": "单项否决风险", "major": "严重", "minor": "一般"}[self.value]

    @property
    def rank(self) -> int:
        return {"veto": 0, "major": 1, "minor": 2}[self.value]


@dataclass(slots=True)
class Finding:
    """One problem found by one check. The JSON shape is the contract in CHECKS.md §3."""

    check: str
    severity: Severity
    site: str
    column: str | None
    url: str  # the thing at fault
    unit: str | None
    message: str  # Chinese, for officials
    evidence: dict[str, Any] = field(default_factory=dict)
    # what makes tomorrow's finding the same issue besides the thing at fault: which problem of
    # that thing (a report's failed identity, a hidden link's target …); "" for most checks
    key: str = ""
    # the unit is the site's default because nothing more specific (catalog row, column unit,
    # the page's 发布机构) named one: reports count these as 未明确责任单位 (not in the JSON item)
    unrouted: bool = False
    # the site's homepage as configured when found: the site's own URLs are identified by their
    # path and query within it (not in the JSON item)
    site_url: str = ""

    @property
    def thing(self) -> str:
        """The thing at fault as an issue knows it: its path and query for the site's own pages
        (not the scheme, host or port, so that a site that moves keeps its issues), else its URL."""
        return site_thing(self.url, self.site_url)

    @property
    def fingerprint(self) -> str:
        """The issue this finding is: the site (by its configured name), the check, the thing at
        fault and the key (a key that is one of the site's own URLs counts by its path too)."""
        return fingerprint(self.check, self.site, self.thing, site_thing(self.key, self.site_url))

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for private in ("key", "unrouted", "site_url"):
            d.pop(private)
        d["severity"] = self.severity.value
        return d


def fingerprint(check: str, site: str, thing: str, key: str) -> str:
    """An issue's identity (issues/lifecycle.py matches findings and issues by it)."""
    raw = json.dumps([check, site, thing, key], ensure_ascii=False)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Note:
    """Something an audit could not judge (e.g. a list it could not read), shown in reports.

    Notes are not findings: they say why govaudit stayed silent, so that nobody mistakes
    silence for a clean bill of health.
    """

    site: str
    column: str | None
    url: str
    message: str


@dataclass
class SiteResult:
    site: Site
    run_id: int
    status: str  # done | crawl_failed | timeout | outage
    pages: int
    requests: int
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    attachments_read: int = 0
    # attachments whose text could not be read: {"url", "page", "reason_kind", "reason"}
    attachments_unreadable: list[dict[str, Any]] = field(default_factory=list)
    issues: Any = None  # issues.sync.SyncResult once the run's issues are synced
    answered: bool = True  # anything of the site answered (any HTTP status), retry included
    outage: str | None = None  # the run was a monitoring-side outage: why (Chinese)
    stats: dict[str, Any] = field(default_factory=dict)  # the run's stats (kind, homepage retry …)
    last_progress: dict[str, Any] = field(default_factory=dict)  # the crawl's last progress report


@dataclass
class AuditResult:
    as_of: dt.date
    started: dt.datetime
    finished: dt.datetime
    sites: list[SiteResult]
    # the issue tracker after the audit (reports/issues.py `tracker`): open / overdue issues and
    # the issue of each finding; None when not synced
    tracker: dict[str, Any] | None = None
    # nothing answered during the audit (no site, no reference URL): why, in Chinese (run.outage)
    outage: str | None = None

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.sites for f in s.findings]

    @property
    def notes(self) -> list[Note]:
        return [n for s in self.sites for n in s.notes]

    @property
    def pages(self) -> int:
        return sum(s.pages for s in self.sites)
