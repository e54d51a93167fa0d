"""The real list pages in ../shared/realpages, served over HTTP and crawled as columns: the
crawler reads their lists end to end and never calls them blank (skipped when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from govaudit.store import open_db
from govaudit.store.schema import Item
from sqlalchemy import func, select

from govaudit.demo.siteserver import Resp, SiteServer
from tests.conftest import REALPAGES, by_check, make_config, run

LISTS = {
    # file: (column path, minimum entries a person sees on the page)
    "list/gansu_jyt_list_items_in_html_comment.html": ("/jyt/c110634/", 20),
    "list/nmpa_ypgg_list.html": ("/yaopin/ypggtg/", 20),
    "list/nmpa_ypjgdt_list.html": ("/yaopin/ypjgdt/", 20),
    "list/handan_xxgk_trs_list_browser_saved.jsp.html": ("/zfwj/jinqixxgk/", 1),
    "interpretation/jiangxi_sthjt_zcjd_list.html": ("/col/col42150/", 10),
}


@pytest.mark.realpages
def test_real_list_pages_are_read_not_blank(tmp_path: Path) -> None:
    if not REALPAGES.is_dir():
        pytest.skip("../shared/realpages not present")
    with SiteServer() as server:
        server.add("/", Resp("<html><body>首页</body></html>"))
        columns = []
        for name, (path, _) in LISTS.items():
            server.add(path, Resp((REALPAGES / name).read_bytes(), content_type="text/html"))
            columns.append({"name": name.split("/")[1].split("_")[0] + path, "url": path, "kind": "other"})
        # pagination and articles of the real sites are not here: cap the crawl to the list pages
        config = make_config(
            server.url, columns, crawl={"max_list_pages": 1, "max_articles": 1, "check_links": False}
        )
        result = run(config, tmp_path, as_of=dt.date(2025, 11, 24))
    assert not by_check(result, "column_empty")
    assert not [n for n in result.notes if "未判定是否空白" in n.message]
    sessions = open_db(f"sqlite:///{tmp_path / 'audit.db'}")
    with sessions() as s:
        counts = dict(
            s.execute(
                select(Item.column, func.count()).where(Item.column.is_not(None)).group_by(Item.column)
            ).all()
        )
    for name, (path, minimum) in LISTS.items():
        column = name.split("/")[1].split("_")[0] + path
        assert counts.get(column, 0) >= minimum, (column, counts)
