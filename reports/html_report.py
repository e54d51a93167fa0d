"""The HTML report (Jinja2, autoescaped, Chinese): what a county official forwards."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from govaudit.models import AuditResult

from .files import write_atomic
from .labels import CHECK_NAMES, SEVERITY_NAMES, evidence_rows
from .order import sorted_findings

_env = Environment(
    loader=PackageLoader("govaudit.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


REPORT_LIMIT = 1000  # entries per list (config limits.report_findings)


def render(result: AuditResult, limit: int = REPORT_LIMIT) -> str:
    """The report; each list (findings, vetoes, overdue issues, notes, unreadable attachments)
    shows at most `limit` entries and then says how many more the web console has."""
    findings = sorted_findings(result.findings)
    by_severity = Counter(f.severity.value for f in findings)
    by_unit: dict[str, Counter[str]] = defaultdict(Counter)
    for f in findings:
        by_unit[f.unit or "（未指定单位）"][f.severity.value] += 1
    by_check = Counter(f.check for f in findings)
    template = _env.get_template("report.html")
    return template.render(
        tracker=result.tracker or {"open": 0, "overdue": [], "by_fingerprint": {}},
        result=result, findings=findings, by_severity=by_severity,
        by_unit=sorted(by_unit.items(), key=lambda kv: (-kv[1]["veto"], -sum(kv[1].values()), kv[0])),
        by_check=[(cid, CHECK_NAMES.get(cid, cid), n) for cid, n in by_check.most_common()],
        vetoes=[f for f in findings if f.severity.value == "veto"],
        unrouted=[f for f in findings if f.unrouted],
        unreadable=[(s.site.name, a) for s in result.sites for a in s.attachments_unreadable],
        check_names=CHECK_NAMES, severity_names=SEVERITY_NAMES, evidence_rows=evidence_rows, cap=limit,
    )  # fmt: skip


def write(result: AuditResult, path: str | Path, limit: int = REPORT_LIMIT) -> Path:
    return write_atomic(Path(path), render(result, limit))
