"""`crawl.concurrency_per_host` holds with no download delay too (crawler/downloader.py): Scrapy 2.19
alone started every queued request of a host at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from govaudit.demo.siteserver import Request, Resp, SiteServer
from tests.conftest import AS_OF, make_config, run
from tests.sitebuilder import article, column_page, days


def test_requests_in_flight_to_a_host_stay_within_its_concurrency(server: SiteServer, tmp_path: Path) -> None:
    lock, state = threading.Lock(), {"now": 0, "peak": 0}
    entries = [(f"工作动态第{i}篇", f"/d/{i}.html", days(AS_OF, i).isoformat()) for i in range(12)]
    server.add("/", column_page("首页", entries))
    server.add("/d/", column_page("动态", entries))

    def slow(html: str):
        def route(_: Request) -> Resp:
            with lock:
                state["now"] += 1
                state["peak"] = max(state["peak"], state["now"])
            time.sleep(0.4)
            with lock:
                state["now"] -= 1
            return Resp(html)

        return route

    for i, (t, u, _) in enumerate(entries):
        server.add(u, slow(article(t, days(AS_OF, i))))
    result = run(make_config(server.url, [{"name": "动态", "url": "/d/", "kind": "news"}],
                             crawl={"concurrency_per_host": 3, "concurrency": 16}), tmp_path)  # fmt: skip
    assert result.sites[0].pages == 14
    assert state["peak"] == 3, state
