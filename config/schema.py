"""Typed config: the YAML keys of CHECKS.md §2 plus what users need (README "Config reference").

Validation is declarative (pydantic); `loader.py` turns validation errors into one-line messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .base import HttpUrl, _http_url, _Model
from .crawl import CrawlSettings
from .executor import ExecutorSettings
from .rules import (
    ContentOverrides,
    ContentSettings,
    CrawlOverrides,
    RuleOverrides,
    Rules,
    ThresholdOverrides,
    Thresholds,
    merge_rules,
)
from .service import (
    LimitSettings,
    MonitorSettings,
    ScheduleSettings,
    SiteSchedule,
    SmtpSettings,
    WebSettings,
    WebUser,
)
from .sitewide import (
    EvidenceSettings,
    FooterConfig,
    MediaAccount,
    SearchConfig,
    StatementConfig,
    TlsConfig,
)
from .units import match_unit

# re-exported: the config's models are imported from here
__all__ = [
    "CrawlSettings", "ContentSettings", "Rules", "Thresholds", "merge_rules", "SmtpSettings", "WebSettings",
    "WebUser", "_http_url",
]  # fmt: skip

ColumnKind = Literal[
    "news", "notice", "policy", "interpretation", "consultation", "interaction",
    "annual_report", "personnel", "planning", "other",
]  # fmt: skip
COLUMN_KINDS: tuple[str, ...] = ColumnKind.__args__  # type: ignore[attr-defined]

# Default freshness by kind (CHECKS.md §2; 指标2019): days without a new item before column_stale.
# None: the kind is judged by its own rule, not by freshness.
DEFAULT_MAX_AGE: dict[str, int | None] = {
    "news": 14, "notice": 180, "policy": 180, "interpretation": 180, "consultation": 365,
    "interaction": 60, "annual_report": None, "personnel": 365, "planning": 365, "other": 365,
}  # fmt: skip
# The 指标2019 veto line counts stale columns of the "2 weeks" and "6 months" classes.
VETO_CLASS_KINDS = frozenset({"news", "notice", "policy", "interpretation"})


def check_ids() -> frozenset[str]:
    """The ids of the registered checks (checks/*.py declare them; imported here lazily because
    the checks read the config)."""
    from govaudit.checks import REGISTRY

    return frozenset(REGISTRY)


class Unit(_Model):
    name: str = Field(min_length=1)
    email: str | None = None
    aliases: tuple[str, ...] = ()  # other names of the unit as pages write them (县政府办 = 县政府办公室)


class DeadlineWorkdays(_Model):
    """Working days a unit has to fix an issue, by severity (issues.deadline_workdays)."""

    veto: int = Field(3, ge=0)
    major: int = Field(5, ge=0)
    minor: int = Field(10, ge=0)


class IssueSettings(_Model):
    """The issue tracker of the daily loop (README "The daily loop")."""

    deadline_workdays: DeadlineWorkdays = DeadlineWorkdays()
    # per check id: working days, overriding the severity's (issues/deadlines.py has the defaults,
    # e.g. privacy_leak 1: personal data must come down at once)
    deadlines: dict[str, Annotated[int, Field(ge=0)]] = {}
    auto_assign: bool = False  # new (and reopened) issues go to their unit at once


class ListSelectors(_Model):
    """Per-column selectors when list auto-detection misses (CSS, or XPath starting with / ./ ( )."""

    items: str | None = None
    link: str | None = None
    date: str | None = None
    next_page: str | None = None


def _month_day(value: str) -> str:
    """'MM-DD', a real day of a leap year."""
    try:
        dt.datetime.strptime(f"2024-{value}", "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"月日 {value!r} 无效（应为 MM-DD，如 03-31）") from None
    return value


MonthDay = Annotated[str, AfterValidator(_month_day)]


class AnnualReportRule(_Model):
    """How the 政府信息公开工作年度报告 of a column (or, as default, of a site) is judged."""

    deadline: MonthDay | None = None  # default: 03-31 for a 人民政府's own report, else 01-31
    owner: str | None = None  # the name the report's title carries (示范县, 县财政局); None: any


class CatalogItemTuning(_Model):
    """Per-item rules for a catalog row (by its 公开事项), or fields of an inline row."""

    keywords: tuple[str, ...] = ()  # title keywords (any one matches); default from 公开事项
    column: str | None = None  # the site column that is the item's channel (default: from 公开渠道)
    events: tuple[dt.date, ...] = ()  # dates the information was formed or changed (event-driven)
    disable: bool = False


class CatalogRow(CatalogItemTuning):
    """One 主动公开事项目录 row written inline in YAML."""

    item: str = Field(min_length=1)  # 公开事项
    content: str = ""  # 公开内容
    basis: str = ""  # 公开依据
    time_limit: str = ""  # 公开时限
    subject: str = ""  # 公开主体
    method: str = ""  # 公开方式
    channel: str = ""  # 公开渠道/栏目
    unit: str | None = None  # 责任单位


class CatalogConfig(_Model):
    """A site's 主动公开事项目录: a spreadsheet (XLSX/CSV) and/or inline rows, and its rules."""

    file: str | None = None  # path relative to the config file
    sheet: str | None = None  # XLSX sheet (default: every sheet with a recognisable header)
    items: tuple[CatalogRow, ...] = ()
    immediate_days: int = Field(5, ge=0)  # 实时/及时/即时: published within N days of the event
    immediate_workdays: bool = True  # ... counted in working days
    overrides: dict[str, CatalogItemTuning] = {}  # by 公开事项 of a file row


class Column(_Model):
    name: str = Field(min_length=1)
    url: HttpUrl
    kind: ColumnKind = "other"
    max_age_days: int | None = Field(None, ge=1)
    unit: str | None = None
    opened: dt.date | None = None  # 栏目开设日期: freshness is not judged before opened + max_age
    max_pages: int | None = Field(None, ge=0)  # overrides crawl.max_list_pages for this column
    list: ListSelectors | None = None
    disable: tuple[str, ...] = ()  # check ids switched off for this column
    annual_report: AnnualReportRule | None = None  # kind annual_report: deadline, owner
    rules: RuleOverrides = RuleOverrides()

    @property
    def effective_max_age(self) -> int | None:
        return self.max_age_days if self.max_age_days is not None else DEFAULT_MAX_AGE[self.kind]


class Site(_Model):
    name: str = Field(min_length=1)
    url: HttpUrl
    unit: str | None = None
    columns: tuple[Column, ...] = ()
    crawl: CrawlOverrides = CrawlOverrides()
    thresholds: ThresholdOverrides = ThresholdOverrides()
    content: ContentOverrides = ContentOverrides()  # per-site changes to the `content:` block
    disable: tuple[str, ...] = ()  # check ids switched off for the whole site
    catalog: CatalogConfig | None = None  # 主动公开事项目录 (catalog_item_missing)
    annual_report: AnnualReportRule | None = None  # defaults for the site's annual_report columns
    rules: RuleOverrides = RuleOverrides()
    schedule: SiteSchedule = SiteSchedule()
    # site-wide checks (config/sitewide.py)
    footer: FooterConfig = FooterConfig()
    search: SearchConfig = SearchConfig()
    tls: TlsConfig = TlsConfig()
    annual_statement: StatementConfig = StatementConfig()
    media: tuple[MediaAccount, ...] = ()  # 政务新媒体 accounts of the site's units


class Config(_Model):
    units: tuple[Unit, ...] = ()
    sites: tuple[Site, ...]
    crawl: CrawlSettings = CrawlSettings()
    thresholds: Thresholds = Thresholds()
    content: ContentSettings = ContentSettings()
    rules: Rules = Rules()
    db: str | None = None  # SQLAlchemy URL; default sqlite file govaudit.db beside the config
    smtp: SmtpSettings | None = None
    issues: IssueSettings = IssueSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    web: WebSettings = WebSettings()
    monitor: MonitorSettings = MonitorSettings()
    executor: ExecutorSettings = ExecutorSettings()  # config/executor.py
    evidence: EvidenceSettings = EvidenceSettings()
    limits: LimitSettings = LimitSettings()

    def site(self, name: str) -> Site:
        for s in self.sites:
            if s.name == name:
                return s
        raise KeyError(name)

    def crawl_for(self, site: Site) -> CrawlSettings:
        changes = {k: v for k, v in site.crawl.model_dump().items() if v is not None}
        return self.crawl.model_copy(update=changes)

    def thresholds_for(self, site: Site) -> Thresholds:
        changes = {k: v for k, v in site.thresholds.model_dump().items() if v is not None}
        return self.thresholds.model_copy(update=changes)

    def content_for(self, site: Site) -> ContentSettings:
        changes = {k: v for k, v in site.content.model_dump().items() if v is not None}
        return self.content.model_copy(update=changes)

    def rules_for(self, site: Site, column: Column | None = None) -> Rules:
        return merge_rules(self.rules, site.rules, column.rules if column else None)

    def audit_time_for(self, site: Site) -> str | None:
        return site.schedule.audit if site.schedule.audit is not None else self.schedule.audit

    def probe_minutes_for(self, site: Site) -> int:
        m = site.schedule.probe_minutes
        return m if m is not None else self.schedule.probe_minutes

    def canonical_unit(self, name: str | None) -> str | None:
        """Map an alias to its unit's name."""
        if name is None:
            return None
        for u in self.units:
            if name == u.name or name in u.aliases:
                return u.name
        return name

    def match_unit(self, name: str | None) -> str | None:
        """The unit a page's organ name (发布机构, 回复单位) refers to, or None (config/units.py)."""
        return match_unit(self.units, name)


def reference_errors(config: Config) -> list[tuple[str, str]]:
    """Cross-references that a schema cannot express: (key path, problem) pairs."""
    errors: list[tuple[str, str]] = []
    if not config.sites:
        errors.append(("sites", "至少要配置一个网站"))
    seen_units: set[str] = set()
    for i, u in enumerate(config.units):
        if u.name in seen_units:
            errors.append((f"units[{i}].name", f"单位名称 {u.name!r} 重复"))
        seen_units.add(u.name)
    known = seen_units | {a for u in config.units for a in u.aliases}
    known_checks = check_ids()

    def refs(where: str, unit: str | None, disable: tuple[str, ...]) -> None:
        """A site's or column's unit and switched-off checks must exist."""
        if config.units and unit is not None and unit not in known:
            errors.append((f"{where}.unit", f"单位 {unit!r} 不在 units 单位名单中"))
        errors.extend(
            (f"{where}.disable", f"没有编号为 {c!r} 的检查项") for c in disable if c not in known_checks
        )

    errors.extend(
        ("issues.deadlines", f"没有编号为 {c!r} 的检查项")
        for c in config.issues.deadlines
        if c not in known_checks
    )
    if config.smtp is not None and config.smtp.ssl and config.smtp.starttls:
        errors.append(("smtp.ssl", "ssl 与 starttls 只能选一个（ssl 用 465 端口，starttls 用 587 端口）"))
    logins: set[str] = set()
    for i, user in enumerate(config.web.users):
        where = f"web.users[{i}]"
        if user.login in logins:
            errors.append((f"{where}.login", f"登录名 {user.login!r} 重复"))
        logins.add(user.login)
        if user.role == "unit" and user.unit is None:
            errors.append((f"{where}.unit", "缺少（单位账号必填；办公室账号请写 role: office）"))
        elif user.role == "office" and user.unit is not None:
            errors.append(
                (
                    f"{where}.unit",
                    "办公室账号可看所有单位，不能同时指定 unit：请只写 unit 或 role: office 之一",
                )
            )
        elif user.unit is not None and user.unit not in seen_units:
            errors.append((f"{where}.unit", f"单位 {user.unit!r} 不在 units 单位名单中"))

    seen_sites: set[str] = set()
    for i, s in enumerate(config.sites):
        where = f"sites[{i}]"
        if s.name in seen_sites:
            errors.append((f"{where}.name", f"网站名称 {s.name!r} 重复"))
        seen_sites.add(s.name)
        refs(where, s.unit, s.disable)
        seen_cols: set[str] = set()
        for j, c in enumerate(s.columns):
            cw = f"{where}.columns[{j}]"
            if c.name in seen_cols:
                errors.append((f"{cw}.name", f"栏目名称 {c.name!r} 重复"))
            seen_cols.add(c.name)
            refs(cw, c.unit, c.disable)
        for j, m in enumerate(s.media):
            refs(f"{where}.media[{j}]", m.unit, ())
        if s.annual_statement.column is not None and s.annual_statement.column not in seen_cols:
            errors.append(
                (f"{where}.annual_statement.column", f"unknown column {s.annual_statement.column!r}")
            )
    return errors
