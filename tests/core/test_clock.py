"""One clock (issue 9 item 6): every default as_of and every timestamp shown comes from
govaudit/clock.py, in `schedule.timezone`, whatever the host's zone."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zoneinfo
from pathlib import Path

from govaudit.config import load_config, parse_config

from govaudit import clock
from tests.conftest import REPO

SITE = "sites: [{name: 县, url: 'http://127.0.0.1:1/'}]\n"
PACKAGES = (
    "govaudit",
    "config",
    "crawler",
    "store",
    "checks",
    "scheduler",
    "reports",
    "issues",
    "notify",
    "web",
)
HOST_CLOCK = re.compile(r"\b(?:dt\.)?date\.today\(\)|\b(?:dt\.)?datetime\.now\(\)|\btime\.localtime\(")


def test_no_module_reads_the_host_clock() -> None:
    offenders = []
    for pkg in PACKAGES:
        for path in (REPO / pkg).rglob("*.py"):
            if path.name == "clock.py" or "demo/site/" in str(path):
                continue
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if HOST_CLOCK.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{no}: {line.strip()}")
    assert not offenders, "read the clock through govaudit/clock.py:\n" + "\n".join(offenders)


def test_today_is_in_the_configured_zone() -> None:
    # Kiribati (UTC+14) and Baker Island (UTC-12) are on different dates for 26 hours a day
    east = parse_config("schedule: {timezone: Pacific/Kiritimati}\n" + SITE)
    west = parse_config("schedule: {timezone: Etc/GMT+12}\n" + SITE)
    assert clock.today(east) == dt.datetime.now(zoneinfo.ZoneInfo("Pacific/Kiritimati")).date()
    assert clock.today(west) == dt.datetime.now(zoneinfo.ZoneInfo("Etc/GMT+12")).date()
    assert clock.now(east).tzinfo is None  # stored naive, as wall time in the zone


def test_load_config_sets_the_process_zone(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("schedule: {timezone: Pacific/Kiritimati}\n" + SITE, encoding="utf-8")
    try:
        load_config(cfg)
        assert clock.today() == dt.datetime.now(zoneinfo.ZoneInfo("Pacific/Kiritimati")).date()
    finally:
        clock.use_timezone(clock.DEFAULT_TIMEZONE)


def test_default_zone_ignores_the_host_zone() -> None:
    """A process in a UTC container (TZ=UTC) still counts days in Asia/Shanghai."""
    code = "from govaudit import clock; print(clock.today().isoformat())"
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "TZ": "Etc/GMT+12"},
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date().isoformat()
