"""Matching lists of wrong forms in text, with the correct forms as guards (pure).

A `WordMatcher` holds entries ``wrong -> correct``. An occurrence of a wrong form is reported only
when it does not overlap an occurrence of a *guard*: any correct form of the matcher, the extra
guards of an entry (words in which the wrong form is correct text), and the allowed words. So
``部署`` never triggers, and a wrong form that is part of a correct word elsewhere (``部暑`` in
``教育部暑期``) stays silent. Longer wrong forms win over shorter ones at the same place.

The shipped typo dictionary is ``checks/data/typos.tsv`` (columns: wrong, correct, guards).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .personal_data import scrub

__all__ = ["Match", "WordMatcher", "excerpt", "load_tsv", "shipped_typos"]

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True, slots=True)
class Match:
    wrong: str
    correct: str
    start: int
    end: int


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


class WordMatcher:
    def __init__(
        self, entries: Mapping[str, str], guards: Iterable[str] = (), allow: Iterable[str] = ()
    ) -> None:
        self.entries = {w: c for w, c in entries.items() if w and w != c}
        self._wrong = _alternation(self.entries)
        allowed = set(allow)
        self._allowed = allowed
        guard_words = {*self.entries.values(), *guards, *allowed}
        # a guard that is itself a wrong form would hide it everywhere
        self._guard = _alternation(g for g in guard_words if g not in self.entries or g in allowed)

    def find(self, text: str) -> list[Match]:
        if self._wrong is None or not text:
            return []
        found = [(m.start(), m.end(), m.group(0)) for m in self._wrong.finditer(text)]
        if not found:
            return []
        guarded = self._guard_spans(text)
        out: list[Match] = []
        for start, end, wrong in found:
            if wrong in self._allowed or any(a < end and start < b for a, b in guarded):
                continue
            out.append(Match(wrong, self.entries[wrong], start, end))
        return out

    def _guard_spans(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence of every guard, overlapping ones included."""
        if self._guard is None:
            return []
        spans: list[tuple[int, int]] = []
        pos = 0
        while True:
            m = self._guard.search(text, pos)
            if m is None:
                return spans
            spans.append((m.start(), m.end()))
            pos = m.start() + 1


def excerpt(text: str, start: int, end: int, radius: int = 12) -> str:
    """The wrong form with some text around it, within its paragraph; long digit runs masked (an excerpt
    must never carry an ID or phone number into a report)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    a, b = max(line_start, start - radius), min(line_end, end + radius)
    while a > line_start and text[a - 1].isdigit():  # never cut a number: it is masked whole
        a -= 1
    while b < line_end and text[b].isdigit():
        b += 1
    s = ("…" if a > line_start else "") + text[a:b] + ("…" if b < line_end else "")
    return scrub(re.sub(r"\s+", " ", s).strip())


def load_tsv(path: Path) -> tuple[dict[str, str], list[str]]:
    """(entries wrong -> correct, guards) of a word-list file; '#' starts a comment line."""
    entries: dict[str, str] = {}
    guards: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        entries[cols[0].strip()] = cols[1].strip()
        if len(cols) > 2:
            guards.extend(g.strip() for g in cols[2].split(",") if g.strip())
    return entries, guards


@lru_cache(maxsize=1)
def shipped_typos() -> tuple[dict[str, str], tuple[str, ...]]:
    entries, guards = load_tsv(DATA / "typos.tsv")
    return entries, tuple(guards)
