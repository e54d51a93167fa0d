"""The one clock. Every default as_of and every timestamp shown (runs, issue events, mails) is
read here, as wall time in `schedule.timezone` (default Asia/Shanghai), whatever the host's own
zone: in a UTC container `audit` and `send-reports` agree on what day it is.

`load_config` sets the zone of the process (`use_timezone`); code that has the config may pass
it. Checks never read the clock: they judge against the run's `as_of`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govaudit.config import Config

DEFAULT_TIMEZONE = "Asia/Shanghai"
_zone = DEFAULT_TIMEZONE


def use_timezone(name: str) -> None:
    """The zone `now()` and `today()` use when no config is passed (set by load_config)."""
    global _zone
    zoneinfo.ZoneInfo(name)  # raises for an unknown zone (the config validates it first)
    _zone = name


def now(config: Config | None = None) -> dt.datetime:
    """Wall time now in the config's (else the process's) zone, naive, to the second."""
    zone = config.schedule.timezone if config is not None else _zone
    return dt.datetime.now(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None, microsecond=0)


def today(config: Config | None = None) -> dt.date:
    """Today's date in the config's (else the process's) zone: the default as_of everywhere."""
    return now(config).date()
