"""Consultations (意见征集) and their feedback, read once per audit for consultation_period_short
and consultation_feedback_missing.

A consultation is an article of a `consultation` column whose title is not a feedback title
(rules.consultation.feedback_keywords) and whose text or 政务公开 fields state a window
(crawler/extract/windows.py); a window with only an end starts on the page's publication date.
Its feedback is a feedback-titled article (of any column) that links to it or is linked from it,
or names the same subject (《…》 title, or the title without 关于/征求/意见/通知 words), published
after the window opened; or the consultation page itself carrying the result (共征集意见N条,
采纳情况).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from govaudit.crawler.extract.docrefs import quoted_titles, title_key
from govaudit.crawler.extract.windows import Window, feedback_summary, find_window
from govaudit.crawler.fetcherrors import is_failure
from govaudit.store.schema import Page

from govaudit.urls import page_key

from .base import Context
from .columns import crawl_gap
from .policydocs import doc_date, fields

_SUBJECT_NOISE = re.compile(
    r"关于|公开|征求|征集|意见建议|意见|建议|的|通知|公告|反馈|采纳情况|采纳|情况|说明|结果|社会各界|对|"
    r"[（(](?:征求意见稿|草案|送审稿|修订稿|草稿)[）)]|征求意见稿|草案"
)


def subject(title: str) -> str:
    """What a consultation or its feedback is about: its 《》 title, else the title without the
    consultation words (both reduced to a comparable key)."""
    quoted = quoted_titles(title)
    return title_key(_SUBJECT_NOISE.sub("", quoted[0] if quoted else title))


@dataclass
class Consultation:
    page: Page
    title: str
    window: Window
    start: dt.date  # the window's start, or the page's date when the page states only an end
    start_from_page: bool
    feedback: list[Page] = field(default_factory=list)
    inline_feedback: dict[str, int | bool] = field(default_factory=dict)

    def evidence(self, **more: object) -> dict[str, object]:
        """The window as evidence of a finding, plus `more`."""
        return {"start": self.start.isoformat(), "end": self.window.end.isoformat(),
                "window_text": self.window.text, "start_from_publication": self.start_from_page, **more}  # fmt: skip


@dataclass
class Consultations:
    items: list[Consultation]
    unread: list[Page]  # consultation-looking pages with no readable window
    gaps: dict[str, str]


def is_feedback(ctx: Context, page: Page) -> bool:
    keywords = ctx.rules(page.column).consultation.feedback_keywords
    return any(k in (page.title or "") for k in keywords) and "渠道" not in (page.title or "")


def consultations(ctx: Context) -> Consultations:
    return ctx.memo("consultations", lambda: _read(ctx))  # type: ignore[no-any-return]


@dataclass
class _Side:
    """What pairs a consultation with its feedback, computed once per page."""

    page: Page
    keys: set[str]  # the page's own URLs
    links: set[str]  # the pages it links to
    subject: str

    @classmethod
    def of(cls, page: Page) -> _Side:
        keys = {page_key(page.url)} | ({page_key(page.final_url)} if page.final_url else set())
        links = {page_key(str(link.get("url", ""))) for link in page.out_links or []}
        return cls(page, keys, links, subject(page.title or ""))


def _belongs(fb: _Side, fb_date: dt.date | None, c: Consultation, cs: _Side) -> bool:
    if fb.keys & cs.keys or (fb_date is not None and fb_date < c.start):
        return False
    if fb.links & cs.keys or cs.links & fb.keys:
        return True
    a, b = cs.subject, fb.subject
    return len(a) >= 6 and len(b) >= 6 and (a in b or b in a)


def _read(ctx: Context) -> Consultations:
    snap = ctx.snapshot
    names = [c.name for c in ctx.site.columns if c.kind == "consultation"]
    gaps = {n: g for n in names if (g := crawl_gap(snap, n, ctx.list_cap(n)))}
    feedback_pages = [
        p for p in snap.pages
        if p.role == "article" and not is_failure(p.status, p.error) and is_feedback(ctx, p)
    ]  # fmt: skip
    feedback = [(_Side.of(p), doc_date(ctx, p)) for p in feedback_pages]
    items: list[Consultation] = []
    unread: list[Page] = []
    for name in names:
        for page in snap.articles(name):
            if is_failure(page.status, page.error) or is_feedback(ctx, page):
                continue
            f = fields(page)
            text = "\n".join(
                x for x in (f.get("征求意见时间", ""), f.get("征集时间", ""), page.text or "") if x
            )
            window = find_window(text)
            published = doc_date(ctx, page)
            if window is None:
                if any(k in (page.title or "") for k in ("征求", "征集", "意见稿")):
                    unread.append(page)
                continue
            start = window.start or published
            if start is None or start > window.end:
                unread.append(page)
                continue
            c = Consultation(page, page.title or page.url, window, start, window.start is None)
            summary = feedback_summary(page.text)
            if summary:
                c.inline_feedback = summary
            cs = _Side.of(page)
            c.feedback = [fb.page for fb, fb_date in feedback if _belongs(fb, fb_date, c, cs)]
            items.append(c)
    return Consultations(items=items, unread=unread, gaps=gaps)
