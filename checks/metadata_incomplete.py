"""metadata_incomplete — a 政府信息公开 article lacks a required field, or its fields contradict.

Applies to article pages on the site's own host with a 政务公开 metadata block (two or more recognised fields) and to
every article of a `policy` column. Required (条例 Art. 12: 索引, 名称, 内容概述, 生成日期):
索引号, 发布机构, 成文日期, 发布日期; 文号 on policy-column documents ("无" counts as stated);
有效性 on 行政规范性文件 (policy column whose name, title or 分类 mentions 规范性文件).
Contradictions: 成文日期 after 发布日期; a date after the audit date (forged-date risk, a veto
item in 指标2019); 索引号 malformed (`<组织机构代码|统一社会信用代码>/<year>-<serial>`, check
character valid).
Empty fields: a label shown with no value (``有效性：`` and nothing after it) is *present but
empty*; the finding says “X 为空” instead of “缺少 X”, with the same severity (minor) and the same
key, so that a template showing the field blank and one leaving it out are the same issue.
Severity: minor; veto for a date after the audit date (never for a missing or empty field).
"""

from __future__ import annotations

from collections.abc import Iterator

from govaudit.crawler.extract.dates import parse_date
from govaudit.crawler.fetcherrors import is_failure

from govaudit.models import Finding, Note, Severity
from govaudit.urls import same_origin

from .base import Context, check
from .codes import index_number_problem

BASE_FIELDS = ("索引号", "发布机构", "成文日期", "发布日期")


@check(
    "metadata_incomplete",
    name="政府信息公开元数据不规范",
    scope="page",
    evidence={"fields": "元数据", "missing": "缺少项", "empty": "为空字段", "problems": "问题"},
)
def metadata_incomplete(ctx: Context) -> Iterator[Finding | Note]:
    for page in ctx.snapshot.pages:
        if page.role != "article" or is_failure(page.status, page.error):
            continue
        if not same_origin(page.url, ctx.site.url):
            continue  # an article hosted on another site (e.g. the city platform) is not this site's
        col = ctx.column(page.column)
        xxgk = {k: (v or "").strip() for k, v in (page.xxgk or {}).items()}
        is_policy = col is not None and col.kind == "policy"
        if not is_policy and len([v for v in xxgk.values() if v]) < 2:
            continue
        required = list(BASE_FIELDS)
        if is_policy:
            required.append("文号")
            context = " ".join([col.name if col else "", page.title or "", xxgk.get("主题分类", "")])
            if "规范性文件" in context:
                required.append("有效性")
        missing = [f for f in required if f not in xxgk]
        empty = [f for f in required if f in xxgk and not xxgk[f]]
        problems: list[str] = []
        codes: list[str] = []
        severity = Severity.MINOR
        written = parse_date(xxgk.get("成文日期", ""), ref=ctx.as_of)
        published = parse_date(xxgk.get("发布日期", ""), ref=ctx.as_of)
        if written and published and written > published:
            problems.append(f"成文日期 {written} 晚于发布日期 {published}")
            codes.append("written_after_published")
        for label, d in (("成文日期", written), ("发布日期", published)):
            if d and d > ctx.as_of:
                problems.append(f"{label} {d} 晚于检查日期 {ctx.as_of}，存在日期造假风险")
                codes.append(f"future:{label}")
                severity = Severity.VETO
        if xxgk.get("索引号"):
            problem = index_number_problem(xxgk["索引号"], ctx.as_of.year + 1)
            if problem:
                problems.append(f"索引号“{xxgk['索引号']}”{problem}")
                codes.append("index_number")
        if not missing and not empty and not problems:
            continue
        parts = (["缺少 " + "、".join(missing)] if missing else []) + (
            ["、".join(empty) + " 为空"] if empty else []
        )
        parts += problems
        title = page.title or page.url
        yield ctx.finding(
            "metadata_incomplete", severity, page.url,
            f"政府信息公开文章“{title}”元数据不规范：{'；'.join(parts)}",
            column=page.column if col else None,
            evidence={"missing": missing, "empty": empty, "problems": problems, "fields": xxgk},
            key=",".join([f for f in required if f in missing or f in empty] + codes),
        )  # fmt: skip
