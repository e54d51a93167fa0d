"""Numbered pager patterns (``index_1226.html``, ``?page=57``, ``_N.shtml``): every page of a
pattern, once the last page is known."""

from __future__ import annotations

import re
from collections import Counter

from .links import PagerLink

#: Sanity bound on one enumerated page pattern (a misread total must not produce millions of URLs).
MAX_ENUMERATION = 100_000
#: pages enumerated from one pager at most (the crawler reads at most 1,000 list pages of a column,
#: crawler/listpages.py): a pager stating 100,000 pages costs no more than one stating 1,000
MAX_FOLLOW = 1000
_DIGITS = re.compile(r"(\d+)")
_PAGE_PARAM = re.compile(
    r"[?&](?:page|p|pn|pageno|pagenum|pageindex|pagenumber|curpage|currentpage|cur_page|page_no|pageid|start|offset)=$",
    re.I,
)


def _var_index(runs: list[str], parts: list[str]) -> int:
    """Which digit run of a single pager URL is the page number: one after a page-ish query
    parameter (``?page=``, ``&pageNo=``, ``?p=``), else one after ``_`` right before the extension,
    else the last run."""
    for i in range(len(runs)):
        if _PAGE_PARAM.search(parts[i]):
            return i
    for i in range(len(runs)):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if parts[i].endswith("_") and (nxt.startswith(".") or nxt == ""):
            return i
    return len(runs) - 1


def enumerate_patterns(
    links: list[PagerLink], total_pages: int | None, current: int | None, base: str
) -> list[str]:
    """URLs of every page of each numbered pager pattern (see module docstring)."""
    groups: dict[tuple[str, ...], list[tuple[PagerLink, list[str], list[str]]]] = {}
    for link in links:
        pieces = _DIGITS.split(link.url)
        runs = pieces[1::2]
        if not runs:
            continue
        parts = pieces[0::2]
        groups.setdefault(tuple(parts), []).append((link, runs, parts))
    out: list[str] = []
    for key, members in groups.items():
        n_runs = len(members[0][1])
        varying = [i for i in range(n_runs) if len({m[1][i] for m in members}) > 1]
        if len(varying) > 1:
            continue
        var = varying[0] if varying else _var_index(members[0][1], members[0][2])
        nums: list[tuple[PagerLink, int]] = [(m[0], int(m[1][var])) for m in members]
        # offset: URL number minus the page ordinal it stands for
        offsets = Counter(n - lk.text_num for lk, n in nums if lk.kind == "num" and lk.text_num is not None)
        offset: int | None = offsets.most_common(1)[0][0] if offsets else None
        last_links = [n for lk, n in nums if lk.kind == "last"]
        if offset is None and last_links and total_pages is not None:
            # only a 尾页 link and a stated total: the last URL number stands for the last page
            offset = max(last_links) - total_pages
        if offset is None:
            nxt = next((n for lk, n in nums if lk.kind == "next"), None)
            if nxt is not None:
                # the page we are on: stated by the pager, else the first page when its own URL
                # is not of the numbered pattern (index.html, list.jsp?cid=5); unknown otherwise
                base_pieces = _DIGITS.split(base)
                in_pattern = tuple(base_pieces[0::2]) == key and len(base_pieces[1::2]) == n_runs
                ordinal = current if current is not None else (None if in_pattern else 1)
                if ordinal is not None:
                    offset = nxt - (ordinal + 1)
        seen = sorted({n for _, n in nums})
        if last_links:
            last = max(last_links)
        elif total_pages is not None and offset is not None:
            last = total_pages + offset
        else:
            last = seen[-1]
        last = max(last, seen[-1])
        first = seen[0]
        if offset is not None:
            first = min(first, 2 + offset)
        first = max(first, 0)
        if last - first + 1 > MAX_ENUMERATION or last < first:
            out.extend(m[0].url for m in members)
            continue
        template = members[0][2]
        runs = list(members[0][1])
        width = len(runs[var])
        zero_padded = width > 1 and runs[var].startswith("0")
        # the URL around the varying number: template[0] run[0] template[1] … run[var] … template[-1]
        head = "".join(template[i] + runs[i] for i in range(var)) + template[var]
        tail = "".join(runs[i] + template[i + 1] for i in range(var + 1, len(runs)))
        tail = template[var + 1] + tail if var + 1 < len(template) else tail
        for n in range(first, min(last, first + MAX_FOLLOW - 1) + 1):
            out.append(f"{head}{str(n).zfill(width) if zero_padded else n}{tail}")
    return out
