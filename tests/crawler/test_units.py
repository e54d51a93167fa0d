"""Small pure parts of the crawler: the extractor guard and the fetch-error table."""

from __future__ import annotations

import logging

import pytest
from govaudit.crawler.fetcherrors import classify, describe, is_failure, is_transient
from govaudit.crawler.spider import _folder_index, _unreadable, guarded
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError

from govaudit.urls import origin


def test_guard_keeps_the_crawl_going(caplog: pytest.LogCaptureFixture) -> None:
    def boom(_doc: object) -> list[int]:
        raise RecursionError("hostile page")

    with caplog.at_level(logging.ERROR):
        result = guarded(_unreadable, boom, None)
    assert result.unreadable and "未能读取" in result.unreadable and not result.items
    assert "extraction failed in boom" in caplog.text
    assert guarded(list, lambda: [1]) == [1]


@pytest.mark.parametrize(
    ("exc", "kind", "label"),
    [
        (DNSLookupError("no such host"), "dns", "域名无法解析"),
        (ConnectionRefusedError(), "refused", "连接被拒绝"),
        (TimeoutError("User timeout caused connection failure."), "timeout", "访问超时"),
        (RuntimeError("something odd"), "other", "无法访问"),
    ],
)
def test_fetch_error_table(exc: BaseException, kind: str, label: str) -> None:
    assert classify(exc)[0] == kind
    assert describe(None, kind) == label


def test_statuses() -> None:
    assert describe(404, None) == "HTTP 404" and is_failure(404, None) and not is_failure(301, None)
    assert is_transient(429, None) and is_transient(503, None) and not is_transient(500, None)


def test_origin_and_column_index() -> None:
    assert origin("http://a.gov.cn/x") == origin("http://A.gov.cn:80/y")
    assert origin("https://a.gov.cn/") != origin("http://a.gov.cn/")
    assert _folder_index("http://a/zwyw/index.html") == "http://a/zwyw/"
    assert _folder_index("http://a/zwyw/index_1.html") == "http://a/zwyw/index_1.html"
