"""A column URL is fetched as that column even when another column lists it (end to end, and at
the request factory, which decides it whatever order the responses come in)."""

from __future__ import annotations

from pathlib import Path

from govaudit.demo.siteserver import SiteServer
from tests.conftest import AS_OF, make_config, run, serve
from tests.sitebuilder import article, column_page, days, page

N = 40


def test_a_column_listed_by_another_column_is_read_as_a_column(server: SiteServer, tmp_path: Path) -> None:
    fresh = days(AS_OF, 1)
    routes = {"/": page("首页", "")}
    for i in range(N):
        rows = [(f"关于第{i}栏目事项的通知", f"/c{i}/a.html", fresh.isoformat())]
        if i == 0:  # the first column lists every other column's page as an entry
            rows += [(f"第{j}栏目", f"/c{j}/", fresh.isoformat()) for j in range(1, N)]
        routes[f"/c{i}/"] = column_page(f"栏目{i}", rows)
        routes[f"/c{i}/a.html"] = article(rows[0][0], fresh)
    base = serve(server, routes)
    config = make_config(base, [{"name": f"栏目{i}", "url": f"/c{i}/", "kind": "news"} for i in range(N)],
                         crawl={"concurrency": 1, "concurrency_per_host": 1})  # fmt: skip
    result = run(config, tmp_path)
    from govaudit.store import open_db
    from govaudit.store.schema import Page
    from sqlalchemy import select

    with open_db(f"sqlite:///{tmp_path / 'audit.db'}")() as s:
        roles = dict(s.execute(select(Page.url, Page.role).where(Page.url.like("%/c%/"))).all())
    assert all(roles.get(f"{base}/c{i}/") == "column" for i in range(N)), roles
    assert not [f for f in result.findings if f.check.startswith("column_")]


def test_the_request_factory_keeps_column_urls_for_their_columns() -> None:
    """Whatever the order responses come in: another column's entry or pager link to a column's
    URL is not requested (the column's own request reads it, as that column)."""
    import datetime as dt

    from govaudit.config import parse_config
    from govaudit.crawler.spider import SiteSpider

    base = "http://127.0.0.1:9"
    config = parse_config(make_config(base, [{"name": "甲", "url": "/a/", "kind": "news"},
                                             {"name": "乙", "url": "/b/", "kind": "news"}]), "t.yaml")  # fmt: skip
    site = config.sites[0]
    spider = SiteSpider(site=site, crawl=config.crawl_for(site), as_of=dt.date(2026, 11, 20), writer=None)
    assert spider._page_request(base + "/b/", "article", spider.parse_article, "甲") is None
    assert spider._page_request(base + "/b/", "list", spider.parse_list, "甲", 2) is None
    req = spider._page_request(base + "/b/", "column", spider.parse_list, "乙", 1)
    assert req is not None and req.meta["role"] == "column" and req.meta["column"] == "乙"


def test_a_column_at_the_homepage_url_leaves_the_homepage_fetched() -> None:
    import datetime as dt

    from govaudit.config import parse_config
    from govaudit.crawler.spider import SiteSpider

    base = "http://127.0.0.1:9"
    config = parse_config(make_config(base, [{"name": "首页栏目", "url": "/", "kind": "news"}]), "t.yaml")
    site = config.sites[0]
    spider = SiteSpider(site=site, crawl=config.crawl_for(site), as_of=dt.date(2026, 11, 20), writer=None)
    assert spider._page_request(base + "/", "homepage", spider.parse_homepage) is not None
