"""A snapshot read as a stream: pages and attachments without their text in memory.

A big site's snapshot is mostly text (an article's main text, tables and links; an attachment's
text): held at once it made memory grow with the number of articles. Here a page or attachment is
a light view holding its small columns; its heavy ones (`text`, `tables`, `out_links`,
`hidden_links`, `targets`) are read from the database when a check first asks, a batch of the
following rows at a time (checks walk the pages in order), and only the last few batches are
kept. A check that keeps a page keeps its view, not its text.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .schema import Attachment, Item, Link, Page

# columns read from the database only when a check asks (a page's meta tags: one check; a link's
# sources: only a failing link's)
HEAVY: dict[Any, tuple[str, ...]] = {
    Page: ("text", "tables", "out_links", "hidden_links", "targets", "meta"),
    Attachment: ("text", "tables"),
    Link: ("sources",),
    Item: (),
}
# light columns whose few values repeat on every row: one string object each
SHARED = frozenset({"role", "column", "content_type", "encoding", "pub_date_source", "list_source", "kind",
                    "error", "list_url", "date_text"})  # fmt: skip
BATCH = 100
KEEP_BATCHES = 2


class Heavy:
    """Reads the heavy columns of one table's rows of a run, a batch at a time and one column at a
    time (a check reading the text does not pay for decoding the links' JSON)."""

    def __init__(self, sessions: sessionmaker[Session], table: Any) -> None:
        self.sessions = sessions
        self.table = table
        self.names = HEAVY[table]
        self.order: list[int] = []  # row ids in the order checks walk them
        self.index: dict[int, int] = {}
        self.cache: dict[str, OrderedDict[int, Any]] = {name: OrderedDict() for name in self.names}

    def get(self, row_id: int, name: str) -> Any:
        cache = self.cache[name]
        if row_id not in cache:
            self._load(row_id, name, cache)
        return cache[row_id]

    def _load(self, row_id: int, name: str, cache: OrderedDict[int, Any]) -> None:
        at = self.index.get(row_id)
        ids = self.order[at : at + BATCH] if at is not None else [row_id]
        col = getattr(self.table, name)
        with self.sessions() as s:
            rows = s.execute(select(self.table.id, col).where(self.table.id.in_(ids))).all()
        for rid, value in rows:
            cache[rid] = value
        cache.setdefault(row_id, None)
        while len(cache) > BATCH * KEEP_BATCHES:
            cache.popitem(last=False)


def _heavy_value(self: Any, name: str) -> Any:
    return self._heavy.get(self.id, name)


def _view_class(table: Any) -> type:
    heavy = HEAVY[table]
    light = tuple(c.key for c in table.__table__.columns if c.key not in heavy)

    def __init__(self: Any, row: Any, source: Heavy) -> None:  # noqa: N807
        for name, value in zip(light, row, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_heavy", source)

    def __repr__(self: Any) -> str:  # noqa: N807
        return f"<{table.__name__} view {self.id} {getattr(self, 'url', '')}>"

    ns: dict[str, Any] = {"__slots__": (*light, "_heavy"), "__init__": __init__, "__repr__": __repr__,
                          "LIGHT": light}  # fmt: skip
    for name in heavy:
        ns[name] = property(partial(_heavy_value, name=name))
    return type(f"{table.__name__}View", (), ns)


VIEWS: dict[Any, Any] = {table: _view_class(table) for table in HEAVY}
PageView: Any = VIEWS[Page]
AttachmentView: Any = VIEWS[Attachment]


def load_views(sessions: sessionmaker[Session], table: Any, run_id: int, order: Any) -> list[Any]:
    """The run's rows of `table` as views (no ORM state: a fraction of the memory), in `order`."""
    view = VIEWS[table]
    source = Heavy(sessions, table)
    cols = [getattr(table, n) for n in view.LIGHT]
    shared = [i for i, n in enumerate(view.LIGHT) if n in SHARED]
    strings: dict[str, str] = {}
    views = []
    with sessions() as s:
        for row in s.execute(select(*cols).where(table.run_id == run_id).order_by(*order)):
            values = list(row)
            for i in shared:
                if isinstance(values[i], str):
                    values[i] = strings.setdefault(values[i], values[i])
            views.append(view(values, source))
    source.order = [v.id for v in views]
    source.index = {rid: i for i, rid in enumerate(source.order)}
    return views
