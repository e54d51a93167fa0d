"""Sites side by side: several site audits at once, each crawl at its own polite pace.

Each site is crawled in its own process (scheduler/audit.py) with its own per-host delay and
concurrency; this module decides which sites run at the same time:

- at most `crawl.max_sites_parallel` at once (default: twice the cores, fewer when the memory
  available would not hold that many crawls);
- the requests in flight to one IP address, summed over every site crawled at once, stay within
  `crawl.concurrency_per_ip` (a provincial platform serving many county sites from one address
  sees no more than that). A site's share is its `concurrency_per_host`; a site alone on an
  address always runs.

Sites are started in the order given, each as soon as a slot and its address's budget allow.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

from govaudit.config import Config, Site

log = logging.getLogger(__name__)
T = TypeVar("T")

MB_PER_CRAWL = 300  # what one site's audit may hold at its peak (bench/: largest process)


def address_of(url: str) -> str:
    """The IP address a site's homepage resolves to (its host name when it does not resolve)."""
    host = urlsplit(url).hostname or ""
    try:
        return str(socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)[0][4][0])
    except (OSError, UnicodeError, IndexError):
        return host


def default_parallel() -> int:
    """Twice the cores, bounded by the memory available (MB_PER_CRAWL a site)."""
    cores = os.cpu_count() or 1
    limit = cores * 2
    try:
        import psutil

        limit = min(limit, max(1, int(psutil.virtual_memory().available / 2**20 // MB_PER_CRAWL)))
    except (ImportError, OSError):
        pass
    return max(1, limit)


def max_parallel(config: Config) -> int:
    return config.crawl.max_sites_parallel or default_parallel()


class Admission:
    """Which sites may start now: a slot free and the site's address within its budget."""

    def __init__(self, config: Config, sites: Sequence[Site], limit: int) -> None:
        self.limit = limit
        self.address = {id(s): address_of(s.url) for s in sites}
        self.weight = {}
        self.cap = {}
        for s in sites:
            crawl = config.crawl_for(s)
            self.cap[id(s)] = crawl.concurrency_per_ip
            self.weight[id(s)] = min(crawl.concurrency_per_host, crawl.concurrency_per_ip)
        self.running = 0
        self.in_use: Counter[str] = Counter()

    def fits(self, site: Site) -> bool:
        if self.running >= self.limit:
            return False
        used = self.in_use[self.address[id(site)]]
        return used == 0 or used + self.weight[id(site)] <= self.cap[id(site)]

    def take(self, site: Site) -> None:
        self.running += 1
        self.in_use[self.address[id(site)]] += self.weight[id(site)]

    def give_back(self, site: Site) -> None:
        self.running -= 1
        self.in_use[self.address[id(site)]] -= self.weight[id(site)]


def run_sites(config: Config, sites: Sequence[Site], fn: Callable[[Site], T], *,
              limit: int | None = None) -> list[T]:  # fmt: skip
    """`fn(site)` for every site, as many at once as admitted; results in the sites' order.
    An exception of one site's `fn` is raised once all started sites have ended."""
    limit = limit or max_parallel(config)
    if limit <= 1 or len(sites) <= 1:
        return [fn(s) for s in sites]
    gate = Admission(config, sites, limit)
    results: dict[int, T] = {}
    errors: list[BaseException] = []
    cond = threading.Condition()

    def work(i: int, site: Site) -> None:
        try:
            results[i] = fn(site)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            errors.append(exc)
        finally:
            with cond:
                gate.give_back(site)
                cond.notify_all()

    pending = list(enumerate(sites))
    threads: list[threading.Thread] = []
    with cond:
        while pending and not errors:
            pick = next((p for p in pending if gate.fits(p[1])), None)
            if pick is None:
                cond.wait()
                continue
            pending.remove(pick)
            gate.take(pick[1])
            log.info("site %s started (%d running)", pick[1].name, gate.running)
            t = threading.Thread(target=work, args=pick, name=f"govaudit-site-{pick[0]}", daemon=True)
            threads.append(t)
            t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return [results[i] for i in range(len(sites))]
