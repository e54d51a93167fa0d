"""Scrapy's downloader with its per-host concurrency kept (the politeness of `concurrency_per_host`).

Scrapy 2.19 hands queued requests to download coroutines that count themselves as transferring
only once they start running, an event-loop turn later; with no download delay its queue loop
therefore starts every queued request of a host at once, whatever CONCURRENT_REQUESTS_PER_DOMAIN
says (measured: 16 requests in flight to one host configured for 2). Here a request counts as
transferring from the moment it leaves the queue. With a delay (the default 0.25 s) one request
leaves per tick either way.
"""

from __future__ import annotations

from time import monotonic
from typing import Any

from scrapy.core.downloader import Downloader
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro


class PoliteDownloader(Downloader):
    def _process_queue(self, slot: Any) -> None:
        if slot.latercall:
            return
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # counted now (Scrapy's _download adds it again: a set)
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:
                self._process_queue(slot)
                break
