"""Dates as written on Chinese government pages, and dates carried by article URLs.

Accepted forms (a time may follow and is kept in the matched text):

* ``2024-06-28``, ``2024/06/28``, ``2024.06.28`` (the two separators must agree), ``2024-6-8``,
  ``2007-08-20-23:59:59``, ``2019-09-18 06:23``;
* ``2024年6月28日``, ``2018 年 03 月 08 日`` (spaces), ``2024年6月28号``;
* ``二〇二四年六月二十八日`` (Chinese numerals);
* full-width digits and separators (``２０２６－１１－１８``, ``２０２６年１１月１８日``) read as their
  ASCII forms; the matched text keeps them as written;
* yearless: ``[06-28]``, ``(06-28)``, ``06-28`` (two-digit month and day unless bracketed),
  ``6月28日``. Their year is inferred: the latest year that does not put the date after the
  reference date (``ref``). Without ``ref`` they are not reported (the clock is never read).
  Callers that know the item's URL replace that year by the URL's (see ``year_from_url``).

Rejected: impossible dates (2024-13-40), numbers that only look like dates — an index number
``000014348/2020-35428`` (a date never follows ``/`` or a digit), ``2024-35428``, 文号
``〔2022〕1号``, phone numbers ``0931-8826049``, year ranges ``2025-2026学年``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "DateMatch",
    "find_dates",
    "parse_date",
    "infer_year",
    "date_from_url",
    "year_from_url",
    "PURE_DATE_NOISE",
    "pure_date",
]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date found in a text: the date, the text as written, its span, and whether the year
    was inferred (written without a year)."""

    date: dt.date
    text: str
    start: int
    end: int
    yearless: bool = False


_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_DATE_RE = re.compile(
    r"""
    (?P<full>
        (?<![\d/\\.\-])                          # not inside a longer number / index number / version
        (?P<y>(?:19|20)\d{2})
        (?:
            \s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})(?:\s*[日号])?
          | (?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})
        )
        (?![\d年])
        (?P<time>(?:\s{0,3}|-|T)\d{1,2}:\d{2}(?::\d{2})?(?!\d))?
    )
  | (?P<cn>
        (?P<cy>[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*
        (?P<cm>[一二三四五六七八九十]{1,2})\s*月\s*
        (?P<cd>[一二三四五六七八九十]{1,3})\s*[日号]
    )
  | (?P<ymd>
        (?<![\d/\\.\-:年])
        (?P<ym>\d{1,2})(?P<ysep>[-/])(?P<yd>\d{1,2})
        (?![\d/\-:]|\s*[月日])
    )
  | (?P<ycn>
        (?<![\d年])
        (?P<cnm>\d{1,2})\s*月\s*(?P<cnd>\d{1,2})\s*[日号]
    )
    """,
    re.X,
)

_ANY_DIGIT = re.compile(r"[\d〇○零Ｏ]")
_OPEN_BRACKETS = "[(（【〔"
_CLOSE_BRACKETS = "])）】〕"

#: What may surround a date in an element that holds nothing but the date ("[06-28]",
#: "发布时间：2024-06-28", "(2025-10-14)").
PURE_DATE_NOISE = re.compile(
    r"[\s\[\]()（）【】〔〕<>《》:：|｜,，.。·\-—_/]|发布|日期|时间|更新|发表|发稿|公开|成文|印发|上传|录入|\d{1,2}:\d{2}(?::\d{2})?"
)


def _cn_number(s: str) -> int | None:
    """二十八 -> 28, 十 -> 10, 十二 -> 12, 二十 -> 20."""
    if not s:
        return None
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGITS.get(head) if head else 1
        ones = _CN_DIGITS.get(tail) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(s) == 1:
        return _CN_DIGITS.get(s)
    return None


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def infer_year(month: int, day: int, ref: dt.date) -> dt.date | None:
    """A yearless month/day: the latest year that does not put it after ``ref``.

    Feb 29 goes back to the latest leap year. ``None`` for impossible month/day.
    """
    for year in range(ref.year, ref.year - 8, -1):
        d = _make(year, month, day)
        if d is not None and d <= ref:
            return d
    return None


def _bracketed(text: str, d: dt.date, start: int, end: int, yearless: bool) -> DateMatch:
    """A DateMatch whose text includes enclosing brackets, as written: "[06-28]", "(2025-10-14)"."""
    if start > 0 and end < len(text):
        opening = _OPEN_BRACKETS.find(text[start - 1])
        if opening >= 0 and text[end] == _CLOSE_BRACKETS[opening]:
            start, end = start - 1, end + 1
    return DateMatch(d, text[start:end], start, end, yearless)


#: where a date can start: a digit run, a Chinese zero (二〇二四), or 年 after a Chinese-numeral year
_ANCHOR = re.compile(r"\d+|[〇○零Ｏ]|年")


def _iter_matches(text: str) -> Iterator[re.Match[str]]:
    """``_DATE_RE.finditer`` that tries the big pattern only where a date can start.

    A date never starts inside a digit run (every branch refuses a digit before it), so one
    attempt per run suffices; whitespace-heavy row texts are skipped in C instead of trying four
    branches at every position.
    """
    pos = 0
    while True:
        anchor = _ANCHOR.search(text, pos)
        if anchor is None:
            return
        start = anchor.start()
        char = text[start]
        if char == "年":
            tries: range | tuple[int, ...] = range(max(pos, start - 8), max(pos, start - 3))
        elif char in "〇○零Ｏ":
            tries = range(max(pos, start - 3), start + 1)
        else:
            tries = (start,)
        match = None
        for p in tries:
            match = _DATE_RE.match(text, p)
            if match is not None:
                break
        if match is not None:
            yield match
            pos = max(match.end(), pos + 1)
        else:
            pos = anchor.end()


#: Full-width forms (U+FF10-U+FF19 digits, －／．：) as typed by IME users; same length as ASCII, so
#: spans found in the translated text hold in the original.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")
_HAS_FULL_WIDTH = re.compile("[０-９]")


def find_dates(text: str, *, ref: dt.date | None = None) -> list[DateMatch]:
    """Every date in ``text``, in order. Yearless dates only when ``ref`` is given."""
    if not text or not _ANY_DIGIT.search(text):
        return []
    original = text
    if _HAS_FULL_WIDTH.search(text):
        text = text.translate(_FULL_WIDTH)
    out = _find(text, ref)
    if text is original:
        return out
    return [DateMatch(m.date, original[m.start : m.end], m.start, m.end, m.yearless) for m in out]


def _find(text: str, ref: dt.date | None) -> list[DateMatch]:
    out: list[DateMatch] = []
    for m in _iter_matches(text):
        if m.group("full") is not None:
            y = int(m.group("y"))
            if m.group("m1") is not None:
                mo, da = int(m.group("m1")), int(m.group("d1"))
            else:
                mo, da = int(m.group("m2")), int(m.group("d2"))
            d = _make(y, mo, da)
            if d is not None:
                out.append(
                    _bracketed(text, d, m.start("full"), m.start() + len(m.group("full").rstrip()), False)
                )
            continue
        if m.group("cn") is not None:
            digits = [_CN_DIGITS.get(c) for c in m.group("cy")]
            mo_n = _cn_number(m.group("cm"))
            da_n = _cn_number(m.group("cd"))
            if None in digits or mo_n is None or da_n is None:
                continue
            y = int("".join(str(x) for x in digits))
            d = _make(y, mo_n, da_n)
            if d is not None and 1900 <= y <= 2099:
                out.append(_bracketed(text, d, m.start(), m.end(), False))
            continue
        if ref is None:
            continue
        if m.group("ymd") is not None:
            ms, ds = m.group("ym"), m.group("yd")
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end()] if m.end() < len(text) else ""
            bracketed = bool(before) and before in _OPEN_BRACKETS and bool(after) and after in _CLOSE_BRACKETS
            if not bracketed and (len(ms) != 2 or len(ds) != 2):
                continue
            d = infer_year(int(ms), int(ds), ref)
        else:
            d = infer_year(int(m.group("cnm")), int(m.group("cnd")), ref)
        if d is not None:
            out.append(_bracketed(text, d, m.start(), m.end(), True))
    return out


def pure_date(text: str, *, ref: dt.date | None = None) -> DateMatch | None:
    """The date when ``text`` holds nothing but one date (plus brackets, a 发布时间： label, a time):
    ``"[06-28]"``, ``"(2025-10-14)"``, ``"发布时间：2024-06-28 10:00"``. Else None."""
    if not text or len(text) > 40:
        return None
    found = find_dates(text, ref=ref)
    if len(found) != 1:
        return None
    m = found[0]
    if PURE_DATE_NOISE.sub("", text[: m.start] + text[m.end :]):
        return None
    return DateMatch(m.date, m.text, 0, len(m.text), m.yearless)


def parse_date(text: str, *, ref: dt.date | None = None) -> dt.date | None:
    """The first date in ``text`` (see ``find_dates``), or None."""
    if not text:
        return None
    found = find_dates(text, ref=ref)
    return found[0].date if found else None


# --- dates in URLs -----------------------------------------------------------------------------

_URL_DAY_PATTERNS = (
    # TRS: .../t20240628_123.html ; gov.cn P020240628... attachments
    re.compile(r"/[tP](?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})_\d+"),
    # Hanweb: /art/2024/6/28/art_123_456.html ; generic /2024/06/28/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),
    # gov.cn: /content/2018-12/29/content_5353307.htm
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})/(?P<d>\d{2})/"),
    # a path segment that is, or starts with, YYYYMMDD: /20230331/x.html, /20251014104752137.html
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?=\d{4,}\.|[/_.]|$)"),
)
_URL_MONTH_PATTERNS = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])/"),  # TRS/Gansu folders /202406/
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])/"),
)
_URL_YEAR_PATTERN = re.compile(r"/(?:art/)?(?P<y>(?:19|20)\d{2})/")


def _url_path(url: str) -> str:
    """Path (and query, for /module/...jsp?...=/2024/ style) of a URL, without scheme/host."""
    if "://" in url:
        url = url.split("://", 1)[1]
        slash = url.find("/")
        url = url[slash:] if slash >= 0 else "/"
    return url.split("#", 1)[0]


def date_from_url(url: str) -> tuple[dt.date, str] | None:
    """The date an article URL carries, with its precision ``"day"`` or ``"month"``.

    ``/202406/t20240628_1.html`` -> (2024-06-28, day); ``/art/2016/11/22/art_1_2.html`` -> day;
    ``/content/2018-12/29/content_5353307.htm`` -> day; ``/scjg/c110159/202205/2032457.shtml`` ->
    (2022-05-01, month). ``content_5353307`` alone carries nothing.
    """
    if not url:
        return None
    path = _url_path(url)
    for pat in _URL_DAY_PATTERNS:
        for m in pat.finditer(path):
            d = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if d is not None:
                return d, "day"
    for pat in _URL_MONTH_PATTERNS:
        month = pat.search(path)
        if month:
            return dt.date(int(month.group("y")), int(month.group("m")), 1), "month"
    return None


def year_from_url(url: str) -> int | None:
    """The year an item's URL carries (for yearless list dates), or None."""
    found = date_from_url(url)
    if found:
        return found[0].year
    m = _URL_YEAR_PATTERN.search(_url_path(url or ""))
    return int(m.group("y")) if m else None
