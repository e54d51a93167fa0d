"""Typed config: the YAML keys of CHECKS.md §2 plus what users need (README "Config reference").

Validation is declarative (pydantic); `loader.py` turns validation errors into one-line messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from .executor import ExecutorSettings
from .sitewide import (
    EvidenceSettings,
    FooterConfig,
    MediaAccount,
    SearchConfig,
    StatementConfig,
    TlsConfig,
)
from .units import match_unit

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


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"不是有效的网址（应以 http:// 或 https:// 开头）：{value!r}")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


def _network(value: str) -> str:
    import ipaddress

    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ValueError(f"not a network in CIDR form (10.0.0.0/8): {value!r}") from None
    return value


Network = Annotated[str, AfterValidator(_network)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unit(_Model):
    name: str = Field(min_length=1)
    email: str | None = None
    aliases: tuple[str, ...] = ()  # other names of the unit as pages write them (县政府办 = 县政府办公室)


class CrawlSettings(_Model):
    """Politeness and scope of a crawl. Defaults a real government site tolerates."""

    concurrency: int = Field(8, ge=1, le=256)  # requests in flight in all
    concurrency_per_host: int = Field(2, ge=1, le=256)
    autothrottle: bool = True  # adapt the pace to the server's latency (Scrapy AutoThrottle)
    delay: float = Field(0.25, ge=0)  # seconds between requests to one host (AutoThrottle's floor)
    timeout: float = Field(15, gt=0)  # seconds; 指标2019 counts no answer in 15 s as unreachable
    retries: int = Field(2, ge=0, le=10)  # for timeouts, connection errors, 5xx, 429
    user_agent: str = "Mozilla/5.0 (compatible; govaudit/0.1; +政府网站监测)"
    obey_robots: bool = False  # an office auditing its own sites is not a search engine
    max_list_pages: int = Field(20, ge=0)  # list pages per column (0 = no cap; at most 1,000)
    max_articles: int = Field(0, ge=0)  # article pages fetched per column (0 = no cap; at most 50,000)
    check_links: bool = True  # check every link found on crawled pages
    check_external: bool = True  # ... including links to other hosts
    max_body_mb: float = Field(8, gt=0)  # pages larger than this are cut off and recorded
    time_limit: int = Field(3600, ge=10)  # seconds for one site's crawl before it is stopped
    attachments: bool = True  # download attachments linked from articles and read their text
    attachment_max_mb: float = Field(5, gt=0)  # larger attachments are not downloaded nor read
    attachment_timeout: float = Field(30, gt=0)  # seconds to read one attachment's text
    max_attachments: int = Field(1000, ge=0)  # attachments downloaded per site (0 = no cap)
    # a homepage that failed is tried again after this pause before the site is declared unreachable
    unreachable_retry_seconds: float = Field(60, ge=0)
    # sites side by side (scheduler/parallel.py): requests in flight to one IP address across every
    # site crawled at once (a provincial platform hosting many county sites), and sites crawled at
    # once (None: twice the cores, fewer when memory is short)
    concurrency_per_ip: int = Field(8, ge=1, le=256)
    max_sites_parallel: int | None = Field(None, ge=1, le=256)
    # incremental audits (crawler/incremental.py, crawler/reuse.py): an article or attachment read
    # in an earlier run is re-read when its list entry changed or it is this many days old (each
    # one on its own day of the cycle); link targets that worked are re-checked after link_ttl_days
    # (failures every day)
    refetch_days: int = Field(7, ge=1, le=365)
    link_ttl_days: int = Field(7, ge=0, le=365)
    # private/intranet networks (CIDR) that may be fetched besides the sites' own addresses
    # (crawler/policy.py); e.g. [10.20.0.0/16] for a county intranet
    allow_networks: tuple[Network, ...] = ()


class Thresholds(_Model):
    """Site-level thresholds (CHECKS.md §4 defaults)."""

    homepage_stale_days: int = Field(14, ge=1)
    homepage_warn_days: int = Field(10, ge=1)
    stale_veto_columns: int = Field(5, ge=1)  # stale columns of the 2-week/6-month classes
    stale_veto_total: int = Field(10, ge=1)  # stale columns of any kind
    empty_veto_columns: int = Field(5, ge=1)
    empty_warn_columns: int = Field(2, ge=0)


class ContentSettings(_Model):
    """Rules of the content checks (privacy_leak, typo, serious_error); README "Content checks".

    The user's lists add to the shipped ones (checks/data/); the allow-lists silence them."""

    # typo: extra entries {wrong form: correct form}, and words never reported as typos
    typos: dict[str, str] = {}
    typo_allow: tuple[str, ...] = ()
    # serious_error: wrong forms of names/titles {wrong: correct} and expressions that must not appear
    wrong_names: dict[str, str] = {}
    forbidden: tuple[str, ...] = ()
    # outdated agency names {old: current}, added to the shipped 2018-reform list (unless switched off)
    outdated_names: dict[str, str] = {}
    default_outdated_names: bool = True
    reform_date: dt.date = dt.date(2019, 1, 1)  # pages published before it may use the old names
    # words near an old name that make the mention historical (原县国土资源局, 更名为 …), added to the shipped ones
    history_markers: tuple[str, ...] = ()
    serious_allow: tuple[str, ...] = ()  # text never reported by serious_error (e.g. a proper name)
    # 暗链: registrable domains (or host suffixes) whose hidden links are legitimate, besides .gov.cn
    hidden_link_allow: tuple[str, ...] = ()
    # privacy_leak: numbers published on purpose (e.g. a 监督电话 mobile); never reported
    privacy_allow: tuple[str, ...] = ()


def _overrides_of(model: type[_Model], name: str) -> type[_Model]:
    """The same keys as `model`, each optional (None = not overridden), same constraints."""
    fields: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        annotation: Any = info.annotation
        optional = annotation | None
        fields[key] = (Annotated[optional, *info.metadata] if info.metadata else optional, None)
    # named and placed like a class written here, so that it pickles (crawl processes get it)
    return create_model(name, __base__=_Model, __module__=__name__, **fields)


# Per-site changes to the global `crawl:` / `thresholds:` blocks (any subset of their keys).
CrawlOverrides: Any = _overrides_of(CrawlSettings, "CrawlOverrides")
ThresholdOverrides: Any = _overrides_of(Thresholds, "ThresholdOverrides")
ContentOverrides: Any = _overrides_of(ContentSettings, "ContentOverrides")


class InterpretationRules(_Model):
    """interpretation_missing / interpretation_late: which documents need a 政策解读, and by when."""

    late_workdays: int = Field(3, ge=0)  # 同步发布, at the latest 3 working days after the document
    horizon_days: int = Field(365, ge=1)  # documents published longer ago are not judged
    # a document needs an interpretation when its title, 主题分类, 文号 or column name mentions one
    # of these (规章, 行政规范性文件, major policies) ...
    require_keywords: tuple[str, ...] = (
        "规范性文件", "规章", "政府令", "办法", "规定", "细则", "条例", "实施意见", "若干意见",
        "若干措施", "若干政策", "实施方案", "行动方案", "行动计划", "规划",
    )  # fmt: skip
    # ... or when it states a 有效性 (only normative documents carry one)
    require_when_validity_stated: bool = True
    # ... and none of these (routine documents: appointments, replies, letters, notices of events)
    exempt_keywords: tuple[str, ...] = (
        "任免", "免职", "批复", "复函", "通报", "表彰", "公示", "会议", "名单", "人事", "废止", "转发",
    )  # fmt: skip
    exempt_doc_numbers: tuple[str, ...] = ("函", "任")  # 文号 containing these (示政办函〔2026〕3号)
    # an "interpretation" whose title says one of these is an excerpt and does not count
    excerpt_keywords: tuple[str, ...] = ("要点摘抄", "摘抄", "摘编", "原文摘录")


class ConsultationRules(_Model):
    """consultation_period_short / consultation_feedback_missing (决策条例 Arts. 15, 18, 32)."""

    min_days: int = Field(30, ge=1)  # 征求意见 window (calendar days, both ends counted)
    feedback_days: int = Field(30, ge=0)  # days after the window's end before missing feedback counts
    horizon_days: int = Field(730, ge=1)  # consultations that ended longer ago are not judged
    # a page of a consultation column is feedback when its title says one of these
    feedback_keywords: tuple[str, ...] = (
        "反馈", "采纳情况", "采纳", "征集结果", "意见处理", "意见汇总", "情况说明", "情况的说明",
    )  # fmt: skip


class InteractionRules(_Model):
    """interaction_overdue: replies to 留言 / 信箱 messages."""

    reply_workdays: int = Field(10, ge=1)  # local limit (default 10 working days)
    veto_days: int = Field(90, ge=1)  # 指标2019: unanswered > 3 months within the past year
    lookback_days: int = Field(365, ge=1)  # messages older than this are not judged


class NormativeRules(_Model):
    """validity_missing / publication_late for 行政规范性文件."""

    default_valid_years: int = Field(5, ge=1)  # where the document says so without a date
    provisional_valid_years: int = Field(2, ge=1)  # 暂行 / 试行
    # a 有效 document past a period computed from these defaults is only a finding when the
    # document's text states a period (有效期N年 / 有效期至) — the default alone is a note
    publication_late_workdays: int = Field(20, ge=1)  # 条例 Art. 26
    recent_days: int = Field(365, ge=1)  # publication_late judges documents written this recently


class Rules(_Model):
    """Rules of the 政务公开 checks; `rules:` at the top level, per site and per column."""

    interpretation: InterpretationRules = InterpretationRules()
    consultation: ConsultationRules = ConsultationRules()
    interaction: InteractionRules = InteractionRules()
    normative: NormativeRules = NormativeRules()


RULE_BLOCKS: dict[str, type[_Model]] = {
    "interpretation": InterpretationRules, "consultation": ConsultationRules,
    "interaction": InteractionRules, "normative": NormativeRules,
}  # fmt: skip
InterpretationOverrides: Any = _overrides_of(InterpretationRules, "InterpretationOverrides")
ConsultationOverrides: Any = _overrides_of(ConsultationRules, "ConsultationOverrides")
InteractionOverrides: Any = _overrides_of(InteractionRules, "InteractionOverrides")
NormativeOverrides: Any = _overrides_of(NormativeRules, "NormativeOverrides")


class RuleOverrides(_Model):
    """Per-site / per-column changes to `rules:` (any subset of any block's keys)."""

    interpretation: InterpretationOverrides = InterpretationOverrides()
    consultation: ConsultationOverrides = ConsultationOverrides()
    interaction: InteractionOverrides = InteractionOverrides()
    normative: NormativeOverrides = NormativeOverrides()


def merge_rules(rules: Rules, *overrides: RuleOverrides | None) -> Rules:
    """`rules` with each override's set keys applied in order (site, then column)."""
    for ov in overrides:
        if ov is None:
            continue
        blocks = {}
        for name in RULE_BLOCKS:
            changes = {k: v for k, v in getattr(ov, name).model_dump().items() if v is not None}
            blocks[name] = getattr(rules, name).model_copy(update=changes)
        rules = rules.model_copy(update=blocks)
    return rules


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
