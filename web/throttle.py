"""Login throttling: per account and per address, exponential back-off, then a lockout.

Each failed login counts against the login name tried and the address it came from. After
`web.login_free_failures` failures, the next attempt from either is refused until a pause has
passed: 1 s, 2 s, 4 s, … (doubling per failure, at most the lockout). After
`web.login_lockout_failures` failures the account (or the address) is locked for
`web.login_lockout_minutes`: every attempt is refused, the right password too, with a Chinese
message. A successful login clears the account's and the address's count. Refusals and lockouts
are logged (warning). State is kept in the serving process (one `govaudit serve`), bounded in size.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)
MAX_ENTRIES = 50_000  # tracked accounts and addresses; the oldest are forgotten beyond this


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0  # monotonic time of the last failure


@dataclass(frozen=True)
class Refusal:
    """Why a login attempt is refused now: a Chinese message, and the seconds to wait."""

    message: str
    wait: int
    locked: bool


class LoginThrottle:
    def __init__(self, free: int, lockout: int, lockout_minutes: int,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.free, self.lockout, self.lockout_s = free, max(lockout, free + 1), lockout_minutes * 60
        self._clock = clock
        self._counts: dict[str, _Count] = {}
        self._lock = threading.Lock()

    def _wait(self, c: _Count, now: float) -> tuple[float, bool]:
        """(seconds still to wait, locked) for a key's count."""
        if c.failures >= self.lockout:
            return c.last + self.lockout_s - now, True
        if c.failures >= self.free:
            pause = min(2.0 ** (c.failures - self.free), self.lockout_s)
            return c.last + pause - now, False
        return 0.0, False

    def check(self, login: str, address: str) -> Refusal | None:
        """None when an attempt may be made now; else why not."""
        now = self._clock()
        with self._lock:
            worst: tuple[float, bool] = (0.0, False)
            for key in (f"user:{login}", f"addr:{address}"):
                c = self._counts.get(key)
                if c is None:
                    continue
                if now - c.last > self.lockout_s:  # long ago: forgotten
                    del self._counts[key]
                    continue
                worst = max(worst, self._wait(c, now))
        wait, locked = worst
        if wait <= 0:
            return None
        seconds = int(wait) + 1
        if locked:
            minutes = max(1, -(-seconds // 60))
            msg = f"登录失败次数过多，账号或所在地址已被临时锁定，请 {minutes} 分钟后再试，或联系管理员。"
        else:
            msg = f"登录尝试过于频繁，请 {seconds} 秒后再试。"
        log.warning("login refused for %r from %s: wait %d s%s", login, address, seconds,
                    " (locked)" if locked else "")  # fmt: skip
        return Refusal(msg, seconds, locked)

    def failed(self, login: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._counts) >= MAX_ENTRIES:
                for key, _c in sorted(self._counts.items(), key=lambda kv: kv[1].last)[: MAX_ENTRIES // 10]:
                    del self._counts[key]
            for key in (f"user:{login}", f"addr:{address}"):
                c = self._counts.setdefault(key, _Count())
                c.failures += 1
                c.last = now
                if c.failures == self.lockout:
                    log.warning("login locked for %d min after %d failures: %s", self.lockout_s // 60,
                                c.failures, key)  # fmt: skip
        log.info("failed login for %r from %s", login, address)

    def succeeded(self, login: str, address: str) -> None:
        with self._lock:
            self._counts.pop(f"user:{login}", None)
            self._counts.pop(f"addr:{address}", None)
