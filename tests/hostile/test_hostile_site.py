"""Fault injection: `govaudit audit` against a hostile site (tests/hostile/site.py) — every attack
ends as a note or a finding, nothing is fetched that the fetch policy refuses, memory stays
bounded, and the run writes both reports with exit code 0."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import psutil
import pytest
import yaml

from tests.conftest import AS_OF, FAST_CRAWL, reference_url

from .server import SECRET, HostileSite, start_hostile
from .site import COLUMNS, MIXED_TITLE, build

MAX_RSS_MB = 400
# runs the audit as its child and reports the peak RSS of the largest process it waited for
# (the audit process, its crawl process, attachment readers)
_WRAPPER = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
            "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(rc)")  # fmt: skip


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileSite]:
    site = start_hostile()
    build(site)
    yield site
    site.stop()


def _config(site: HostileSite) -> str:
    cols = [{"name": n, "url": site.url + u, "kind": "notice"} for n, u in COLUMNS]
    for c in cols:
        if c["name"] == "无尽翻页":
            c["max_pages"] = 0
    data = {
        "units": [{"name": "县政府办公室"}],
        "crawl": {**FAST_CRAWL, "max_list_pages": 0, "timeout": 10, "time_limit": 600},
        "sites": [{"name": "测试县人民政府", "url": site.url + "/", "unit": "县政府办公室", "columns": cols}],
        "monitor": {"reference_urls": [reference_url()]},
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


class _TreeWatch:
    """The largest summed RSS of a process and its descendants, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.peak = 0
        self._proc = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self._proc, *self._proc.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
                self.peak = max(self.peak, total)
            except psutil.Error:
                return
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


@pytest.fixture(scope="module")
def audited(hostile: HostileSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("hostile")
    cfg = tmp / "county.yaml"
    cfg.write_text(_config(hostile), encoding="utf-8")
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "govaudit.cli", "audit", "--config", str(cfg),
           "--as-of", AS_OF.isoformat(), "--json", str(tmp / "out.json"), "--html", str(tmp / "out.html"),
           "--db", f"sqlite:///{tmp / 'audit.db'}"]  # fmt: skip
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp)
    watch = _TreeWatch(proc.pid)
    out, err = proc.communicate(timeout=900)
    tree_peak = watch.stop()
    peak_kb = int(next(line.split()[1] for line in err.splitlines() if line.startswith("PEAK_RSS_KB")))
    print(f"hostile audit: {time.monotonic() - started:.1f} s, peak RSS of one process {peak_kb / 1024:.0f} MB,"
          f" of the process tree {tree_peak / 2**20:.0f} MB")  # fmt: skip
    db = sqlite3.connect(tmp / "audit.db")
    db.row_factory = sqlite3.Row
    return {"rc": proc.returncode, "stdout": out, "stderr": err, "tmp": tmp, "db": db, "peak_kb": peak_kb,
            "tree_peak": tree_peak, "json": json.loads((tmp / "out.json").read_text(encoding="utf-8"))
            if (tmp / "out.json").exists() else None}  # fmt: skip


def _notes(audited: dict[str, Any]) -> list[str]:
    return [n["message"] for n in audited["json"]["run"]["notes"]]


def _pages(audited: dict[str, Any], where: str = "1=1", *args: Any) -> list[sqlite3.Row]:
    return audited["db"].execute(f"SELECT * FROM pages WHERE {where}", args).fetchall()


pytestmark = pytest.mark.slow


def test_the_run_completes_with_both_reports(audited: dict[str, Any]) -> None:
    assert audited["rc"] == 0, audited["stderr"][-3000:]
    assert audited["json"] is not None and (audited["tmp"] / "out.html").stat().st_size > 1000
    assert "Traceback" not in audited["stderr"] and "TypeError" not in audited["stderr"], audited["stderr"][
        -3000:
    ]
    assert audited["json"]["run"]["sites"][0]["status"] == "crawled"


def test_memory_stays_bounded_by_the_caps(audited: dict[str, Any]) -> None:
    assert audited["peak_kb"] / 1024 < MAX_RSS_MB
    assert audited["tree_peak"] / 2**20 < 2 * MAX_RSS_MB  # audit + crawl + readers together


def test_nothing_internal_or_local_is_fetched_or_stored(audited: dict[str, Any]) -> None:
    everything = (
        audited["db"]
        .execute("SELECT group_concat(coalesce(text, '') || coalesce(title, ''), ' ') FROM pages")
        .fetchone()[0]
    )
    assert SECRET not in everything and "root:" not in everything
    assert SECRET not in (audited["tmp"] / "out.html").read_text(encoding="utf-8")
    assert SECRET not in json.dumps(audited["json"], ensure_ascii=False)
    assert not _pages(audited, "url LIKE 'file:%' AND error IS NULL")
    assert not _pages(audited, "final_url LIKE 'http://127.0.0.2%' OR final_url LIKE 'http://169.254%'")


def test_refusals_are_notes_with_a_chinese_reason(audited: dict[str, Any]) -> None:
    notes = "\n".join(_notes(audited))
    for expected in ("file:///etc/passwd", "file:///dev/zero", "127.0.0.2", "169.254.169.254", "jav?ascript",
                     "http://[::1", "多重压缩的内容（2 层压缩）"):  # fmt: skip
        assert expected in notes, (expected, notes)
    assert "出于安全原因未访问" in notes
    findings = audited["json"]["findings"]
    assert not [f for f in findings if f["check"] == "column_unreachable"], findings  # refused: notes only
    assert not [f for f in findings if "127.0.0.2" in f["message"] or "169.254" in f["message"]]
    redirected = {
        r["url"].rsplit("/", 1)[-1]: r["error"]
        for r in _pages(
            audited, "role = 'article' AND (url LIKE '%/redir/%' OR url LIKE 'http://127.0.0.2%')"
        )
    }
    assert redirected == {"r302.html": "private_address", "meta.html": "private_address",
                          "meta2.html": "private_address", "secret": "private_address",
                          "rfile.html": None, "metafile.html": None}  # fmt: skip
    # a redirect or meta refresh to file:// is not followed at all (the answer itself is kept)
    for name, status in (("rfile.html", 302), ("metafile.html", 200)):
        (row,) = _pages(audited, "url LIKE ?", f"%/redir/{name}")
        assert row["status"] == status and row["final_url"] is None and "root:" not in (row["text"] or "")
    col = _pages(audited, "role = 'column' AND url LIKE '%/colredir/'")
    assert [r["error"] for r in col] == ["private_address"]


def test_bad_entries_are_skipped_and_the_rest_of_the_list_is_read(audited: dict[str, Any]) -> None:
    articles = {
        r["url"].rsplit("/", 1)[-1] for r in _pages(audited, "role = 'article' AND url LIKE '%/files/%'")
    }
    assert articles == {"a.html", "b.html"}


def test_the_gzip_bomb_is_cut_at_max_body_and_stacked_encodings_refused(audited: dict[str, Any]) -> None:
    (bomb,) = _pages(audited, "role = 'column' AND url LIKE '%/bomb/'")
    assert (
        bomb["truncated"]
        and bomb["size"] <= FAST_CRAWL.get("max_body_mb", 8) * 2**20
        and bomb["list_items"] == 1
    )
    assert _pages(audited, "role = 'article' AND url LIKE '%/bomb/a.html'")
    (stacked,) = _pages(audited, "role = 'column' AND url LIKE '%/bomb2/'")
    assert stacked["error"] == "bad_encoding" and stacked["text"] is None


def test_a_link_check_reads_the_status_whatever_the_encoding(audited: dict[str, Any]) -> None:
    (link,) = audited["db"].execute("SELECT * FROM links WHERE url LIKE '%/stacked.html'").fetchall()
    assert link["status"] == 200 and link["error"] is None
    assert not [n for n in _notes(audited) if "stacked.html" in n]


def test_attachment_caps_hold_on_decompressed_bytes(audited: dict[str, Any]) -> None:
    rows = {r["url"].rsplit("/", 1)[-1]: r for r in audited["db"].execute("SELECT * FROM attachments")}
    assert rows["bomb.docx"]["reason_kind"] == "too_large"
    assert rows["bomb.docx"]["size"] <= 5 * 2**20
    assert rows["chunked.txt"]["readable"] and "关于公布附件的通知" in rows["chunked.txt"]["text"]


def test_invalid_bytes_do_not_turn_a_utf8_page_into_mojibake(audited: dict[str, Any]) -> None:
    (page,) = _pages(audited, "role = 'article' AND url LIKE '%/mixed/a.html'")
    assert page["encoding"] == "utf-8" and page["title"] == MIXED_TITLE


def test_a_column_listed_by_another_column_is_read_as_a_column(audited: dict[str, Any]) -> None:
    colb = _pages(audited, "role = 'column' AND url LIKE '%/colb/'")
    assert len(colb) == 1 and colb[0]["list_items"] == 1
    assert _pages(audited, "url LIKE '%/colb/only.html'")


def test_an_endless_pager_stops_at_the_hard_ceiling(audited: dict[str, Any]) -> None:
    from govaudit.crawler.listpages import HARD_MAX_LIST_PAGES

    lists = _pages(audited, "`column` = '无尽翻页' AND role IN ('column', 'list')")
    assert len(lists) == HARD_MAX_LIST_PAGES
