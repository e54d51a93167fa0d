"""Schema step 4: issue identity that survives a site's move, one issue per problem (issue 9).

Before version 4 a fingerprint was sha1([check, site, url, key]) with the full URL, and the key
(which problem of the thing) was not stored. From version 4 it is made of the thing at fault as
`Finding.thing` gives it (the path and query of the site's own pages) and the key, both stored.

This step recomputes every stored fingerprint: the site's address is the run's `site_url`, the
key is recovered by trying what each check wrote as its key (from the row's check, URL and
evidence) against the old fingerprint, so a recovered key is certain. A row whose key cannot be
recovered keeps its fingerprint (an open issue still follows its thing: issues/lifecycle.py
matches it by check and thing). Issues that are now one problem are merged: privacy_leak was one
issue per kind of number and per attachment (now one per page), and a dead 暗链 target was also
a broken_link issue (now only the serious_error one). The open (else the oldest) issue of each
group takes the new fingerprint; the others are closed as `merged` with an event naming it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from govaudit.clock import now
from govaudit.models import fingerprint
from govaudit.urls import site_thing

from .loop_tables import IssueEvent, IssueRow
from .schema import FindingRow, Run

OPEN = ("new", "assigned", "feedback", "reopened")
MERGEABLE = (*OPEN, "rectified")  # closed by the office (waived, false_alarm) stays as decided
_CONSTANT_KEYS = ("", "warning", "probes", "typos", "expired", "expression", "outdated_name")


def _legacy_fingerprint(check: str, site: str, url: str, key: str) -> str:
    raw = json.dumps([check, site, url, key], ensure_ascii=False)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _reasons(evidence: dict[str, Any]) -> Iterator[str]:
    """What describe(status, error) said (crawler/fetcherrors.py), with any wording it had."""
    from govaudit.crawler.fetcherrors import ERROR_KINDS

    if evidence.get("status") is not None:
        yield f"HTTP {evidence['status']}"
    yield "未获取"
    yield from (kind.label for kind in ERROR_KINDS.values())


def _joined(evidence: dict[str, Any], *names: str) -> str:
    return ",".join(
        str(x) for n in names for x in (evidence.get(n) or []) if isinstance(evidence.get(n), list)
    )


def _metadata_codes(evidence: dict[str, Any]) -> list[str]:
    """checks/metadata_incomplete.py's problem codes, from its Chinese problem texts."""
    codes = []
    for p in evidence.get("problems") or []:
        p = str(p)
        if "晚于发布日期" in p:
            codes.append("written_after_published")
        elif "晚于检查日期" in p:
            codes.append("future:" + p.split(" ", 1)[0])
        elif p.startswith("索引号"):
            codes.append("index_number")
    return codes


def legacy_keys(check: str, url: str, evidence: dict[str, Any]) -> Iterator[str]:
    """Every key a check of version 3 may have given this finding (verified by the caller)."""
    ev = evidence if isinstance(evidence, dict) else {}
    yield from _CONSTANT_KEYS
    yield url
    yield from _reasons(ev)
    if isinstance(ev.get("kind"), str):
        yield ev["kind"]
    if ev.get("rule") == "hidden_link":
        yield f"hidden_link:{ev.get('url')}"
    missing = _joined(ev, "missing", "malformed")
    yield missing
    yield "article:" + missing
    yield ",".join([str(m) for m in ev.get("missing") or []] + _metadata_codes(ev))
    if ev.get("item"):
        since = str(ev.get("since") or "")
        yield from (f"{ev['item']}:standing", f"{ev['item']}:{since}", f"{ev['item']}:{since[:4]}")
    if ev.get("identity"):
        from govaudit.crawler.extract.annual_report import report_owner

        for owner in dict.fromkeys((report_owner(str(ev.get("title") or "")), "")):
            yield f"{ev.get('year')}:{owner}:{ev['identity']}:{ev.get('row')}:{ev.get('column')}"


def recover_key(check: str, site: str, url: str, evidence: dict[str, Any], old: str) -> str | None:
    for key in legacy_keys(check, url, evidence):
        if _legacy_fingerprint(check, site, url, key) == old:
            return key
    return None


def identity(check: str, site: str, url: str, evidence: dict[str, Any], old: str,
             site_url: str) -> tuple[str, str | None, str, str]:  # fmt: skip
    """(thing, key or None, fingerprint, url at fault) of a version-3 finding or issue."""
    key = recover_key(check, site, url, evidence or {}, old)
    if key is None:
        return site_thing(url, site_url), None, old, url
    if check == "privacy_leak":  # one finding per page, its attachments included, every kind
        url, key = str((evidence or {}).get("page") or url), ""
    thing = site_thing(url, site_url)
    return thing, key, fingerprint(check, site, thing, site_thing(key, site_url)), url


def migrate(s: Session) -> None:
    """Recompute the fingerprints of findings and issues; merge issues that are one problem."""
    site_urls: dict[int, str] = dict(s.execute(select(Run.id, Run.site_url)).tuples().all())
    rows = s.execute(select(FindingRow.id, FindingRow.check, FindingRow.site, FindingRow.url,
                            FindingRow.evidence, FindingRow.fingerprint, FindingRow.run_id))  # fmt: skip
    changes = []
    for fid, check, site, url, evidence, old, run_id in rows:
        thing, key, fp, _ = identity(check, site, url, evidence, old, site_urls.get(run_id, ""))
        changes.append({"id": fid, "thing": thing, "problem_key": key, "fingerprint": fp})
    if changes:
        s.execute(update(FindingRow), changes)
    _migrate_issues(s, site_urls)


def _migrate_issues(s: Session, site_urls: dict[int, str]) -> None:
    issues = list(s.scalars(select(IssueRow).order_by(IssueRow.id)))
    groups: dict[str, list[IssueRow]] = defaultdict(list)
    new_identity: dict[int, tuple[str, str | None, str, str]] = {}
    for i in issues:
        site_url = site_urls.get(i.last_run_id or 0) or site_urls.get(i.first_run_id or 0, "")
        new_identity[i.id] = ident = identity(i.check, i.site, i.url, i.evidence, i.fingerprint, site_url)
        groups[ident[2]].append(i)
    hidden = {(i.site, (i.evidence or {}).get("url")): fp for i in issues if i.check == "serious_error"
              and (i.evidence or {}).get("rule") == "hidden_link" for fp in [new_identity[i.id][2]]}  # fmt: skip
    for i in issues:  # a dead 暗链 target: the serious_error issue says it is dead
        fp = hidden.get((i.site, i.url))
        if i.check == "broken_link" and fp is not None and i.state in MERGEABLE:
            groups[new_identity[i.id][2]].remove(i)
            groups[fp].append(i)
    for fp, members in groups.items():
        if not members:
            continue
        survivor = next((m for m in members if m.state in OPEN and m.check != "broken_link"), None)
        survivor = survivor or next((m for m in members if m.check != "broken_link"), members[0])
        thing, key, _, url = new_identity[survivor.id]
        survivor.fingerprint, survivor.thing, survivor.problem_key, survivor.url = fp, thing, key, url
        for m in members:
            if m is survivor:
                continue
            m.thing, m.problem_key = new_identity[m.id][0], new_identity[m.id][1]
            if m.state not in MERGEABLE:
                continue
            s.add(IssueEvent(issue_id=m.id, at=now(), actor="system", from_state=m.state, to_state="merged",
                             note=f"系统升级：与问题 {survivor.id} 为同一问题，已并入该问题", run_id=None))  # fmt: skip
            m.state, m.updated = "merged", now()
    s.flush()
