"""Chinese names of checks and severities, for reports and mails."""

from __future__ import annotations

from typing import Any

from govaudit.checks.base import SPECS
from govaudit.checks.caps import CAP_EVIDENCE

from .evidence_words import HIDDEN_KEYS, word

#: Chinese check names, as each check declares them (checks/*.py, `@check(name=...)`)
CHECK_NAMES: dict[str, str] = {cid: spec.name for cid, spec in SPECS.items()}

MAX_LIST = 30  # evidence list entries shown (reports, mails, web pages)
SEVERITY_NAMES = {"veto": "单项否决风险", "major": "严重", "minor": "一般"}

#: every declared evidence label, for evidence shown without its check (first declaration wins)
EVIDENCE_NAMES: dict[str, str] = dict(CAP_EVIDENCE)
for _spec in SPECS.values():
    for _key, _label in _spec.evidence.items():
        EVIDENCE_NAMES.setdefault(_key, _label)


def evidence_rows(evidence: dict[str, Any], check: str | None = None) -> list[tuple[str, Any]]:
    """Evidence as (Chinese label, Chinese value) rows for reports, mails and web pages, labelled
    as the check declares them; internal details (exception text, selectors) left out."""
    spec = SPECS.get(check or "")
    names = {**CAP_EVIDENCE, **spec.evidence} if spec is not None else EVIDENCE_NAMES

    def label(key: str) -> str:
        return names.get(key) or EVIDENCE_NAMES.get(key) or "其他"

    rows = []
    for key, value in evidence.items():
        if value in (None, "", [], {}) or key in HIDDEN_KEYS:
            continue
        if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            # a list of records (masked samples, typos …): one line each, keys in Chinese
            value = ["；".join(f"{label(k)}：{word(k, v)}" for k, v in x.items()
                              if v not in (None, "") and k not in HIDDEN_KEYS) for x in value]  # fmt: skip
        elif isinstance(value, dict):
            value = {(names.get(k) or EVIDENCE_NAMES.get(k) or k): word(k, v) for k, v in value.items()}
        else:
            value = word(key, value)
        if isinstance(value, list) and len(value) > MAX_LIST:  # a long list: the first ones and the count
            value = [*value[:MAX_LIST], f"……另有 {len(value) - MAX_LIST} 项，更多内容请在网页控制台查看"]
        rows.append((label(key), value))
    return rows
