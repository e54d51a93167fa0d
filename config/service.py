"""Settings of the running service: schedule, SMTP, the monitor's reference URLs, the web console
and the limits on what reports and mails list."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .base import HttpUrl, _Model


def _clock(value: str) -> str:
    """'06:00' (HH:MM, 24 h)."""
    hh, sep, mm = value.partition(":")
    if not (sep and hh.isdigit() and mm.isdigit() and 0 <= int(hh) < 24 and 0 <= int(mm) < 60):
        raise ValueError(f"时间 {value!r} 无效（应为 HH:MM，如 06:00）")
    return f"{int(hh):02d}:{int(mm):02d}"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekly(value: str) -> str:
    """'mon 08:30' (weekday and HH:MM)."""
    day, _, clock = value.strip().partition(" ")
    if day.lower() not in WEEKDAYS:
        raise ValueError(f"{value!r} 无效（应为星期和时间，如 'mon 08:30'）")
    return f"{day.lower()} {_clock(clock.strip())}"


def _timezone(value: str) -> str:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"时区 {value!r} 无效（如 Asia/Shanghai）") from None
    return value


Clock = Annotated[str, AfterValidator(_clock)]


class ScheduleSettings(_Model):
    """When `govaudit serve` runs its jobs (cron-like, in `timezone`)."""

    audit: Clock | None = "06:00"  # daily audit of every site (None: no scheduled audit)
    probe_minutes: int = Field(30, ge=0)  # homepage availability probe interval (0: none)
    mail: Clock | None = "08:00"  # morning mails
    weekly: Annotated[str, AfterValidator(_weekly)] | None = "mon 08:30"  # weekly summary
    recheck_seconds: int = Field(30, ge=1)  # how often pending recheck requests are processed
    timezone: Annotated[str, AfterValidator(_timezone)] = "Asia/Shanghai"
    misfire_grace_minutes: int = Field(60, ge=1)  # a job missed by less than this still runs


class SiteSchedule(_Model):
    """Per-site changes to `schedule:` (sites[].schedule)."""

    audit: Clock | None = None
    probe_minutes: int | None = Field(None, ge=0)


class SmtpSettings(_Model):
    """The mail server for the morning mails (README "Mail, web pages and demo --loop").

    The password is never in the file: `password_env` names the environment variable holding it.
    """

    host: str = Field("127.0.0.1", min_length=1)
    port: int = Field(25, ge=1, le=65535)
    user: str | None = None
    password_env: str | None = None  # name of the environment variable with the password
    starttls: bool = False
    ssl: bool = False  # SMTP over TLS from the start (port 465)
    sender: str = Field(min_length=3)  # From: address
    office_email: str | None = None  # the daily / weekly summary goes here
    base_url: HttpUrl | None = None  # where units reach the web pages (links in mails)
    timeout: float = Field(30, gt=0)  # seconds per SMTP operation
    max_attempts: int = Field(8, ge=1)  # a mail is given up (state failed) after this many
    retry_minutes: float = Field(5, gt=0)  # first retry after this; doubles each attempt (cap 6 h)


class MonitorSettings(_Model):
    """How a monitoring-side outage is told from dead sites (README "Config reference").

    When no configured site answered during a run, these outside sites (not the county's servers)
    are tried: when none answers either, the monitor's own network is down and the run judges no
    reachability (no site_unreachable, column_unreachable or broken_link, no issue changes).
    An empty list: a run where no site answered is always taken as an outage."""

    reference_urls: tuple[HttpUrl, ...] = (
        "https://www.gov.cn/",
        "https://www.baidu.com/",
        "https://www.qq.com/",
    )
    reference_timeout: float = Field(10, gt=0)  # seconds per reference URL


class WebUser(_Model):
    """A login for the web pages: the office (role: office) or one unit (unit: NAME)."""

    login: str = Field(min_length=1)
    password_hash: str = Field(min_length=10)  # werkzeug.security hash: govaudit hash-password
    unit: str | None = None
    role: Literal["office", "unit"] = "unit"


class WebSettings(_Model):
    """Where `govaudit serve` serves the web pages, who may log in, and how (web/throttle.py)."""

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    users: tuple[WebUser, ...] = ()
    secret_env: str | None = None  # env var with the session/token secret (default: kept in the db)
    token_days: int = Field(30, ge=1)  # how long a recheck link in a mail stays valid
    https: bool = False  # served over HTTPS (directly or by a proxy): session cookies marked Secure
    proxy: bool = False  # behind one reverse proxy: its X-Forwarded-For/-Proto are trusted
    login_free_failures: int = Field(3, ge=1)  # failed logins before the back-off starts
    login_lockout_failures: int = Field(10, ge=2)  # failed logins (account or address) before a lockout
    login_lockout_minutes: int = Field(15, ge=1)
    threads: int = Field(8, ge=1, le=64)  # web server worker threads
    timeout: int = Field(30, ge=1)  # seconds a silent connection is kept open


class LimitSettings(_Model):
    """Scale limits (a site with a huge number of problems stays readable; checks/caps.py)."""

    findings_per_page: int = Field(50, ge=1)  # per page and check; the rest: one finding with the count
    report_findings: int = Field(1000, ge=1)  # entries per list of the HTML report
    mail_issues: int = Field(100, ge=1)  # issues listed per mail section
