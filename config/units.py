"""Matching the names pages give an organ (发布机构, 回复单位) to the configured units.

Pages write a unit's name in many ways: 示范县教育局 for 县教育局, 示范县人民政府办公室 for
县政府办公室, 县政府办 for 县政府办公室 (an alias in the config). A name matches a unit when it
equals the unit's name or one of its aliases, or when both reduce to the same key: whitespace
dropped, 人民政府 read as 政府, and the county-level place name in front (up to the first
县/市/区) dropped: 示范县教育局 → 教育局, 县教育局 → 教育局, 示范县人民政府 → 政府; a township keeps
its name (示范县青山镇人民政府 → 青山镇政府 = 青山镇人民政府). A key shared by two units matches neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

__all__ = ["match_unit", "unit_key"]

_PLACE = re.compile(r"^[\u4e00-\u9fa5]{0,6}?[县市区]")
_SPACE = re.compile(r"[\s\u3000]+")
_SEPARATORS = re.compile(r"[、，,;；/]+")


class _UnitLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


def unit_key(name: str) -> str:
    """The comparable core of a unit name (see the module docstring)."""
    s = _SPACE.sub("", name).replace("人民政府", "政府")
    m = _PLACE.match(s)
    if m and len(s) > m.end() and not re.search(r"[局委办厅处室院]", m.group()):
        s = s[m.end() :]
    return s


def match_unit(units: Iterable[_UnitLike], name: str | None) -> str | None:
    """The configured unit a page's organ name refers to, or None.

    A joint issue (县教育局、县财政局) goes to the first organ that matches.
    """
    if not name or not name.strip():
        return None
    units = list(units)
    for part in _SEPARATORS.split(name.strip()):
        part = _SPACE.sub("", part)
        if not part:
            continue
        for u in units:
            if part == u.name or part in u.aliases:
                return u.name
        key = unit_key(part)
        hits = {u.name for u in units if key in {unit_key(n) for n in (u.name, *u.aliases)}}
        if len(hits) == 1:
            return hits.pop()
    return None
