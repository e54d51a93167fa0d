"""The per-IP budget across Celery workers: slots of an address held in Redis.

In one audit process, scheduler/parallel.py keeps the requests in flight to one IP address within
`crawl.concurrency_per_ip`. Workers on many machines share that budget through the broker's Redis:
an address has `concurrency_per_ip // concurrency_per_host` slots (at least one); a site's task takes
a free slot (a key that expires unless its holder renews it, so a dead worker's slot comes back)
or is sent back to the queue for later. With a RabbitMQ broker there is no shared store: the budget
then holds per worker only.
"""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

from govaudit.config import Config, Site

from .parallel import address_of

TTL_S = 60


class Slot:
    """A slot of an address held by this process, renewed until released."""

    def __init__(self, client: Any, key: str, token: str) -> None:
        self.client, self.key, self.token = client, key, token
        self._stop = threading.Event()
        self._renew = threading.Thread(target=self._run, daemon=True, name="govaudit-ipslot")
        self._renew.start()

    def _run(self) -> None:
        while not self._stop.wait(TTL_S / 3):
            if self.client.get(self.key) == self.token.encode():
                self.client.expire(self.key, TTL_S)

    def release(self) -> None:
        self._stop.set()
        if self.client.get(self.key) == self.token.encode():
            self.client.delete(self.key)


def take(config: Config, site: Site, token: str) -> Slot | None | bool:
    """A slot for the site's address: the Slot, None when all are taken (try later), or True
    when there is no shared store (a RabbitMQ broker: go ahead)."""
    broker = config.executor.broker or ""
    if not broker.startswith(("redis://", "rediss://")):
        return True
    import redis

    client = redis.Redis.from_url(broker)
    crawl = config.crawl_for(site)
    slots = max(1, crawl.concurrency_per_ip // min(crawl.concurrency_per_host, crawl.concurrency_per_ip))
    address = address_of(site.url)
    token = f"{token}@{socket.gethostname()}:{os.getpid()}"
    for k in range(slots):
        key = f"govaudit:ipslot:{config.executor.queue}:{address}:{k}"
        if client.set(key, token, nx=True, ex=TTL_S):
            return Slot(client, key, token)
    return None
