"""A run closes a site-wide issue only when it gathered the facts its check reads and they could
settle it (a recheck crawls no columns: no titles to search for)."""

from __future__ import annotations

import datetime as dt

from govaudit.issues.judged import could_judge
from govaudit.store import Snapshot
from govaudit.store.loop_tables import IssueRow
from govaudit.store.schema import Page, Run

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


def test_recheck_of_site_wide_issues(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The footer fixed: a recheck (homepage only) gathers the footer again and rectifies the
    issue. The search: a recheck crawls no columns, so it has no titles to search for — the issue
    stays as it was (not judged), never closed by a run that could not see it."""
    from govaudit.config import parse_config
    from govaudit.issues import lifecycle as issue_api
    from govaudit.scheduler.audit import audit
    from govaudit.scheduler.recheck import recheck
    from govaudit.store import open_db

    from govaudit.demo.siteserver import SiteServer
    from tests.conftest import AS_OF, make_config
    from tests.sitewide.countysite import VALID_FOOTER, county_site

    db = f"sqlite:///{tmp_path / 'r.db'}"
    partial = '<div class="footer">主办：测试县人民政府办公室 网站标识码：3701000099 鲁ICP备05001234号</div>'
    with SiteServer() as server:
        county_site(server, AS_OF, footer=partial, search="empty")
        others = ["tls_problem", "ipv6_missing", "annual_statement_missing", "meta_missing"]
        text = make_config(server.url, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}], sitewide=True,
                           site={"disable": others}, crawl={"check_links": False})  # fmt: skip
        config = parse_config(text)
        audit(config, list(config.sites), AS_OF, db)
        sessions = open_db(db)
        issues = {i.check: i for i in issue_api.list_issues(sessions)}
        assert set(issues) == {"footer_missing", "search_broken"}
        county_site(server, AS_OF, footer=VALID_FOOTER, search="empty")  # the footer is fixed
        outcomes = {o.check: o for o in recheck(config, db, [i.id for i in issues.values()], as_of=AS_OF)}
    assert outcomes["footer_missing"].judged and outcomes["footer_missing"].state == "rectified"
    assert not outcomes["search_broken"].judged and outcomes["search_broken"].state == "new"
