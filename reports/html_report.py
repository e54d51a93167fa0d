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


REPORT_LIMIT = 1000  # entries per list (config limits.report_findings)


def unit_groups(
    findings: list[Finding], limit: int = REPORT_LIMIT
) -> list[tuple[str, Counter[str], list[Finding]]]:
    """Findings by 责任单位: units with 单项否决 risks first, then by number of problems; within a
    unit, 单项否决 first (the order of `sorted_findings`). The counts are of every finding; the
    lists hold the first `limit` findings of the whole report in this order."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted_findings(findings):
        groups[f.unit or NO_UNIT].append(f)
    ordered = sorted(
        groups.items(), key=lambda g: (-sum(f.severity.value == "veto" for f in g[1]), -len(g[1]), g[0])
    )
    out, left = [], limit
    for unit, fs in ordered:
        out.append((unit, Counter(f.severity.value for f in fs), fs[: max(left, 0)]))
        left -= len(fs)
    return out


def render(result: AuditResult, limit: int = REPORT_LIMIT, *, recheck: bool = False) -> str:
    """The report; each list (findings, vetoes, overdue issues, notes, unreadable attachments)
    shows at most `limit` entries and then says how many more the web console has. `recheck`: a
    recheck run (only what some issues needed was fetched), said so."""
    findings = sorted_findings(result.findings)
    groups = unit_groups(findings, limit)
    template = _env.get_template("report.html")
    return template.render(
        tracker=result.tracker or {"open": 0, "overdue": [], "by_fingerprint": {}},
        result=result, findings=findings, groups=groups, recheck=recheck,
        by_severity=Counter(f.severity.value for f in findings),
        by_check=[(CHECK_NAMES.get(cid, "其他问题"), n) for cid, n in Counter(f.check for f in findings).most_common()],
        vetoes=[f for f in findings if f.severity.value == "veto"],
        unrouted=[f for f in findings if f.unrouted],
        unreadable=[(s.site.name, a) for s in result.sites for a in s.attachments_unreadable],
        check_names=CHECK_NAMES, severity_names=SEVERITY_NAMES, evidence_rows=evidence_rows, cap=limit,
    )  # fmt: skip


def write(result: AuditResult, path: str | Path, limit: int = REPORT_LIMIT) -> Path:
    return write_atomic(Path(path), render(result, limit))
