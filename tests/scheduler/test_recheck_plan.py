"""What a recheck fetches: only what its issues need (pure planning, no network)."""

from __future__ import annotations

import datetime as dt

from govaudit.config import parse_config
from govaudit.scheduler.recheck import plan_for
from govaudit.store.loop_tables import IssueRow

B = "http://127.0.0.1:9"
CONFIG = f"""
sites:
  - name: 县政府
    url: {B}/
    columns:
      - {{name: 要闻, url: {B}/yw/, kind: news}}
      - {{name: 通知, url: {B}/tz/, kind: notice}}
      - {{name: 政策, url: {B}/zc/, kind: policy}}
"""


def _issue(check: str, url: str, column: str | None = None, **evidence: object) -> IssueRow:
    day = dt.date(2026, 11, 20)
    return IssueRow(fingerprint=check + url, check=check, severity="minor", site="县政府", column=column, url=url,
                    unit=None, message="", evidence=evidence, state="assigned", opened=day, last_seen=day)  # fmt: skip


def test_plan_fetches_only_what_the_issues_need() -> None:
    site = parse_config(CONFIG, "c.yaml").sites[0]
    issues = [
        _issue("column_stale", f"{B}/tz/", "通知"),
        _issue("metadata_incomplete", f"{B}/zc/1.html", "政策"),
        _issue(
            "broken_link",
            f"{B}/x.pdf",
            "要闻",
            sources=[f"{B}/yw/2.html", f"{B}/"],
            kind="attachment",
            internal=True,
            text="附件",
        ),  # fmt: skip
    ]
    restricted, plan, checks = plan_for(site, issues)
    assert [c.name for c in restricted.columns] == ["通知"]  # not 要闻, not 政策
    assert checks == {"column_stale", "metadata_incomplete", "broken_link"}
    assert plan.pages == ((f"{B}/zc/1.html", "政策"),)
    assert plan.sources == (f"{B}/yw/2.html", f"{B}/")
    assert not plan.homepage  # the homepage is read only as a source page
    (target,) = plan.links.items()
    assert target[0] == f"{B}/x.pdf" and target[1]["kind"] == "attachment"
    assert [s["role"] for s in target[1]["sources"]] == ["article", "homepage"]


def test_site_level_and_page_level_on_homepage_or_column_page() -> None:
    site = parse_config(CONFIG, "c.yaml").sites[0]
    restricted, plan, _ = plan_for(
        site, [_issue("homepage_stale", f"{B}/"), _issue("meta_missing", f"{B}/yw/", "要闻")]
    )
    assert plan.homepage and plan.pages == () and [c.name for c in restricted.columns] == ["要闻"]
