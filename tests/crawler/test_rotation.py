"""List-page cap rotation: a column longer than crawl.max_list_pages is read further down each
daily audit (list pages of entries read before do not count against the cap), so every article
is read within a week of daily audits while new ones keep arriving; each run's notes name the
column it did not read to the end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from govaudit.config import parse_config
from govaudit.scheduler.audit import audit

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, make_config
from tests.sitebuilder import article, column_meta, page

PER = 10


def _publish(server: SiteServer, entries: list[tuple[str, str, dt.date]]) -> None:
    pages = (len(entries) + PER - 1) // PER
    for p in range(pages):
        rows = "".join(f'<li><a href="{u}" title="{t}">{t}</a><span>{d.isoformat()}</span></li>'
                       for t, u, d in entries[p * PER : (p + 1) * PER])  # fmt: skip
        script = f'<script>createPageHTML({pages}, {p}, "index", "html");</script>'
        server.add("/tzgg/" if p == 0 else f"/tzgg/index_{p}.html",
                   page("通知公告", f'<ul class="list">{rows}</ul><div class="page">{script}</div>',
                        meta=column_meta("通知公告")))  # fmt: skip
    for t, u, d in entries:
        server.add(u, article(t, d))


@pytest.mark.slow
def test_every_article_is_read_within_seven_daily_audits(server: SiteServer, tmp_path: Path) -> None:
    entries = [
        (f"关于第{i}号事项的通知", f"/tzgg/t{i}.html", AS_OF - dt.timedelta(days=1 + i)) for i in range(100)
    ]
    server.add("/", page("首页", ""))
    text = make_config(server.url, [{"name": "通知公告", "url": "/tzgg/", "kind": "notice"}],
                       crawl={"max_list_pages": 3})  # fmt: skip
    config = parse_config(text, "t.yaml")
    db = f"sqlite:///{tmp_path / 'a.db'}"
    listed: set[str] = set()
    read: set[str] = set()
    reached = []
    for day in range(7):
        today = AS_OF + dt.timedelta(days=day)
        if day:  # a new notice every day: every list page shifts by one entry
            entries.insert(0, (f"关于新增第{day}号事项的通知", f"/tzgg/n{day}.html", today))
        _publish(server, entries)
        listed |= {u for _, u, _ in entries}
        server.reset_hits()
        result = audit(config, list(config.sites), today, db)
        read |= {
            p for p in server.hits if p.startswith("/tzgg/") and p.endswith(".html") and "index" not in p
        }
        reached.append(sum(1 for p in server.hits if p.startswith("/tzgg/index_")) + 1)
        capped = [n.message for n in result.notes if "达到抓取上限" in n.message]
        if day == 0:
            assert capped and "通知公告" in capped[0] and "3 页" in capped[0]
            assert len(read) == 3 * PER
    assert reached[0] == 3 and reached == sorted(reached) and reached[-1] == 11, reached
    assert listed == read, sorted(listed - read)
    # by then a run reads the whole list and says nothing is missing
    assert not [n for n in result.notes if "达到抓取上限" in n.message]
