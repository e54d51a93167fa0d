"""What every page of the console needs: the app's state, who is looking, and the checks that a
viewer may see an issue (enforced on the server on every request, never in templates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, g, request
from govaudit.config.schema import Config, WebUser
from govaudit.issues import lifecycle
from govaudit.issues.views import IssueView, view
from govaudit.store.loop_tables import IssueRow
from sqlalchemy.orm import Session, sessionmaker

from govaudit.errors import IssueError

from .throttle import LoginThrottle


@dataclass(frozen=True)
class Viewer:
    login: str
    unit: str | None  # None: the office

    @property
    def is_office(self) -> bool:
        return self.unit is None

    @property
    def actor(self) -> str:
        return f"{self.unit or '办公室'}·{self.login}"


def viewer_of(user: WebUser) -> Viewer:
    return Viewer(user.login, None if user.role == "office" else user.unit)


@dataclass
class Console:
    """The console's state, kept in `app.extensions["govaudit"]`."""

    config: Config  # replaced when the office edits it (config/dbcopy.py)
    sessions: sessionmaker[Session]
    today: Callable[[], dt.date]
    throttle: LoginThrottle
    dummy_hash: str  # checked for an unknown login, so it costs what a wrong password costs
    db_url: str = ""
    on_config_change: Callable[[Config], None] | None = None  # `serve`: its jobs follow the config

    def use(self, config: Config) -> None:
        """The office saved a new config: the console and (under `serve`) the scheduler use it."""
        self.config = config
        if self.on_config_change is not None:
            self.on_config_change(config)

    @property
    def users(self) -> dict[str, WebUser]:  # the logins of the config now (edited in the console)
        return {u.login: u for u in self.config.web.users}


def console() -> Console:
    return current_app.extensions["govaudit"]  # type: ignore[no-any-return]


def viewer() -> Viewer:
    v: Viewer | None = g.viewer
    assert v is not None  # the login check in app.py runs before every page
    return v


def office_only() -> None:
    if not viewer().is_office:
        abort(403, "该页面仅限政务公开办公室查看。")


def own_issue(issue_id: int) -> IssueRow:
    """The issue, if this viewer may see it (a unit: only its own; else 404, not 403, so that ids
    of other units' issues are not confirmed)."""
    try:
        issue = lifecycle.get_issue(console().sessions, issue_id)
    except IssueError:
        abort(404, "问题不存在。")
    v = viewer()
    if not v.is_office and issue.unit != v.unit:
        abort(404, "问题不存在。")
    return issue


def issue_view(issue: IssueRow) -> IssueView:
    return view(issue, console().today(), request.host_url.rstrip("/"))
