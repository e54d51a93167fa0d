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

import requests
from govaudit.config import Config, CrawlSettings

log = logging.getLogger(__name__)


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


def ask(url: str, timeout: float, user_agent: str) -> Answer:
    """GET `url`, reading only the status (certificates are not verified, as the crawler does)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # urllib3's InsecureRequestWarning
            # (the user agent may hold Chinese: sent as UTF-8 bytes, as Scrapy does)
            headers = {"User-Agent": user_agent.encode("utf-8")}
            with requests.get(url, timeout=timeout, headers=headers, stream=True, verify=False) as resp:  # type: ignore[arg-type]
                return Answer(resp.status_code, None)
    except (requests.RequestException, ValueError, OSError) as exc:
        return Answer(None, f"{type(exc).__name__}: {exc}"[:300])


def retry_homepage(url: str, crawl: CrawlSettings) -> Answer:
    """The second attempt at a homepage that failed, after the configured pause."""
    time.sleep(crawl.unreachable_retry_seconds)
    return ask(url, crawl.timeout, crawl.user_agent)


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
