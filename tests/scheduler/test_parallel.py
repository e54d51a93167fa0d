"""Sites side by side: admission by slots and per-IP budget; a county of four sites on one
address audited in about the time of its largest site."""

from __future__ import annotations

import threading
import time

import pytest
from govaudit.config import parse_config
from govaudit.scheduler.audit import audit
from govaudit.scheduler.parallel import address_of, run_sites

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, make_config
from tests.sitebuilder import article, column_page, days

DEFAULT_POLITENESS = {"delay": 0.25, "autothrottle": True, "timeout": 15, "retries": 2, "concurrency": 8,
                      "concurrency_per_host": 2}  # fmt: skip


def _config(bases: list[str], crawl: dict) -> str:
    extra = [{"name": f"第{i}站", "url": b + "/", "unit": "县政府办公室",
              "columns": [{"name": "政务要闻", "url": b + "/zwyw/", "kind": "news"}]}
             for i, b in enumerate(bases[1:], 2)]  # fmt: skip
    return make_config(bases[0], [{"name": "政务要闻", "url": "/zwyw/", "kind": "news"}], extra_sites=extra,
                       crawl=crawl)  # fmt: skip


def _site(server: SiteServer, articles: int) -> None:
    entries = [(f"工作动态{i}", f"/zwyw/{i}.html", days(AS_OF, i).isoformat()) for i in range(articles)]
    server.add("/", column_page("首页", entries[:5]))
    server.add("/zwyw/", column_page("政务要闻", entries))
    for i in range(articles):
        server.add(f"/zwyw/{i}.html", article(f"工作动态{i}", days(AS_OF, i)))


def _concurrency(config_text: str, n: int) -> int:
    config = parse_config(config_text, "t.yaml")
    lock, state = threading.Lock(), {"now": 0, "peak": 0}

    def fn(site: object) -> object:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.3)
        with lock:
            state["now"] -= 1
        return site

    out = run_sites(config, list(config.sites), fn)
    assert [s.name for s in out] == [s.name for s in config.sites]  # results in the sites' order
    return state["peak"]


def test_sites_on_one_address_share_its_budget() -> None:
    bases = [f"http://127.0.0.1:{8000 + i}" for i in range(6)]
    # 2 in flight per site, 8 per IP: four sites at once on one address, never more
    assert _concurrency(_config(bases, {"concurrency_per_host": 2, "max_sites_parallel": 6}), 6) == 4
    # a budget of 4 per IP: two at once
    assert _concurrency(_config(bases, {"concurrency_per_host": 2, "concurrency_per_ip": 4,
                                        "max_sites_parallel": 6}), 6) == 2  # fmt: skip
    # the slot limit holds whatever the budget
    assert _concurrency(_config(bases, {"concurrency_per_host": 1, "max_sites_parallel": 3}), 6) == 3


def test_sites_on_different_addresses_do_not_share() -> None:
    bases = [f"http://127.0.0.{i}:8000" for i in range(1, 5)]
    assert len({address_of(b) for b in bases}) == 4
    text = _config(bases, {"concurrency_per_host": 8, "concurrency_per_ip": 8, "max_sites_parallel": 4})
    assert _concurrency(text, 4) == 4  # 8 + 8 > 8 on one address, but each is alone on its own


@pytest.mark.slow
def test_county_of_four_sites_on_one_address_takes_about_its_largest_site(tmp_path) -> None:
    sizes = [30, 20, 15, 10]
    servers = [SiteServer().start() for _ in sizes]
    try:
        for srv, n in zip(servers, sizes, strict=True):
            _site(srv, n)
        text = _config([s.url for s in servers], {**DEFAULT_POLITENESS, "max_sites_parallel": 4})
        config = parse_config(text, "t.yaml")
        t0 = time.monotonic()
        alone = audit(config, [config.sites[0]], AS_OF, f"sqlite:///{tmp_path / 'alone.db'}")
        largest = time.monotonic() - t0
        t0 = time.monotonic()
        county = audit(config, list(config.sites), AS_OF, f"sqlite:///{tmp_path / 'county.db'}")
        whole = time.monotonic() - t0
    finally:
        for srv in servers:
            srv.stop()
    assert [r.pages for r in county.sites] == [n + 2 for n in sizes]
    assert alone.sites[0].pages == county.sites[0].pages
    print(f"largest site alone {largest:.1f} s, county of 4 {whole:.1f} s ({whole / largest:.2f}x)")
    assert whole <= 1.5 * largest, (largest, whole)
