"""The fetch policy (crawler/policy.py) inside Scrapy: a downloader middleware and a DNS resolver.

`FetchGuard` sees every request before it is downloaded — the spider's own, and each new
request that RedirectMiddleware (a 3xx hop) or MetaRefreshMiddleware (a meta refresh) makes —
and refuses those the policy refuses, with the reason, as a `FetchRefused` (the spider's errback
records it as an outcome). It also checks the peer address of every response, the connection
actually made.

`GuardedResolver` is the crawl's DNS resolver (TWISTED_DNS_RESOLVER): it answers with the
policy's pinned address of a host and fails for an address the policy refuses, so no connection
can be made to a refused address whatever resolved before (DNS rebinding).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads
from twisted.internet.error import DNSLookupError

from .policy import FetchPolicy, Refusal, active


class FetchRefused(IgnoreRequest):
    """A request the fetch policy refused; `refusal` says why (kind, Chinese reason)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


class FetchGuard:
    """Downloader middleware: the policy on every request and on every response's peer address."""

    def __init__(self, crawler: Any = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> FetchGuard:
        return cls(crawler)

    @staticmethod
    def _policy() -> FetchPolicy:
        return active() or FetchPolicy(())  # no crawl policy installed: public addresses only

    async def process_request(self, request: Request) -> None:
        policy = self._policy()
        refused = policy.quick_refusal(request.url)
        if refused is None:
            host = urlsplit(request.url).hostname or ""
            known, address = policy.pinned(host)
            if not known:  # the first request to a host: resolve (and pin) in a thread
                address = await maybe_deferred_to_future(threads.deferToThread(policy.resolve, host))
            if address is not None:
                refused = policy.address_refusal(address, host)
        if refused is not None:
            raise FetchRefused(refused)

    def process_response(self, request: Request, response: Response) -> Response:
        ip = getattr(response, "ip_address", None)
        if ip is not None:
            refused = self._policy().address_refusal(ip, urlsplit(response.url).hostname)
            if refused is not None:
                raise FetchRefused(refused)
        return response


def connect_address(policy: FetchPolicy, name: str) -> str:
    """The address a connection to `name` may go to: the policy's pinned one, when allowed
    (blocking: run in a thread). Raises DNSLookupError otherwise."""
    address = policy.resolve(name)
    if address is None:
        raise DNSLookupError(name)
    if policy.address_refusal(address, name) is not None:
        raise DNSLookupError(f"{name}: address refused by the fetch policy")
    return address


class GuardedResolver(CachingThreadedResolver):
    """Resolves through the policy (pinned, checked addresses); refuses what it refuses."""

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred[str]:  # noqa: N802
        policy = active()
        if policy is None:
            return super().getHostByName(name, timeout)
        reactor: Any = self.reactor  # (a running reactor: IReactorFromThreads and IReactorThreads)
        return threads.deferToThreadPool(reactor, reactor.getThreadPool(), connect_address, policy, name)
