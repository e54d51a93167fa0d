"""The public surface and the project's tooling: lint, format and types stay clean."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import govaudit
from tests.conftest import REPO


def test_public_surface_is_pinned() -> None:
    assert sorted(govaudit.__all__) == sorted([
        "AuditResult", "ConfigError", "CrawlError", "Finding", "GovauditError", "Note", "Severity",
        "SiteResult", "StoreError", "__version__",
    ])  # fmt: skip


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff(args: list[str]) -> None:
    if shutil.which("ruff") is None:
        pytest.skip("ruff not installed")
    res = subprocess.run(["ruff", *args], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy() -> None:
    pytest.importorskip("mypy")
    packages = [
        "config",
        "store",
        "checks",
        "scheduler",
        "reports",
        "issues",
        "notify",
        "web",
        "govaudit",
        "crawler",
    ]
    res = subprocess.run(
        [sys.executable, "-m", "mypy", *packages], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert res.returncode == 0, res.stdout[-3000:]
