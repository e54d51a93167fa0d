"""What the spider takes from a list page before following it: only entries and pager links that
may be fetched, and never more list pages than a hard ceiling.

An entry whose URL cannot be parsed (``jav&#x09;ascript:…`` decodes to a tab inside the scheme,
``http://[::1``), or that is no web address (``file:///…``), is taken out of the list and handed
back with the fetch policy's refusal; the spider records it as a link outcome, so that officials
see a note naming it, and reads the rest of the list as usual.

However a column is configured, its list pages and articles stop at hard ceilings, so that an
endless pager ends and the memory one column takes stays bounded.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .extract.types import FollowRequest, ListItem, ListResult
from .policy import Refusal, url_refusal

_TAB_NEWLINE = re.compile(r"[\t\n\r]")  # browsers drop them from URLs (WHATWG URL)

#: list pages read per column whatever `max_pages` / `crawl.max_list_pages` say (0 = "no cap"
#: still stops here): an endless pager must end, and the memory of one column stay bounded
HARD_MAX_LIST_PAGES = 1000


#: article pages fetched per column whatever `crawl.max_articles` says (0 = "no cap" stops here)
HARD_MAX_ARTICLES = 50_000


def max_articles(configured: int | None) -> int:
    """Article pages to fetch for a column."""
    return min(configured, HARD_MAX_ARTICLES) if configured else HARD_MAX_ARTICLES


def max_list_pages(configured: int | None) -> int:
    """List pages to read for a column (its page 1 included)."""
    if not configured:
        return HARD_MAX_LIST_PAGES
    return min(configured, HARD_MAX_LIST_PAGES)


def screen_list(result: ListResult) -> tuple[ListResult, list[tuple[str, str, Refusal]]]:
    """(the list with only fetchable entries and pager links, [(url, text, refusal)] taken out)."""
    refused: list[tuple[str, str, Refusal]] = []
    items: list[ListItem] = []
    changed = False
    for it in result.items:
        url, why = _screen(it.url)
        if why is not None:
            refused.append((it.url, it.title, why))
        else:
            items.append(it if url == it.url else replace(it, url=url))
        changed |= url != it.url or why is not None
    follow: list[FollowRequest] = []
    for fr in result.follow:
        url, why = _screen(fr.url)
        if why is not None:
            refused.append((fr.url, "翻页链接", why))
        else:
            follow.append(fr if url == fr.url else replace(fr, url=url))
        changed |= url != fr.url or why is not None
    if not changed:
        return result, refused
    return replace(result, items=items, follow=follow), refused


def _screen(url: str) -> tuple[str, Refusal | None]:
    """(the URL as a browser reads it, the policy's refusal of its form or None)."""
    why = url_refusal(url)  # a scheme with a tab in it (jav&#x09;ascript:) is refused here
    if why is None or why.kind != "bad_url":
        return url, why
    clean = _TAB_NEWLINE.sub("", url)
    return (clean, None) if url_refusal(clean) is None else (url, why)
