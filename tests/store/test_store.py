"""The store on SQLite (default) and PostgreSQL (skipped cleanly when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from govaudit.store import SnapshotWriter, create_run, load_results, load_snapshot, open_db, save_results
from govaudit.store.db import close_db
from govaudit.store.schema import SCHEMA_VERSION, SchemaInfo
from sqlalchemy import text
from sqlalchemy.orm import Session

from govaudit.errors import StoreError
from govaudit.models import Finding, Note, Severity

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _roundtrip(url: str) -> None:
    sessions = open_db(url)
    run_id = create_run(sessions, "测试县", "http://127.0.0.1/", dt.date(2026, 11, 20))
    w = SnapshotWriter(sessions, run_id, flush_every=2)
    w.page(url="http://127.0.0.1/", role="homepage", status=200, meta={"SiteName": "测试县"})
    w.items([{"column": "要闻", "list_url": "http://127.0.0.1/a/", "position": 0, "url": "http://127.0.0.1/a/1.html",
              "title": "标题", "date": dt.date(2026, 11, 19), "date_text": "2026-11-19", "yearless": False}])  # fmt: skip
    w.link(url="http://127.0.0.1/x.pdf", kind="attachment", internal=True, checked=True, status=404,
           source_count=2, sources=[{"page": "http://127.0.0.1/", "text": "附件"}])  # fmt: skip
    w.page(url="http://127.0.0.1/a/1.html", role="article", status=200, column="要闻", text="正文\n第二段",
           out_links=[{"url": "http://127.0.0.1/x.pdf", "text": "附件"}],
           tables=[{"name": "表1", "rows": [["项目", "数量"], ["新收", "3"]]}])  # fmt: skip
    w.attachment(url="http://127.0.0.1/x.xlsx", page_url="http://127.0.0.1/a/1.html", column="要闻", ext=".xlsx",
                 status=200, size=1234, readable=True, text="姓名\t电话", tables=[{"name": "Sheet1", "rows": [["姓名"]]}])  # fmt: skip
    w.flush()
    snap = load_snapshot(sessions, run_id)
    art = snap.articles("要闻")[0]
    assert art.text == "正文\n第二段" and art.out_links[0]["text"] == "附件"
    assert art.tables[0]["rows"][1] == ["新收", "3"]
    (att,) = snap.attachments_of(art.url)
    assert att.readable and att.tables[0]["name"] == "Sheet1" and att.reason_kind is None
    assert snap.homepage is not None and snap.homepage.meta == {"SiteName": "测试县"}
    assert snap.column_items("要闻")[0].date == dt.date(2026, 11, 19)
    assert snap.links[0].sources[0]["text"] == "附件"
    f = Finding(
        "broken_link",
        Severity.MINOR,
        "测试县",
        None,
        "http://127.0.0.1/x.pdf",
        "办公室",
        "附件无法访问",
        {"status": 404},
    )
    save_results(sessions, run_id, [f], [Note("测试县", None, "http://127.0.0.1/", "说明")])
    save_results(sessions, run_id, [f], [])  # idempotent
    findings, notes = load_results(sessions, run_id)
    assert [x.to_json() for x in findings] == [f.to_json()] and notes == []


def test_sqlite_roundtrip(tmp_path: Path) -> None:
    _roundtrip(f"sqlite:///{tmp_path / 'sub' / 'g.db'}")


def drop_v4_columns(s: Session) -> None:
    """What schema steps 4 and 7 add, taken away (a database of version 3 or older)."""
    for table in ("findings", "issues"):
        for col in ("thing", "problem_key"):
            s.execute(text(f"ALTER TABLE {table} DROP COLUMN {col}"))
    for col in ("pid", "host"):
        s.execute(text(f"ALTER TABLE runs DROP COLUMN {col}"))


def test_version_1_database_is_upgraded(tmp_path: Path) -> None:
    """A database written before page text existed gains the columns and keeps its runs."""
    url = f"sqlite:///{tmp_path / 'g.db'}"
    sessions = open_db(url)
    run_id = create_run(sessions, "测试县", "http://127.0.0.1/", dt.date(2026, 11, 20))
    with sessions() as s, s.begin():
        for col in ("text", "out_links", "tables", "hidden_links"):
            s.execute(text(f"ALTER TABLE pages DROP COLUMN {col}"))
        s.execute(text("DROP TABLE attachments"))
        drop_v4_columns(s)
        s.get(SchemaInfo, 1).version = 1
    close_db(url)  # changed behind the process's back: open it anew
    sessions = open_db(url)
    w = SnapshotWriter(sessions, run_id)
    w.page(url="http://127.0.0.1/", role="homepage", status=200, text="首页")
    w.flush()
    snap = load_snapshot(sessions, run_id)
    assert snap.pages[0].text == "首页" and snap.attachments == []
    with sessions() as s:
        assert s.get(SchemaInfo, 1).version == SCHEMA_VERSION


def test_version_2_database_gains_hidden_links(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    sessions = open_db(url)
    run_id = create_run(sessions, "测试县", "http://127.0.0.1/", dt.date(2026, 11, 20))
    with sessions() as s, s.begin():
        s.execute(text("ALTER TABLE pages DROP COLUMN hidden_links"))
        drop_v4_columns(s)
        s.get(SchemaInfo, 1).version = 2
    close_db(url)
    sessions = open_db(url)
    w = SnapshotWriter(sessions, run_id)
    hidden = [{"url": "http://x.example/", "text": "x", "how": "内联样式 display:none", "element": "div",
               "toggled": False}]  # fmt: skip
    w.page(url="http://127.0.0.1/", role="homepage", status=200, hidden_links=hidden)
    w.flush()
    assert load_snapshot(sessions, run_id).pages[0].hidden_links == hidden
    with sessions() as s:
        assert s.get(SchemaInfo, 1).version == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    sessions = open_db(url)
    with sessions() as s, s.begin():
        s.get(SchemaInfo, 1).version = 999
    close_db(url)
    with pytest.raises(StoreError, match="比本程序支持的版本"):
        open_db(url)


def test_unusable_database_is_one_line() -> None:
    with pytest.raises(StoreError) as err:
        open_db("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "\n" not in str(err.value)


@pytest.mark.postgres
def test_postgres_roundtrip(postgres_url: str) -> None:
    _roundtrip(postgres_url)


def test_one_engine_per_process_and_database(tmp_path: Path) -> None:
    """Every open_db of the same URL shares one engine (issue 11: one engine per process)."""
    from govaudit.store.db import engine_of

    url = f"sqlite:///{tmp_path / 'g.db'}"
    first, second = open_db(url), open_db(url)
    assert first is second and engine_of(first) is engine_of(second)
    assert engine_of(open_db(f"sqlite:///{tmp_path / 'other.db'}")) is not engine_of(first)
