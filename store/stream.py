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

from .schema import Attachment, Page

HEAVY = {Page: ("text", "tables", "out_links", "hidden_links", "targets"), Attachment: ("text", "tables")}
BATCH = 100
KEEP_BATCHES = 2


class Heavy:
    """Reads the heavy columns of one table's rows of a run, a batch at a time."""

    def __init__(self, sessions: sessionmaker[Session], table: Any) -> None:
        self.sessions = sessions
        self.table = table
        self.names = HEAVY[table]
        self.order: list[int] = []  # row ids in the order checks walk them
        self.index: dict[int, int] = {}
        self.cache: OrderedDict[int, tuple[Any, ...]] = OrderedDict()

    def get(self, row_id: int, name: str) -> Any:
        found = self.cache.get(row_id)
        if found is None:
            self._load(row_id)
            found = self.cache[row_id]
        return found[self.names.index(name)]

    def _load(self, row_id: int) -> None:
        at = self.index.get(row_id)
        ids = self.order[at : at + BATCH] if at is not None else [row_id]
        cols = [getattr(self.table, n) for n in self.names]
        with self.sessions() as s:
            rows = s.execute(select(self.table.id, *cols).where(self.table.id.in_(ids))).all()
        for r in rows:
            self.cache[r[0]] = tuple(r[1:])
        self.cache.setdefault(row_id, tuple(None for _ in self.names))
        while len(self.cache) > BATCH * KEEP_BATCHES:
            self.cache.popitem(last=False)


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


PageView: Any = _view_class(Page)
AttachmentView: Any = _view_class(Attachment)


def load_views(sessions: sessionmaker[Session], table: Any, run_id: int, order: Any) -> list[Any]:
    """The run's rows of `table` as views, in `order`."""
    view = PageView if table is Page else AttachmentView
    source = Heavy(sessions, table)
    cols = [getattr(table, n) for n in view.LIGHT]
    with sessions() as s:
        rows = s.execute(select(*cols).where(table.run_id == run_id).order_by(*order)).all()
    views = [view(r, source) for r in rows]
    source.order = [v.id for v in views]
    source.index = {rid: i for i, rid in enumerate(source.order)}
    return views
