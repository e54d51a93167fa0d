"""The issue lifecycle on real SQLite: runs written through the store, synced into issues."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from govaudit.config import parse_config
from govaudit.issues import lifecycle as I
from govaudit.issues import rechecks
from govaudit.issues.lifecycle import IssueState
from govaudit.issues.sync import sync_run
from govaudit.store import SnapshotWriter, create_run, open_db, save_results, update_run
from govaudit.store.loop_tables import IssueEvent
from sqlalchemy import func, select

from govaudit.errors import IssueError
from govaudit.models import Finding, Note, Severity

SITE = "测试县人民政府"
BASE = "http://127.0.0.1:9"
CONFIG = f"""
units: [{{name: 县政府办公室}}, {{name: 县教育局}}]
issues: {{deadline_workdays: {{veto: 3, major: 5, minor: 10}}, auto_assign: true}}
sites:
  - name: {SITE}
    url: {BASE}/
    unit: 县政府办公室
    columns:
      - {{name: 政务要闻, url: {BASE}/zwyw/, kind: news}}
      - {{name: 教育动态, url: {BASE}/jy/, kind: news, unit: 县教育局}}
"""
MON = dt.date(2026, 11, 16)  # a Monday


@pytest.fixture
def sessions(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_db(f"sqlite:///{tmp_path / 'i.db'}")


@pytest.fixture
def config():  # type: ignore[no-untyped-def]
    return parse_config(CONFIG, "t.yaml")


def stale(column: str = "政务要闻", unit: str = "县政府办公室") -> Finding:
    url = f"{BASE}/zwyw/" if column == "政务要闻" else f"{BASE}/jy/"
    return Finding("column_stale", Severity.MAJOR, SITE, column, url, unit, f"栏目“{column}”已 30 天未更新")


def broken(target: str = f"{BASE}/x.pdf") -> Finding:
    return Finding("broken_link", Severity.MINOR, SITE, None, target, "县政府办公室", "附件无法访问",
                   {"sources": [f"{BASE}/"]}, key="HTTP 404")  # fmt: skip


def a_run(sessions, as_of: dt.date, findings: list[Finding], *, notes: list[Note] = (),  # type: ignore[no-untyped-def,assignment]
          status: str = "done", link_ok: bool = True, columns: tuple[str, ...] = ("政务要闻", "教育动态")) -> int:  # fmt: skip
    run_id = create_run(sessions, SITE, BASE + "/", as_of)
    w = SnapshotWriter(sessions, run_id)
    w.page(url=BASE + "/", role="homepage", status=200)
    for col in columns:
        w.page(url=f"{BASE}/{'zwyw' if col == '政务要闻' else 'jy'}/", role="column", column=col, status=200)
    w.link(
        url=f"{BASE}/x.pdf", kind="attachment", internal=True, checked=True, status=200 if link_ok else 404
    )
    w.flush()
    save_results(sessions, run_id, findings, list(notes))
    update_run(sessions, run_id, status=status)
    return run_id


def test_new_issue_auto_assigned_with_workday_deadline(sessions, config) -> None:  # type: ignore[no-untyped-def]
    r = a_run(sessions, MON, [stale(), stale("教育动态", "县教育局")])
    res = sync_run(sessions, config, SITE, r, MON)
    assert len(res.new) == 2 and not res.rectified
    a, b = (I.get_issue(sessions, i) for i in res.new)
    assert a.state == "assigned" and a.unit == "县政府办公室" and a.opened == MON
    assert a.deadline == dt.date(2026, 11, 23)  # 5 working days after Monday 16th
    assert b.unit == "县教育局"
    assert [e.to_state for e in I.history(sessions, a.id)] == ["new", "assigned"]
    assert IssueState.ASSIGNED.label == "已交办" and IssueState("false_alarm").label == "核实无误"


def test_same_problem_tomorrow_is_the_same_issue_then_rectified_then_reopened(sessions, config) -> None:  # type: ignore[no-untyped-def]
    (iid,) = sync_run(sessions, config, SITE, a_run(sessions, MON, [stale()]), MON).new
    day2 = MON + dt.timedelta(days=1)
    res = sync_run(sessions, config, SITE, a_run(sessions, day2, [stale()]), day2)
    assert res.new == [] and res.still_open == [iid]
    assert I.get_issue(sessions, iid).last_seen == day2
    I.give_feedback(sessions, iid, actor="县政府办公室", kind="fixed", note="已更新栏目")
    day3 = MON + dt.timedelta(days=2)
    res = sync_run(sessions, config, SITE, a_run(sessions, day3, []), day3)
    assert res.rectified == [iid]
    issue = I.get_issue(sessions, iid)
    assert issue.state == "rectified" and issue.rectified_on == day3
    day4 = MON + dt.timedelta(days=3)
    res = sync_run(sessions, config, SITE, a_run(sessions, day4, [stale()]), day4)
    assert res.reopened == [iid]
    issue = I.get_issue(sessions, iid)
    assert issue.state == "reopened" and issue.reopen_count == 1
    states = [e.to_state for e in I.history(sessions, iid)]
    assert states == ["new", "assigned", "feedback", "rectified", "reopened"]
    (st,) = [u for u in I.unit_stats(sessions, day4) if u.unit == "县政府办公室"]
    assert st.open == 1 and st.rectified == 0


def test_unit_says_fixed_but_still_found_goes_back_to_assigned(sessions, config) -> None:  # type: ignore[no-untyped-def]
    (iid,) = sync_run(sessions, config, SITE, a_run(sessions, MON, [stale()]), MON).new
    I.give_feedback(sessions, iid, actor="县政府办公室", kind="fixed", note="已更新")
    res = sync_run(sessions, config, SITE, a_run(sessions, MON, [stale()]), MON)
    assert res.back_to_assigned == [iid] and I.get_issue(sessions, iid).state == "assigned"
    assert "仍存在" in I.history(sessions, iid)[-1].note


def test_nothing_rectified_when_the_run_could_not_judge(sessions, config) -> None:  # type: ignore[no-untyped-def]
    res = sync_run(sessions, config, SITE, a_run(sessions, MON, [stale(), broken()], link_ok=False), MON)
    ids = res.new
    # a crawl that timed out
    r = a_run(sessions, MON, [], status="timeout")
    assert sync_run(sessions, config, SITE, r, MON).rectified == []
    # the column page was not fetched, the link still failing but reported as transient (no finding)
    r = a_run(sessions, MON, [], columns=(), link_ok=False)
    assert sync_run(sessions, config, SITE, r, MON).rectified == []
    # the check only produced a note about that column
    r = a_run(sessions, MON, [broken()], notes=[Note(SITE, "政务要闻", f"{BASE}/zwyw/", "列表未能读取，未判定")],
              link_ok=False)  # fmt: skip
    assert sync_run(sessions, config, SITE, r, MON).rectified == []
    assert all(I.get_issue(sessions, i).state == "assigned" for i in ids)
    # a good run: both fixed
    assert sorted(sync_run(sessions, config, SITE, a_run(sessions, MON, []), MON).rectified) == sorted(ids)


def test_waived_and_false_alarm_stay(sessions, config) -> None:  # type: ignore[no-untyped-def]
    a, b = sync_run(sessions, config, SITE, a_run(sessions, MON, [stale(), broken()], link_ok=False), MON).new
    I.waive(sessions, a, actor="office", reason="栏目已停用，经批准豁免")
    I.mark_false_alarm(sessions, b, actor="office", reason="链接可正常打开")
    res = sync_run(sessions, config, SITE, a_run(sessions, MON, [stale(), broken()], link_ok=False), MON)
    assert res.new == res.reopened == res.rectified == []
    assert I.get_issue(sessions, a).state == "waived" and I.get_issue(sessions, b).state == "false_alarm"
    with pytest.raises(IssueError, match="已豁免"):
        I.give_feedback(sessions, a, actor="县政府办公室", kind="fixed", note="x")


def test_scope_limits_a_recheck(sessions, config) -> None:  # type: ignore[no-untyped-def]
    a, b = sync_run(
        sessions, config, SITE, a_run(sessions, MON, [stale(), stale("教育动态", "县教育局")]), MON
    ).new
    fp = I.get_issue(sessions, a).fingerprint
    res = sync_run(sessions, config, SITE, a_run(sessions, MON, [broken()], link_ok=False), MON, scope={fp})
    assert res.rectified == [a] and res.new == []  # the unrelated finding of a partial run is ignored
    assert I.get_issue(sessions, b).state == "assigned"


def test_actions_errors_overdue_listing_and_recheck_requests(sessions, config) -> None:  # type: ignore[no-untyped-def]
    config2 = parse_config(CONFIG.replace("auto_assign: true", "auto_assign: false"), "t.yaml")
    (iid,) = sync_run(sessions, config2, SITE, a_run(sessions, MON, [stale()]), MON).new
    assert I.get_issue(sessions, iid).state == "new" and I.get_issue(sessions, iid).deadline is None
    with pytest.raises(IssueError, match="不存在"):
        I.assign(sessions, 999, actor="office", as_of=MON)
    I.assign(
        sessions,
        iid,
        actor="office",
        unit="县教育局",
        deadline=dt.date(2026, 11, 18),
        as_of=MON,
        config=config,
    )
    issue = I.get_issue(sessions, iid)
    assert issue.unit == "县教育局" and not I.is_overdue(issue, dt.date(2026, 11, 18))
    assert I.is_overdue(issue, dt.date(2026, 11, 19))
    assert [i.id for i in I.list_issues(sessions, unit="县教育局", overdue_on=dt.date(2026, 11, 19))] == [iid]
    assert I.list_issues(sessions, state="rectified") == []
    with pytest.raises(IssueError, match="未知状态"):
        I.list_issues(sessions, state="bogus")
    with pytest.raises(IssueError, match="fixed 或 cannot_fix"):
        I.give_feedback(sessions, iid, actor="县教育局", kind="maybe", note="x")
    req = rechecks.request_recheck(sessions, [iid], actor="县教育局")
    assert req > 0
    (st,) = I.unit_stats(sessions, dt.date(2026, 11, 19))
    assert (st.unit, st.open, st.overdue, st.rate) == ("县教育局", 1, 1, 0.0)
    with sessions() as s:  # created, assigned, and the recheck request on the issue's history
        assert s.scalar(select(func.count()).select_from(IssueEvent)) == 3
    asked = I.history(sessions, iid)[-1]
    assert (
        asked.actor == "县教育局" and asked.note.startswith("申请复核") and asked.to_state == asked.from_state
    )


def test_changed_problem_on_the_same_thing_is_the_same_issue(sessions, config) -> None:  # type: ignore[no-untyped-def]
    (iid,) = sync_run(sessions, config, SITE, a_run(sessions, MON, [broken()], link_ok=False), MON).new
    f500 = broken()
    f500.key, f500.message = "HTTP 500", "附件无法访问（HTTP 500）"
    res = sync_run(sessions, config, SITE, a_run(sessions, MON, [f500], link_ok=False), MON)
    assert res.new == [] and res.rectified == [] and res.still_open == [iid]
    issue = I.get_issue(sessions, iid)
    assert issue.fingerprint == f500.fingerprint and "HTTP 500" in issue.message
    assert "有变化" in I.history(sessions, iid)[-1].note


def test_a_check_switched_off_does_not_rectify(sessions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    on = parse_config(CONFIG, "t.yaml")
    off = parse_config(CONFIG.replace("kind: news}\n      - {name: 教育动态", "kind: news, disable: [column_stale]}\n"
                                      "      - {name: 教育动态"), "t.yaml")  # fmt: skip
    (iid,) = sync_run(sessions, on, SITE, a_run(sessions, MON, [stale()]), MON).new
    res = sync_run(sessions, off, SITE, a_run(sessions, MON, []), MON)
    assert res.rectified == [] and res.not_judged == [iid]


@pytest.mark.postgres
def test_lifecycle_and_job_store_on_postgres(config, tmp_path, postgres_url) -> None:  # type: ignore[no-untyped-def]
    url = postgres_url
    try:
        pg = open_db(url)
        (iid,) = sync_run(pg, config, SITE, a_run(pg, MON, [stale()]), MON).new
        assert sync_run(pg, config, SITE, a_run(pg, MON, []), MON).rectified == [iid]
        assert sync_run(pg, config, SITE, a_run(pg, MON, [stale()]), MON).reopened == [iid]
        assert [e.to_state for e in I.history(pg, iid)] == ["new", "assigned", "rectified", "reopened"]
        from govaudit.scheduler.service import build_scheduler

        path = tmp_path / "c.yaml"
        path.write_text(CONFIG, encoding="utf-8")
        for _ in range(2):
            sched = build_scheduler(config, str(path), url)
            ids = sorted(j.id for j in sched.get_jobs(jobstore="default"))
            sched.shutdown(wait=False)
        assert ids == sorted([f"audit:{SITE}", f"probe:{SITE}", "mail", "outbox", "weekly", "recheck"])
    finally:
        from sqlalchemy.orm import close_all_sessions

        close_all_sessions()


def test_reported_fixed_awaits_verification_not_overdue(sessions, config) -> None:  # type: ignore[no-untyped-def]
    (iid,) = sync_run(sessions, config, SITE, a_run(sessions, MON, [stale()]), MON).new
    late = dt.date(2026, 12, 31)
    assert I.is_overdue(I.get_issue(sessions, iid), late)
    I.give_feedback(sessions, iid, actor="县政府办公室", kind="cannot_fix", note="系统升级中")
    assert I.is_overdue(I.get_issue(sessions, iid), late)
    I.give_feedback(sessions, iid, actor="县政府办公室", kind="fixed", note="已更新")
    assert not I.is_overdue(I.get_issue(sessions, iid), late)
    sync_run(sessions, config, SITE, a_run(sessions, late, [stale()]), late)  # still there
    assert I.get_issue(sessions, iid).state == "assigned" and I.is_overdue(I.get_issue(sessions, iid), late)
