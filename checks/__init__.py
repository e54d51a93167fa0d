"""Checks: pure functions (snapshot, config, as_of) -> findings. One module per check id.

Importing this package registers every check in REGISTRY, in the order below (the order in
which they run and in which reports list them).
"""

from . import (  # noqa: F401  (imported to register)  # noqa: F401  (site-wide checks, issue 13: facts gathered by crawler/sitewide.py)
    annual_report_inconsistent,
    annual_report_missing,
    annual_statement_missing,
    broken_link,
    catalog_item_missing,
    column_empty,
    column_stale,
    column_unreachable,
    consultation_feedback_missing,
    consultation_period_short,
    footer_missing,
    homepage_stale,
    interaction_overdue,
    interpretation_late,
    interpretation_missing,
    ipv6_missing,
    media_stale,
    media_unreachable,
    meta_missing,
    metadata_incomplete,
    privacy_leak,
    publication_late,
    search_broken,
    serious_error,
    site_unreachable,
    tls_problem,
    typo,
    validity_missing,
)
from .base import REGISTRY, Context, check, run_checks

__all__ = ["REGISTRY", "Context", "check", "run_checks"]
