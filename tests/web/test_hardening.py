"""The web console against an attacker (issue 10 item 5), through Flask's test client over a real
SQLite database: throttled logins with a lockout, no telling user names by response time, Secure
cookies over HTTPS, sessions revoked at logout, no open redirect after login, 404 for huge ids,
one queued recheck per issue however often a link is replayed."""

from __future__ import annotations

import datetime as dt
import logging
import re
import statistics
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from govaudit.config import parse_config
from govaudit.issues import lifecycle as I
from govaudit.notify.mail import build_daily_mails
from govaudit.store import open_db
from govaudit.store.loop_tables import RecheckRequest
from govaudit.web import create_app
from govaudit.web.auth import safe_next
from govaudit.web.throttle import LoginThrottle
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from tests.issues import seed
from tests.web.test_web import PW, TUE, USERS, csrf

SITE_HOST = "localhost"


def _config(**web: Any) -> Any:
    data = yaml.safe_load(seed.config_text(users=USERS))
    data["web"].update(web)
    return parse_config(yaml.safe_dump(data, allow_unicode=True), "t.yaml")


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'h.db'}"
    seed.seed(open_db(url), seed.config(users=USERS))
    return url


def _app(db: str, **web: Any) -> Flask:
    return create_app(_config(**web), db, today=lambda: TUE)


def _post_login(client: FlaskClient, who: str, password: str, *, addr: str = "10.0.0.1",
                next_: str | None = None) -> Any:  # fmt: skip
    token = csrf(client.get("/login", environ_base={"REMOTE_ADDR": addr}).get_data(as_text=True))
    url = "/login" + (f"?next={next_}" if next_ is not None else "")
    return client.post(url, data={"login": who, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": addr})  # fmt: skip


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


# ---- throttling -------------------------------------------------------------------------------


def test_backoff_after_a_few_failures(db: str) -> None:
    client = _app(db).test_client()
    for _ in range(3):  # web.login_free_failures
        assert _post_login(client, "jyj", "wrong").status_code == 200
    resp = _post_login(client, "jyj", PW)  # even the right password must wait now
    assert resp.status_code == 429 and "登录尝试过于频繁，请 1 秒后再试" in resp.get_data(as_text=True)
    time.sleep(1.1)
    assert _post_login(client, "jyj", PW).status_code == 302  # after the pause: logged in


def test_lockout_per_account_refuses_the_right_password(db: str, caplog: pytest.LogCaptureFixture) -> None:
    app = _app(db)
    clock = FakeClock()
    c = app.extensions["govaudit"]
    c.throttle = LoginThrottle(3, 10, 15, clock=clock)
    client = app.test_client()
    caplog.set_level(logging.INFO, logger="govaudit.web.throttle")
    for i in range(10):  # each from another address: the account itself is locked
        assert _post_login(client, "jyj", "wrong", addr=f"10.0.1.{i}").status_code == 200
        clock.t += 600  # past each back-off pause
    clock.t -= 590  # 10 s after the 10th failure
    resp = _post_login(client, "jyj", PW, addr="10.0.2.1")
    text = resp.get_data(as_text=True)
    assert resp.status_code == 429 and "已被临时锁定" in text and "15 分钟后再试" in text
    assert any("locked" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert _post_login(client, "office", PW, addr="10.0.2.2").status_code == 302  # other accounts unaffected
    clock.t += 15 * 60
    assert _post_login(client, "jyj", PW, addr="10.0.2.1").status_code == 302  # the lockout ends


def test_lockout_per_address_over_many_accounts(db: str) -> None:
    app = _app(db)
    clock = FakeClock()
    app.extensions["govaudit"].throttle = LoginThrottle(3, 10, 15, clock=clock)
    client = app.test_client()
    for i in range(10):  # guessing names and passwords from one address
        _post_login(client, f"user{i}", "guess", addr="10.9.9.9")
        clock.t += 600
    clock.t -= 590
    resp = _post_login(client, "office", PW, addr="10.9.9.9")
    assert resp.status_code == 429 and "已被临时锁定" in resp.get_data(as_text=True)
    assert _post_login(client, "office", PW, addr="10.9.9.10").status_code == 302


def test_unknown_and_known_logins_take_the_same_time(db: str) -> None:
    client = _app(db, login_free_failures=1000, login_lockout_failures=1001).test_client()

    def timed(who: str) -> float:
        token = csrf(client.get("/login").get_data(as_text=True))
        t0 = time.perf_counter()
        client.post("/login", data={"login": who, "password": "wrong", "csrf_token": token})
        return time.perf_counter() - t0

    known = statistics.median(timed("jyj") for _ in range(7))
    unknown = statistics.median(timed(f"nobody{i}") for i in range(7))
    assert known > 0.005  # a real password hash is checked (scrypt)
    assert 0.5 < unknown / known < 2.0, (known, unknown)


# ---- cookies and sessions -----------------------------------------------------------------------


def _session_cookie(resp: Any) -> str:
    header = next(h for h in resp.headers.getlist("Set-Cookie") if h.startswith("session="))
    return header


def test_secure_cookie_and_hsts_over_https(db: str) -> None:
    client = _app(db, https=True).test_client()
    resp = _post_login(client, "jyj", PW)
    assert "; Secure" in _session_cookie(resp) and "HttpOnly" in _session_cookie(resp)
    assert "max-age" in client.get("/login").headers["Strict-Transport-Security"]
    plain = _app(db).test_client()
    assert "; Secure" not in _session_cookie(_post_login(plain, "jyj", PW))


def test_secure_cookie_behind_an_https_proxy(db: str) -> None:
    client = _app(db, proxy=True).test_client()
    resp = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "; Secure" in _session_cookie(resp) and "Strict-Transport-Security" in resp.headers
    assert "; Secure" not in _session_cookie(_app(db, proxy=True).test_client().get("/login"))


def test_proxy_setting_trusts_one_hop_for_the_address(db: str) -> None:
    app = _app(db, proxy=True)
    clock = FakeClock()
    app.extensions["govaudit"].throttle = LoginThrottle(3, 10, 15, clock=clock)
    client = app.test_client()

    def attempt(real: str, pw: str) -> Any:
        token = csrf(client.get("/login").get_data(as_text=True))
        return client.post("/login", data={"login": "x" + real, "password": pw, "csrf_token": token},
                           headers={"X-Forwarded-For": real})  # fmt: skip

    for _ in range(10):
        attempt("203.0.113.5", "guess")
        clock.t += 600
    clock.t -= 590
    assert attempt("203.0.113.5", "guess").status_code == 429  # that client is locked
    assert attempt("203.0.113.6", "guess").status_code == 200  # another client behind the proxy is not


def test_logout_revokes_the_session_cookie(db: str) -> None:
    app = _app(db)
    client = app.test_client()
    assert _post_login(client, "jyj", PW).status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None
    old = cookie.value
    page = client.get("/issues").get_data(as_text=True)
    assert "问题清单（县教育局）" in page
    client.post("/logout", data={"csrf_token": csrf(page)})
    thief = app.test_client()  # the cookie copied before the logout
    thief.set_cookie("session", old, domain=SITE_HOST)
    resp = thief.get("/issues")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


# ---- redirects and ids ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["/%09/evil.example/", "/%0a/evil.example/", "%09//evil.example/", "//evil.example/", "/%5Cevil.example/",
     "%5C%5Cevil.example/", "https://evil.example/", "javascript:alert(1)", "/%0d%0a/evil.example/"],
)  # fmt: skip
def test_next_never_leaves_the_site(db: str, target: str) -> None:
    resp = _post_login(_app(db).test_client(), "jyj", PW, next_=target)
    assert resp.status_code == 302
    location = resp.headers["Location"]
    # what a browser makes of it: tabs and newlines dropped, backslashes read as slashes
    seen = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    assert seen.startswith("/") and not seen.startswith("//"), location
    assert "evil.example" not in location.split("/")[2:3]


def test_next_keeps_a_path_of_the_site(db: str) -> None:
    resp = _post_login(_app(db).test_client(), "jyj", PW, next_="/issues%3Fstate%3Dnew")
    assert resp.headers["Location"] == "/issues?state=new"
    assert safe_next("/issues/3") == "/issues/3" and safe_next("/\t/evil.example/") is None
    assert safe_next("/\\evil.example") is None and safe_next("http://x/") is None


def test_huge_ids_are_404_not_500(db: str) -> None:
    client = _app(db).test_client()
    _post_login(client, "office", PW)
    for url in ("/issues/99999999999999999999", "/issues/2147483648", "/runs/99999999999999999999/report.html",
                "/runs/99999999999999999999/report.json"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post("/issues/99999999999999999999/recheck", data={}).status_code in (400, 404)
    assert client.get("/issues?page=99999999999999999999").status_code == 200
    assert client.get("/issues?page=-3").status_code == 200


# ---- rechecks ---------------------------------------------------------------------------------------


def _requests(db: str) -> int:
    with open_db(db)() as s:
        return int(s.scalar(select(func.count()).select_from(RecheckRequest)) or 0)


def test_replayed_recheck_link_queues_one_recheck(db: str) -> None:
    client = _app(db).test_client()
    jy = next(m for m in build_daily_mails(open_db(db), seed.config(users=USERS), TUE)
              if m.key.startswith("daily:县教育局"))  # fmt: skip
    link = re.search(r'href="http://127.0.0.1:8080(/r/[^"]+)"', jy.html)
    assert link
    for attempt in range(3):
        page = client.get(link.group(1)).get_data(as_text=True)
        resp = client.post(link.group(1), data={"csrf_token": csrf(page)}).get_data(as_text=True)
        assert ("复核申请已提交" if attempt == 0 else "已在处理中") in resp
    assert _requests(db) == 1


def test_second_recheck_click_is_not_queued(db: str) -> None:
    client = _app(db).test_client()
    _post_login(client, "jyj", PW)
    (mine, *_) = [i.id for i in I.list_issues(open_db(db), unit="县教育局")]
    for _ in range(2):
        page = client.get(f"/issues/{mine}").get_data(as_text=True)
        client.post(f"/issues/{mine}/recheck", data={"csrf_token": csrf(page)})
    assert _requests(db) == 1
    page = client.get(f"/issues/{mine}").get_data(as_text=True)
    assert "已在处理中" in page or "复核" in page


def test_security_headers_kept(db: str) -> None:
    resp = _app(db).test_client().get("/login")
    assert resp.headers["X-Frame-Options"] == "DENY" and resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]


def test_issue_list_pages(tmp_path: Path) -> None:
    """250 issues: 100 a page, a pager, a page past the end shows the last one."""
    from govaudit.models import Finding, Severity

    url = f"sqlite:///{tmp_path / 'p.db'}"
    cfg = seed.config(users=USERS)
    findings = [Finding("broken_link", Severity.MINOR, seed.SITE, None, f"{seed.BASE}/gone/{i}.html", "县政府办公室",
                        f"失效链接{i}", {"status": 404}) for i in range(250)]  # fmt: skip
    seed.audit_run(open_db(url), cfg, seed.MON, findings)
    client = create_app(cfg, url, today=lambda: TUE).test_client()
    _post_login(client, "office", PW)
    first = client.get("/issues?state=").get_data(as_text=True)
    assert "共 250 项，第 1 / 3 页" in first and first.count('<td class="state">') == 100
    assert "下一页" in first and "page=2" in first
    last = client.get("/issues?state=&page=7").get_data(as_text=True)
    assert "第 3 / 3 页" in last and last.count('<td class="state">') == 50


def test_generated_password_hash_kind_is_used_for_the_dummy() -> None:
    from govaudit.web.auth import dummy_hash

    assert dummy_hash([generate_password_hash("x", method="pbkdf2:sha256:1000")]).startswith(
        "pbkdf2:sha256:1000$"
    )
    assert dummy_hash([]).startswith("scrypt")
    assert dt.date  # (module import kept for seed helpers)
