"""References between policy documents and their interpretations: 文号, 《》 titles, title forms.

Pure functions over titles and text:

* ``find_doc_numbers`` / ``DocNumber``: 文号 such as 示政办发〔2026〕21号, written with 〔〕 [] ［］
  () （） 【】 ﹝﹞, full-width digits, spaces, 第N号 or leading zeros; two numbers are the same
  document when year and serial agree and one issuer prefix ends the other (the text before a
  文号 often runs on: 根据示政办发〔2026〕21号 reads as prefix 根据示政办发).
* ``quoted_titles``: every 《…》 in a text (nested ones too).
* ``core_title``: a document's title without its wrapper: 关于印发《X》的通知 → X,
  示范县人民政府办公室关于印发示范县X办法的通知 → 示范县X办法.
* ``is_interpretation_title`` (解读, 一图读懂, 图解, 问答, 答记者问 …), ``referenced_title``: what
  an interpretation's title names (《X》政策解读 → X, 图解：X → X).
* ``same_title``: two titles name the same document (punctuation and spacing ignored; one may
  drop the place name in front: 《农村人居环境整治提升实施方案》 names 示范县农村人居环境整治提升实施方案).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DocNumber",
    "core_title",
    "find_doc_numbers",
    "is_interpretation_title",
    "quoted_titles",
    "referenced_title",
    "same_title",
    "title_key",
    "title_variants",
]

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_DOC_NO = re.compile(
    r"(?P<prefix>[\u4e00-\u9fa5]{1,16})\s*[〔\[［(（【﹝〖]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】﹞〗]"
    r"\s*第?\s*(?P<serial>\d{1,5})\s*号"
)


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A 文号: issuer prefix, year, serial. ``str()`` gives the normal form 示政办发〔2026〕21号."""

    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"

    def same(self, other: DocNumber) -> bool:
        if (self.year, self.serial) != (other.year, other.serial):
            return False
        short, long = sorted((self.prefix, other.prefix), key=len)
        return len(short) >= 2 and long.endswith(short)


def find_doc_numbers(text: str | None) -> list[DocNumber]:
    """Every 文号 in ``text``, in order."""
    if not text:
        return []
    text = text.translate(_FULL_WIDTH)
    return [
        DocNumber(m.group("prefix"), int(m.group("year")), int(m.group("serial")))
        for m in _DOC_NO.finditer(text)
    ]


def quoted_titles(text: str | None) -> list[str]:
    """The contents of every 《…》 in ``text`` (outer first, then nested), stripped."""
    if not text:
        return []
    out: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(text):
        if ch == "《":
            starts.append(i)
        elif ch == "》" and starts:
            start = starts.pop()
            inner = text[start + 1 : i].strip()
            if inner:
                out.append(inner)
    # closing order puts nested titles first; outer titles are what a text names
    return sorted(out, key=lambda t: -len(t)) if len(out) > 1 else out


_WRAPPER = re.compile(
    r"^(?:.{0,30}?关于)?(?:印发|转发|发布|公布|颁布|修订|修改)《(?P<t>.+)》(?:的)?(?:通知|决定|公告|令)?$"
)
_ISSUE = re.compile(r"^(?:.{0,30}?关于)?(?:印发|转发|发布|公布|颁布)(?P<t>.+?)的(?:通知|决定|公告)$")
_ORGAN_BEFORE = re.compile(r"^.{2,30}?(?=关于)")
_TRIM = re.compile(r"[（(]\s*(?:试行|暂行|征求意见稿|修订|送审稿)\s*[）)]$")


def core_title(title: str | None) -> str:
    """A document title without its issuing wrapper (see the module docstring)."""
    t = re.sub(r"\s+", "", title or "")
    m = _WRAPPER.match(t)
    if m:
        return m.group("t")
    m = _ISSUE.match(t)
    if m:
        return m.group("t")
    return _ORGAN_BEFORE.sub("", t) if "关于" in t else t


_INTERP_MARKERS = (
    "解读",
    "读懂",
    "图解",
    "问答",
    "答记者问",
    "解答",
    "政策说明",
    "起草说明",
    "一图看懂",
    "看懂",
)
_INTERP_STRIP = re.compile(
    r"(?:一图读懂|一图看懂|一图了解|图解|政策解读|解读|问答|答记者问|解答|起草说明|政策说明|的|关于|：|:|\s|——|-|丨|\|)+"
)


def is_interpretation_title(title: str | None) -> bool:
    return bool(title) and any(k in title for k in _INTERP_MARKERS)  # type: ignore[operator]


def referenced_title(title: str | None) -> str:
    """The document an interpretation's title names: its 《》 title, else the title without the
    interpretation words (图解：示范县城区停车管理办法 → 示范县城区停车管理办法)."""
    quoted = quoted_titles(title)
    if quoted:
        return core_title(quoted[0])
    return _INTERP_STRIP.sub("", title or "")


_NOISE = re.compile(r"[\s\u3000《》〈〉“”\"'‘’「」（）()，,。、：:；;！!？?·—\-]+")
_PLACE = re.compile(r"^[\u4e00-\u9fa5]{1,6}?[省市县区](?:人民政府(?:办公室)?)?")
MIN_TITLE = 6  # shorter titles (《实施方案》) name nothing reliably


def title_key(title: str) -> str:
    """A title for comparison: punctuation, spaces and brackets dropped."""
    return _NOISE.sub("", title)


def title_variants(title: str) -> set[str]:
    """The comparable forms of a document title: its core key, and that key without the place
    name in front; forms shorter than MIN_TITLE are dropped. Two titles name the same document
    when their variants meet (an index of variants pairs many titles at once)."""
    key = title_key(core_title(title))
    out = {key, _PLACE.sub("", key)}
    return {k for k in out if len(k) >= MIN_TITLE}


def same_title(a: str, b: str) -> bool:
    """Whether two titles name the same document (see the module docstring)."""
    return bool(title_variants(a) & title_variants(b))
