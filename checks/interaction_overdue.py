"""interaction_overdue — a message (留言, 信箱来信) unanswered beyond the reply limit.

Rule: local reply limit, default 10 working days (rules.interaction.reply_workdays; Chinese
holidays and 调休 via govaudit/workdays.py); unanswered more than 3 months (veto_days) within the
past year is a 指标2019 单项否决 item. Messages of `interaction` columns are read from the list
(a table 标题 | 留言时间 | 回复时间 | 状态, or rows of <li>/<span>/<dl> with 留言时间：… 状态 办理中)
and from each message's page (留言时间, 回复时间, 回复单位, 回复内容; an empty 回复时间 with
答复内容 正在办理中 is not a reply); the page wins where both speak (crawler/extract/messages.py). A replied message is
never a finding; nor is one whose reply state cannot be read (a note counts them), nor one asked
more than `lookback_days` ago.
Severity: minor; veto beyond veto_days. The replying/handling unit as written routes the finding
when the column has no unit of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from govaudit.crawler.extract.messages import (
    Message,
    message_from_detail,
    messages_from_list_text,
    messages_from_table,
)
from govaudit.crawler.fetcherrors import is_failure

from govaudit.models import Finding, Note, Severity
from govaudit.urls import page_key
from govaudit.workdays import add_workdays, covered, workdays_between

from .base import Context, check


def column_messages(ctx: Context, column: str) -> list[Message]:
    """Every message of an interaction column: list rows completed by their pages, and pages the
    list table did not describe (their date from the list entry when the page has none)."""
    snap = ctx.snapshot
    listed: dict[str, Message] = {}
    unlinked: list[Message] = []
    for page in snap.list_pages(column):
        found = [
            msg
            for table in page.tables or []
            for msg in messages_from_table(table.get("rows") or [], page.out_links or [])
        ]
        if not found:  # a list of <li>/<span>/<dl> rows: its text, cut at the entries read from it
            entries = [
                (it.title, it.url, it.date) for it in snap.column_items(column) if it.list_url == page.url
            ]
            found = messages_from_list_text(page.text, entries)
        for msg in found:
            if msg.url:
                listed.setdefault(page_key(msg.url), msg)
            else:
                unlinked.append(msg)
    out: list[Message] = list(unlinked)
    items = {page_key(it.url): it for it in snap.column_items(column)}
    seen: set[str] = set()
    for page in snap.articles(column):
        if is_failure(page.status, page.error):
            continue
        key = page_key(page.url)
        seen.add(key)
        detail = message_from_detail(page.title or "", page.text, page.tables or [])
        base = listed.get(key)
        if base is None:
            item = items.get(key)
            base = Message(
                title=item.title if item else (page.title or page.url), asked=item.date if item else None
            )
        out.append(Message(**{**_as_dict(base.merged(detail)), "url": page.url}))
    out.extend(m for k, m in listed.items() if k not in seen)
    return out


def _as_dict(m: Message) -> dict[str, object]:
    return {f: getattr(m, f) for f in Message.__slots__}  # type: ignore[attr-defined]


@check(
    "interaction_overdue",
    name="留言超期未答复",
    scope="page",
    evidence={
        "title": "标题",
        "asked": "留言日期",
        "due": "应答复日期",
        "state": "办理状态",
        "handling_unit": "承办单位",
        "workdays": "已过工作日",
        "limit_workdays": "要求（工作日）",
    },
)
def interaction_overdue(ctx: Context) -> Iterator[Finding | Note]:
    for col in ctx.site.columns:
        if col.kind != "interaction":
            continue
        rules = ctx.rules(col.name).interaction
        unknown = 0
        for msg in column_messages(ctx, col.name):
            if msg.state == "replied" or msg.replied is not None:
                continue
            if msg.asked is None or msg.state is None:
                unknown += 1
                continue
            if msg.asked < ctx.as_of - dt.timedelta(days=rules.lookback_days) or msg.asked > ctx.as_of:
                continue
            due = add_workdays(msg.asked, rules.reply_workdays)
            if ctx.as_of <= due:
                continue
            waited = workdays_between(msg.asked, ctx.as_of)
            days = (ctx.as_of - msg.asked).days
            veto = days > rules.veto_days
            state = {"unreplied": "未回复", "processing": "办理中"}.get(msg.state, msg.state)
            evidence: dict[str, object] = {
                "title": msg.title, "asked": msg.asked.isoformat(), "due": due.isoformat(), "state": state,
                "workdays": waited, "limit_workdays": rules.reply_workdays, "handling_unit": msg.unit or "",
            }  # fmt: skip
            if not (covered(msg.asked.year) and covered(ctx.as_of.year)):
                evidence["calendar"] = "节假日安排未覆盖该年度，仅按周末计算"
            message = (
                f"栏目“{col.name}”留言“{msg.title}”（{msg.asked} 提交）{state}，已 {waited} 个工作日"
                f"（要求 {rules.reply_workdays} 个工作日内答复，应于 {due} 前）"
            )
            if veto:
                message += f"；超过 {rules.veto_days} 天未回复，属单项否决情形"
            yield ctx.finding(
                "interaction_overdue", Severity.VETO if veto else Severity.MINOR, msg.url or col.url, message,
                column=col.name, evidence=evidence, key=msg.url or msg.title, publisher=msg.unit or "",
            )  # fmt: skip
        if unknown:
            yield ctx.note(col.url, f"栏目“{col.name}”有 {unknown} 条留言未能读出留言时间或办理状态，未作判定",
                           column=col.name)  # fmt: skip
