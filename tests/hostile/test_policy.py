"""The fetch policy (crawler/policy.py), the guard's resolver and the bounded decompressor, on
their own: what is refused and why, pinning against DNS rebinding, caps on decoded bytes."""

from __future__ import annotations

import gzip
import zlib

import pytest
from govaudit.crawler.decompress import decompress
from govaudit.crawler.fetcherrors import ERROR_KINDS, classify, is_blocked
from govaudit.crawler.guard import FetchRefused
from govaudit.crawler.policy import FetchPolicy, url_refusal

SITE = "http://127.0.0.1:8000/"


@pytest.mark.parametrize(("url", "kind"), [
    ("file:///etc/passwd", "unsafe_scheme"), ("file:///dev/zero", "unsafe_scheme"), ("ftp://a.gov.cn/x", "unsafe_scheme"),
    ("jav\tascript:alert(1)", "unsafe_scheme"), ("javascript:alert(1)", "unsafe_scheme"), ("data:text/html,x", "unsafe_scheme"),
    ("http://[::1", "bad_url"), ("http://a.gov.cn:99999/", "bad_url"), ("http:///nohost", "bad_url"),
    ("http://a.gov.cn/a\tb", "bad_url"),
])  # fmt: skip
def test_urls_refused_by_their_form(url: str, kind: str) -> None:
    refused = url_refusal(url)
    assert refused is not None and refused.kind == kind and "未访问" in refused.reason
    assert ERROR_KINDS[kind].blocked


def test_web_addresses_pass_by_their_form() -> None:
    for url in ("http://www.example.gov.cn/a.html", "https://x.gov.cn:8443/?a=1", "http://127.0.0.1:8000/",
                "http://x.gov.cn/附件 1.doc"):  # fmt: skip
        assert url_refusal(url) is None


def test_addresses_other_than_the_sites_own_are_refused() -> None:
    policy = FetchPolicy([SITE], resolve=lambda host: [])
    assert policy.address_refusal("127.0.0.1") is None  # the configured site's own address
    for ip in ("127.0.0.2", "169.254.169.254", "10.1.2.3", "192.168.0.1", "172.16.5.5", "100.64.0.1", "0.0.0.0",
               "::1", "fe80::1", "::ffff:127.0.0.2", "240.0.0.1", "224.0.0.1"):  # fmt: skip
        refused = policy.address_refusal(ip)
        assert refused is not None and refused.kind == "private_address", ip
        assert "出于安全原因未访问" in refused.reason
    assert policy.address_refusal("93.184.216.34") is None  # public
    assert policy.refusal("http://127.0.0.2:8000/") is not None
    assert policy.quick_refusal("http://169.254.169.254/latest/meta-data/") is not None
    assert policy.refusal("http://127.0.0.1:9999/other-port") is None  # the site's address, any port


def test_allow_networks_open_an_intranet() -> None:
    policy = FetchPolicy([SITE], ["10.20.0.0/16", "fd00::/8"], resolve=lambda host: [])
    assert policy.address_refusal("10.20.3.4") is None and policy.address_refusal("fd12::1") is None
    assert policy.address_refusal("10.21.0.1") is not None


def test_site_hosts_are_resolved_and_their_addresses_allowed() -> None:
    names = {"www.county.gov.cn": ["10.9.8.7"], "xxgk.county.gov.cn": ["10.9.8.8"]}
    policy = FetchPolicy(["http://www.county.gov.cn/", "http://xxgk.county.gov.cn/col/"],
                         resolve=lambda host: names.get(host, []))  # fmt: skip
    assert policy.address_refusal("10.9.8.7") is None and policy.address_refusal("10.9.8.8") is None
    assert policy.address_refusal("10.9.8.9") is not None


def test_a_name_is_pinned_to_its_first_checked_address_no_rebinding() -> None:
    answers = iter([["93.184.216.34"], ["127.0.0.2"], ["169.254.169.254"]])
    policy = FetchPolicy([], resolve=lambda host: next(answers))
    assert policy.refusal("http://rebind.example/") is None
    # the name now answers with an internal address: connections still go to the pinned one
    assert policy.resolve("rebind.example") == "93.184.216.34"
    assert policy.refusal("http://rebind.example/again") is None


def test_a_name_resolving_to_an_internal_address_is_refused_with_the_name() -> None:
    policy = FetchPolicy([SITE], resolve=lambda host: ["169.254.169.254"])
    refused = policy.refusal("http://metadata.internal/")
    assert (
        refused is not None and "metadata.internal" in refused.reason and "169.254.169.254" in refused.reason
    )


def test_the_crawls_resolver_never_hands_out_a_refused_address() -> None:
    from govaudit.crawler.guard import connect_address
    from twisted.internet.error import DNSLookupError

    answers = iter([["93.184.216.34"], ["127.0.0.2"]])
    policy = FetchPolicy(
        [SITE], resolve=lambda host: next(answers) if host == "rebind.example" else ["10.0.0.1"]
    )
    assert connect_address(policy, "rebind.example") == "93.184.216.34"
    assert connect_address(policy, "rebind.example") == "93.184.216.34"  # pinned: no rebinding
    with pytest.raises(DNSLookupError):
        connect_address(policy, "intranet.example")
    assert connect_address(policy, "127.0.0.1") == "127.0.0.1"  # the site's own address


def test_refusals_are_classified_as_their_kind() -> None:
    refused = FetchRefused(url_refusal("file:///etc/passwd"))  # type: ignore[arg-type]
    kind, detail = classify(refused)
    assert kind == "unsafe_scheme" and "file:///etc/passwd" in detail and is_blocked(kind)
    assert not is_blocked("timeout") and not is_blocked(None)


def test_decompression_stops_at_the_cap() -> None:
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = (
        comp.compress(b"<html>")
        + b"".join(comp.compress(b"\0" * (1 << 20)) for _ in range(64))
        + comp.flush()
    )
    body, cut = decompress(bomb, b"gzip", 1 << 20)
    assert cut and len(body) == 1 << 20 and body.startswith(b"<html>")
    assert decompress(gzip.compress(b"abc") + gzip.compress(b"def"), b"gzip", 100) == (b"abcdef", False)
    assert decompress(zlib.compress(b"x" * 1000), b"deflate", 10) == (b"x" * 10, True)
    raw = zlib.compressobj(wbits=-15)
    assert decompress(raw.compress(b"hello") + raw.flush(), b"deflate", 100) == (b"hello", False)
    assert decompress(gzip.compress(b"abcdef")[:-12], b"gzip", 100)[0].startswith(b"abc")  # cut short
    assert decompress(b"not gzip at all", b"gzip", 100) == (b"not gzip at all", False)


def test_brotli_and_zstd_are_capped_too() -> None:
    import brotli
    from backports import zstd

    data = b"y" * (3 << 20)
    assert decompress(brotli.compress(data), b"br", 1 << 20) == (data[: 1 << 20], True)
    assert decompress(zstd.compress(data), b"zstd", 1 << 20) == (data[: 1 << 20], True)
    assert decompress(zstd.compress(b"small"), b"zstd", 1 << 20) == (b"small", False)


def test_an_attachment_over_the_cap_is_never_written(tmp_path) -> None:  # noqa: ANN001
    from govaudit.crawler.attachments import spool, spool_name

    assert not spool(str(tmp_path), "http://a/x.pdf", ".pdf", b"x" * 101, 100)
    assert not list(tmp_path.iterdir())
    assert spool(str(tmp_path), "http://a/y.pdf", ".pdf", b"x" * 100, 100)
    assert (tmp_path / spool_name("http://a/y.pdf", ".pdf")).stat().st_size == 100


def test_an_environment_proxy_is_trusted_like_the_site(monkeypatch: pytest.MonkeyPatch) -> None:
    from govaudit.crawler.policy import proxy_urls

    monkeypatch.setenv("http_proxy", "http://10.1.2.3:3128")
    policy = FetchPolicy([SITE, *proxy_urls()], resolve=lambda host: [])
    assert policy.address_refusal("10.1.2.3") is None  # the crawl connects to its proxy
    assert policy.address_refusal("10.1.2.4") is not None


def test_a_name_that_failed_to_resolve_is_asked_again() -> None:
    answers = iter([[], ["93.184.216.34"], ["127.0.0.2"]])
    policy = FetchPolicy([], resolve=lambda host: next(answers))
    assert policy.resolve("flaky.example") is None  # DNS hiccup: not pinned
    assert policy.resolve("flaky.example") == "93.184.216.34"  # the retry resolves, and pins
    assert policy.resolve("flaky.example") == "93.184.216.34"


def test_hard_ceilings_hold_whatever_is_configured() -> None:
    from govaudit.crawler.listpages import (
        HARD_MAX_ARTICLES,
        HARD_MAX_LIST_PAGES,
        max_articles,
        max_list_pages,
    )

    assert max_list_pages(0) == max_list_pages(None) == max_list_pages(10**6) == HARD_MAX_LIST_PAGES == 1000
    assert max_list_pages(20) == 20
    assert max_articles(0) == max_articles(10**9) == HARD_MAX_ARTICLES and max_articles(30) == 30
