"""A run closes a site-wide issue only when it gathered the facts its check reads and they could
settle it (a recheck crawls no columns: no titles to search for)."""

from __future__ import annotations

import datetime as dt

from govaudit.issues.judged import could_judge
from govaudit.store import Snapshot
from govaudit.store.schema import IssueRow, Page, Run

URL = "http://county.test/"


def _snapshot(facts: dict) -> Snapshot:
    run = Run(id=2, site="县", site_url=URL, as_of=dt.date(2026, 11, 20), status="done", stats={})
    return Snapshot(run=run, pages=[Page(url=URL, role="homepage", status=200)], facts=facts)


def test_site_wide_issue_needs_its_facts() -> None:
    issue = IssueRow(check="search_broken", url=URL, thing="/", evidence={}, column=None)
    run = ["search_broken"]
    assert not could_judge(issue, _snapshot({}), [], run)  # not gathered
    assert not could_judge(issue, _snapshot({"search": {"tries": [], "undecided": True}}), [], run)
    assert not could_judge(issue, _snapshot({"search": {"failed": "OSError"}}), [], run)
    assert could_judge(
        issue, _snapshot({"search": {"tries": [{"found": True}], "undecided": False}}), [], run
    )
    tls = IssueRow(check="tls_problem", url=URL, thing="/", evidence={}, column=None)
    assert could_judge(tls, _snapshot({"tls": {"https": True}}), [], ["tls_problem"])
    assert not could_judge(tls, _snapshot({"search": {}}), [], ["tls_problem"])


def test_an_outage_judges_no_media_https_or_ipv6(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Nothing answers (the site, its media page, the reference URL): no media_unreachable (nor
    tls_problem / ipv6_missing) — the monitor's network is down, not the accounts."""
    import socket

    from govaudit.config import parse_config
    from govaudit.scheduler.audit import REACHABILITY, audit

    from tests.conftest import AS_OF, make_config

    def closed() -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return f"http://127.0.0.1:{s.getsockname()[1]}"

    dead = closed()
    media = [{"platform": "微博", "name": "测试县发布", "url": closed() + "/wb/"}]
    text = make_config(dead, [], references=[closed() + "/"], site={"media": media},
                       crawl={"unreachable_retry_seconds": 0})  # fmt: skip
    config = parse_config(text)
    result = audit(config, list(config.sites), AS_OF, f"sqlite:///{tmp_path / 'o.db'}")
    assert result.outage
    assert not [f for f in result.findings if f.check in REACHABILITY or f.check == "media_unreachable"]
    assert {"media_unreachable", "tls_problem", "ipv6_missing"} <= set(REACHABILITY)
