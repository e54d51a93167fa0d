"""Buffered writes of a crawl's snapshot, used inside the crawl process.

Rows are inserted in batches (executemany) so that a 10,000-page crawl costs a few hundred
statements, and flushed at least every `flush_every` rows so that a crashed crawl keeps what it
had already seen.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from .schema import Attachment, Item, Link, Page


class SnapshotWriter:
    def __init__(self, sessions: sessionmaker[Session], run_id: int, flush_every: int = 300) -> None:
        self._sessions = sessions
        self.run_id = run_id
        self.flush_every = flush_every
        self._pages: list[dict[str, Any]] = []
        self._items: list[dict[str, Any]] = []
        self._links: list[dict[str, Any]] = []
        self._attachments: list[dict[str, Any]] = []

    def page(self, **fields: Any) -> None:
        fields["run_id"] = self.run_id
        self._pages.append(fields)
        self._maybe_flush()

    def items(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            row["run_id"] = self.run_id
        self._items.extend(rows)
        self._maybe_flush()

    def link(self, **fields: Any) -> None:
        fields["run_id"] = self.run_id
        self._links.append(fields)
        self._maybe_flush()

    def attachment(self, **fields: Any) -> None:
        fields["run_id"] = self.run_id
        self._attachments.append(fields)
        self._maybe_flush()

    def _pending(self) -> tuple[tuple[type, list[dict[str, Any]]], ...]:
        return (
            (Page, self._pages), (Item, self._items), (Link, self._links), (Attachment, self._attachments),
        )  # fmt: skip

    def _maybe_flush(self) -> None:
        if sum(len(rows) for _, rows in self._pending()) >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        pending = [(table, rows) for table, rows in self._pending() if rows]
        if not pending:
            return
        with self._sessions() as s, s.begin():
            for table, rows in pending:
                s.execute(insert(table), rows)
        self._pages, self._items, self._links, self._attachments = [], [], [], []
