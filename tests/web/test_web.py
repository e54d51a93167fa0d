"""The web pages through Flask's test client over a real SQLite database of issues."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from govaudit.issues import lifecycle as I
from govaudit.notify.mail import build_daily_mails
from govaudit.store import open_db
from govaudit.store.loop_tables import RecheckRequest
from govaudit.web import create_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from tests.issues import seed

TUE = seed.MON + dt.timedelta(days=1)
PW = "正确的密码-123"
USERS = [
    {"login": "office", "role": "office", "password_hash": generate_password_hash(PW)},
    {"login": "jyj", "unit": "县教育局", "password_hash": generate_password_hash(PW)},
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    seed.seed(open_db(url), seed.config(users=USERS))
    return url


@pytest.fixture
def client(db: str) -> FlaskClient:
    app = create_app(seed.config(users=USERS), db, today=lambda: TUE)
    return app.test_client()


def csrf(page: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m, "no CSRF token on the page"
    return m.group(1)


def login(client: FlaskClient, who: str, password: str = PW) -> str:
    token = csrf(client.get("/login").get_data(as_text=True))
    resp = client.post("/login", data={"login": who, "password": password, "csrf_token": token},
                       follow_redirects=True)  # fmt: skip
    return resp.get_data(as_text=True)


def ids_of(db: str, unit: str) -> list[int]:
    return [i.id for i in I.list_issues(open_db(db), unit=unit)]


def test_login_required_and_bad_password(client: FlaskClient) -> None:
    resp = client.get("/issues")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    assert "用户名或密码不正确" in login(client, "jyj", "wrong")
    assert client.get("/issues").status_code == 302
    assert "概览（县教育局）" in login(client, "jyj")  # a login lands on the dashboard
    assert "问题清单（县教育局）" in client.get("/issues").get_data(as_text=True)


def test_unit_sees_only_its_own_issues(client: FlaskClient, db: str) -> None:
    login(client, "jyj")
    page = client.get("/issues").get_data(as_text=True)
    assert "栏目“教育动态”已 40 天未更新" in page
    assert "政务要闻" not in page and "首页已 20 天未更新" not in page
    # another unit's issue: not shown, not changeable, not even confirmed to exist
    other = ids_of(db, "县政府办公室")[0]
    assert client.get(f"/issues/{other}").status_code == 404
    token = csrf(client.get(f"/issues/{ids_of(db, '县教育局')[0]}").get_data(as_text=True))
    resp = client.post(f"/issues/{other}/feedback", data={"kind": "fixed", "note": "x", "csrf_token": token})
    assert resp.status_code == 404
    assert client.post(f"/issues/{other}/recheck", data={"csrf_token": token}).status_code == 404
    assert I.get_issue(open_db(db), other).state == "assigned"
    # the unit filter in the query string is ignored for a unit login
    page = client.get("/issues?unit=县政府办公室").get_data(as_text=True)
    assert "首页已 20 天未更新" not in page
    assert client.get("/runs").status_code == 403
    assert client.get("/runs/1/report.json").status_code == 403
    mine = ids_of(db, "县教育局")[0]
    assert (
        client.post(
            f"/issues/{mine}/close", data={"kind": "waived", "reason": "x", "csrf_token": token}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/issues/{mine}/assign", data={"unit": "县政府办公室", "csrf_token": token}).status_code
        == 403
    )
    assert I.get_issue(open_db(db), mine).state == "assigned"
    stats = client.get("/stats").get_data(as_text=True)
    assert "县教育局" in stats and "县政府办公室" not in stats


def test_every_post_needs_the_csrf_token(client: FlaskClient, db: str) -> None:
    login(client, "jyj")
    mine = ids_of(db, "县教育局")[0]
    assert client.post(f"/issues/{mine}/feedback", data={"kind": "fixed", "note": "已改"}).status_code == 400
    assert client.post(f"/issues/{mine}/recheck", data={"csrf_token": "forged"}).status_code == 400
    assert client.post("/logout").status_code == 400
    assert I.get_issue(open_db(db), mine).state == "assigned"


def test_feedback_and_recheck_request(client: FlaskClient, db: str) -> None:
    login(client, "jyj")
    mine = ids_of(db, "县教育局")[0]
    page = client.get(f"/issues/{mine}").get_data(as_text=True)
    resp = client.post(f"/issues/{mine}/feedback", data={"kind": "fixed", "note": "已更新栏目内容", "csrf_token": csrf(page)},
                       follow_redirects=True)  # fmt: skip
    page = resp.get_data(as_text=True)
    assert "反馈已提交" in page and "已反馈" in page and "已更新栏目内容" in page
    assert "县教育局·jyj" in page  # the audit trail names who
    resp = client.post(f"/issues/{mine}/recheck", data={"csrf_token": csrf(page)}, follow_redirects=True)
    assert "复核申请已提交" in resp.get_data(as_text=True)
    with open_db(db)() as s:
        (req,) = s.scalars(select(RecheckRequest))
    assert req.issue_ids == [mine] and req.status == "pending" and req.requested_by == "县教育局·jyj"
    # an empty note is refused with the lifecycle's message, nothing changes
    resp = client.post(f"/issues/{mine}/feedback", data={"kind": "fixed", "note": " ", "csrf_token": csrf(page)},
                       follow_redirects=True)  # fmt: skip
    assert "反馈须附说明" in resp.get_data(as_text=True)


def test_filters(client: FlaskClient) -> None:
    login(client, "office")
    page = client.get("/issues?severity=veto").get_data(as_text=True)
    assert "首页已 20 天未更新" in page and "教育动态" not in page
    page = client.get("/issues?unit=县教育局").get_data(as_text=True)
    assert "教育动态" in page and "首页已 20 天未更新" not in page
    assert "没有符合条件的问题" in client.get("/issues?overdue=1").get_data(as_text=True)
    assert "没有符合条件的问题" in client.get("/issues?state=rectified").get_data(as_text=True)
    assert client.get("/issues?state=bogus").status_code == 400


def test_office_archive_stats_and_waive(client: FlaskClient, db: str) -> None:
    login(client, "office")
    runs = client.get("/runs").get_data(as_text=True)
    m = re.search(r'href="(/runs/(\d+)/report.html)"', runs)
    assert m
    html = client.get(m.group(1)).get_data(as_text=True)
    assert "政府网站检查报告" in html and "首页已 20 天未更新" in html
    data = client.get(f"/runs/{m.group(2)}/report.json").get_json()
    assert len(data["findings"]) == 4 and data["run"]["as_of"] == "2026-11-16"
    assert "整改率" in client.get("/stats").get_data(as_text=True)
    issue = ids_of(db, "县政府办公室")[0]
    page = client.get(f"/issues/{issue}").get_data(as_text=True)
    resp = client.post(f"/issues/{issue}/close", data={"kind": "waived", "reason": "栏目已撤并", "csrf_token": csrf(page)},
                       follow_redirects=True)  # fmt: skip
    assert "已豁免" in resp.get_data(as_text=True)
    assert I.get_issue(open_db(db), issue).state == "waived"


def test_recheck_link_from_the_mail(client: FlaskClient, db: str) -> None:
    cfg = seed.config(users=USERS)
    jy = next(m for m in build_daily_mails(open_db(db), cfg, TUE) if m.key.startswith("daily:县教育局"))
    link = re.search(r'href="http://127.0.0.1:8080(/r/[^"]+)"', jy.html)
    assert link
    page = client.get(link.group(1)).get_data(as_text=True)  # no login needed; GET changes nothing
    assert "确认申请复核" in page
    with open_db(db)() as s:
        assert list(s.scalars(select(RecheckRequest))) == []
    resp = client.post(link.group(1), data={"csrf_token": csrf(page)})
    assert "复核申请已提交" in resp.get_data(as_text=True)
    with open_db(db)() as s:
        (req,) = s.scalars(select(RecheckRequest))
    assert req.requested_by == "县教育局·邮件复核链接"
    assert client.get(link.group(1)[:-3] + "abc").status_code == 404  # tampered
