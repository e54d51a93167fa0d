"""govaudit — monitoring and audit crawler for Chinese county government websites.

The public surface for scripts is small and pinned by tests/test_public_api.py: the command
(`govaudit`, see cli.py), the config loader, the audit function and the result types.
"""

from govaudit.errors import ConfigError, CrawlError, GovauditError, StoreError
from govaudit.models import AuditResult, Finding, Note, Severity, SiteResult

__version__ = "0.1.0"

__all__ = [
    "AuditResult", "ConfigError", "CrawlError", "Finding", "GovauditError", "Note", "Severity",
    "SiteResult", "StoreError", "__version__",
]  # fmt: skip
