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

import ahocorasick

from .personal_data import scrub

__all__ = ["Match", "WordMatcher", "excerpt", "load_tsv", "shipped_typos"]

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True, slots=True)
class Match:
    wrong: str
    correct: str
    start: int
    end: int


class _Words:
    """Every occurrence of a set of words in a text, in one pass (Aho-Corasick automaton, in C: a
    regex alternation of hundreds of words costs about 1 ms per article, this a few µs)."""

    def __init__(self, words: Iterable[str]) -> None:
        self._auto = ahocorasick.Automaton()
        for w in {w for w in words if w}:
            self._auto.add_word(w, w)
        self.empty = len(self._auto) == 0
        if not self.empty:
            self._auto.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of every occurrence, overlapping ones included, by start."""
        if self.empty or not text:
            return []
        return sorted((end + 1 - len(w), end + 1, w) for end, w in self._auto.iter(text))

    def leftmost_longest(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping occurrences, scanning left to right and taking the longest word at each
        start (what a longest-first regex alternation finds)."""
        out: list[tuple[int, int, str]] = []
        last = 0
        for start, end, w in sorted(self.spans(text), key=lambda t: (t[0], -len(t[2]))):
            if start >= last:
                out.append((start, end, w))
                last = end
        return out


class WordMatcher:
    def __init__(
        self, entries: Mapping[str, str], guards: Iterable[str] = (), allow: Iterable[str] = ()
    ) -> None:
        self.entries = {w: c for w, c in entries.items() if w and w != c}
        self._wrong = _Words(self.entries)
        allowed = set(allow)
        self._allowed = allowed
        guard_words = {*self.entries.values(), *guards, *allowed}
        # a guard that is itself a wrong form would hide it everywhere
        self._guard = _Words(g for g in guard_words if g not in self.entries or g in allowed)
        self._reach = max(
            (len(g) for g in guard_words), default=0
        )  # a guard overlapping a hit lies this near

    def find(self, text: str) -> list[Match]:
        found = self._wrong.leftmost_longest(text)
        if not found:
            return []
        guarded: list[tuple[int, int]] = []  # guards overlapping a hit: searched only around the hits
        for start, end, _ in found:
            at = max(0, start - self._reach)
            guarded.extend((at + a, at + b) for a, b, _ in self._guard.spans(text[at : end + self._reach]))
        out: list[Match] = []
        for start, end, wrong in found:
            if wrong in self._allowed or any(a < end and start < b for a, b in guarded):
                continue
            out.append(Match(wrong, self.entries[wrong], start, end))
        return out


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
