"""Scale limits on findings (checks/caps.py): at most N findings per page and check, the rest one
finding with the count; reports and mails cap their lists and point to the web console."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govaudit.checks.base import undeclared_evidence
from govaudit.checks.caps import cap_findings, is_summary
from govaudit.notify.mail import build_daily_mails
from govaudit.reports import html_report
from govaudit.store import open_db

from govaudit.models import AuditResult, Finding, Severity, SiteResult
from tests.issues import seed

SITE = "测试县人民政府"
BASE = "http://127.0.0.1:8000"


def _link(i: int, page: str, sev: Severity = Severity.MINOR) -> Finding:
    return Finding("broken_link", sev, SITE, None, f"http://dead.example/{i}", "县政府办公室", f"失效{i}",
                   {"source": page, "sources": [page], "status": 404}, key="HTTP 404", site_url=BASE + "/")  # fmt: skip


def test_at_most_n_per_page_the_rest_one_finding() -> None:
    a, b = BASE + "/a.html", BASE + "/b.html"
    findings = [_link(i, a) for i in range(100)] + [_link(1000 + i, b) for i in range(10)]
    findings[90] = _link(90, a, Severity.MAJOR)  # a major one is never the one left out
    capped = cap_findings(findings, 50, "link", "链接不可用")
    assert len(capped) == 50 + 1 + 10
    on_a = [f for f in capped if f.evidence.get("source") == a or f.url == a]
    (summary,) = [f for f in capped if is_summary(f.evidence)]
    assert len(on_a) == 51 and summary.url == a and summary.evidence["more_count"] == 50
    assert any(f.url == "http://dead.example/90" for f in capped)
    assert len(summary.evidence["more_examples"]) == 20 and "更多内容请在网页控制台查看" in summary.message
    assert summary.fingerprint == cap_findings(findings, 50, "link", "链接不可用")[-1].fingerprint  # stable
    assert undeclared_evidence(summary) == set()  # its evidence keys are declared for every check
    assert cap_findings(findings[:50], 50, "link", "x") == findings[:50]


def test_report_and_mail_lists_are_capped(tmp_path: Path) -> None:
    findings = [_link(i, BASE + f"/p{i % 40}.html") for i in range(150)]
    site = seed.config().sites[0]
    result = AuditResult(as_of=seed.MON, started=dt.datetime(2026, 11, 16, 6), finished=dt.datetime(2026, 11, 16, 7),
                         sites=[SiteResult(site=site, run_id=1, status="done", pages=1, requests=1, findings=findings)])  # fmt: skip
    html = html_report.render(result, limit=100)
    assert (
        html.count('class="finding"') == 100
        and "另有 50 项未在本报告中列出，更多内容请在网页控制台查看" in html
    )
    url = f"sqlite:///{tmp_path / 'm.db'}"
    cfg = seed.config()
    unit_findings = [Finding("broken_link", Severity.MINOR, seed.SITE, None, f"{seed.BASE}/gone/{i}.html", "县教育局",
                             f"失效链接{i}", {"status": 404}) for i in range(130)]  # fmt: skip
    seed.audit_run(open_db(url), cfg, seed.MON, unit_findings)
    mails = build_daily_mails(open_db(url), cfg, seed.MON)
    summary = next(m for m in mails if m.kind == "summary")
    assert "另有 30 项未列出，更多内容请在网页控制台查看" in summary.html
    mail = next(m for m in mails if m.key.startswith("daily:县教育局"))
    assert "尚有 <b>130</b> 项问题待整改" in mail.html
    assert mail.html.count("问题编号") == 100 and "另有 30 项问题未在邮件中列出" in mail.html
    assert "更多内容请在网页控制台查看" in mail.html and "更多内容请在网页控制台查看" in mail.text


def test_the_summary_issue_is_closed_only_by_a_full_audit(tmp_path: Path) -> None:
    from govaudit.issues import lifecycle as I
    from govaudit.issues.sync import sync_run
    from govaudit.store import SnapshotWriter, create_run, save_results, update_run

    sessions = open_db(f"sqlite:///{tmp_path / 's.db'}")
    cfg = seed.config()
    page = seed.BASE + "/"
    findings = [Finding("broken_link", Severity.MINOR, seed.SITE, None, f"http://dead.example/{i}", "县政府办公室",
                        f"失效{i}", {"source": page, "sources": [page], "status": 404}, site_url=page)
                for i in range(60)]  # fmt: skip
    (summary,) = [f for f in cap_findings(findings, 50, "link", "链接不可用") if is_summary(f.evidence)]
    seed.audit_run(sessions, cfg, seed.MON, [summary])
    (issue,) = I.list_issues(sessions)

    def run(kind: str) -> int:
        run_id = create_run(sessions, seed.SITE, page, seed.MON)
        w = SnapshotWriter(sessions, run_id)
        w.page(url=page, role="homepage", status=200)  # the page fetched again, no broken link seen
        w.flush()
        save_results(sessions, run_id, [], [])
        update_run(sessions, run_id, status="done", stats={"kind": kind, "checks_run": ["broken_link"]})
        return run_id

    sync_run(sessions, cfg, seed.SITE, run("recheck"), seed.MON, scope={issue.fingerprint})
    assert I.get_issue(sessions, issue.id).state == issue.state  # a recheck does not fetch the links
    sync_run(sessions, cfg, seed.SITE, run("audit"), seed.MON)
    assert I.get_issue(sessions, issue.id).state == "rectified"
