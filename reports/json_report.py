"""The JSON report: exactly the shape of CHECKS.md §3 (`run` + `findings`), plus run details."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from govaudit.models import AuditResult

from .files import write_atomic
from .order import sorted_findings


def issue_counts(sync: Any) -> dict[str, int]:
    """What the run changed in the issue tracker (issues/sync.py SyncResult)."""
    return {"new": len(sync.new), "reopened": len(sync.reopened), "rectified": len(sync.rectified),
            "still_open": len(sync.still_open)}  # fmt: skip


def build(result: AuditResult) -> dict[str, Any]:
    return {
        "run": {
            "as_of": result.as_of.isoformat(),
            "started": result.started.isoformat(timespec="seconds"),
            "finished": result.finished.isoformat(timespec="seconds"),
            "pages": result.pages,
            # a monitoring-side outage (nothing answered, not even the reference URLs): why; else null
            "outage": result.outage,
            # findings whose unit is only the site's default (no column unit, no matching 发布机构)
            "unrouted": sum(1 for f in result.findings if f.unrouted),
            "sites": [
                {
                    "name": s.site.name,
                    "url": s.site.url,
                    "run_id": s.run_id,
                    "status": s.status,
                    **({"outage": s.outage} if s.outage else {}),
                    "pages": s.pages,
                    "requests": s.requests,
                    "unrouted": sum(1 for f in s.findings if f.unrouted),
                    "attachments": {"read": s.attachments_read, "unreadable": len(s.attachments_unreadable)},
                    **({"issues": issue_counts(s.issues)} if s.issues is not None else {}),
                }
                for s in result.sites
            ],  # fmt: skip
            "unreadable_attachments": [
                {"site": s.site.name, **a} for s in result.sites for a in s.attachments_unreadable
            ],
            **(
                {"issues": {k: v for k, v in result.tracker.items() if k != "by_fingerprint"}}
                if result.tracker is not None
                else {}
            ),
            "notes": [
                {"site": n.site, "column": n.column, "url": n.url, "message": n.message} for n in result.notes
            ],
        },
        "findings": [f.to_json() for f in sorted_findings(result.findings)],
    }


def write(result: AuditResult, path: str | Path) -> Path:
    text = json.dumps(build(result), ensure_ascii=False, indent=2, default=str)
    return write_atomic(Path(path), text)
