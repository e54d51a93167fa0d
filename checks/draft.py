"""The pre-publication check of a draft (保密审查, `govaudit check-doc` and the web upload page):
privacy_leak, typo and serious_error's rules applied to a document before it goes online.

Pure: segments (place, text) in, hits out, everything shown masked (personal numbers, any long
digit run in an excerpt). A draft is about to be published, so outdated agency names count unless
used historically (原…, a cited document, a year before the reform) — the same guard as on pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from govaudit.config.schema import ContentSettings
from govaudit.crawler.extract.draftdoc import Segment

from .personal_data import KIND_LABEL, find_personal_data, masked_excerpt
from .serious_error import content_matchers, historical
from .typo import typo_matcher
from .wordlists import excerpt

KIND_NAMES = {"privacy_leak": "个人信息泄露", "typo": "错别字", "serious_error": "严重表述错误"}


@dataclass(frozen=True)
class DraftHit:
    check: str  # privacy_leak | typo | serious_error
    place: str
    what: str  # Chinese, masked
    context: str  # masked excerpt

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.check]


def screen(segments: Iterable[Segment], content: ContentSettings, as_of: dt.date) -> list[DraftHit]:
    """Every hit of the three rules in the draft, in document order."""
    typos = typo_matcher(content)
    names, old, markers = content_matchers(content)
    allow = set(content.privacy_allow)
    hits: list[DraftHit] = []
    for seg in segments:
        text = seg.text
        found = [h for h in find_personal_data(text, as_of) if h.digits not in allow]
        for h in found:
            hits.append(DraftHit("privacy_leak", seg.place, f"{KIND_LABEL[h.kind]} {h.masked}",
                                 masked_excerpt(text, h, found)))  # fmt: skip
        for m in typos.find(text):
            hits.append(
                DraftHit("typo", seg.place, f"“{m.wrong}”应为“{m.correct}”", excerpt(text, m.start, m.end))
            )
        for m in names.find(text):
            said = f"“{m.wrong}”应为“{m.correct}”" if m.correct else f"不应使用的表述“{m.wrong}”"
            hits.append(DraftHit("serious_error", seg.place, said, excerpt(text, m.start, m.end)))
        for m in old.find(text):
            if not historical(text, m.start, m.end, markers, content.reform_date.year):
                hits.append(DraftHit("serious_error", seg.place, f"机构改革前的名称“{m.wrong}”（现为“{m.correct}”）",
                                     excerpt(text, m.start, m.end)))  # fmt: skip
    return hits
