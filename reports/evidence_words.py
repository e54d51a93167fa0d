"""Evidence values in Chinese: the words checks store as data (kinds, rules, roles, identities,
CSS hiding tricks, fetch error kinds) as an official reads them.

Checks write stable machine values into the evidence (the JSON report keeps them); everything
shown to people (HTML report, mails, XLSX, web pages, `issues show`) goes through `word()`.
"""

from __future__ import annotations

from typing import Any

from govaudit.crawler.extract.hidden_links import hiding_words
from govaudit.crawler.fetcherrors import ERROR_KINDS

#: evidence kept for developers (the JSON report) but never shown: exception text, CSS selectors
HIDDEN_KEYS = frozenset({"detail", "element"})

_KINDS = {"page": "网页", "attachment": "附件", "image": "图片", "link": "链接",
          "id_card": "身份证号码", "mobile": "手机号码", "bank_card": "银行卡号"}  # fmt: skip
_ROLES = {"homepage": "首页", "column": "栏目页", "list": "列表页", "article": "文章页",
          "attachment": "附件", "link": "链接"}  # fmt: skip

#: per evidence key: machine value → Chinese
VALUE_WORDS: dict[str, dict[str, str]] = {
    "error": {k: v.label for k, v in ERROR_KINDS.items()},
    "kind": _KINDS,
    "kinds": _KINDS,
    "role": _ROLES,
    "rule": {
        "expression": "错误表述",
        "outdated_name": "机构改革前的旧名称",
        "hidden_link": "暗链（隐藏的外部链接）",
    },
    "identity": {
        "balance": "本年新收＋上年结转＝办理结果总计＋结转下年度继续办理",
        "results": "办理结果各项之和＝办理结果总计",
        "row_total": "各类申请人之和＝总计",
        "review": "维持＋纠正＋其他＋尚未审结＝总计",
        "carry_over": "本年“上年结转”＝上年报告“结转下年度继续办理”",
    },
    "state": {"unreplied": "未回复", "processing": "办理中", "replied": "已回复"},
}


def word(key: str, value: Any) -> Any:
    """One evidence value in Chinese (lists element by element); other values unchanged."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "how" and isinstance(value, str):
        return hiding_words(value)
    table = VALUE_WORDS.get(key)
    if table is None:
        return value
    if isinstance(value, list):
        return [table.get(v, v) if isinstance(v, str) else v for v in value]
    return table.get(value, value) if isinstance(value, str) else value
