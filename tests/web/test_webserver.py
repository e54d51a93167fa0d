"""The web server `govaudit serve` runs (scheduler/webserver.py, waitress), over real sockets:
300 half-open connections hold no thread and do not stop a real user; silent connections are
closed after web.timeout; the security headers are sent; a request body too large is refused."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from govaudit.scheduler.webserver import WebServer
from govaudit.store import open_db
from govaudit.web import create_app

from tests.issues import seed
from tests.web.test_hardening import _config
from tests.web.test_web import TUE, USERS


@pytest.fixture
def server(tmp_path: Path) -> Iterator[WebServer]:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    seed.seed(open_db(db), seed.config(users=USERS))
    config = _config(timeout=3)
    srv = WebServer(create_app(config, db, today=lambda: TUE), "127.0.0.1", 0, config.web)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def test_half_open_connections_hold_no_thread(server: WebServer) -> None:
    base = f"http://127.0.0.1:{server.port}"
    assert requests.get(f"{base}/login", timeout=5).status_code == 200  # workers started
    threads_before = threading.active_count()
    conns = []
    try:
        for _ in range(300):  # half a request each, then silence
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            conns.append(s)
        time.sleep(0.5)
        assert threading.active_count() - threads_before < 5  # not a thread per connection
        t0 = time.monotonic()
        resp = requests.get(f"{base}/login", timeout=5)  # a real user is still served, at once
        assert resp.status_code == 200 and time.monotonic() - t0 < 2
        assert resp.headers["X-Frame-Options"] == "DENY" and "default-src 'self'" in resp.headers[
            "Content-Security-Policy"]  # fmt: skip
        assert resp.headers["Server"] == "govaudit"
        # web.timeout (3 s here): the silent connections are closed by the server
        closed = 0
        deadline = time.monotonic() + 20
        for s in conns:
            s.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                if s.recv(1024) == b"":
                    closed += 1
            except ConnectionResetError:
                closed += 1
            except TimeoutError:
                pass
        assert closed >= 290, closed
    finally:
        for s in conns:
            s.close()


def test_large_body_refused(server: WebServer) -> None:
    resp = requests.post(f"http://127.0.0.1:{server.port}/login", data=b"x" * (2 << 20), timeout=10)
    assert resp.status_code == 413
