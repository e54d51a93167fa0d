"""Snapshots written through SnapshotWriter (as the crawler writes them), for check tests that
need the article text, links and tables the crawler stores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from govaudit.checks import Context, run_checks
from govaudit.config import parse_config
from govaudit.store import SnapshotWriter, create_run, load_snapshot, open_db

from govaudit.models import Finding, Note

BASE = "http://127.0.0.1:9"


class Snap:
    def __init__(self, tmp_path: Path, config_text: str) -> None:
        self.config = parse_config(config_text, "test.yaml")
        self.site = self.config.sites[0]
        self.sessions = open_db(f"sqlite:///{tmp_path / 'snap.db'}")
        self.run_id = create_run(self.sessions, self.site.name, self.site.url, dt.date(2026, 11, 20))
        self.w = SnapshotWriter(self.sessions, self.run_id)
        self.w.page(url=self.site.url, role="homepage", status=200, title=self.site.name)

    def column(self, name: str, items: Iterable[tuple[str, str, dt.date | None]] = (), *,
               tables: list[Any] | None = None, out_links: list[Any] | None = None, **fields: Any) -> None:  # fmt: skip
        col = next(c for c in self.site.columns if c.name == name)
        self.w.page(url=col.url, role="column", column=name, status=200, title=name, page_no=1,
                    tables=tables or [], out_links=out_links or [], **fields)  # fmt: skip
        self.w.items([{"column": name, "list_url": col.url, "position": i, "url": u, "title": t, "date": d}
                      for i, (t, u, d) in enumerate(items)])  # fmt: skip

    def article(self, column: str, url: str, title: str, date: dt.date | None, *, text: str = "",
                xxgk: Mapping[str, str] | None = None, links: Iterable[tuple[str, str]] = (),
                tables: list[Any] | None = None, status: int = 200) -> None:  # fmt: skip
        self.w.page(url=url, role="article", column=column, status=status, title=title, pub_date=date,
                    xxgk=dict(xxgk or {}), text=text, out_links=[{"url": u, "text": t} for t, u in links],
                    tables=tables or [])  # fmt: skip

    def check(self, as_of: dt.date, *only: str) -> tuple[list[Finding], list[Note]]:
        self.w.flush()
        snapshot = load_snapshot(self.sessions, self.run_id)
        ctx = Context(config=self.config, site=self.site, snapshot=snapshot, as_of=as_of)
        return run_checks(ctx, only=only or None)
