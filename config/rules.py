"""The checks' thresholds and rules (`thresholds:`, `content:`, `rules:`) and their per-site and
per-column overrides."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, create_model

from .base import _Model
from .crawl import CrawlSettings


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
