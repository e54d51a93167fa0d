"""Checks: pure functions (snapshot, config, as_of) -> findings. One module per check id.

Importing this package registers every check in REGISTRY, in the order below (the order in
which they run and in which reports list them).
"""

from . import (  # noqa: F401  (imported to register)
    annual_report_inconsistent,
    annual_report_missing,
    broken_link,
    catalog_item_missing,
    column_empty,
    column_stale,
    column_unreachable,
    consultation_feedback_missing,
    consultation_period_short,
    homepage_stale,
    interaction_overdue,
    interpretation_late,
    interpretation_missing,
    meta_missing,
    metadata_incomplete,
    privacy_leak,
    publication_late,
    serious_error,
    site_unreachable,
    typo,
    validity_missing,
)
from . import (  # noqa: F401  (site-wide checks, issue 13: facts gathered by crawler/sitewide.py)
    footer_missing,
    tls_problem,
    ipv6_missing,
    search_broken,
    annual_statement_missing,
    media_unreachable,
    media_stale,
)
from .base import REGISTRY, Context, check, run_checks

__all__ = ["REGISTRY", "Context", "check", "run_checks"]
