"""search_broken — the site search does not find what the site publishes (指引2017 搜索即服务).

Rule: the homepage's search form (or `search.url`, a template with {q}) is asked for the titles
of the most recent articles the crawl saw (`search.titles`, default 2). A result page listing the
title (or its first 12 characters, or a link to the article) counts as found. A finding when no
title is found and every answer failed (HTTP >= 400, no answer) or said plainly that nothing was
found (没有找到, 未检索到, 抱歉 …; not 共0条 or 暂无数据, placeholders a script fills in);
results that may be built by a script (neither listed nor "nothing") are a note. Whether a title with one character left out is still found (typo tolerance) is
noted as information. No search form at all: a note.
Severity: major.
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.models import Finding, Note, Severity

from .base import Context, check


@check(
    "search_broken",
    name="站内搜索不可用",
    scope="site",
    evidence={
        "tries": "检索记录",
        "title": "检索标题",
        "search_url": "检索地址",
        "status": "HTTP 状态",
        "result": "结果",
    },  # fmt: skip
)
def search_broken(ctx: Context) -> Iterator[Finding | Note]:
    facts = ctx.fact("search")
    if facts is None:
        return
    url = ctx.site.url
    if not facts.get("form") and not facts.get("template"):
        yield ctx.note(url, "首页未找到站内搜索框（也未配置 search.url），未检查站内搜索")
        return
    tries = facts.get("tries") or []
    if not tries:
        yield ctx.note(url, "本次未抓取到带日期的近期文章标题，未检查站内搜索")
        return
    refused = next((t for t in tries if t.get("error") in ("private_address", "bad_url")), None)
    if refused is not None:
        yield ctx.note(
            url,
            f"站内搜索地址（{refused.get('search_url')}）属内网或保留地址，出于安全原因未访问，未检查站内搜索",
        )
        return
    if any(t.get("found") for t in tries):
        tol = facts.get("tolerance")
        if tol is not None and not tol.get("found"):
            yield ctx.note(
                url, f"（信息）站内搜索不支持容错：检索“{tol.get('words')}”（标题缺一字）未找到原文章"
            )
        return
    failed = [t for t in tries if t.get("status") is None or t["status"] >= 400]
    none = [t for t in tries if t.get("says_none")]
    if len(failed) + len(none) < len(tries):
        yield ctx.note(
            url,
            "站内搜索结果页未列出近期文章，但也未明确提示无结果（结果可能由脚本加载），未判定，请人工核实",
        )
        return
    records = [{"title": t["title"], "search_url": t.get("search_url"), "status": t.get("status"),
                "result": "无法访问" if t in failed else "提示无结果"} for t in tries]  # fmt: skip
    titles = "、".join(f"“{t['title']}”" for t in tries)
    said = "站内搜索无法使用" if len(failed) == len(tries) else f"站内搜索检索近期文章标题 {titles} 均无结果"
    yield ctx.finding("search_broken", Severity.MAJOR, url, said + "（搜索即服务要求能检索到网站已发布的信息）",
                      evidence={"tries": records}, key="search")  # fmt: skip
