"""The morning mails: per unit its open issues (HTML + the XLSX 交办单), and the office summary.

`queue_daily_mails` and `queue_weekly_summary` render and queue (idempotently, by key) into the
outbox (reports/outbox.py), which `deliver` sends; `govaudit serve` calls them on schedule and
`govaudit send-reports` by hand. `build_*` render without queuing (a dry run, `demo --loop`).

Recipients: a unit's `units[].email`; the summaries go to `smtp.office_email`, else to the email
of the first site's unit (the office that runs the audits). A unit without an email gets no
mail; the office summary names it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govaudit.config.schema import Config
from govaudit.issues.lifecycle import IssueState, list_issues, unit_stats
from govaudit.issues.views import IssueView, sort_key, view
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker

from . import outbox
from .assignment_sheet import assignment_sheet
from .outbox import Attachment, Mail
from .tokens import recheck_token, secret_key

log = logging.getLogger(__name__)

# what a unit is asked to act on (待交办 issues are the office's to assign first)
UNIT_STATES = (IssueState.ASSIGNED, IssueState.REOPENED, IssueState.FEEDBACK)
TREND_DAYS = 7
TREND_WEEKS = 4

_env = Environment(
    loader=PackageLoader("govaudit.notify", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def base_url(config: Config) -> str:
    """Where the web pages are reached (links in mails)."""
    if config.smtp is not None and config.smtp.base_url:
        return config.smtp.base_url.rstrip("/")
    host = config.web.host if config.web.host not in ("0.0.0.0", "::") else "127.0.0.1"
    return f"http://{host}:{config.web.port}"


def office_name(config: Config) -> str:
    return next((s.unit for s in config.sites if s.unit), None) or "政府网站监测工作组"


def office_recipients(config: Config) -> tuple[str, ...]:
    if config.smtp is not None and config.smtp.office_email:
        return (config.smtp.office_email,)
    office = office_name(config)
    email = next((u.email for u in config.units if u.name == office and u.email), None)
    return (email,) if email else ()


def _unit_email(config: Config, unit: str) -> str | None:
    return next((u.email for u in config.units if u.name == unit and u.email), None)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ---- per unit --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitDigest:
    unit: str
    issues: list[IssueView]

    @property
    def overdue(self) -> list[IssueView]:
        return [v for v in self.issues if v.overdue]

    @property
    def due_soon(self) -> list[IssueView]:
        return [v for v in self.issues if v.due_soon]

    @property
    def new(self) -> list[IssueView]:
        return [v for v in self.issues if v.is_new]


def unit_digests(sessions: sessionmaker[Session], config: Config, as_of: dt.date) -> list[UnitDigest]:
    """Each unit's open issues (assigned, reopened, awaiting recheck), most urgent first."""
    secret = secret_key(sessions, config)
    base = base_url(config)
    by_unit: dict[str, list[IssueView]] = {}
    for state in UNIT_STATES:
        for issue in list_issues(sessions, state=state.value):
            if not issue.unit:
                continue
            link = f"{base}/r/{recheck_token(secret, issue.id, issue.unit)}"
            by_unit.setdefault(issue.unit, []).append(view(issue, as_of, base, link))
    return [UnitDigest(u, sorted(vs, key=sort_key)) for u, vs in sorted(by_unit.items())]


def _file_part(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text)


def unit_mail(config: Config, digest: UnitDigest, as_of: dt.date, to: tuple[str, ...]) -> Mail:
    # the most urgent first, at most limits.mail_issues in the mail (the rest: in the web console)
    listed = UnitDigest(digest.unit, digest.issues[: config.limits.mail_issues])
    ctx = {"d": listed, "all": digest, "more": len(digest.issues) - len(listed.issues), "as_of": as_of,
           "cn_date": _cn_date(as_of), "base_url": base_url(config), "office": office_name(config)}  # fmt: skip
    html = _env.get_template("mail/unit_daily.html").render(**ctx)
    text = _env.get_template("mail/unit_daily.txt").render(**ctx)
    counts = f"共 {len(digest.issues)} 项" + (f"，逾期 {len(digest.overdue)} 项" if digest.overdue else "")
    sheet = digest.issues[: config.limits.report_findings]
    xlsx = assignment_sheet(digest.unit, sheet, as_of, issued_by=office_name(config),
                            more=len(digest.issues) - len(sheet))  # fmt: skip
    return Mail(
        key=f"daily:{digest.unit}:{as_of.isoformat()}", kind="daily", to=to,
        subject=f"【政府网站问题整改交办】{digest.unit} {as_of.isoformat()}（{counts}）",
        html=html, text=text,
        attachments=(Attachment(f"交办单-{_file_part(digest.unit)}-{as_of.isoformat()}.xlsx", xlsx),),
    )  # fmt: skip


# ---- the office's summaries ------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    label: str
    new: int
    rectified: int
    open: int


def counted(issues: Sequence[IssueView]) -> list[IssueView]:
    """The issues the summaries count: those the office waived, marked false alarms or merged
    are left out (the one rule for the headline numbers, the lists and the trend bars)."""
    return [
        v for v in issues if v.state not in (IssueState.WAIVED, IssueState.FALSE_ALARM, IssueState.MERGED)
    ]


def new_in(issues: Sequence[IssueView], start: dt.date, end: dt.date) -> list[IssueView]:
    return [v for v in counted(issues) if start <= v.opened <= end]


def rectified_in(issues: Sequence[IssueView], start: dt.date, end: dt.date) -> list[IssueView]:
    return [v for v in counted(issues) if v.rectified_on is not None and start <= v.rectified_on <= end]


def _trend(issues: Sequence[IssueView], periods: Sequence[tuple[str, dt.date, dt.date]]) -> list[TrendPoint]:
    """New, rectified and still open per period (start..end inclusive), counted as the headline
    numbers are (`new_in`, `rectified_in`); a reopened issue counts as open since found."""
    points = []
    for label, start, end in periods:
        still = sum(
            v.opened <= end and (v.rectified_on is None or v.rectified_on > end) for v in counted(issues)
        )
        points.append(
            TrendPoint(label, len(new_in(issues, start, end)), len(rectified_in(issues, start, end)), still)
        )
    return points


def _summary_context(sessions: sessionmaker[Session], config: Config, as_of: dt.date, weekly: bool) -> dict:
    base = base_url(config)
    views = [view(i, as_of, base) for i in list_issues(sessions)]
    open_views = sorted((v for v in views if v.is_open), key=sort_key)
    if weekly:
        start = as_of - dt.timedelta(days=6)
        periods = [
            (f"{(as_of - dt.timedelta(days=7 * k + 6)).strftime('%m-%d')}至{(as_of - dt.timedelta(days=7 * k)).strftime('%m-%d')}",
             as_of - dt.timedelta(days=7 * k + 6), as_of - dt.timedelta(days=7 * k))
            for k in reversed(range(TREND_WEEKS))
        ]  # fmt: skip
    else:
        start = as_of
        periods = [
            ((as_of - dt.timedelta(days=k)).strftime("%m-%d"), as_of - dt.timedelta(days=k),
             as_of - dt.timedelta(days=k))
            for k in reversed(range(TREND_DAYS))
        ]  # fmt: skip
    trend = _trend(views, periods)
    peak = max([1, *(max(p.new, p.rectified, p.open) for p in trend)])
    by_unit: dict[str, Counter[str]] = {}
    for v in open_views:
        by_unit.setdefault(v.unit or "（未指定单位）", Counter())[v.severity] += 1
    for v in open_views:
        if v.overdue:
            by_unit[v.unit or "（未指定单位）"]["overdue"] += 1
    stats = {st.unit: st for st in unit_stats(sessions, as_of)}
    units_without_email = sorted(
        {
            v.unit
            for v in open_views
            if v.unit and v.state != IssueState.NEW and not _unit_email(config, v.unit)
        }
    )
    return {
        "weekly": weekly, "as_of": as_of, "cn_date": _cn_date(as_of), "start": start, "base_url": base,
        "office": office_name(config), "open": open_views,
        # the same rule and period as the trend's last bar (periods end on as_of, the last from `start`)
        "new": new_in(views, start, as_of), "rectified": rectified_in(views, start, as_of),
        "overdue": [v for v in open_views if v.overdue],
        "vetoes": [v for v in open_views if v.severity == "veto"],
        "unassigned": [v for v in open_views if v.state == IssueState.NEW],
        "by_unit": sorted(by_unit.items(), key=lambda kv: (-kv[1]["veto"], -kv[1]["overdue"], kv[0])),
        "stats": stats, "trend": trend, "peak": peak, "units_without_email": units_without_email,
        "cap": config.limits.mail_issues,
    }  # fmt: skip


def summary_mail(sessions: sessionmaker[Session], config: Config, as_of: dt.date, *,
                 weekly: bool = False) -> Mail | None:  # fmt: skip
    to = office_recipients(config)
    if not to:
        log.warning("no office email (smtp.office_email): the %s summary is not sent",
                    "weekly" if weekly else "daily")  # fmt: skip
        return None
    ctx = _summary_context(sessions, config, as_of, weekly)
    html = _env.get_template("mail/summary.html").render(**ctx)
    text = _env.get_template("mail/summary.txt").render(**ctx)
    if weekly:
        year, week, _ = as_of.isocalendar()
        key, kind, title = f"weekly:{year}-W{week:02d}", "weekly", "周报"
    else:
        key, kind, title = f"summary:{as_of.isoformat()}", "summary", "日报"
    subject = (f"【政府网站监测{title}】{as_of.isoformat()}：未整改 {len(ctx['open'])} 项，"
               f"逾期 {len(ctx['overdue'])} 项，单项否决风险 {len(ctx['vetoes'])} 项")  # fmt: skip
    return Mail(key=key, kind=kind, to=to, subject=subject, html=html, text=text)


# ---- the jobs --------------------------------------------------------------------------------


def build_daily_mails(sessions: sessionmaker[Session], config: Config, as_of: dt.date) -> list[Mail]:
    """Every mail of the morning (units, then the office summary), rendered, not queued."""
    mails = []
    for digest in unit_digests(sessions, config, as_of):
        email = _unit_email(config, digest.unit)
        if email is None:
            log.warning("unit %s has open issues but no email (units[].email): no mail", digest.unit)
            continue
        mails.append(unit_mail(config, digest, as_of, (email,)))
    summary = summary_mail(sessions, config, as_of)
    return [*mails, *([summary] if summary else [])]


def queue_daily_mails(sessions: sessionmaker[Session], config: Config, as_of: dt.date) -> int:
    """Queue the morning mails of `as_of`; a second call the same day queues nothing. Returns
    how many were queued now (none without an `smtp:` block: they could not be sent)."""
    if config.smtp is None:
        log.info("no smtp block in the config: the morning mails are not queued")
        return 0
    return sum(outbox.enqueue(sessions, m) for m in build_daily_mails(sessions, config, as_of))


def build_weekly_summary(sessions: sessionmaker[Session], config: Config, as_of: dt.date) -> list[Mail]:
    mail = summary_mail(sessions, config, as_of, weekly=True)
    return [mail] if mail else []


def queue_weekly_summary(sessions: sessionmaker[Session], config: Config, as_of: dt.date) -> int:
    """Queue the weekly summary of the ISO week of `as_of` (once per week)."""
    if config.smtp is None:
        return 0
    return sum(outbox.enqueue(sessions, m) for m in build_weekly_summary(sessions, config, as_of))


def write_mails(mails: Sequence[Mail], out: Path, sender: str) -> list[Path]:
    """A dry run: each mail as NAME.eml (what would be sent), NAME.html and its attachments."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for mail in mails:
        name = _file_part(mail.key.replace(":", "-"))
        eml = out / f"{name}.eml"
        eml.write_bytes(bytes(outbox.to_message(mail, sender)))
        (out / f"{name}.html").write_text(mail.html, encoding="utf-8")
        written += [eml, out / f"{name}.html"]
        for a in mail.attachments:
            (out / a.filename).write_bytes(a.data)
            written.append(out / a.filename)
    return written
