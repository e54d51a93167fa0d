"""The project's exception hierarchy (one place, one tree).

    GovauditError                 base: every error we raise on purpose
    ├── ConfigError               unusable config file or arguments -> one line, exit code 2
    ├── StoreError                database cannot be opened / schema too new
    ├── CrawlError                a crawl process failed as a whole (not a single fetch)
    └── IssueError                an issue id that does not exist, a transition not allowed

Single fetch failures are never exceptions past the spider: they become data (a page or link
record with an `error` kind, see crawler/fetcherrors.py) and then findings or logged skips.
"""

from __future__ import annotations


class GovauditError(Exception):
    """Base class of the errors govaudit raises on purpose."""


class ConfigError(GovauditError):
    """The config (or a command-line argument) cannot be used. The message is one line."""


class StoreError(GovauditError):
    """The database cannot be used."""


class CrawlError(GovauditError):
    """A crawl process failed as a whole."""


class IssueError(GovauditError):
    """An issue operation that cannot be done (unknown id, transition not allowed). One line."""
