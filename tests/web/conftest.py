"""The web tests' fixtures: a seeded database of issues and a test client (tests/web/test_web.py)."""

from tests.web.test_web import client, db  # noqa: F401 - shared fixtures
