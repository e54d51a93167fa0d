"""tls_problem and ipv6_missing against real local servers: HTTPS with certificates made here
(good, expired, wrong host, incomplete chain, expiring soon), HTTP redirects, mixed content; the
homepage over IPv6 on ::1 with the resolver overridden."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest
from govaudit.crawler import probe

from govaudit import clock
from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import by_check, make_config, run
from tests.sitewide.helpers import https_server, judge

trustme = pytest.importorskip("trustme")
HOME = "<html><head><title>测试县人民政府</title></head><body><p>首页</p></body></html>"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def trusted(ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    """The test CA is what "browsers" trust (probe.TRUST, the one place the probe reads it)."""
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    monkeypatch.setattr(probe.TRUST, "cafile", str(path))
    return ca


def _tls(url: str, http_url: str | None = None, **site: object) -> tuple[list, list]:
    facts = {"tls": {**probe.probe_tls(url + "/", http_url, 3, "test"), "mixed": []}}
    return judge({"url": url + "/", **site}, facts, clock.today(), "tls_problem")


def test_a_good_certificate_is_no_finding(trusted: trustme.CA) -> None:
    with https_server(trusted.issue_cert("127.0.0.1"), {"/": HOME}) as server:
        facts = probe.probe_tls(server.url + "/", None, 3, "test")
        findings, _ = _tls(server.url)
    assert facts["verified"] and facts["certificate"]["not_after"] > NOW.date().isoformat()
    assert findings == []


@pytest.mark.parametrize(
    ("kind", "expected", "veto"),
    [("expired", "证书已过期", True), ("wrong_host", "证书与网站域名不符", True),
     ("chain", "证书链不完整", True), ("expiring", "证书将于", False)],
)  # fmt: skip
def test_certificate_problems(trusted: trustme.CA, kind: str, expected: str, veto: bool) -> None:
    chain = True
    if kind == "expired":
        cert = trusted.issue_cert("127.0.0.1", not_before=NOW - dt.timedelta(days=400),
                                  not_after=NOW - dt.timedelta(days=3))  # fmt: skip
    elif kind == "wrong_host":
        cert = trusted.issue_cert("www.other-county.gov.cn")
    elif kind == "chain":
        cert, chain = trusted.create_child_ca().issue_cert("127.0.0.1"), False
    else:
        cert = trusted.issue_cert("127.0.0.1", not_after=NOW + dt.timedelta(days=12))
    with https_server(cert, {"/": HOME}, chain=chain) as server:
        findings, _ = _tls(server.url)
    assert len(findings) == 1 and expected in findings[0].message, [f.message for f in findings]
    assert (findings[0].severity.value == "veto") is veto  # browsers refuse the homepage itself


def test_an_intermediate_sent_with_the_leaf_is_a_complete_chain(trusted: trustme.CA) -> None:
    cert = trusted.create_child_ca().issue_cert("127.0.0.1")
    with https_server(cert, {"/": HOME}, chain=True) as server:
        findings, _ = _tls(server.url)
    assert findings == []


def test_http_not_redirected_and_redirected(trusted: trustme.CA) -> None:
    with https_server(trusted.issue_cert("127.0.0.1"), {"/": HOME}) as secure, SiteServer() as plain:
        plain.add("/", HOME)
        plain.add("/go/", Resp(b"", status=301, redirect=secure.url + "/"))
        bad, _ = _tls(secure.url, plain.url + "/")
        good, _ = _tls(secure.url, plain.url + "/go/")
    assert [f.evidence["problems"] for f in bad] == [["HTTP 访问未自动跳转到 HTTPS"]]
    assert good == []


def test_no_https_at_all_is_a_finding() -> None:
    with SiteServer() as plain:
        plain.add("/", HOME)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed = s.getsockname()[1]
        findings, _ = judge({"url": plain.url + "/"},
                            {"tls": {**probe.probe_tls(f"https://127.0.0.1:{closed}/", plain.url + "/", 3, "t"),
                                     "mixed": []}}, clock.today(), "tls_problem")  # fmt: skip
    assert [f.message for f in findings] == ["网站不支持 HTTPS 访问"]


def test_audit_of_an_https_site_finds_mixed_content_and_trusts_a_clean_one(
    trusted: trustme.CA, tmp_path: Path
) -> None:
    mixed = HOME.replace(
        "<p>首页</p>", '<p>首页</p><img src="http://127.0.0.1:9/logo.png"><script src="/a.js"></script>'
    )
    cert = trusted.issue_cert("127.0.0.1")
    with https_server(cert, {"/": mixed, "/a.js": Resp("var a;", content_type="application/javascript")}) as bad, \
            https_server(cert, {"/": HOME}) as good:  # fmt: skip
        only_tls = [
            c for c in ("footer_missing", "ipv6_missing", "search_broken", "annual_statement_missing")
        ]
        text = make_config(bad.url, [], sitewide=True, site={"disable": only_tls, "tls": {"required": True}},
                           extra_sites=[{"name": "好网站", "url": good.url + "/", "disable": only_tls}],
                           crawl={"check_links": False})  # fmt: skip
        result = run(text, tmp_path, as_of=clock.today())
    found = by_check(result, "tls_problem")
    assert [(f.site, f.evidence["mixed"][0]["url"]) for f in found] == [
        ("测试县人民政府", "http://127.0.0.1:9/logo.png")
    ]
    assert "混合内容" in found[0].message


# ---- IPv6 ------------------------------------------------------------------------------------


def _v6_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


needs_v6 = pytest.mark.skipif(not _v6_available(), reason="::1 not available on this machine")


def _ipv6(url: str) -> list:
    findings, _ = judge(
        {"url": url}, {"ipv6": probe.probe_ipv6(url, 3, "test")}, clock.today(), "ipv6_missing"
    )
    return findings


@needs_v6
def test_ipv6_answering_on_its_aaaa_is_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    with SiteServer(host="::1") as v6:
        v6.add("/", HOME)
        site = f"http://county.test:{v6.port}/"
        monkeypatch.setattr(probe.RESOLVER, "aaaa", lambda host: ["::1"] if host == "county.test" else [])
        assert _ipv6(site) == []
        assert v6.hits["/"] == 1  # it really was asked over IPv6


@needs_v6
def test_an_aaaa_that_does_not_answer_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket(socket.AF_INET6) as s:
        s.bind(("::1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    monkeypatch.setattr(probe.RESOLVER, "aaaa", lambda host: ["::1"])
    findings = _ipv6(f"http://county.test:{port}/")
    assert len(findings) == 1 and "通过 IPv6 访问首页无应答" in findings[0].message


def test_no_aaaa_record_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe.RESOLVER, "aaaa", lambda host: [])
    findings = _ipv6("http://county.test:1/")
    assert [f.evidence for f in findings] == [{"host": "county.test", "aaaa": []}]
    assert probe.system_aaaa("127.0.0.1") == []  # an IPv4 address has no IPv6 address


def test_a_monitor_without_an_ipv6_route_judges_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    addr = "2001:db8::1"  # documentation prefix: routed nowhere
    monkeypatch.setattr(probe.RESOLVER, "aaaa", lambda host: [addr])
    url = "http://county.test/"
    facts = probe.probe_ipv6(url, 8, "t")
    if not facts["no_route"]:
        pytest.skip("this machine reaches out over IPv6 (the address timed out instead)")
    findings, notes = judge({"url": url}, {"ipv6": facts}, clock.today(), "ipv6_missing")
    assert findings == [] and len(notes) == 1 and "监测端未接入 IPv6" in notes[0].message
