"""Pure extraction functions over HTML text/bytes: no network, no clock.

The spider decodes and parses each page once (``decode_html``, ``parse_html``) and passes the tree
to the extractors. Each module does one job:

- ``encoding``   bytes -> text, distrusting wrong charset declarations
- ``htmldoc``    text -> lxml tree that never fails; shared text helpers
- ``dates``      dates as written on pages and in article URLs
- ``lists/``     the list of a column page, one module per strategy (DOM rows, comments, Hanweb
                 datastore, JSON in scripts, configured selectors, the unreadable diagnosis)
- ``pagination/`` further list pages (pager links, numbered patterns, TRS scripts, stated totals,
                 Hanweb dataproxy groups)
- ``metadata``   <meta> tags and the 政务公开 metadata block
- ``links``      links to check
- ``page``       what an article page says about itself (title, pub date, ...)
"""

from .dates import DateMatch, find_dates, parse_date
from .encoding import decode_html
from .htmldoc import parse_html
from .links import extract_links
from .lists import extract_datastore_response, extract_dated_links, extract_list
from .metadata import CANONICAL_LABELS, extract_meta, extract_xxgk
from .page import extract_page_info
from .types import FollowRequest, Link, ListItem, ListOverrides, ListResult, PageInfo

__all__ = [
    "CANONICAL_LABELS",
    "DateMatch",
    "FollowRequest",
    "Link",
    "ListItem",
    "ListOverrides",
    "ListResult",
    "PageInfo",
    "decode_html",
    "extract_datastore_response",
    "extract_dated_links",
    "extract_links",
    "extract_list",
    "extract_meta",
    "extract_page_info",
    "extract_xxgk",
    "find_dates",
    "parse_date",
    "parse_html",
]
