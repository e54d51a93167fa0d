"""typo — common misspellings (错别字) in what a page says.

Rule (CHECKS.md; 指标2019 counts 错别字 among 内容不准确): a curated dictionary of commonly
miswritten words and idioms with their correct forms (checks/data/typos.tsv, several hundred
entries from published 常见错别字 lists), plus the office's own entries (`content.typos`), is
matched against the title and main text of every article. The correct forms guard the match:
``部署`` never triggers, nor does a wrong form inside a correct word (checks/wordlists.py).
Words in `content.typo_allow` are never reported (a place name, a quoted original).
One finding per page listing every typo with its suggestion and context.
Severity: minor.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.config.schema import ContentSettings
from govaudit.crawler.fetcherrors import is_failure

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .personal_data import scrub
from .wordlists import WordMatcher, excerpt, shipped_typos

MAX_LISTED = 20


def typo_matcher(content: ContentSettings) -> WordMatcher:
    entries, guards = shipped_typos()
    return WordMatcher({**entries, **content.typos}, guards=guards, allow=content.typo_allow)


@check(
    "typo",
    name="错别字",
    scope="page",
    evidence={
        "count": "数量",
        "typos": "错别字",
        "wrong": "错误写法",
        "correct": "正确写法",
        "context": "上下文",
    },
)
def typo(ctx: Context) -> Iterator[Finding | Note]:
    matcher = typo_matcher(ctx.config.content_for(ctx.site))
    for page in ctx.snapshot.articles():
        if is_failure(page.status, page.error) or not (page.text or page.title):
            continue
        text = page.text or ""
        title = page.title or ""
        sources = [text] if title and title in text else [title, text]
        typos: list[dict[str, str]] = []
        seen: set[str] = set()
        for source in sources:
            for m in matcher.find(source):
                if m.wrong in seen:
                    continue
                seen.add(m.wrong)
                typos.append(
                    {"wrong": m.wrong, "correct": m.correct, "context": excerpt(source, m.start, m.end)}
                )
        if not typos:
            continue
        listed = "；".join(f"“{t['wrong']}”应为“{t['correct']}”" for t in typos[:3])
        more = f" 等 {len(typos)} 处" if len(typos) > 3 else ""
        yield ctx.finding(
            "typo", Severity.MINOR, page.url,
            f"文章“{scrub(title) or page.url}”疑有错别字：{listed}{more}",
            column=page.column if ctx.column(page.column) else None,
            evidence={"typos": typos[:MAX_LISTED], "count": len(typos)},
            key="typos",  # one issue per page, whatever typos it holds today
        )  # fmt: skip
