"""Monitoring-side faults (issue 9 item 3) on real local HTTP servers: a homepage that fails is
tried again before it is called unreachable; when nothing answers (no site, no reference URL)
the run is an outage that judges no reachability and moves no issue; when anything answers,
each dead site is its own fault. Every case has its decoy."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml
from govaudit.config import load_config, parse_config
from govaudit.issues import lifecycle as issue_api
from govaudit.reports import html_report, json_report
from govaudit.scheduler import jobs
from govaudit.scheduler.audit import audit
from govaudit.scheduler.progress import end_word
from govaudit.store import open_db
from govaudit.store.loop_tables import IssueEvent, Probe
from govaudit.store.schema import Run
from sqlalchemy import func, select

from govaudit.demo.siteserver import Request, Resp, SiteServer
from tests.conftest import AS_OF, by_check, make_config, reference_url
from tests.sitebuilder import column_page, days, page, ul_list

REACHABILITY = {"site_unreachable", "column_unreachable", "broken_link"}


def closed_url() -> str:
    """http://127.0.0.1:<a port nobody listens on>"""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _routes() -> dict[str, Any]:
    fresh = days(AS_OF, 1).isoformat()
    return {
        "/": page("测试县人民政府", ul_list([("县政府召开常务会议", "/zwyw/a1.html", fresh)])
                  + '<a href="/files/plan.pdf">年度计划</a>'),
        "/zwyw/": column_page("政务要闻", [("县政府召开常务会议", "/zwyw/a1.html", fresh)]),
        "/zwyw/a1.html": page("县政府召开常务会议", "<p>正文</p>"),
        "/tzgg/": Resp("gone", status=404),
        "/files/plan.pdf": Resp("not here", status=404),
    }  # fmt: skip


def _config(a: str, b: str, references: list[str]) -> str:
    cols = [
        {"name": "政务要闻", "url": "/zwyw/", "kind": "news"},
        {"name": "通知公告", "url": "/tzgg/", "kind": "notice"},
    ]
    return make_config(a, cols, references=references, extra_sites=[
        {"name": "某镇人民政府", "url": b + "/", "unit": "县教育局",
         "columns": [{"name": "镇务动态", "url": b + "/zwyw/", "kind": "news"}]}])  # fmt: skip


def _audit(text: str, db: str, progress: Any = None) -> Any:
    config = parse_config(text, "test.yaml")
    return audit(config, list(config.sites), AS_OF, db, progress=progress)


def _events(db: str) -> int:
    with open_db(db)() as s:
        return int(s.scalar(select(func.count()).select_from(IssueEvent)) or 0)


@pytest.mark.slow
def test_nothing_answers_is_an_outage_not_dead_sites(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    with SiteServer(_routes()) as a, SiteServer(_routes()) as b:
        first = _audit(_config(a.url, b.url, [closed_url() + "/"]), db)  # the sites answer: no outage
        base_a, base_b = a.url, b.url
    assert first.outage is None and {"column_unreachable", "broken_link"} <= {f.check for f in first.findings}
    before = {i.id: i.state for i in issue_api.list_issues(open_db(db))}
    events = _events(db)
    assert before
    # the monitor's network is down: both sites and the reference URL are silent
    ended: dict[str, dict[str, Any]] = {}
    text = _config(base_a, base_b, [closed_url() + "/", closed_url() + "/"])
    result = _audit(text, db, progress=lambda site, data: ended.__setitem__(site, data))
    assert result.outage and "监测端网络故障" in result.outage
    assert not [f for f in result.findings if f.check in REACHABILITY]
    assert {i.id: i.state for i in issue_api.list_issues(open_db(db))} == before and _events(db) == events
    assert all(s.status == "outage" and s.issues is None for s in result.sites)
    with open_db(db)() as s:
        assert {
            r.status for r in s.scalars(select(Run).where(Run.id.in_([x.run_id for x in result.sites])))
        } == {"outage"}
    data = json_report.build(result)
    assert data["run"]["outage"] == result.outage and not [
        f for f in data["findings"] if f["check"] in REACHABILITY
    ]
    html = html_report.render(result)
    assert html.index('id="outage"') < html.index("一、总体情况") and "未完成（监测端网络故障）" in html
    # a crawl that ended because nothing answered is not 完成
    assert all(end_word(d).startswith("未完成") and "完成" not in end_word(d)[3:] for d in ended.values())
    assert set(ended) == {"测试县人民政府", "某镇人民政府"}
    # decoy: the same dead sites, but a reference answers: the network works, the sites are dead
    dead = _audit(_config(base_a, base_b, [closed_url() + "/", reference_url()]), db)
    assert dead.outage is None and {f.site for f in by_check(dead, "site_unreachable")} == {
        "测试县人民政府",
        "某镇人民政府",
    }
    assert "再次访问仍失败" in by_check(dead, "site_unreachable")[0].message
    assert json_report.build(dead)["run"]["outage"] is None


@pytest.mark.slow
def test_one_dead_site_among_live_ones_without_internet(tmp_path: Path) -> None:
    """No reference answers (a machine with no internet), but a site did: the dead one is dead."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    with SiteServer(_routes()) as a:
        result = _audit(_config(a.url, closed_url(), [closed_url() + "/"]), db)
    assert result.outage is None
    assert [f.site for f in by_check(result, "site_unreachable")] == ["某镇人民政府"]
    assert {s.site.name: s.answered for s in result.sites} == {"测试县人民政府": True, "某镇人民政府": False}
    # decoy: the live site is judged as usual
    assert {f.check for f in result.findings if f.site == "测试县人民政府"} >= {
        "column_unreachable",
        "broken_link",
    }


@pytest.mark.slow
def test_homepage_tried_again_after_a_pause(tmp_path: Path) -> None:
    """The homepage fails through the crawl's own retries, then answers: the site is crawled again
    and not called unreachable. Decoy: a homepage that keeps failing is, with the second try said."""
    hits = {"n": 0}

    def flaky(_req: Request) -> Resp:
        hits["n"] += 1
        return Resp("down", status=500) if hits["n"] <= 2 else Resp(_routes()["/"])

    routes = {**_routes(), "/": flaky}
    with SiteServer(routes) as a, SiteServer({**_routes(), "/": Resp("down", status=500)}) as b:
        result = _audit(_config(a.url, b.url, []), f"sqlite:///{tmp_path / 'a.db'}")
    assert hits["n"] >= 4  # two failures in the crawl, the retry, the second crawl
    assert [f.site for f in by_check(result, "site_unreachable")] == ["某镇人民政府"]
    flaky_site = next(s for s in result.sites if s.site.name == "测试县人民政府")
    assert flaky_site.stats["homepage_retry"]["ok"] is True and flaky_site.pages >= 3
    dead = by_check(result, "site_unreachable")[0]
    assert "间隔 0 秒后再次访问仍失败（HTTP 500）" in dead.message and dead.evidence["retry"]


def test_probe_during_an_outage_is_not_counted(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.db'}"
    dead = closed_url()
    for references, counted in (([closed_url() + "/"], 0), ([reference_url()], 1)):  # outage, then decoy
        path = tmp_path / "c.yaml"
        path.write_text(make_config(dead, [], references=references), encoding="utf-8")
        assert jobs.probe_site(load_config(path), "测试县人民政府", db) is False
        with open_db(db)() as s:
            assert s.scalar(select(func.count()).select_from(Probe)) == counted


@pytest.mark.slow
def test_cli_says_the_audit_did_not_complete(tmp_path: Path) -> None:
    import subprocess
    import sys

    cfg = tmp_path / "c.yaml"
    data = yaml.safe_load(_config(closed_url(), closed_url(), [closed_url() + "/"]))
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "o.json"
    res = subprocess.run([sys.executable, "-m", "govaudit.cli", "audit", "--config", str(cfg), "--json", str(out),
                          "--db", f"sqlite:///{tmp_path / 'c.db'}", "--quiet"],
                         capture_output=True, text=True, timeout=180)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "检查未完成（监测端网络故障）" in res.stdout and "单项否决风险 0" in res.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["run"]["outage"]


@pytest.mark.slow
def test_daily_audit_and_recheck_during_an_outage_move_nothing(tmp_path: Path) -> None:
    """`govaudit serve`'s daily audit job and a recheck follow the same rule: nothing answered, no
    reference either — the run is an outage, the day's audit is still to do, a unit's "fixed" is not
    bounced back. Decoy: the recheck with a live reference judges (the link is still dead)."""
    from govaudit.scheduler.recheck import recheck

    db = f"sqlite:///{tmp_path / 'a.db'}"
    with SiteServer(_routes()) as a:
        base = a.url
        _audit(make_config(base, [], references=[]), db)
    link = next(i for i in issue_api.list_issues(open_db(db)) if i.check == "broken_link")
    issue_api.give_feedback(open_db(db), link.id, actor="县政府办公室", kind="fixed", note="已重新上传")
    path = tmp_path / "c.yaml"
    path.write_text(make_config(base, [], references=[closed_url() + "/"]), encoding="utf-8")
    jobs.audit_job(str(path), db, "测试县人民政府")
    with open_db(db)() as s:
        last = s.scalars(select(Run).order_by(Run.id.desc())).first()
        assert last is not None and last.status == "outage" and (last.stats or {}).get("outage")
    assert not jobs.audited_today(db, "测试县人民政府", last.as_of)  # caught up at the next start
    outcome = recheck(load_config(path), db, [link.id], as_of=AS_OF)
    assert [(o.state, o.judged) for o in outcome] == [("feedback", False)]
    assert issue_api.get_issue(open_db(db), link.id).state == "feedback"
    said = issue_api.history(open_db(db), link.id)[-1]  # the recheck's trace, and why it judged nothing
    assert said.note.startswith("复核未能判定，状态不变：") and "监测端网络故障" in said.note
    assert outcome[0].why and outcome[0].why in outcome[0].line()
    # decoy: the network works (a reference answers), the site is down: judged, still broken
    path.write_text(make_config(base, [], references=[reference_url()]), encoding="utf-8")
    outcome = recheck(load_config(path), db, [link.id], as_of=AS_OF)
    assert [(o.state, o.judged) for o in outcome] == [("assigned", True)]
