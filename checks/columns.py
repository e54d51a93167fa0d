"""What a column looks like in a snapshot: reachable or not, its entries and their dates.

Shared by column_stale and column_empty so that both read a column the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from govaudit.crawler.fetcherrors import is_failure
from govaudit.store import Snapshot
from govaudit.store.schema import Item, Page


@dataclass
class ColumnView:
    name: str
    url: str
    page: Page | None  # the column's first page, None when it was never fetched
    items: list[Item] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)  # effective dates of dated entries
    undated: int = 0
    unreadable: str | None = None  # why the list could not be read
    placeholder: str | None = None
    stated_total: int | None = None

    @property
    def reachable(self) -> bool:
        return self.page is not None and not is_failure(self.page.status, self.page.error)


def item_date(snapshot: Snapshot, item: Item) -> dt.date | None:
    """The date of an entry: the list's date, or the article's own when the list has none or
    wrote it without a year (the year was inferred)."""
    article = snapshot.page(item.url)
    article_date = article.pub_date if article is not None else None
    if item.date is None or (item.yearless and article_date is not None):
        return article_date
    return item.date


def column_view(snapshot: Snapshot, name: str, url: str) -> ColumnView:
    page = snapshot.column_page(name)
    view = ColumnView(name=name, url=url, page=page)
    if page is None:
        return view
    view.items = snapshot.column_items(name)
    for it in view.items:
        d = item_date(snapshot, it)
        if d is None:
            view.undated += 1
        else:
            view.dates.append(d)
    list_pages = snapshot.list_pages(name)
    view.unreadable = next((p.list_unreadable for p in list_pages if p.list_unreadable), None)
    view.placeholder = page.list_placeholder
    view.stated_total = page.total_records
    return view


def list_reaches(view: ColumnView, since: dt.date) -> bool:
    """Whether the list read covers everything published since `since`: it holds an entry dated on
    or before that day, or the page states a total that the entries read reach."""
    if any(d <= since for d in view.dates):
        return True
    return view.stated_total is not None and len(view.items) >= view.stated_total


def stated_shortfall(snapshot: Snapshot, column: str) -> tuple[int, int] | None:
    """(stated, read) when the column's pages state a total (共N条, recordCount, totalRecord …)
    larger than the entries read across all its list pages; None otherwise. A pager built by a
    script from an interface we cannot follow leaves the rest of such a list unread."""
    stated = max((p.total_records or 0 for p in snapshot.list_pages(column)), default=0)
    read = len(snapshot.column_items(column))
    return (stated, read) if stated > read else None


def partial_list(snapshot: Snapshot, column: str, cap: int) -> str | None:
    """Chinese reason when the page states more entries than were read although the crawl
    fetched every list page it could reach (the cap was not the cause); None otherwise."""
    short = stated_shortfall(snapshot, column)
    if short is None or (cap and len(snapshot.list_pages(column)) >= cap):
        return None
    return f"栏目页面显示共 {short[0]} 条信息，本次只读到 {short[1]} 条（其余由脚本从接口分页加载，未能读取）"


def crawl_gap(snapshot: Snapshot, column: str, cap: int, fetched_articles: bool = True) -> str | None:
    """Why a column may hold more than this crawl saw (None when it was read in full): its page
    was not served, its list could not be read, the list-page cap was reached, pages the list
    announces were not fetched, the page states more entries than were read, or listed articles
    were not fetched. Checks that judge an absence (no interpretation, no feedback, a catalog
    item) stay silent on such columns and say so in a note."""
    page = snapshot.column_page(column)
    if page is None or is_failure(page.status, page.error):
        return "栏目页面未能获取"
    list_pages = snapshot.list_pages(column)
    unreadable = next((p.list_unreadable for p in list_pages if p.list_unreadable), None)
    if unreadable:
        return f"栏目列表无法读取（{unreadable}）"
    if cap and len(list_pages) >= cap:
        return f"栏目列表只抓取了前 {cap} 页（已达上限）"
    announced = max((p.total_pages or 0 for p in list_pages), default=0)
    if announced > len(list_pages):
        return f"栏目列表共 {announced} 页，只抓取了 {len(list_pages)} 页"
    short = stated_shortfall(snapshot, column)
    if short is not None:
        return f"栏目页面显示共 {short[0]} 条信息，只读到 {short[1]} 条"
    if fetched_articles:
        missing = [
            it for it in snapshot.column_items(column)
            if not _is_attachment(it.url) and (
                (p := snapshot.page(it.url)) is None or is_failure(p.status, p.error)
            )
        ]  # fmt: skip
        if missing:
            return f"栏目中 {len(missing)} 篇文章未能获取"
    return None


def _is_attachment(url: str) -> bool:
    return (
        url.lower()
        .split("?", 1)[0]
        .endswith((".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".wps", ".txt", ".zip", ".rar", ".ofd"))
    )
