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
