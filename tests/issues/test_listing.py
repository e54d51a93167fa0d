"""The issue list's page query (issues/listing.py) orders exactly as `views.sort_key` does, over
issues of every state, severity and deadline (overdue, due soon across a weekend, far, none,
reported fixed), and filters like `list_issues`; real SQLite."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from govaudit.issues.lifecycle import list_issues
from govaudit.issues.listing import Filters, issue_page
from govaudit.issues.views import sort_key, view
from govaudit.store import open_db
from govaudit.store.loop_tables import IssueRow

from govaudit.clock import now

AS_OF = dt.date(2026, 11, 20)  # a Friday: "due soon" reaches over the weekend


def test_page_order_is_sort_key_order(tmp_path: Path) -> None:
    _order(f"sqlite:///{tmp_path / 'l.db'}")


@pytest.mark.postgres
def test_page_order_on_postgres(postgres_url: str) -> None:
    _order(postgres_url)


def _order(url: str) -> None:
    sessions = open_db(url)
    offsets = [None, -30, -1, 0, 1, 2, 3, 4, 5, 10]
    combos = itertools.product(["new", "assigned", "feedback", "reopened", "rectified", "waived"],
                               ["veto", "major", "minor"], offsets, [None, "fixed", "cannot_fix"])  # fmt: skip
    with sessions() as s, s.begin():
        for n, (state, sev, off, fb) in enumerate(combos):
            s.add(IssueRow(fingerprint=f"fp{n}", check="broken_link", severity=sev, site="站", column=None,
                           url=f"http://x/{n}", unit="县教育局" if n % 2 else "县政府办公室", message=str(n),
                           evidence={}, state=state, opened=AS_OF - dt.timedelta(days=40),
                           deadline=None if off is None else AS_OF + dt.timedelta(days=off),
                           last_seen=AS_OF, reopen_count=0, feedback_kind=fb, updated=now()))  # fmt: skip
    for filters, state in ((Filters(state=None), None), (Filters(state="open"), "open"),
                           (Filters(state="open", unit="县教育局"), "open")):  # fmt: skip
        rows = list_issues(sessions, state=state, unit=filters.unit)
        expected = [v.id for v in sorted((view(i, AS_OF, "") for i in rows), key=sort_key)]
        got: list[int] = []
        for page in range(1, 100):
            chunk, total, _ = issue_page(sessions, filters, AS_OF, page, 37)
            got += [i.id for i in chunk]
            if page * 37 >= total:
                break
        assert total == len(expected) and got == expected
    overdue = {i.id for i in list_issues(sessions, state="open", overdue_on=AS_OF)}
    rows, total, page = issue_page(sessions, Filters(state="open", overdue_only=True), AS_OF, 10**6, 1000)
    assert {i.id for i in rows} == overdue and total == len(overdue) and page == 1
