"""After an incremental crawl: copy what was carried over into the run, so its snapshot is whole.

The crawl wrote a stand-in row for each article and attachment it did not fetch (crawler/
incremental.py); here each is replaced by the earlier copy, marked `carried_from` (the run that
read it) with the date it was read (`fetched_on`). Link outcomes taken over keep the date they were
checked. Everything this run fetched itself gets today's date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from .schema import Attachment, Link, Page

CHUNK = 400
_SKIP = ("id", "run_id", "carried_from", "fetched_on")


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    values = list(values)
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _copy(s: Session, table: Any, run_id: int, prev_run: int, prev_as_of: dt.date, ids: list[int]) -> None:
    """Copy rows `ids` of an earlier run into run `run_id`, marked carried."""
    cols = [c for c in table.__table__.columns if c.name not in _SKIP]
    for chunk in _chunks(ids):
        rows = s.execute(select(*cols, table.carried_from, table.fetched_on).where(table.id.in_(chunk))).all()
        if rows:
            s.execute(insert(table), [
                {**{c.key: v for c, v in zip(cols, r[: len(cols)], strict=True)}, "run_id": run_id,
                 "carried_from": r[-2] or prev_run, "fetched_on": r[-1] or prev_as_of} for r in rows
            ])  # fmt: skip


def carry_over(sessions: sessionmaker[Session], run_id: int, as_of: dt.date, reuse: Any,
               spool_dir: str | None) -> None:  # fmt: skip
    """Replace the stand-ins of run `run_id` by the earlier copies `reuse` took over (crawler/
    reuse.py), date what this run fetched itself, and drop stand-in attachment bytes."""
    prev = reuse.prev
    with sessions() as s, s.begin():
        if prev is not None and reuse.carried_pages:
            for chunk in _chunks(reuse.carried_pages):
                s.execute(
                    delete(Page).where(Page.run_id == run_id, Page.role == "article", Page.url.in_(chunk))
                )
            _copy(s, Page, run_id, prev.id, prev.as_of, list(reuse.carried_pages.values()))
        if prev is not None and reuse.carried_attachments:
            for chunk in _chunks(reuse.carried_attachments):
                s.execute(delete(Attachment).where(Attachment.run_id == run_id, Attachment.url.in_(chunk)))
            _copy(s, Attachment, run_id, prev.id, prev.as_of, list(reuse.carried_attachments.values()))
        if reuse.carried_links:
            links: Any = Link.__table__
            s.connection().execute(
                update(links).where(and_(links.c.run_id == run_id, links.c.url == bindparam("u")))
                .values(checked_on=bindparam("on"), carried_from=bindparam("by")),
                [{"u": url, "on": p.checked_on, "by": p.run_id} for url, p in reuse.carried_links.items()],
            )  # fmt: skip
        stamp_fetched(s, run_id, as_of)
    if spool_dir and reuse.carried_attachments and os.path.isdir(spool_dir):
        from govaudit.crawler.attachments import spool_name

        stand_ins = {spool_name(url, "") for url in reuse.carried_attachments}
        for name in os.listdir(spool_dir):
            if name[:40] in stand_ins:
                os.remove(os.path.join(spool_dir, name))


def stamp_fetched(s: Session, run_id: int, as_of: dt.date) -> None:
    """Date every row this run read itself."""
    for table in (Page, Attachment):
        s.execute(
            update(table).where(table.run_id == run_id, table.fetched_on.is_(None)).values(fetched_on=as_of)
        )
    s.execute(update(Link).where(Link.run_id == run_id, Link.checked.is_(True), Link.checked_on.is_(None))
              .values(checked_on=as_of))  # fmt: skip
