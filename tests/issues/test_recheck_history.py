"""Rechecks leave their trace on the issue: asked, the result, and when nothing could be judged,
why (the page did not open, the site did not answer) — on a real local site, real crawls."""

from __future__ import annotations

from pathlib import Path

from govaudit.config import parse_config
from govaudit.issues import lifecycle as issue_api
from govaudit.issues import rechecks
from govaudit.scheduler.recheck import recheck
from govaudit.store import open_db

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import AS_OF, make_config, run, serve
from tests.sitebuilder import column_page, days, page, ul_list

LEAK = "/zwyw/a1.html"


def _site(server: SiteServer) -> str:
    fresh = days(AS_OF, 1).isoformat()
    items = [("关于临时救助对象的公示", LEAK, fresh)]
    return serve(server, {
        "/": page("测试县人民政府", "<h3>要闻</h3>" + ul_list(items)),
        "/zwyw/": column_page("政务要闻", items),
        LEAK: page("关于临时救助对象的公示", "<p>张三，身份证号：11010519491231002X，救助金额 500 元。</p>"),
    })  # fmt: skip


def test_recheck_that_cannot_judge_says_why(server: SiteServer, tmp_path: Path) -> None:
    base = _site(server)
    text = make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}])
    db = f"sqlite:///{tmp_path / 'audit.db'}"
    run(text, tmp_path)
    sessions = open_db(db)
    (leak,) = [i for i in issue_api.list_issues(sessions) if i.check == "privacy_leak"]
    rechecks.request_recheck(sessions, [leak.id], actor="县政府办公室·web")
    server.add(LEAK, Resp("server error", status=500))  # the page does not open at the recheck
    (outcome,) = recheck(parse_config(text, "c.yaml"), db, [leak.id], as_of=AS_OF)
    assert not outcome.judged and outcome.state == leak.state
    assert outcome.why and "HTTP 500" in outcome.why, outcome.why
    assert (
        "未能判定" in outcome.line()
        and outcome.why in outcome.line()
        and "privacy_leak" not in outcome.line()
    )
    notes = [e.note for e in issue_api.history(sessions, leak.id)]
    assert notes[-2].startswith("申请复核")
    assert notes[-1] == f"复核未能判定，状态不变：{outcome.why}"
    assert len(rechecks.recheck_events(issue_api.history(sessions, leak.id))) == 2
    # the page is fixed: the next recheck judges it, and says so on the history
    server.add(LEAK, page("关于临时救助对象的公示", "<p>张三，身份证号：110105********002X。</p>"))
    (fixed,) = recheck(parse_config(text, "c.yaml"), db, [leak.id], as_of=AS_OF)
    assert fixed.judged and fixed.state == "rectified"
    assert issue_api.history(sessions, leak.id)[-1].note == "复核：未再发现该问题，已整改"
