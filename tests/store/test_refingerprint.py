"""Schema step 4 (issue 9): a database of schema version 3 — fingerprints made with full URLs, one
privacy_leak issue per kind and attachment, a dead 暗链 also a broken_link — is upgraded: every
fingerprint recomputed as the site's path, issues that are one problem merged, and the next run
at the site's new address finds the same issues (none new, none rectified). Real SQLite."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from govaudit.config import parse_config
from govaudit.issues import lifecycle as issue_api
from govaudit.issues.sync import sync_run
from govaudit.store import SnapshotWriter, create_run, open_db, save_results, update_run
from govaudit.store.db import close_db
from govaudit.store.loop_tables import IssueEvent, IssueRow
from govaudit.store.schema import SCHEMA_VERSION, FindingRow, SchemaInfo
from sqlalchemy import select, text

from govaudit.clock import now
from govaudit.models import Finding, Severity
from tests.conftest import AS_OF, make_config
from tests.store.test_store import drop_v4_columns

SITE = "测试县人民政府"
OLD = "http://127.0.0.1:8001"
NEW = "https://www.example.gov.cn"  # http → https, a new domain, the default port


def legacy(check: str, url: str, key: str) -> str:
    """A fingerprint as schema version 3 made it (full URL)."""
    return hashlib.sha1(json.dumps([check, SITE, url, key], ensure_ascii=False).encode()).hexdigest()[:16]


# (check, url, key of version 3, evidence, state, severity)
V3_ISSUES = [
    ("broken_link", f"{OLD}/files/plan.pdf", "HTTP 404",
     {"status": 404, "error": None, "source": f"{OLD}/", "sources": [f"{OLD}/"]}, "assigned", "major"),
    ("privacy_leak", f"{OLD}/zwyw/a2.html", "id_card", {"page": f"{OLD}/zwyw/a2.html", "kind": "id_card"}, "new", "veto"),
    ("privacy_leak", f"{OLD}/zwyw/a2.html", "mobile", {"page": f"{OLD}/zwyw/a2.html", "kind": "mobile"}, "new", "veto"),
    ("privacy_leak", f"{OLD}/att/x.xlsx", "id_card",
     {"page": f"{OLD}/zwyw/a2.html", "attachment": "x.xlsx", "kind": "id_card"}, "rectified", "veto"),
    ("serious_error", f"{OLD}/zwyw/a1.html", "hidden_link:http://bet.example/",
     {"rule": "hidden_link", "url": "http://bet.example/"}, "new", "veto"),
    ("broken_link", "http://bet.example/", "连接被拒绝", {"status": None, "error": "refused"}, "new", "minor"),
    ("broken_link", "http://partner.example/x.html", "HTTP 404", {"status": 404}, "new", "minor"),
    ("meta_missing", f"{OLD}/tzgg/", "SiteName,odd", {"missing": ["SiteName"]}, "new", "minor"),
    ("privacy_leak", f"{OLD}/tzgg/b1.html", "mobile", {"page": f"{OLD}/tzgg/b1.html", "kind": "mobile"}, "waived",
     "veto"),
]  # fmt: skip


def _version_3_database(url: str) -> None:
    sessions = open_db(url)
    run_id = create_run(sessions, SITE, OLD + "/", AS_OF - dt.timedelta(days=1))
    with sessions() as s, s.begin():
        for check, u, key, ev, state, sev in V3_ISSUES:
            fp = legacy(check, u, key)
            s.add(FindingRow(run_id=run_id, check=check, severity=sev, site=SITE, column=None, url=u, unit=None,
                             message="旧问题", evidence=ev, fingerprint=fp))  # fmt: skip
            s.add(IssueRow(fingerprint=fp, check=check, severity=sev, site=SITE, column=None, url=u, unit=None,
                           message="旧问题", evidence=ev, state=state, opened=AS_OF, first_run_id=run_id,
                           last_run_id=run_id, last_seen=AS_OF, reopen_count=0, updated=now()))  # fmt: skip
        drop_v4_columns(s)
        s.get(SchemaInfo, 1).version = 3
    close_db(url)


def test_version_3_database_is_refingerprinted_and_merged(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v3.db'}"
    _version_3_database(url)
    sessions = open_db(url)
    with sessions() as s:
        assert s.get(SchemaInfo, 1).version == SCHEMA_VERSION
        issues = {(i.check, i.url.rsplit("/", 1)[-1], (i.evidence or {}).get("kind")): i
                  for i in s.scalars(select(IssueRow))}  # fmt: skip
        events = list(s.scalars(select(IssueEvent)))
        stored = {r.fingerprint for r in s.scalars(select(FindingRow))}

    def new_fp(check: str, path: str, key: str = "") -> str:  # as a finding at the NEW address makes it
        return Finding(
            check, Severity.MINOR, SITE, None, NEW + path, None, "", key=key, site_url=NEW + "/"
        ).fingerprint

    broken = issues[("broken_link", "plan.pdf", None)]
    assert (
        broken.fingerprint == new_fp("broken_link", "/files/plan.pdf", "HTTP 404")
        and broken.thing == "/files/plan.pdf"
    )
    assert broken.state == "assigned" and broken.problem_key == "HTTP 404"
    # privacy_leak: one issue per page — the open one survives, the other kind and the attachment merged
    ids, mobile = (
        issues[("privacy_leak", "a2.html", "id_card")],
        issues[("privacy_leak", "a2.html", "mobile")],
    )
    xlsx = issues[("privacy_leak", "x.xlsx", "id_card")]
    survivor = min(
        (i for i in issues.values() if i.check == "privacy_leak" and i.state == "new"), key=lambda i: i.id
    )
    assert (
        survivor.fingerprint == new_fp("privacy_leak", "/zwyw/a2.html")
        and survivor.url == f"{OLD}/zwyw/a2.html"
    )
    merged = [i for i in issues.values() if i.state == "merged"]
    assert {(i.check, i.id != survivor.id) for i in merged} == {("privacy_leak", True), ("broken_link", True)}
    assert len([i for i in merged if i.check == "privacy_leak"]) == 2
    assert all("并入该问题" in e.note and e.to_state == "merged" for e in events) and len(events) == 3
    assert survivor is ids and mobile.state == "merged" and xlsx.state == "merged"  # (the rectified one too)
    # a dead 暗链: the serious_error issue stays, its broken_link is merged into it
    dark = issues[("serious_error", "a1.html", None)]
    assert dark.state == "new" and dark.fingerprint == new_fp("serious_error", "/zwyw/a1.html",
                                                               "hidden_link:http://bet.example/")  # fmt: skip
    assert issues[("broken_link", "", None)].state == "merged"
    # an outside target: its fingerprint is unchanged (full URL before and after)
    outside = issues[("broken_link", "x.html", None)]
    assert outside.fingerprint == legacy("broken_link", "http://partner.example/x.html", "HTTP 404")
    assert outside.thing == "http://partner.example/x.html"
    # a key that cannot be recovered: the fingerprint is kept, the thing is known (matched by it)
    odd = issues[("meta_missing", "", None)]
    assert odd.fingerprint == legacy("meta_missing", f"{OLD}/tzgg/", "SiteName,odd") and odd.thing == "/tzgg/"
    assert odd.problem_key is None
    # the office's decision stands: a waived issue is not merged nor reopened
    assert issues[("privacy_leak", "b1.html", "mobile")].state == "waived"
    assert survivor.fingerprint in stored  # findings are recomputed too (runs_of still finds them)
    assert [r.id for r in issue_api.runs_of(sessions, survivor)]


def test_next_run_at_the_new_address_finds_the_same_issues(tmp_path: Path) -> None:
    """After the upgrade the site moved (http → https, a new domain): the run finds the same
    problems — none new, none rectified — and a problem the run could judge and did not find is
    rectified (decoy)."""
    url = f"sqlite:///{tmp_path / 'v3.db'}"
    _version_3_database(url)
    sessions = open_db(url)
    config = parse_config(make_config(NEW, [{"name": "通知公告", "url": "/tzgg/", "kind": "notice"}]))
    site = config.sites[0]
    run_id = create_run(sessions, SITE, NEW + "/", AS_OF)
    w = SnapshotWriter(sessions, run_id)
    for path, role in (("/", "homepage"), ("/zwyw/a2.html", "article"), ("/zwyw/a1.html", "article"),
                       ("/tzgg/", "column")):  # fmt: skip
        w.page(url=NEW + path, role=role, status=200, column="通知公告" if role == "column" else None)
    w.link(url=NEW + "/files/plan.pdf", kind="attachment", internal=True, checked=True, status=404)
    w.link(url="http://partner.example/x.html", kind="page", internal=False, checked=True, status=200)
    w.flush()
    update_run(sessions, run_id, status="done")

    def found(check: str, path: str, key: str = "", **ev: object) -> Finding:
        return Finding(check, Severity.VETO, SITE, None, NEW + path, "县政府办公室", "仍存在", evidence=dict(ev),
                       key=key, site_url=site.url)  # fmt: skip

    save_results(sessions, run_id, [
        found("broken_link", "/files/plan.pdf", "HTTP 404", status=404),
        found("privacy_leak", "/zwyw/a2.html", page=NEW + "/zwyw/a2.html"),
        found("serious_error", "/zwyw/a1.html", "hidden_link:http://bet.example/", rule="hidden_link"),
    ], [])  # fmt: skip
    sync = sync_run(sessions, config, SITE, run_id, AS_OF)
    assert sync.new == [] and len(sync.still_open) == 3
    # the outside link works again and meta_missing was judged on the column page: rectified (decoy)
    rectified = {issue_api.get_issue(sessions, i).check for i in sync.rectified}
    assert rectified == {"broken_link", "meta_missing"}
    with sessions() as s:
        moved = s.scalars(
            select(IssueRow).where(IssueRow.check == "privacy_leak", IssueRow.state == "new")
        ).one()
        assert moved.url == NEW + "/zwyw/a2.html"
        assert s.execute(text("select count(*) from issues where state = 'merged'")).scalar() == 3
