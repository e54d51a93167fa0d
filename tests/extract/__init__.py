"""Tests of the pure extraction library (govaudit.crawler.extract)."""
