"""The crawler reads real CMS list patterns end to end over HTTP: every list page a person can
reach by clicking is fetched, and the items and dates a person sees are stored."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from govaudit.store import open_db
from govaudit.store.schema import Item, Page
from sqlalchemy import select

from govaudit.demo.siteserver import Request, Resp, SiteServer
from tests.conftest import AS_OF, by_check, make_config, run
from tests.sitebuilder import article, column_meta, days, page


def _stored(tmp_path: Path, column: str) -> tuple[list[Item], list[Page]]:
    sessions = open_db(f"sqlite:///{tmp_path / 'audit.db'}")
    with sessions() as s:
        items = list(s.scalars(select(Item).where(Item.column == column).order_by(Item.id)))
        pages = list(s.scalars(select(Page).where(Page.column == column).order_by(Page.id)))
    return items, pages


def _li(i: int, prefix: str, d: dt.date, fmt: str = "%Y-%m-%d") -> str:
    return f'<li><a href="/{prefix}/t{i}.html" title="第{i}号通知">关于第{i}号事项的通知</a><span>{d.strftime(fmt)}</span></li>'


def _articles(server: SiteServer, prefix: str, n: int, start_age: int = 1) -> None:
    for i in range(n):
        server.add(f"/{prefix}/t{i}.html", article(f"关于第{i}号事项的通知", days(AS_OF, start_age + i)))


def test_trs_createpagehtml_pagination(server: SiteServer, tmp_path: Path) -> None:
    per, pages = 10, 4
    for p in range(pages):
        rows = "".join(_li(p * per + i, "trs", days(AS_OF, 1 + p * per + i)) for i in range(per))
        script = f'<script>createPageHTML({pages}, {p}, "index", "html");</script>'
        name = "/trs/" if p == 0 else f"/trs/index_{p}.html"
        server.add(
            name,
            page(
                "通知公告",
                f'<ul class="list">{rows}</ul><div class="page">{script}</div>',
                meta=column_meta("通知公告"),
            ),
        )
    _articles(server, "trs", per * pages)
    server.add("/", page("首页", ""))
    result = run(make_config(server.url, [{"name": "通知公告", "url": "/trs/", "kind": "notice"}]), tmp_path)
    for p in range(1, pages):
        assert server.hits[f"/trs/index_{p}.html"] == 1
    items, _ = _stored(tmp_path, "通知公告")
    assert len(items) == per * pages
    assert server.hits["/trs/t39.html"] == 1
    assert not by_check(result, "column_empty") and not by_check(result, "column_stale")


def test_hanweb_datastore_and_dataproxy(server: SiteServer, tmp_path: Path) -> None:
    total, per = 50, 15
    records = [f'<li><a href="/art/2026/11/{1 + i % 20}/art_1_{i}.html" title="信息{i}">关于开展第{i}项工作的通知</a>'
               f'<span>{days(AS_OF, i + 1).isoformat()}</span></li>' for i in range(total)]  # fmt: skip

    def datastore(recs: list[str]) -> str:
        return "".join(f"<record><![CDATA[{r}]]></record>" for r in recs)

    first = (
        '<div id="123"><script type="text/xml"><datastore>'
        '<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=123&unitid=456&webname=测试县&permissiontype=0"></a>]]></nextgroup>'
        f"<recordset>{datastore(records[: per * 3])}</recordset></datastore></script>"
        f"<script>$('#123').jpage({{dataStore: dataStore, perPage: {per}, totalRecord: {total}, "
        "proxyUrl: '/module/web/jpage/dataproxy.jsp', groupSize: 3}});</script></div>"
    )
    seen: list[tuple[int, int]] = []

    def proxy(req: Request) -> Resp:
        start, end = int(req.arg("startrecord") or 1), int(req.arg("endrecord") or 1)
        seen.append((start, end))
        assert req.arg("columnid") == "123"
        body = f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}</totalrecord><recordset>{datastore(records[start - 1 : end])}</recordset></datastore>'
        return Resp(body, content_type="text/xml; charset=utf-8")

    server.add("/col/col123/index.html", page("通知公告", first, meta=column_meta("通知公告")))
    server.add("/module/web/jpage/dataproxy.jsp", proxy)
    server.add("/", page("首页", ""))
    for i in range(total):
        server.add(
            f"/art/2026/11/{1 + i % 20}/art_1_{i}.html",
            article(f"关于开展第{i}项工作的通知", days(AS_OF, i + 1)),
        )
    run(
        make_config(server.url, [{"name": "通知公告", "url": "/col/col123/index.html", "kind": "notice"}]),
        tmp_path,
    )
    assert seen and max(e for _, e in seen) >= total
    items, _ = _stored(tmp_path, "通知公告")
    assert len({i.url for i in items}) == total
    assert server.hits["/art/2026/11/10/art_1_49.html"] == 1


def test_query_page_and_next_link_and_comment_list(server: SiteServer, tmp_path: Path) -> None:
    def listing(req: Request) -> Resp:
        n = int((req.query.get("page") or ["1"])[0])
        rows = "".join(
            _li((n - 1) * 5 + i, "q", days(AS_OF, (n - 1) * 5 + i + 1), "%Y年%m月%d日") for i in range(5)
        )
        nxt = f'<a href="?page={n + 1}">下一页</a>' if n < 3 else ""
        return Resp(
            page(
                "政务要闻",
                f'<ul class="list">{rows}</ul><div class="pager">第{n}页 共3页 {nxt}</div>',
                meta=column_meta("政务要闻"),
            )
        )

    server.add("/q/", listing)
    _articles(server, "q", 15)
    rows = "".join(_li(i, "cm", days(AS_OF, i + 2)) for i in range(6))
    server.add(
        "/cm/", page("文件通知", f'<ul class="xxgklist"><!-- {rows} --></ul>', meta=column_meta("文件通知"))
    )
    _articles(server, "cm", 6, start_age=2)
    server.add("/", page("首页", ""))
    result = run(make_config(server.url, [{"name": "政务要闻", "url": "/q/", "kind": "news"},
                                          {"name": "文件通知", "url": "/cm/", "kind": "notice"}]), tmp_path)  # fmt: skip
    assert server.hits["/q/"] >= 3  # page 1 may be fetched again as ?page=1
    items, _ = _stored(tmp_path, "政务要闻")
    assert len(items) == 15 and items[0].date == days(AS_OF, 1)
    comment_items, _ = _stored(tmp_path, "文件通知")
    assert len(comment_items) == 6
    assert not by_check(result, "column_empty")


def test_encodings_gbk_and_wrong_declaration(server: SiteServer, tmp_path: Path) -> None:
    def gbk_page(title: str, declared: str, ages: list[int], prefix: str) -> Resp:
        rows = "".join(_li(i, prefix, days(AS_OF, a)) for i, a in enumerate(ages))
        text = page(title, f'<ul class="list">{rows}</ul>', meta=column_meta(title), charset=declared)
        return Resp(text.encode("gbk"), content_type=f"text/html; charset={declared}")

    server.add("/gbk/", gbk_page("招标采购", "gbk", [1, 2], "gbk"))
    server.add("/wrong/", gbk_page("人事信息", "utf-8", [3, 4], "wrong"))  # GBK bytes declared UTF-8
    server.add("/", page("首页", ""))
    for prefix in ("gbk", "wrong"):
        for i in range(2):
            server.add(
                f"/{prefix}/t{i}.html",
                Resp(
                    article(f"关于第{i}号事项的通知", days(AS_OF, 1))
                    .replace('charset="utf-8"', 'charset="gb2312"')
                    .encode("gb18030"),
                    content_type="text/html",
                ),
            )
    run(make_config(server.url, [{"name": "招标采购", "url": "/gbk/", "kind": "notice"},
                                 {"name": "人事信息", "url": "/wrong/", "kind": "personnel"}]), tmp_path)  # fmt: skip
    for column in ("招标采购", "人事信息"):
        items, pages = _stored(tmp_path, column)
        assert [i.title for i in items] == ["关于第0号事项的通知", "关于第1号事项的通知"], column
        assert pages[0].meta.get("ColumnName") == column
    _, pages = _stored(tmp_path, "人事信息")
    articles = [p for p in pages if p.role == "article"]
    assert articles and all(p.title == html.unescape(p.title) and "通知" in (p.title or "") for p in articles)


def test_max_list_pages_cap(server: SiteServer, tmp_path: Path) -> None:
    for p in range(6):
        script = f'<script>createPageHTML(6, {p}, "index", "html");</script>'
        name = "/cap/" if p == 0 else f"/cap/index_{p}.html"
        server.add(
            name,
            page(
                "通知",
                f'<ul class="list">{_li(p, "cap", days(AS_OF, 1 + p))}</ul>{script}',
                meta=column_meta("通知"),
            ),
        )
    server.add("/", page("首页", ""))
    run(
        make_config(server.url, [{"name": "通知", "url": "/cap/", "kind": "notice", "max_pages": 3}]),
        tmp_path,
    )
    fetched = [p for p in range(1, 6) if server.hits[f"/cap/index_{p}.html"]]
    assert len(fetched) == 2  # page 1 + two more = 3 list pages


def test_per_column_selector_overrides(server: SiteServer, tmp_path: Path) -> None:
    """A site auto-detection cannot read (cards with the date in a data attribute's text, and a
    'more' button as pager) is read with the configured selectors."""
    cards = "".join(
        f'<div class="card"><h4><a href="/ov/t{i}.html">关于第{i}号事项的通知</a></h4>'
        f'<div class="meta"><em class="when">{days(AS_OF, 2 + i).strftime("%Y.%m.%d")}</em></div></div>'
        for i in range(3)
    )
    second = '<div class="card"><h4><a href="/ov/t3.html">关于第3号事项的通知</a></h4><div class="meta"><em class="when">' \
        + days(AS_OF, 9).strftime("%Y.%m.%d") + "</em></div></div>"  # fmt: skip
    server.add("/ov/", page("专题专栏", f'<section id="cards">{cards}</section><a class="more" href="/ov/p2.html">加载更多</a>',
                             meta=column_meta("专题专栏")))  # fmt: skip
    server.add(
        "/ov/p2.html",
        page("专题专栏", f'<section id="cards">{second}</section>', meta=column_meta("专题专栏")),
    )
    _articles(server, "ov", 4, start_age=2)
    server.add("/", page("首页", ""))
    lst = {"items": "#cards div.card", "link": "h4 a", "date": "em.when", "next_page": "//a[@class='more']"}
    run(
        make_config(server.url, [{"name": "专题专栏", "url": "/ov/", "kind": "other", "list": lst}]), tmp_path
    )
    items, pages = _stored(tmp_path, "专题专栏")
    assert [i.url.rsplit("/", 1)[-1] for i in items] == ["t0.html", "t1.html", "t2.html", "t3.html"]
    assert items[0].date == days(AS_OF, 2) and items[3].date == days(AS_OF, 9)
    assert pages[0].list_source == "override"
