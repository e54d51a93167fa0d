"""Data that crosses module boundaries: findings and their severities."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

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
    # what makes tomorrow's finding the same issue (check + thing at fault + what is wrong)
    key: str = ""

    @property
    def fingerprint(self) -> str:
        raw = json.dumps([self.check, self.site, self.url, self.key], ensure_ascii=False)
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("key")
        d["severity"] = self.severity.value
        return d


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
    status: str  # done | crawl_failed | timeout
    pages: int
    requests: int
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    attachments_read: int = 0
    # attachments whose text could not be read: {"url", "page", "reason_kind", "reason"}
    attachments_unreadable: list[dict[str, Any]] = field(default_factory=list)
    issues: Any = None  # reports.issues.SyncResult once the run's issues are synced


@dataclass
class AuditResult:
    as_of: dt.date
    started: dt.datetime
    finished: dt.datetime
    sites: list[SiteResult]
    # the issue tracker after the audit (reports/issues.py `tracker`): open / overdue issues and
    # the issue of each finding; None when not synced
    tracker: dict[str, Any] | None = None

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.sites for f in s.findings]

    @property
    def notes(self) -> list[Note]:
        return [n for s in self.sites for n in s.notes]

    @property
    def pages(self) -> int:
        return sum(s.pages for s in self.sites)
