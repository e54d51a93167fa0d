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
from govaudit.crawler.fetcherrors import describe, is_failure
from govaudit.crawler.sitewide import FACT_OF_CHECK
from govaudit.store import Snapshot
from govaudit.store.loop_tables import IssueRow
from govaudit.store.schema import NoteRow

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


def _link_gap(snapshot: Snapshot, issue: IssueRow) -> str | None:
    """None when the target was checked and works, or every page that linked to it was fetched
    again and none links to it any more; else why not."""
    url = here(issue, snapshot)
    link = next((lk for lk in snapshot.links if lk.url == url), None)
    if link is not None:
        if not link.checked:
            return "本次未能检查该链接"
        if is_failure(link.status, link.error):
            return f"链接目标暂时无应答（{describe(link.status, link.error)}），稍后再复核"
        return None
    sources = [s for s in (issue.evidence or {}).get("sources") or [] if s]
    if not sources:
        return "不知道哪些页面引用了该链接"
    if not all(_source_ok(snapshot, s) for s in sources):
        return "引用该链接的页面本次未能全部打开"
    return None


def _page_gap(snapshot: Snapshot, url: str) -> str | None:
    page = snapshot.page(url)
    if page is None:
        return "本次未抓取到该页面"
    if is_failure(page.status, page.error):
        return f"页面未能打开（{describe(page.status, page.error)}）"
    if not all(a.readable for a in snapshot.attachments_of(url)):
        return "页面的附件未能读取"
    return None


_RUN_STATUS = {"timeout": "检查超时，结果不完整", "crawl_failed": "抓取异常，结果不完整",
               "outage": "监测端网络故障，网站均无应答", "interrupted": "检查被中断"}  # fmt: skip


def judge_gap(
    issue: IssueRow, snapshot: Snapshot, notes: Collection[NoteRow], checks_run: Collection[str]
) -> str | None:
    """None when this run could have found `issue` again (so not finding it means it is fixed);
    else why it could not, in Chinese (shown on the issue's history after a recheck)."""
    if snapshot.run.status not in ("done", "crawled"):
        return _RUN_STATUS.get(snapshot.run.status, "检查未完成")
    if issue.check not in checks_run:
        return "本次未运行该检查"
    if is_summary(issue.evidence) and (snapshot.run.stats or {}).get("kind") == "recheck":
        # the findings not listed one by one (checks/caps.py): only a full audit sees them all
        return "该问题为汇总项（未逐条列出），复核无法判定，请等下次全面检查"
    url = here(issue, snapshot)
    for n in notes:  # (notes about the homepage are about the site as a whole: probes, crawl end)
        if (n.url == url and n.url != snapshot.run.site_url) or (
            issue.column is not None and n.column == issue.column
        ):
            return n.message
    if issue.check in FACT_OF_CHECK:
        fact = snapshot.facts.get(FACT_OF_CHECK[issue.check])
        if fact is None or fact.get("undecided") or fact.get("failed"):  # (site-wide facts, issue 13)
            return "本次未能取得判定该问题所需的网站整体信息（页脚、HTTPS、IPv6、搜索、年度报表或新媒体）"
    if issue.check in SITE_LEVEL:
        if "probes" in (issue.evidence or {}):  # judged on the probe history, not on this fetch
            ok = snapshot.probes is not None and snapshot.probes.sufficient
            return None if ok else "首页可用性监测记录不足"
        return None if snapshot.homepage is not None else "未能抓取首页"
    if issue.check in COLUMN_LEVEL:
        ok = issue.column is not None and snapshot.column_page(issue.column) is not None
        return None if ok else "未能抓取栏目页"
    if issue.check in LINK_LEVEL:
        return _link_gap(snapshot, issue)
    # page-level checks: the page itself was read, and its attachments (privacy_leak, annual
    # reports read them as part of the page)
    return _page_gap(snapshot, url)


def could_judge(
    issue: IssueRow, snapshot: Snapshot, notes: Collection[NoteRow], checks_run: Collection[str]
) -> bool:
    """Whether this run could have found `issue` again (so not finding it means it is fixed)."""
    return judge_gap(issue, snapshot, notes, checks_run) is None
