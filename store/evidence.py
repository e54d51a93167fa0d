"""Evidence kept: a page as it was fetched when a finding was made on it (issue 13).

During a crawl the spider spools every page it fetched in full, gzip-compressed, into a folder
(`spool_html`); the audit runner then keeps those that findings point at (`keep`) in the
`evidence_pages` table (schema version 6) per finding fingerprint and page: the first capture
(the page when the problem was found) and the newest. Rows are pruned (`prune`) once no open issue has their fingerprint. The web
issue page shows them as 检查时页面 (web/issue_pages.py), served as inert HTML.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now
from govaudit.models import Finding

from .loop_tables import IssueRow
from .schema import EvidencePage

log = logging.getLogger(__name__)
OPEN_STATES = ("new", "assigned", "feedback", "reopened")


def html_name(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()[:24] + ".html.gz"


def spool_html(folder: str, url: str, body: bytes) -> None:
    """Write a page's bytes as fetched (compressed) into the spool folder."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, html_name(url)), "wb") as fh:
        fh.write(gzip.compress(body, compresslevel=1))  # fast: every page is spooled


def read_spooled_html(folder: str | None, url: str) -> bytes | None:
    """A spooled page's bytes, or None."""
    if not folder:
        return None
    path = os.path.join(folder, html_name(url))
    try:
        with open(path, "rb") as fh:
            return gzip.decompress(fh.read())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None


def _pages_of(f: Finding) -> list[str]:
    """The pages a finding is about: its url, and for a broken link the pages linking to it."""
    urls = [f.url]
    for src in (f.evidence or {}).get("sources") or []:
        page = src.get("page") if isinstance(src, dict) else src
        if isinstance(page, str):
            urls.append(page)
    return list(dict.fromkeys(urls))


def keep(sessions: sessionmaker[Session], run_id: int, findings: list[Finding], folder: str | None,
         content_types: dict[str, str | None], *, max_pages: int = 200,
         screenshot: Any | None = None) -> int:  # fmt: skip
    """Keep the spooled pages the findings point at; returns how many were stored. `screenshot`
    (url -> PNG bytes or None) adds a picture of each page."""
    if not folder or not os.path.isdir(folder):
        return 0
    rows: list[EvidencePage] = []
    shots: dict[str, bytes | None] = {}
    for f in findings:
        for url in _pages_of(f)[:3]:
            if len(rows) >= max_pages:
                break
            compressed = _spooled_gz(folder, url)
            if compressed is None:
                continue
            if screenshot is not None and url not in shots:
                shots[url] = screenshot(url)
            rows.append(EvidencePage(fingerprint=f.fingerprint, run_id=run_id, url=url, fetched=now(),
                                     content_type=content_types.get(url), html_gz=compressed,
                                     screenshot=shots.get(url)))  # fmt: skip
    if not rows:
        return 0
    with sessions() as s, s.begin():
        for row in rows:  # kept: the first capture (when the problem was found) and the newest
            same = [(r_id, url) for r_id, url in s.execute(
                select(EvidencePage.id, EvidencePage.url).where(EvidencePage.fingerprint == row.fingerprint)
            ) if _where(url) == _where(row.url)]  # fmt: skip
            stale = sorted(r_id for r_id, _ in same)[1:]  # all but the first capture
            if stale:
                s.execute(delete(EvidencePage).where(EvidencePage.id.in_(stale)))
        s.add_all(rows)
    return len(rows)


def _where(url: str) -> str:
    """A page by its path and query (the site may have moved to another address)."""
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def _spooled_gz(folder: str, url: str) -> bytes | None:
    try:
        with open(os.path.join(folder, html_name(url)), "rb") as fh:
            return fh.read()
    except OSError:
        return None


def prune(sessions: sessionmaker[Session]) -> int:
    """Delete evidence whose fingerprint has no open issue (rectified, waived, false alarm, or
    never an issue); returns how many rows went."""
    with sessions() as s, s.begin():
        open_fps = select(IssueRow.fingerprint).where(IssueRow.state.in_(OPEN_STATES))
        result = s.execute(delete(EvidencePage).where(EvidencePage.fingerprint.not_in(open_fps)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def list_for(sessions: sessionmaker[Session], fingerprint: str) -> list[dict[str, Any]]:
    """The evidence rows of a fingerprint (no bytes): id, url, fetched, has_screenshot."""
    with sessions() as s:
        rows = s.execute(
            select(EvidencePage.id, EvidencePage.url, EvidencePage.fetched, EvidencePage.screenshot.is_not(None))
            .where(EvidencePage.fingerprint == fingerprint).order_by(EvidencePage.id)
        ).all()  # fmt: skip
    return [{"id": r[0], "url": r[1], "fetched": r[2], "screenshot": bool(r[3])} for r in rows]


def load(sessions: sessionmaker[Session], evidence_id: int) -> EvidencePage | None:
    with sessions() as s:
        row = s.get(EvidencePage, evidence_id)
        if row is not None:
            s.expunge(row)
        return row


def html_of(row: EvidencePage) -> bytes:
    return gzip.decompress(row.html_gz) if row.html_gz else b""
