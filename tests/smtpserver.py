"""A real SMTP server for tests (aiosmtpd on 127.0.0.1), with the faults a mail server shows.

It records every message it accepted (the count is what "delivered exactly once" is measured
by); it can be slow before accepting a recipient, drop the connection at the DATA of chosen
messages, or answer with a temporary error.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def key(self) -> str:
        return str(self.message["X-Govaudit-Key"])


@dataclass
class Handler:
    rcpt_delay: float = 0.0  # seconds to wait before accepting each recipient
    drop_at: set[int] = field(default_factory=set)  # DATA numbers (1-based) at which to drop
    tempfail_at: set[int] = field(default_factory=set)  # DATA numbers answered "451"
    received: list[Received] = field(default_factory=list)
    data_seen: int = 0
    rcpt_seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:  # fmt: skip
        with self.lock:
            self.rcpt_seen += 1
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.data_seen += 1
            n = self.data_seen
        if n in self.drop_at:
            server.transport.abort()
            return "421 dropped"
        if n in self.tempfail_at:
            return "451 try again later"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 OK queued"

    def keys(self) -> list[str]:
        with self.lock:
            return [r.key for r in self.received]


class SmtpServer:
    """`with SmtpServer(handler) as srv:` — srv.port, srv.handler.received."""

    def __init__(self, handler: Handler | None = None, port: int | None = None) -> None:
        self.handler = handler or Handler()
        self.port = port or free_port()
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()
