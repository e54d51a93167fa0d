"""How long a unit has to fix an issue: working days by check where the problem demands it (a
privacy leak must come down at once), else by severity (config `issues.deadline_workdays`).

Precedence: the config's `issues.deadlines[check]`, then CHECK_WORKDAYS below, then the
severity's `issues.deadline_workdays`. Working days are Chinese working days (govaudit/workdays.py).
"""

from __future__ import annotations

import datetime as dt

from govaudit.config.schema import Config

from govaudit.workdays import add_workdays

#: built-in per-check deadlines (working days), shorter than their severity's
CHECK_WORKDAYS: dict[str, int] = {
    "privacy_leak": 1,  # 个人信息泄露: 请立即撤下
    "serious_error": 1,  # 严重表述错误, 暗链: a 单项否决 item visible to every reader
}


def deadline_workdays(config: Config, check: str | None, severity: str) -> int:
    if check and check in config.issues.deadlines:
        return config.issues.deadlines[check]
    if check and check in CHECK_WORKDAYS:
        return CHECK_WORKDAYS[check]
    by_severity = config.issues.deadline_workdays
    return int(getattr(by_severity, severity, by_severity.minor))


def default_deadline(config: Config, severity: str, as_of: dt.date, check: str | None = None) -> dt.date:
    return add_workdays(as_of, deadline_workdays(config, check, severity))
