"""The per-IP budget across Celery workers: slots of an address in Redis (skipped without Redis)."""

from __future__ import annotations

import uuid

import pytest
from govaudit.config import parse_config
from govaudit.scheduler import ipslots

from tests.conftest import make_config


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001 - no server here: skip
        pytest.skip(f"Redis not available: {exc.__class__.__name__}")
    return client


def test_sites_of_one_address_share_its_slots(redis_client) -> None:
    queue = f"govaudit-test-{uuid.uuid4().hex[:8]}"
    text = make_config(
        "http://127.0.0.1:8001", [], crawl={"concurrency_per_host": 2, "concurrency_per_ip": 4}
    )
    config = parse_config(text + f"executor: {{kind: celery, broker: 'redis://127.0.0.1:6379/0', queue: {queue}}}\n",
                          "t.yaml")  # fmt: skip
    site = config.sites[0]
    first, second = ipslots.take(config, site, "a"), ipslots.take(config, site, "b")
    assert isinstance(first, ipslots.Slot) and isinstance(second, ipslots.Slot)
    assert ipslots.take(config, site, "c") is None  # 4 per IP, 2 per site: two sites at once
    first.release()
    third = ipslots.take(config, site, "c")
    assert isinstance(third, ipslots.Slot) and third.key == first.key
    for slot in (second, third):
        slot.release()
    assert not redis_client.keys(f"govaudit:ipslot:{queue}:*")
    amqp = config.model_copy(update={"executor": config.executor.model_copy(update={"broker": "amqp://x//"})})
    assert ipslots.take(amqp, site, "d") is True  # no shared store: the budget holds per worker
