"""What the two 政务新媒体 checks share: the accounts the crawl read, paired with their config."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govaudit.config.sitewide import MediaAccount

from .base import Context


def read_accounts(ctx: Context) -> Iterator[tuple[dict[str, Any], MediaAccount]]:
    """(what was read of the account's page, the configured account) for each configured account read."""
    facts = ctx.snapshot.facts.get("media")
    if not facts:
        return
    configured = {a.name: a for a in ctx.site.media}
    for acc in facts.get("accounts") or []:
        account = configured.get(acc["name"])
        if account is not None:
            yield acc, account
