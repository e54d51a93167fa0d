"""privacy_leak — unmasked personal data in a page or an attachment.

Rule (CHECKS.md; 《个人信息保护法》, 《政府网站与政务新媒体检查指标》 on 保密审查): a page's text
and tables, and the text and tables of the attachments linked from articles (.xls .xlsx .csv .doc
.docx .pdf .wps …), must not publish ID numbers (18-digit with a valid GB 11643 check character,
a real province code and a plausible birth date; 15-digit legacy numbers with a valid date),
mobile numbers, or bank card numbers (Luhn, with card words nearby) in full. Masked forms,
numbers failing these checks, landlines, hotlines and numbers inside URLs are not findings (see
checks/personal_data.py). Numbers the office publishes on purpose go in `content.privacy_allow`.

One problem, one finding (CHECKS.md §3): one finding per page, whatever it leaks — every kind of
number, in its text, its tables and the attachments linked from it — with the count of distinct
numbers of each kind and, for each place (the page, each attachment) and kind, the first masked
examples with where they are (sheet and row of a spreadsheet, page of a PDF). The thing at fault
is the page: taking the leak down means changing the page or its attachment.
No output ever holds a full number: evidence and messages are masked, and the fingerprint
(the page) does not depend on the numbers.
Severity: veto (单项否决 risk).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from govaudit.crawler.fetcherrors import is_failure

from govaudit.models import Finding, Note, Severity

from .base import Context, check
from .personal_data import KIND_LABEL, find_personal_data, masked_excerpt, scrub

MAX_EXAMPLES = 3
SPREADSHEETS = (".xls", ".xlsx", ".csv", ".et")


KINDS = ("id_card", "mobile", "bank_card")
_ATTACHMENT_WORD = re.compile(r"^\s*附件\s*\d*\s*[：:]\s*")  # a link text "附件：名单.xlsx" names 名单.xlsx


@dataclass
class _Found:
    """Distinct numbers of one kind found at one place, and where the first ones were."""

    numbers: set[str] = field(default_factory=set)
    examples: list[dict[str, str]] = field(default_factory=list)


@dataclass
class _Leak:
    """What one page leaks: by place (the page, each attachment's name) and kind."""

    column: str | None
    places: dict[str, dict[str, _Found]] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)


def _scan(text: str, where: str, ctx: Context, allow: set[str], found: dict[str, _Found]) -> None:
    hits = [h for h in find_personal_data(text, ctx.as_of) if h.digits not in allow]
    for h in hits:
        f = found.setdefault(h.kind, _Found())
        if h.digits in f.numbers:
            continue
        f.numbers.add(h.digits)
        if len(f.examples) < MAX_EXAMPLES:
            f.examples.append({"masked": h.masked, "where": where, "excerpt": masked_excerpt(text, h, hits)})


def _short(text: str, limit: int = 30) -> str:
    """Page text shown as a name (title, table caption, link text): masked and short."""
    text = scrub(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scan_tables(
    tables: list[Any], label: str, ctx: Context, allow: set[str], found: dict[str, _Found]
) -> None:
    """Each row read with its header: "header：cell" pairs, so that 卡号 in a header is context."""
    for i, table in enumerate(tables or []):
        rows = (table.get("rows") or []) if isinstance(table, dict) else []
        name = (table.get("name") if isinstance(table, dict) else None) or f"表{i + 1}"
        name = _short(str(name))
        header = [str(c) for c in rows[0]] if rows and isinstance(rows[0], list | tuple) else []
        for r, row in enumerate(rows):
            if not isinstance(row, list | tuple):
                continue
            cells = ["" if c is None else str(c) for c in row]
            if r == 0:
                line = "\t".join(cells)
            else:
                line = "\t".join(f"{header[j]}：{c}" if j < len(header) and header[j] else c
                                 for j, c in enumerate(cells))  # fmt: skip
            _scan(line, f"{label}“{name}”第 {r + 1} 行", ctx, allow, found)


def _finding(ctx: Context, url: str, title: str, leak: _Leak) -> Finding | None:
    """The page's one finding: every kind, every place."""
    numbers: dict[str, set[str]] = {}
    samples: list[dict[str, Any]] = []
    for place, found in leak.places.items():
        for kind in KINDS:
            f = found.get(kind)
            if not f:
                continue
            numbers.setdefault(kind, set()).update(f.numbers)
            samples.extend({"place": place, "kind": KIND_LABEL[kind], **e} for e in f.examples)
    if not numbers:
        return None
    kinds = [k for k in KINDS if k in numbers]
    counts = "、".join(f"{KIND_LABEL[k]} {len(numbers[k])} 个" for k in kinds)
    names = "、".join(f"“{a}”" for a in leak.attachments)
    if "页面" in leak.places:
        place = f"页面“{title}”" + (f"及其附件{names}" if names else "")
    else:
        place = f"页面“{title}”的附件{names}"
    first = samples[0]
    where = first["where"] if first["place"] == "页面" else f"{first['place']}{first['where']}"
    return ctx.finding(
        "privacy_leak", Severity.VETO, url,
        f"{place}公开了未脱敏的个人信息：{counts}（如 {first['masked']}，{where}），请立即撤下或脱敏处理",
        column=leak.column if ctx.column(leak.column) else None,
        evidence={"page": url, "kinds": [KIND_LABEL[k] for k in kinds],
                  "count": sum(len(v) for v in numbers.values()), "attachments": leak.attachments,
                  "samples": samples},
    )  # fmt: skip


@check(
    "privacy_leak",
    name="个人信息泄露",
    scope="page",
    evidence={
        "page": "所在页面",
        "attachments": "附件",
        "kinds": "号码类型",
        "count": "号码数量",
        "samples": "示例（已脱敏）",
        "place": "出处",
        "kind": "类型",
        "masked": "号码",
        "where": "位置",
        "excerpt": "上下文",
    },
)
def privacy_leak(ctx: Context) -> Iterator[Finding | Note]:
    allow = {
        "".join(c for c in a if c.isalnum()).upper() for a in ctx.config.content_for(ctx.site).privacy_allow
    }
    titles: dict[str, str] = {}
    leaks: dict[str, _Leak] = {}
    for page in ctx.snapshot.pages:
        titles.setdefault(page.url, _short(page.title or "", 60) or page.url)
        if is_failure(page.status, page.error) or not (page.text or page.tables):
            continue
        found: dict[str, _Found] = {}
        _scan_tables(page.tables, "表格", ctx, allow, found)
        _scan(page.text or "", "正文", ctx, allow, found)
        if found:
            leaks.setdefault(page.url, _Leak(page.column)).places["页面"] = found
    for att in ctx.snapshot.attachments:
        if not att.readable or not (att.text or att.tables):
            continue
        found = {}
        ext = (att.ext or "").lower()
        _scan_tables(att.tables, "工作表" if ext in SPREADSHEETS else "表格", ctx, allow, found)
        if ext == ".pdf":
            for n, text in enumerate((att.text or "").split("\f"), start=1):
                _scan(text, f"第 {n} 页", ctx, allow, found)
        elif ext not in SPREADSHEETS or not att.tables:
            _scan(att.text or "", "正文", ctx, allow, found)
        if not found:
            continue
        name = _short(_ATTACHMENT_WORD.sub("", att.title or "") or att.url.rsplit("/", 1)[-1], 60)
        leak = leaks.setdefault(att.page_url, _Leak(att.column))
        place, n = f"附件“{name}”", 1
        while place in leak.places:  # two attachments of one name: both listed
            n += 1
            place = f"附件“{name}”（{n}）"
        leak.attachments.append(name)
        leak.places[place] = found
    for url, leak in leaks.items():
        finding = _finding(ctx, url, titles.get(url, url), leak)
        if finding is not None:
            yield finding
