"""The snapshot is read as a stream: checks walking every article's text hold a few batches of
it at a time, not the whole site's."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

from govaudit.store import SnapshotWriter, create_run, load_snapshot, open_db

PAGES = 2000
TEXT = "为进一步做好政务公开工作现将有关事项通知如下" * 500  # 11,000 characters (~22 KB as str)


def test_walking_every_article_keeps_memory_flat(tmp_path: Path) -> None:
    sessions = open_db(f"sqlite:///{tmp_path / 's.db'}")
    run_id = create_run(sessions, "测试县", "http://127.0.0.1/", dt.date(2026, 11, 20))
    w = SnapshotWriter(sessions, run_id, flush_every=200)
    for i in range(PAGES):
        w.page(url=f"http://127.0.0.1/a/{i}.html", role="article", status=200, column="要闻", text=f"{i}:{TEXT}",
               out_links=[{"url": f"http://127.0.0.1/x{i}.pdf", "text": "附件"}], tables=[])  # fmt: skip
    w.flush()
    tracemalloc.start()
    snap = load_snapshot(sessions, run_id)
    total, firsts = 0, set()
    for page in snap.articles():
        total += len(page.text)
        firsts.add(page.text.split(":", 1)[0])
        assert page.out_links[0]["url"].endswith(f"x{page.url.rsplit('/', 1)[1].split('.')[0]}.pdf")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total == sum(len(f"{i}:{TEXT}") for i in range(PAGES)) and len(firsts) == PAGES
    held = PAGES * len(TEXT) * 2  # what holding every text at once would take (UCS-2 strings)
    assert peak < held / 4, (peak, held)
    # random access still works (a check looking a page up by URL)
    assert snap.page("http://127.0.0.1/a/7.html").text.startswith("7:")
    assert snap.page("http://127.0.0.1/a/1999.html").text.startswith("1999:")
