"""The HTML report (Jinja2, autoescaped, Chinese): what a county official forwards."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from govaudit.models import AuditResult, Finding

from .files import write_atomic
from .labels import CHECK_NAMES, SEVERITY_NAMES, evidence_rows
from .order import sorted_findings

NO_UNIT = "（未指定单位）"

_env = Environment(
    loader=PackageLoader("govaudit.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def unit_groups(findings: list[Finding]) -> list[tuple[str, Counter[str], list[Finding]]]:
    """Findings by 责任单位: units with 单项否决 risks first, then by number of problems; within a
    unit, 单项否决 first (the order of `sorted_findings`)."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted_findings(findings):
        groups[f.unit or NO_UNIT].append(f)
    out = [(unit, Counter(f.severity.value for f in fs), fs) for unit, fs in groups.items()]
    return sorted(out, key=lambda g: (-g[1]["veto"], -len(g[2]), g[0]))


def render(result: AuditResult, *, recheck: bool = False) -> str:
    """The report; `recheck`: a recheck run (only what some issues needed was fetched), said so."""
    findings = sorted_findings(result.findings)
    groups = unit_groups(findings)
    template = _env.get_template("report.html")
    return template.render(
        tracker=result.tracker or {"open": 0, "overdue": [], "by_fingerprint": {}},
        result=result, findings=findings, groups=groups, recheck=recheck,
        by_severity=Counter(f.severity.value for f in findings),
        by_check=[(CHECK_NAMES.get(cid, "其他问题"), n) for cid, n in Counter(f.check for f in findings).most_common()],
        vetoes=[f for f in findings if f.severity.value == "veto"],
        unrouted=[f for f in findings if f.unrouted],
        unreadable=[(s.site.name, a) for s in result.sites for a in s.attachments_unreadable],
        check_names=CHECK_NAMES, severity_names=SEVERITY_NAMES, evidence_rows=evidence_rows,
    )  # fmt: skip


def write(result: AuditResult, path: str | Path) -> Path:
    return write_atomic(Path(path), render(result))
