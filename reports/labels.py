"""Chinese names of checks and severities, for reports and mails."""

from __future__ import annotations

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
}  # fmt: skip
