"""The second attempt at a failed homepage (scheduler/network.py) follows redirects only as the
fetch policy allows: never to an internal address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from govaudit.crawler.policy import FetchPolicy
from govaudit.scheduler import network

from .server import HostileSite, page, redirect, start_hostile


@pytest.fixture(scope="module")
def site() -> Iterator[HostileSite]:
    s = start_hostile()
    s.add("/", page("首页", "<p>首页</p>"))
    s.add("/moved", redirect("/"))
    s.add("/inside", redirect(s.internal_url + "/secret"))
    s.add("/meta-data", redirect("http://169.254.169.254/latest/meta-data/"))
    yield s
    s.stop()


def test_redirects_within_the_policy_are_followed(site: HostileSite) -> None:
    policy = FetchPolicy([site.url + "/"])
    assert network.ask(site.url + "/moved", 5, "govaudit", policy).status == 200


@pytest.mark.parametrize(("path", "address"), [("/inside", "127.0.0.2"), ("/meta-data", "169.254.169.254")])
def test_redirects_to_internal_addresses_are_not_followed(site: HostileSite, path: str, address: str) -> None:
    answer = network.ask(site.url + path, 5, "govaudit", FetchPolicy([site.url + "/"]))
    assert (
        answer.status is None
        and address in (answer.error or "")
        and "出于安全原因未访问" in (answer.error or "")
    )
    # (without a policy, requests would have fetched the internal page)
    if address == "127.0.0.2":
        assert network.ask(site.url + path, 5, "govaudit").status == 200
