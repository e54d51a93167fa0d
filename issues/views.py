"""An issue as mails, the XLSX 交办单 and the web pages show it (Chinese labels, links, urgency)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from govaudit.reports.labels import CHECK_NAMES, SEVERITY_NAMES, evidence_rows
from govaudit.store.loop_tables import IssueRow

from govaudit.workdays import is_workday, workdays_between

from .lifecycle import IssueState, is_overdue

DUE_SOON_WORKDAYS = 2  # "即将到期": the deadline is at most this many working days away
_SEVERITY_RANK = {"veto": 0, "major": 1, "minor": 2}


def value_text(value: Any, limit: int = 600) -> str:
    """One evidence value as plain text (lists one per line, page records by their URL)."""
    if isinstance(value, dict):
        where = value.get("page") or value.get("url")
        if where:
            text = f"{where}（{value['text']}）" if value.get("text") else str(where)
        else:
            text = "；".join(f"{k}：{json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v}"
                            for k, v in value.items() if v not in (None, ""))  # fmt: skip
    elif isinstance(value, list | tuple):
        text = "\n".join(value_text(v, limit) for v in value[:10])
        if len(value) > 10:
            text += f"\n……共 {len(value)} 项"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class IssueView:
    id: int
    check: str
    check_name: str
    severity: str
    severity_label: str
    state: str
    state_label: str
    site: str
    column: str | None
    url: str
    unit: str | None
    message: str
    evidence: list[tuple[str, str]]
    opened: dt.date
    deadline: dt.date | None
    overdue: bool
    overdue_workdays: int
    due_soon: bool
    is_new: bool  # found since the previous working day
    is_open: bool
    reopen_count: int
    feedback_kind: str | None
    feedback_note: str | None
    rectified_on: dt.date | None
    web_url: str
    recheck_url: str | None
    fingerprint: str = ""  # the issue's identity (the hidden check key of the XLSX 交办单)

    @property
    def evidence_text(self) -> str:
        return "\n".join(f"{k}：{v}" for k, v in self.evidence)

    @property
    def place(self) -> str:
        return self.site + (f" · {self.column}" if self.column else "")

    @property
    def urgency(self) -> str:
        if self.overdue:
            return f"已逾期 {self.overdue_workdays} 个工作日"
        if self.due_soon:
            return "即将到期"
        return ""


def view(issue: IssueRow, as_of: dt.date, base_url: str, recheck_url: str | None = None) -> IssueView:
    state = IssueState(issue.state)
    overdue = is_overdue(issue, as_of)
    due_soon = (
        state.is_open and not overdue and issue.deadline is not None
        and workdays_between(as_of, issue.deadline) <= DUE_SOON_WORKDAYS
    )  # fmt: skip
    return IssueView(
        id=issue.id, check=issue.check, check_name=CHECK_NAMES.get(issue.check, issue.check),
        severity=issue.severity, severity_label=SEVERITY_NAMES.get(issue.severity, issue.severity),
        state=state.value, state_label=state.label, site=issue.site, column=issue.column, url=issue.url,
        unit=issue.unit, message=issue.message,
        evidence=[(k, value_text(v)) for k, v in evidence_rows(issue.evidence or {}, issue.check)],
        opened=issue.opened, deadline=issue.deadline, overdue=overdue,
        overdue_workdays=workdays_between(issue.deadline, as_of) if overdue and issue.deadline else 0,
        due_soon=due_soon, is_new=issue.opened > _previous_workday(as_of) and state.is_open,
        is_open=state.is_open, reopen_count=issue.reopen_count, feedback_kind=issue.feedback_kind,
        feedback_note=issue.feedback_note, rectified_on=issue.rectified_on,
        web_url=f"{base_url.rstrip('/')}/issues/{issue.id}", recheck_url=recheck_url,
        fingerprint=issue.fingerprint,
    )  # fmt: skip


def _previous_workday(as_of: dt.date) -> dt.date:
    """The working day before `as_of`: what was found after its morning mail is "new" today."""
    day = as_of - dt.timedelta(days=1)
    while not is_workday(day) and as_of - day < dt.timedelta(days=30):
        day -= dt.timedelta(days=1)
    return day


def sort_key(v: IssueView) -> tuple[int, int, dt.date, int]:
    """Overdue first, then due soon, then by severity and deadline."""
    group = 0 if v.overdue else 1 if v.due_soon else 2
    return (group, _SEVERITY_RANK.get(v.severity, 9), v.deadline or dt.date.max, v.id)
