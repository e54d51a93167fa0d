"""What a run did not reach, said in its notes (未判定事项).

A column whose list-page cap stopped the crawl has list pages, and the articles on them, that
this run did not read. Each later incremental run reads further down such a list (list pages
whose entries were all read before do not count against the cap, crawler/reuse.py), so every
article is read within a few daily audits; until then the note names what is missing.
"""

from __future__ import annotations

from typing import Any

from govaudit.config import Site

from govaudit.models import Note


def not_reached(site: Site, last: dict[str, Any]) -> list[Note]:
    """One note per column the list-page cap stopped (about the site as a whole: it keeps no
    column issue from being judged on what was read)."""
    notes = []
    for column, pages in sorted((last.get("capped") or {}).items()):
        notes.append(Note(site=site.name, column=None, url=site.url, message=(
            f"栏目“{column}”本次读取列表 {pages} 页即达到抓取上限，其后的列表页及其中的文章本次未读取；"
            "此前读过的文章沿用当时读取的内容，其余将在此后的检查中继续读取"
        )))  # fmt: skip
    return notes
