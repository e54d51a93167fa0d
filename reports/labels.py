"""Chinese names of checks and severities, for reports and mails."""

from __future__ import annotations

from typing import Any

from govaudit.crawler.fetcherrors import ERROR_KINDS

CHECK_NAMES: dict[str, str] = {
    "site_unreachable": "首页无法访问",
    "homepage_stale": "首页长期未更新",
    "column_unreachable": "栏目无法访问",
    "column_stale": "栏目不更新",
    "column_empty": "空白栏目",
    "broken_link": "链接不可用",
    "meta_missing": "网页元数据缺失",
    "metadata_incomplete": "政府信息公开元数据不规范",
    "privacy_leak": "个人信息泄露",
    "typo": "错别字",
    "serious_error": "严重表述错误",
    "interpretation_missing": "政策文件缺少解读",
    "interpretation_late": "政策解读发布不及时",
    "consultation_period_short": "意见征集期限不足",
    "consultation_feedback_missing": "意见征集未反馈采纳情况",
    "interaction_overdue": "留言超期未答复",
    "validity_missing": "规范性文件有效性标注问题",
    "publication_late": "政府信息公开不及时",
}

SEVERITY_NAMES = {"veto": "单项否决风险", "major": "严重", "minor": "一般"}

EVIDENCE_NAMES = {
    "latest": "最新信息日期", "latest_title": "最新信息标题", "latest_url": "最新信息链接",
    "age_days": "未更新天数", "limit_days": "要求（天）", "items": "列表条目数", "undated_items": "无日期条目数",
    "status": "HTTP 状态", "error": "错误类型", "detail": "错误详情", "source": "所在页面", "text": "链接文字",
    "kind": "类型", "internal": "站内链接", "source_count": "引用页面数", "sources": "引用页面",
    "missing": "缺少项", "malformed": "格式不规范项", "pages": "涉及页面数", "examples": "示例页面",
    "problems": "问题", "fields": "元数据", "placeholder": "页面提示", "stated_total": "页面显示总数",
    "stale_columns": "全站不更新栏目数", "stale_columns_2w_6m": "其中动态/通知/政策类", "empty_columns": "全站空白栏目数",
    "warning": "预警", "future_dated_items": "日期晚于检查日的条目", "timeout_s": "超时（秒）", "role": "页面类型",
    "dated_items": "首页带日期条目数",
    # content checks
    "page": "所在页面", "attachment": "附件", "label": "号码类型", "count": "数量", "samples": "示例（已脱敏）",
    "masked": "号码", "where": "位置", "excerpt": "上下文", "typos": "错别字", "wrong": "错误写法",
    "correct": "正确写法", "context": "上下文", "rule": "规则", "matches": "问题表述", "old": "原名称",
    "current": "现名称", "pub_date": "发布日期", "reform_date": "机构改革基准日", "url": "链接地址",
    "host": "外部站点", "how": "隐藏方式", "element": "隐藏元素", "spam_word": "可疑词", "on_pages": "所在页面",
    "page_count": "涉及页面数",
    "document": "政策文件", "doc_number": "文号", "published": "文件发布日期", "candidates": "相近条目（不构成解读）",
    "searched_columns": "查找的解读栏目", "interpretation": "解读", "paired_by": "匹配方式", "workdays": "工作日数",
    "limit_workdays": "要求（工作日）", "calendar": "日历说明", "start": "开始日期", "end": "截止日期",
    "days": "天数", "window_text": "页面所写期限", "start_from_publication": "起始日按发布日期计",
    "ended_days": "结束天数", "title": "标题", "asked": "留言日期", "due": "应答复日期", "state": "办理状态",
    "handling_unit": "承办单位", "validity": "有效性", "stated": "文件所写有效期", "valid_until": "有效期届满日",
    "from": "起算日期", "written": "成文日期", "published_on": "发布日期",
}  # fmt: skip


def evidence_rows(evidence: dict[str, Any]) -> list[tuple[str, Any]]:
    """Evidence as (Chinese label, value) rows for reports, mails and web pages."""
    rows = []
    for key, value in evidence.items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, bool):
            value = "是" if value else "否"
        elif key == "error" and value in ERROR_KINDS:
            value = ERROR_KINDS[value].label
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            # a list of records (masked samples, typos …): one line each, keys in Chinese
            value = ["；".join(f"{EVIDENCE_NAMES.get(k, k)}：{v}" for k, v in x.items() if v not in (None, ""))
                     for x in value]  # fmt: skip
        rows.append((EVIDENCE_NAMES.get(key, key), value))
    return rows
