"""JSON list data in scripts (source ``"json"``).

Arrays of record objects (``var listData = {articleList: [...]}``) with a title key
(title/doctitle/name…) and a URL key (url/urls/docpuburl/link…), dated by
pubDate/publishTime/DOCRELTIME/createTime…. Channel-tree nodes (objects with
children/childCount/channelType) are not articles.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from collections.abc import Iterable, Sequence

import lxml.etree as etree

from ..dates import DateMatch, find_dates
from ..htmldoc import SKIP_HREF, collapse_ws, safe_urljoin
from .grouping import Candidate
from .titles import Context, Row, TitleLink, with_url_year

_TITLE_KEYS = ("title", "doctitle", "articletitle", "showtitle", "infotitle", "ftitle", "subject", "name")
_URL_KEYS = (
    "url",
    "urls",
    "docpuburl",
    "pcurl",
    "linkurl",
    "articleurl",
    "docurl",
    "detailurl",
    "link",
    "href",
    "fileurl",
)
_DATE_KEYS = (
    "pubdate",
    "publishtime",
    "publishdate",
    "docreltime",
    "pubtime",
    "releasetime",
    "createtime",
    "date",
    "time",
    "fbsj",
    "fbrq",
    "inputtime",
    "addtime",
    "crtime",
    "created",
    "updatetime",
)
_TREE_KEYS = {"children", "childcount", "channeltype", "childlist", "subchannels"}
_ARRAY_START = re.compile(r"\[\s*\{")
_TAG = re.compile(r"<[^>]+>")
_DECODER = json.JSONDecoder()


def _json_url(value: object) -> str | None:
    if isinstance(value, dict):
        for key in ("pc", "url", "href", "link"):
            v = value.get(key)
            if isinstance(v, str) and v.strip():
                return v.strip()
        for v in value.values():
            if isinstance(v, str) and v.strip():
                return v.strip()
        return None
    if isinstance(value, str):
        v = value.strip()
        if v.startswith("{"):
            try:
                return _json_url(json.loads(v))
            except ValueError:
                return None
        return v or None
    return None


def _json_date(value: object, ref: dt.date) -> DateMatch | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        if not 3e8 < seconds < 5e9:
            return None
        d = (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds, hours=8)).date()  # Beijing time
        return DateMatch(d, str(value), 0, len(str(value)))
    if isinstance(value, str):
        found = find_dates(value, ref=ref)
        if found:
            return found[0]
        if value.isdigit() and len(value) in (10, 13):
            return _json_date(int(value), ref)
    return None


def _json_row(obj: dict, ctx: Context, order: int) -> Row | None:
    keys = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    if _TREE_KEYS & keys.keys():
        return None
    title = None
    for k in _TITLE_KEYS:
        v = keys.get(k)
        if isinstance(v, str) and collapse_ws(_TAG.sub("", v)):
            title = collapse_ws(html_lib.unescape(_TAG.sub("", v)))
            break
    url = None
    for k in _URL_KEYS:
        if k in keys:
            raw = _json_url(keys[k])
            if raw:
                url = safe_urljoin(ctx.base, raw)
                if url:
                    break
    if not title or not url or SKIP_HREF.match(url):
        return None
    date = None
    for k in _DATE_KEYS:
        if k in keys:
            date = _json_date(keys[k], ctx.ref)
            if date is not None:
                break
    if date is not None:
        date = with_url_year(date, url)
    a = etree.Element("a")  # a stand-in element: JSON rows have no DOM
    return Row(a, TitleLink(a, url, title, title), title, date, order)  # type: ignore[arg-type]


def _json_arrays(text: str) -> Iterable[list]:
    """JSON arrays of objects found in a script (JS syntax around them tolerated)."""
    pos = 0
    for m in _ARRAY_START.finditer(text):
        if m.start() < pos:
            continue  # inside an array already decoded
        try:
            value, end = _DECODER.raw_decode(text, m.start())
        except ValueError:
            continue
        pos = end
        if isinstance(value, list):
            yield value


def json_candidates(scripts: Sequence[str], ctx: Context) -> list[Candidate]:
    out: list[Candidate] = []
    for n, text in enumerate(scripts):
        if "[" not in text or "{" not in text:
            continue
        lowered = text[:200_000].lower()
        if not any(k in lowered for k in ("title", "name", "subject")):
            continue
        for arr in _json_arrays(text):
            objs = [o for o in arr if isinstance(o, dict)]
            if not objs:
                continue
            rows = []
            for i, o in enumerate(objs):
                row = _json_row(o, ctx, i)
                if row is not None:
                    rows.append(row)
            if rows and len(rows) >= 0.5 * len(objs):
                out.append(Candidate("json", rows, None, order=3000 + n))
    return out
