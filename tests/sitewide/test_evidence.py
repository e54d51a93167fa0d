"""Evidence kept: the page a finding is about, as fetched (compressed in the database), shown
from the issue page as 检查时页面, inert; pruned once its issue is closed; a screenshot with
headless Chromium when `evidence.screenshots: true`."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
import yaml
from govaudit.config import parse_config
from govaudit.issues import lifecycle as I
from govaudit.scheduler.audit import audit
from govaudit.store import evidence, open_db
from govaudit.store.schema import EvidencePage
from govaudit.web import create_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, make_config
from tests.sitewide.countysite import page

PW = "正确的密码-123"
STALE = page("政务要闻", '<ul class="news-list"><li><a href="/zwyw/1.html">旧闻一则</a><span>2025-01-02</span></li>'
                       '<script>document.title="脚本"</script></ul>')  # fmt: skip


def _config(base: str, **extra: object) -> str:
    data = yaml.safe_load(make_config(base, [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}],
                                      crawl={"check_links": False}))  # fmt: skip
    data["sites"][0]["disable"] += ["meta_missing"]
    data["web"] = {
        "users": [{"login": "office", "role": "office", "password_hash": generate_password_hash(PW)}]
    }
    data.update(extra)
    return yaml.safe_dump(data, allow_unicode=True)


def _login(client) -> None:  # type: ignore[no-untyped-def]
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)
    ).group(1)
    client.post("/login", data={"login": "office", "password": PW, "csrf_token": token})


def test_page_kept_shown_and_pruned(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'e.db'}"
    with SiteServer() as server:
        server.add("/", page("测试县人民政府", '<a href="/zwyw/">政务要闻</a>'))
        server.add("/zwyw/", STALE)
        config = parse_config(_config(server.url))
        result = audit(config, list(config.sites), AS_OF, db)
    stale = [f for f in result.findings if f.check == "column_stale"]
    assert len(stale) == 1
    sessions = open_db(db)
    with sessions() as s:
        rows = list(s.scalars(select(EvidencePage)))
    assert [(r.url, r.fingerprint) for r in rows] == [(server.url + "/zwyw/", stale[0].fingerprint)]
    assert gzip.decompress(rows[0].html_gz) == STALE.encode("utf-8")  # the bytes as fetched, compressed
    assert len(rows[0].html_gz) < len(STALE.encode("utf-8"))

    issue = next(i for i in I.list_issues(sessions) if i.check == "column_stale")
    client = create_app(config, db, today=lambda: AS_OF).test_client()
    _login(client)
    detail = client.get(f"/issues/{issue.id}").get_data(as_text=True)
    assert "检查时页面" in detail
    link = re.search(r'href="(/issues/\d+/page/\d+)"', detail).group(1)
    shown = client.get(link)
    assert shown.status_code == 200 and shown.get_data() == STALE.encode("utf-8")
    assert "sandbox" in shown.headers["Content-Security-Policy"]  # the page's script never runs
    assert client.get(link.replace(f"/issues/{issue.id}/", "/issues/999/")).status_code == 404

    # two more audits: the first capture (when found) and the newest are kept, not every day's
    for _ in range(2):
        with SiteServer() as again:
            again.add("/", page("测试县人民政府", '<a href="/zwyw/">政务要闻</a>'))
            again.add("/zwyw/", STALE.replace("旧闻一则", "旧闻一则（未改）"))
            moved = parse_config(_config(again.url))
            audit(moved, list(moved.sites), AS_OF, db)
    with sessions() as s:
        kept = [gzip.decompress(r.html_gz) for r in s.scalars(select(EvidencePage).order_by(EvidencePage.id))]
    assert kept[0] == STALE.encode("utf-8") and len(kept) == 2 and "未改".encode() in kept[1]
    I.waive(sessions, issue.id, actor="办公室", reason="栏目已撤销")
    assert evidence.prune(sessions) == 2
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(EvidencePage)) == 0
    assert client.get(link).status_code == 404


def test_no_evidence_when_switched_off(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'e.db'}"
    with SiteServer() as server:
        server.add("/", page("测试县人民政府", '<a href="/zwyw/">政务要闻</a>'))
        server.add("/zwyw/", STALE)
        config = parse_config(_config(server.url, evidence={"keep": False}))
        audit(config, list(config.sites), AS_OF, db)
    with open_db(db)() as s:
        assert s.scalar(select(func.count()).select_from(EvidencePage)) == 0


@pytest.mark.slow
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="chromium not installed")
def test_screenshot_when_asked(tmp_path: Path) -> None:
    pytest.importorskip("selenium")
    db = f"sqlite:///{tmp_path / 'e.db'}"
    with SiteServer() as server:
        server.add("/", page("测试县人民政府", '<a href="/zwyw/">政务要闻</a>'))
        server.add("/zwyw/", STALE)
        config = parse_config(_config(server.url, evidence={"screenshots": True}))
        audit(config, list(config.sites), AS_OF, db)
    with open_db(db)() as s:
        shot = s.scalar(select(EvidencePage.screenshot))
    assert shot is not None and shot.startswith(b"\x89PNG")
