"""Rechecks: fetch only what some issues need, re-run only their checks, move the issues.

`recheck` plans a restricted crawl per site (crawler/plan.py): the homepage for site-level
issues, the concerned columns (with their list pages and articles) for column issues, the page
itself for page-level issues, and for a broken link the pages that linked to it plus the target.
Then it runs only the issues' checks on that snapshot and syncs the issues in scope
(reports/issues.py: rectified, or back to assigned with a note; not judged ones stay).
`process_pending` does the same for the RecheckRequests queued from the web pages.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from govaudit.config import Config, Site
from govaudit.crawler.plan import CrawlPlan
from govaudit.issues.judged import COLUMN_LEVEL, LINK_LEVEL, SITE_LEVEL
from govaudit.issues.lifecycle import (
    OPEN_STATES,
    IssueState,
    get_issue,
    list_issues,
)
from govaudit.issues.rechecks import record_unjudged
from govaudit.issues.sync import SyncResult, sync_run
from govaudit.reports.labels import CHECK_NAMES
from govaudit.store import open_db
from govaudit.store.loop_tables import IssueRow, RecheckRequest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from govaudit.clock import now
from govaudit.clock import today as clock_today
from govaudit.errors import IssueError
from govaudit.urls import at_site

from . import network
from .audit import declare_outage, run_site

log = logging.getLogger(__name__)


@dataclass
class RecheckOutcome:
    issue_id: int
    check: str
    url: str
    before: str
    state: str
    judged: bool  # False: the recheck could not look at it (page not fetched, crawl failed …)
    run_id: int | None = None
    why: str | None = None  # not judged: why (Chinese)

    def line(self) -> str:
        st = IssueState(self.state)
        if self.run_id is None:
            extra = "（问题已关闭，未复核）"
        else:
            extra = "" if self.judged else f"（本次复核未能判定，状态不变：{self.why or '原因不明'}）"
        name = CHECK_NAMES.get(self.check, "问题")
        return f"问题 {self.issue_id}（{name}）{self.url}：{st.label}{extra}"


def plan_for(site: Site, issues: Iterable[IssueRow]) -> tuple[Site, CrawlPlan, set[str]]:
    """(site restricted to the concerned columns, the crawl plan, the checks to run)."""
    columns: set[str] = set()
    homepage = False
    pages: list[tuple[str, str | None]] = []
    sources: list[str] = []
    links: dict[str, dict] = {}
    checks: set[str] = set()
    column_urls = {c.url: c.name for c in site.columns}
    for i in issues:
        checks.add(i.check)
        ev = i.evidence or {}
        url = at_site(i.thing or i.url, site.url)  # where it is now (the site may have moved)
        if i.check in SITE_LEVEL:
            homepage = True
        elif i.check in COLUMN_LEVEL and i.column:
            columns.add(i.column)
        elif i.check in LINK_LEVEL:
            srcs = [p for p in (ev.get("sources") or [ev.get("source")]) if p]
            links[url] = {
                "kind": ev.get("kind", "page"), "internal": bool(ev.get("internal", True)),
                "sources": [{"page": p, "role": "homepage" if p == site.url else "article", "column": i.column,
                             "text": ev.get("text", "")} for p in srcs],
            }  # fmt: skip
            sources.extend(p for p in srcs if p not in sources)
        elif url == site.url:
            homepage = True
        elif url in column_urls:
            columns.add(column_urls[url])
        else:
            pages.append((url, i.column))
    restricted = site.model_copy(update={"columns": tuple(c for c in site.columns if c.name in columns)})
    plan = CrawlPlan(homepage=homepage, pages=tuple(pages), sources=tuple(sources), links=links)
    return restricted, plan, checks


def recheck(config: Config, db_url: str, issue_ids: Iterable[int], *,
            as_of: dt.date | None = None, log_level: str = "ERROR") -> list[RecheckOutcome]:  # fmt: skip
    """Recheck these issues (unknown id: IssueError); closed ones are reported as they are."""
    sessions = open_db(db_url)
    as_of = as_of or clock_today(config)
    issues = [get_issue(sessions, i) for i in sorted(set(issue_ids))]
    outcomes: dict[int, RecheckOutcome] = {}
    by_site: dict[str, list[IssueRow]] = {}
    for i in issues:
        if IssueState(i.state) in OPEN_STATES:
            by_site.setdefault(i.site, []).append(i)
        else:
            outcomes[i.id] = RecheckOutcome(i.id, i.check, i.url, i.state, i.state, judged=False)
    for site_name, group in by_site.items():
        try:
            site = config.site(site_name)
        except KeyError:
            raise IssueError(
                f"问题 {group[0].id} 所属网站“{site_name}”不在配置中 (site not in config)"
            ) from None
        restricted, plan, checks = plan_for(site, group)
        result = run_site(config, restricted, as_of, db_url, log_level=log_level, plan=plan, only=checks,
                          kind="recheck")  # fmt: skip
        outage = None if result.answered else network.outage_reason(config, False)
        if outage:  # nothing answered, not even a reference URL: nothing judged, nothing moves
            declare_outage(db_url, result, outage)
            why = outage
            sync = SyncResult(not_judged=[i.id for i in group], why={i.id: why for i in group})
            record_unjudged(sessions, [i.id for i in group], why, result.run_id)
        else:
            sync = sync_run(
                sessions, config, site_name, result.run_id, as_of, scope={i.fingerprint for i in group}
            )
        for i in group:
            after = get_issue(sessions, i.id)
            outcomes[i.id] = RecheckOutcome(i.id, i.check, i.url, i.state, after.state,
                                            judged=i.id not in sync.not_judged, run_id=result.run_id,
                                            why=sync.why.get(i.id))  # fmt: skip
    return [outcomes[i.id] for i in issues]


def issues_for(
    db_url: str, *, ids: Iterable[int] = (), unit: str | None = None, url: str | None = None
) -> list[int]:
    """Issue ids to recheck: the given ids, plus the open issues of a unit or at a URL."""
    sessions = open_db(db_url)
    chosen = list(ids)
    if unit is not None or url is not None:
        rows = list_issues(sessions, unit=unit, state="open")
        chosen += [
            r.id for r in rows if url is None or r.url == url or (r.evidence or {}).get("source") == url
        ]
    return sorted(set(chosen))


def _say_failed(sessions: sessionmaker[Session], ids: list[int]) -> None:
    """A recheck that broke down still leaves its trace on each issue (never the exception text)."""
    try:
        record_unjudged(sessions, ids, "复核过程出错，请稍后重新申请复核或联系技术人员", None)
    except Exception:  # noqa: BLE001 - an issue deleted meanwhile: the request's error says it
        log.exception("could not record the failed recheck on issues %s", ids)


def process_pending(config: Config, db_url: str, *, as_of: dt.date | None = None) -> int:
    """Run the pending RecheckRequests, oldest first; returns how many were processed."""
    sessions = open_db(db_url)
    done = 0
    while True:
        with sessions() as s, s.begin():
            req_id = s.scalar(select(RecheckRequest.id).where(RecheckRequest.status == "pending")
                              .order_by(RecheckRequest.id).limit(1))  # fmt: skip
            if req_id is None:
                return done
            claimed = s.execute(update(RecheckRequest).where(RecheckRequest.id == req_id,
                                                             RecheckRequest.status == "pending")
                                .values(status="running")).rowcount  # fmt: skip
        if not claimed:
            continue
        with sessions() as s:
            req = s.get(RecheckRequest, req_id)
            ids = list(req.issue_ids) if req else []
        try:
            outcomes = recheck(config, db_url, ids, as_of=as_of)
            fields = {"status": "done", "result": {str(o.issue_id): o.state for o in outcomes}, "error": None}
        except Exception as exc:  # noqa: BLE001 - one bad request must not stop the queue
            log.exception("recheck request %s failed", req_id)
            fields = {
                "status": "failed",
                "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
            }
            _say_failed(sessions, ids)
        with sessions() as s, s.begin():
            s.execute(
                update(RecheckRequest).where(RecheckRequest.id == req_id).values(finished_at=now(), **fields)
            )
        done += 1
