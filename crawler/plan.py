"""A restricted crawl for a recheck: only what some issues need (the page, the column, the link).

The spider fetches the homepage only if `homepage`, the site's columns as usual (the caller
passes a Site copy holding only the concerned columns), the `pages` as articles, the `sources`
(pages that linked to a broken target, to see whether they still do) and checks only the
`links` targets. Everything fetched is stored as in a full crawl, so the same checks judge it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CrawlPlan:
    homepage: bool = False
    pages: tuple[tuple[str, str | None], ...] = ()  # (article url, column)
    sources: tuple[str, ...] = ()  # pages whose links are read again
    # link targets to check: url -> {"kind", "internal", "sources": [{"page", "role", "column", "text"}]}
    links: dict[str, dict[str, Any]] = field(default_factory=dict)
