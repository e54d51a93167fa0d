"""Monitoring-side faults (issue 9): is it the site, or the monitor's own network?

A site whose homepage failed is tried once more after a pause (`crawl.unreachable_retry_seconds`)
before it is declared unreachable. When nothing answered during a run — no configured site and
none of `monitor.reference_urls` (well-known sites outside the county's servers) — the monitor's
own network is down: the run is an outage, and judges no site's reachability. When anything
answered, each failing site's failure is its own. Reference URLs are asked only when no site
answered, so a normal run sends nothing outside the county's sites.
"""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass
from urllib.parse import urljoin

import requests
from govaudit.config import Config, CrawlSettings
from govaudit.crawler.policy import FetchPolicy, proxy_urls

log = logging.getLogger(__name__)
MAX_REDIRECTS = 10  # as the crawl (REDIRECT_MAX_TIMES)


@dataclass(frozen=True)
class Answer:
    """One GET: the HTTP status (any status means the server answered) or why there was none."""

    status: int | None
    error: str | None

    @property
    def answered(self) -> bool:
        return self.status is not None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


def ask(url: str, timeout: float, user_agent: str, policy: FetchPolicy | None = None) -> Answer:
    """GET `url`, reading only the status (certificates are not verified, as the crawler does).
    With a fetch `policy` (crawler/policy.py) each redirect hop is followed only when allowed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # urllib3's InsecureRequestWarning
            # (the user agent may hold Chinese: sent as UTF-8 bytes, as Scrapy does)
            headers = {"User-Agent": user_agent.encode("utf-8")}
            for _hop in range(MAX_REDIRECTS + 1):
                if policy is not None and (refused := policy.refusal(url)) is not None:
                    return Answer(None, refused.reason)
                with requests.get(url, timeout=timeout, headers=headers, stream=True, verify=False,  # type: ignore[arg-type]
                                  allow_redirects=policy is None) as resp:  # fmt: skip
                    location = resp.headers.get("Location") if resp.is_redirect else None
                    if policy is None or not location:
                        return Answer(resp.status_code, None)
                    url = urljoin(url, location)
            return Answer(None, "TooManyRedirects")
    except (requests.RequestException, ValueError, OSError) as exc:
        return Answer(None, f"{type(exc).__name__}: {exc}"[:300])


def retry_homepage(url: str, crawl: CrawlSettings) -> Answer:
    """The second attempt at a homepage that failed, after the configured pause (under the
    crawl's fetch policy: a redirect to an internal address is not followed)."""
    time.sleep(crawl.unreachable_retry_seconds)
    policy = FetchPolicy([url, *proxy_urls()], crawl.allow_networks)
    return ask(url, crawl.timeout, crawl.user_agent, policy)


def references_answer(config: Config) -> bool:
    """Whether any reference URL answers (any HTTP status): the monitor's network works."""
    for url in config.monitor.reference_urls:
        if ask(url, config.monitor.reference_timeout, config.crawl.user_agent).answered:
            return True
        log.warning("reference URL %s did not answer", url)
    return False


def outage_reason(config: Config, any_site_answered: bool) -> str | None:
    """None when the monitor's network works; else the Chinese reason (CHECKS.md §3 run.outage)."""
    if any_site_answered or references_answer(config):
        return None
    refs = config.monitor.reference_urls
    asked = f"及参照网站（{'、'.join(refs)}）" if refs else ""
    return (
        f"本次检查期间所有被检查网站{asked}均无应答，判断为监测端网络故障；"
        "本次不判定网站、栏目、链接和政务新媒体能否访问（含 HTTPS、IPv6），问题状态不变，请检查监测服务器网络后重新检查"
    )
