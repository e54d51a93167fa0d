"""Could a run judge an issue? An open issue is rectified only when the run looked at its thing.

A finding's absence means "fixed" only if the run fetched what the check needs and the check
said nothing uncertain about it. A crawl that failed or timed out, a page not fetched this time,
a link that was not checked or answered "try later", a page carried over from an earlier run
whose copy is older than crawl.refetch_days (incremental audits), or a Note about the same page or column
(the check could not judge it) all leave the issue as it was. When unsure, the issue stays open:
a wrongly closed issue is a false all-clear. A site that moved is judged at its new address: the
issue's thing (its path within the site) is looked for at the run's site URL.
"""

from __future__ import annotations

from collections.abc import Collection

from govaudit.checks.base import ids_with_scope
from govaudit.checks.caps import is_summary
from govaudit.crawler.fetcherrors import is_failure
from govaudit.store import Snapshot
from govaudit.store.schema import IssueRow, NoteRow

from govaudit.urls import at_site, rehome

# what a check is about decides what a run must have fetched to judge it (checks declare it)
SITE_LEVEL = ids_with_scope("site")
COLUMN_LEVEL = ids_with_scope("column")
LINK_LEVEL = ids_with_scope("link")


def _fetched_ok(snapshot: Snapshot, url: str) -> bool:
    page = snapshot.page(url)
    return page is not None and not is_failure(page.status, page.error) and not stale_copy(snapshot, page)


def stale_copy(snapshot: Snapshot, page: object) -> bool:
    """A page carried over from an earlier run (incremental audits) whose copy is older than
    crawl.refetch_days: what it says is not today's page, so it never closes an issue."""
    if getattr(page, "carried_from", None) is None:
        return False
    read_on = getattr(page, "fetched_on", None)
    limit = int((snapshot.run.stats or {}).get("refetch_days", 7))
    return read_on is None or (snapshot.run.as_of - read_on).days > limit


def here(issue: IssueRow, snapshot: Snapshot) -> str:
    """The issue's thing at fault as a URL at the run's site address (the site may have moved)."""
    return at_site(issue.thing or issue.url, snapshot.run.site_url)


def _source_ok(snapshot: Snapshot, url: str) -> bool:
    return _fetched_ok(snapshot, url) or _fetched_ok(snapshot, rehome(url, snapshot.run.site_url))


def _link_judged(snapshot: Snapshot, issue: IssueRow) -> bool:
    """The target was checked and works, or every page that linked to it was fetched again and
    none links to it any more."""
    url = here(issue, snapshot)
    link = next((lk for lk in snapshot.links if lk.url == url), None)
    if link is not None:
        return link.checked and not is_failure(link.status, link.error)
    sources = [s for s in (issue.evidence or {}).get("sources") or [] if s]
    return bool(sources) and all(_source_ok(snapshot, s) for s in sources)


def could_judge(
    issue: IssueRow, snapshot: Snapshot, notes: Collection[NoteRow], checks_run: Collection[str]
) -> bool:
    """Whether this run could have found `issue` again (so not finding it means it is fixed)."""
    if snapshot.run.status not in ("done", "crawled") or issue.check not in checks_run:
        return False
    if is_summary(issue.evidence) and (snapshot.run.stats or {}).get("kind") == "recheck":
        return False  # the findings not listed one by one (checks/caps.py): only a full audit sees them all
    url = here(issue, snapshot)
    for n in notes:  # (notes about the homepage are about the site as a whole: probes, crawl end)
        if (n.url == url and n.url != snapshot.run.site_url) or (
            issue.column is not None and n.column == issue.column
        ):
            return False
    if issue.check in SITE_LEVEL:
        if "probes" in (issue.evidence or {}):  # judged on the probe history, not on this fetch
            return snapshot.probes is not None and snapshot.probes.sufficient
        return snapshot.homepage is not None
    if issue.check in COLUMN_LEVEL:
        return issue.column is not None and snapshot.column_page(issue.column) is not None
    if issue.check in LINK_LEVEL:
        return _link_judged(snapshot, issue)
    # page-level checks: the page itself was read, and its attachments (privacy_leak, annual
    # reports read them as part of the page)
    return _fetched_ok(snapshot, url) and all(a.readable for a in snapshot.attachments_of(url))
