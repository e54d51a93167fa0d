"""catalog_item_missing — an item of the 主动公开事项目录 has no publication in its channel in time.

Rule (CHECKS.md; 条例 Art. 20, 26): each catalog row (sites[].catalog: XLSX/CSV and/or inline)
names a 公开事项, its 公开时限 and its 公开渠道/栏目. The item is met when its channel column (the
site column whose name the 公开渠道 contains, or `column` set for the item) lists an entry whose
title matches the item's keywords (configured, default derived from the 公开事项) inside the
current period of its rule:
- yearly (每年3月底前): once the deadline of this year (else of last year) has passed, an entry
  dated from 1 January of that year; an entry only after the deadline = late;
- periodic (每月, 每季度, 每半年, 每年): an entry since the start of the last completed period (the
  period before, while a stated lag such as 每季度结束后15日内 runs);
- event (信息形成或变更之日起20个工作日内) and immediate (实时/及时: `immediate_days`, working
  days by default): judged only for the event dates configured for the item (`events`); an entry
  dated from the event to its deadline (working days: Chinese holidays and 调休), later = late;
- standing (长期公开, 动态更新): an entry at all, judged only when the list is known to be complete.
Never a finding, a note instead: phrases not understood, channels that match no configured column,
lists that could not be read or do not reach back to the start of the period, items with no
usable keywords. Event-driven items without event dates are listed in one note.
Unit: the row's 责任单位 (units/aliases), else the column's, else the site's.
Severity: major.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from govaudit.config import Column
from govaudit.config.catalog import (
    Catalog,
    CatalogError,
    CatalogItem,
    catalog_for_audit,
    default_keywords,
    title_matches,
)
from govaudit.config.timelimit import TimeRule

from govaudit.models import Finding, Note, Severity
from govaudit.workdays import add_workdays

from .base import Context, check
from .columns import ColumnView, column_view, item_date, list_reaches

CHECK = "catalog_item_missing"


@dataclass
class Window:
    label: str  # the period in words: 2026年, 2026年第3季度, 2026-09-28 事件
    start: dt.date
    deadline: dt.date | None  # entries after it are late (None: no lateness judged)
    key: str


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace(" ", "")


def column_of(item: CatalogItem, columns: tuple[Column, ...]) -> Column | None:
    """The item's channel column: configured by name, else the longest column name that the
    公开渠道 text contains (or that contains the whole channel text)."""
    if item.column:
        return next((c for c in columns if c.name == item.column), None)
    channel = _norm(item.channel)
    if not channel:
        return None
    hits = [
        c for c in columns if _norm(c.name) in channel or (len(channel) >= 2 and channel in _norm(c.name))
    ]
    return max(hits, key=lambda c: len(c.name), default=None)


def _period_start(day: dt.date, period: str) -> dt.date:
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if period == "half":
        return day.replace(month=1 if day.month <= 6 else 7, day=1)
    return day.replace(month=1, day=1)


def _period_label(start: dt.date, period: str) -> str:
    if period == "month":
        return f"{start.year}年{start.month}月"
    if period == "quarter":
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if period == "half":
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年"


def periodic_window(rule: TimeRule, as_of: dt.date) -> Window:
    """The last completed period (the one before while its stated lag still runs)."""
    assert rule.period is not None
    previous = _period_start(_period_start(as_of, rule.period) - dt.timedelta(days=1), rule.period)
    current = _period_start(as_of, rule.period)
    if rule.lag_days is not None and as_of <= current - dt.timedelta(days=1) + dt.timedelta(
        days=rule.lag_days
    ):
        previous = _period_start(previous - dt.timedelta(days=1), rule.period)
    return Window(_period_label(previous, rule.period), previous, None, previous.isoformat())


def yearly_window(rule: TimeRule, as_of: dt.date) -> Window:
    deadline = dt.date(as_of.year, rule.month, rule.day)
    if as_of <= deadline:
        deadline = dt.date(as_of.year - 1, rule.month, rule.day)
    return Window(f"{deadline.year}年", dt.date(deadline.year, 1, 1), deadline, str(deadline.year))


def event_window(event: dt.date, days: int, workdays: bool) -> Window:
    deadline = add_workdays(event, days) if workdays else event + dt.timedelta(days=days)
    return Window(f"{event.isoformat()} 形成或变更的信息", event, deadline, event.isoformat())


def _unit(ctx: Context, item: CatalogItem, column: Column) -> str | None:
    """The row's 责任单位 when it names a configured unit (or no units are configured), else the
    column's (a row saying 各部门 routes nowhere)."""
    unit = ctx.config.canonical_unit(item.unit) if item.unit else None
    if unit and (not ctx.config.units or any(u.name == unit for u in ctx.config.units)):
        return unit
    return ctx.unit_for(column.name)


@dataclass
class _Judge:
    ctx: Context
    item: CatalogItem
    column: Column
    view: ColumnView
    keywords: tuple[str, ...]

    def matches(self, since: dt.date | None) -> list[tuple[dt.date | None, str, str]]:
        out = []
        for it in self.view.items:
            if not title_matches(it.title, self.keywords):
                continue
            d = item_date(self.ctx.snapshot, it)
            if since is None or (d is not None and since <= d <= self.ctx.as_of):
                out.append((d, it.title, it.url))
        return sorted(out, key=lambda m: m[0] or dt.date.min)

    def evidence(self, window: Window | None) -> dict:
        ev = {"catalog_row": self.item.ref, "item": self.item.item, "time_limit": self.item.time_limit,
              "catalog_unit": self.item.unit,
              "rule": self.item.rule.describe() if self.item.rule else None, "channel": self.item.channel,
              "keywords": list(self.keywords), "items_in_column": len(self.view.items)}  # fmt: skip
        if window:
            ev.update(period=window.label, since=window.start.isoformat(),
                      deadline=window.deadline.isoformat() if window.deadline else None)  # fmt: skip
        return ev

    def finding(self, message: str, window: Window | None, **extra: object) -> Finding:
        f = self.ctx.finding(CHECK, Severity.MAJOR, self.column.url, message, column=self.column.name,
                             evidence={**self.evidence(window), **extra},
                             key=f"{self.item.item}:{window.key if window else 'standing'}")  # fmt: skip
        f.unit = _unit(self.ctx, self.item, self.column)
        return f

    def judge(self, window: Window) -> Iterator[Finding | Note]:
        what = f"目录事项“{self.item.item}”（{self.item.time_limit}）"
        found = self.matches(window.start)
        if not found:
            if not list_reaches(self.view, window.start):
                oldest = min(self.view.dates, default=None)
                yield self.ctx.note(self.column.url, f"{what}在栏目“{self.column.name}”中未见{window.label}的相关信息，"
                                    f"但列表只读到 {oldest or '无日期信息'} 以后的信息，未判定", self.column.name)  # fmt: skip
                return
            limit = f"（时限 {window.deadline.isoformat()}）" if window.deadline else ""
            yield self.finding(
                f"{what}在栏目“{self.column.name}”中未见{window.label}的相关信息{limit}", window
            )
            return
        first_date, first_title, first_url = found[0]
        if window.deadline is not None and first_date is not None and first_date > window.deadline:
            yield self.finding(
                f"{what}：{window.label}的相关信息“{first_title}”于 {first_date.isoformat()} 发布，"
                f"晚于时限 {window.deadline.isoformat()}", window, published=first_date.isoformat(), url=first_url,
            )  # fmt: skip


def _catalog(ctx: Context) -> Catalog | None:
    spec = ctx.site.catalog
    if spec is None:
        return None
    return catalog_for_audit(spec)


@check(
    CHECK,
    name="主动公开目录事项未按时公开",
    scope="column",
    evidence={
        "catalog_row": "目录行号",
        "item": "公开事项",
        "time_limit": "公开时限",
        "catalog_unit": "目录所列责任单位",
        "rule": "判定规则",
        "channel": "公开渠道",
        "keywords": "标题关键词",
        "items_in_column": "栏目条目数",
        "period": "考核期间",
        "since": "起算日期",
        "deadline": "截止日期",
        "published": "发布日期",
        "url": "链接地址",
        "title": "标题",
    },
)
def catalog_item_missing(ctx: Context) -> Iterator[Finding | Note]:
    site_url = ctx.site.url
    try:
        catalog = _catalog(ctx)
    except CatalogError as exc:
        yield ctx.note(site_url, f"主动公开事项目录未能读取（{exc}），未核对目录事项")
        return
    if catalog is None:
        return
    spec = ctx.site.catalog
    assert spec is not None
    unmapped: list[str] = []
    no_events: list[str] = []
    for item in catalog.items:
        if item.disable:
            continue
        if item.rule is None:
            yield ctx.note(site_url, f"主动公开事项目录{item.ref}“{item.item}”的公开时限“{item.time_limit or '（空）'}”"
                                     "无法识别，未判定")  # fmt: skip
            continue
        column = column_of(item, ctx.site.columns)
        if column is None:
            unmapped.append(f"{item.item}（{item.channel or '未填渠道'}）")
            continue
        view = column_view(ctx.snapshot, column.name, column.url)
        if not view.reachable:
            continue  # column_unreachable speaks for it
        if view.unreadable:
            yield ctx.note(column.url, f"目录事项“{item.item}”的栏目“{column.name}”列表未能读取：{view.unreadable}；"
                                       "未判定", column.name)  # fmt: skip
            continue
        keywords = item.keywords or default_keywords(item)
        if not keywords:
            yield ctx.note(column.url, f"目录事项“{item.item}”无法确定标题关键词（请在主动公开目录配置中为该事项指定标题关键词），"
                                       "未判定", column.name)  # fmt: skip
            continue
        judge = _Judge(ctx, item, column, view, keywords)
        rule = item.rule
        if rule.kind == "yearly":
            yield from judge.judge(yearly_window(rule, ctx.as_of))
        elif rule.kind == "periodic":
            yield from judge.judge(periodic_window(rule, ctx.as_of))
        elif rule.kind in ("event", "immediate"):
            if not item.events:
                no_events.append(item.item)
                continue
            days, workdays = (rule.days, rule.workdays) if rule.kind == "event" else (
                spec.immediate_days, spec.immediate_workdays)  # fmt: skip
            for event in item.events:
                window = event_window(event, days, workdays)
                if window.deadline is not None and window.deadline < ctx.as_of:
                    yield from judge.judge(window)
        elif not judge.matches(None):  # standing
            complete = view.stated_total is not None and len(view.items) >= view.stated_total
            if complete:
                yield judge.finding(
                    f"目录事项“{item.item}”（{item.time_limit}）在栏目“{column.name}”中未见相关信息", None
                )
            else:
                short = (
                    f"（页面显示共 {view.stated_total} 条，只读到 {len(view.items)} 条）"
                    if view.stated_total
                    else ""
                )
                yield ctx.note(column.url, f"目录事项“{item.item}”（{item.time_limit}）在栏目“{column.name}”已读列表中"
                                           f"未见相关信息，但列表可能未读全{short}，未判定", column.name)  # fmt: skip
    if unmapped:
        yield ctx.note(site_url, f"主动公开事项目录中 {len(unmapped)} 项的公开渠道未对应本站已配置的栏目，未判定："
                                 + "、".join(unmapped[:10]) + ("等" if len(unmapped) > 10 else ""))  # fmt: skip
    if no_events:
        yield ctx.note(site_url, f"主动公开事项目录中 {len(no_events)} 项按事件触发公开（如“信息形成或变更之日起20个"
                                 "工作日内”），未配置事件发生日期，未判定：" + "、".join(no_events[:10])
                                 + ("等" if len(no_events) > 10 else ""))  # fmt: skip
