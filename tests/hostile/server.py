"""A hostile county site for the fault-injection suite: a threaded http.server on 127.0.0.1.

Every route is one attack (see `HostileSite.routes`); an "internal" server on 127.0.0.2 holds a
secret page that must never be fetched. Compression bombs are built once, streaming (a few MB
of memory), and kept for the session.
"""

from __future__ import annotations

import functools
import gzip
import threading
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SECRET = "内网机密页面SECRET-7f3a"
BOMB_MB = 1100  # decompressed size of the bombs (> 1 GB)
AS_OF_DAY = "2026-11-18"

Handler = Callable[[BaseHTTPRequestHandler], None]


@functools.cache
def gzip_bomb(head: bytes = b"", mb: int = BOMB_MB) -> bytes:
    """gzip of `head` followed by `mb` MB of spaces, compressed chunk by chunk (~1 MB result)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [comp.compress(head)]
    block = b" " * (1 << 20)
    for _ in range(mb):
        out.append(comp.compress(block))
    out.append(comp.flush())
    return b"".join(out)


@functools.cache
def double_gzip_bomb(head: bytes = b"") -> bytes:
    """`Content-Encoding: gzip, gzip`: the bomb gzipped once more (a few KB)."""
    return gzip.compress(gzip_bomb(head), 9)


def page(title: str, body: str, charset: str = "utf-8") -> bytes:
    return (f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
            f"<h1>{title}</h1>{body}</body></html>").encode(charset)  # fmt: skip


def entries(rows: list[tuple[str, str]]) -> str:
    return (
        '<ul class="list">'
        + "".join(f'<li><a href="{href}">{title}</a><span>{AS_OF_DAY}</span></li>' for title, href in rows)
        + "</ul>"
    )


def article(title: str, extra: str = "") -> bytes:
    return page(title, f"<p>发布日期：{AS_OF_DAY}</p><p>{title}的正文内容。</p>{extra}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict[str, Handler] = {}

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        handler = self.routes.get(path)
        try:
            if handler is None:
                self.send(b"<h1>404</h1>", status=404)
            else:
                handler(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, body: bytes, status: int = 200, ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query)


def _server(host: str, routes: dict[str, Handler]) -> ThreadingHTTPServer:
    handler = type("H", (_Handler,), {"routes": routes})
    srv = ThreadingHTTPServer((host, 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


class HostileSite:
    """The hostile site on 127.0.0.1 and the internal server on 127.0.0.2."""

    def __init__(self) -> None:
        self.internal = _server("127.0.0.2", {
            "/secret": lambda h: h.send(page("内部系统", f"<p>{SECRET}</p>")),
        })  # fmt: skip
        self.internal_url = f"http://127.0.0.2:{self.internal.server_address[1]}"
        self.routes: dict[str, Handler] = {}
        self.main = _server("127.0.0.1", self.routes)
        self.url = f"http://127.0.0.1:{self.main.server_address[1]}"

    def add(self, path: str, body: bytes | Handler, **kw: Any) -> None:
        self.routes[path] = body if callable(body) else (lambda h, b=body: h.send(b, **kw))

    def stop(self) -> None:
        for srv in (self.main, self.internal):
            srv.shutdown()
            srv.server_close()


def chunked(body: bytes, ctype: str) -> Handler:
    """An answer without Content-Length (Transfer-Encoding: chunked)."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for i in range(0, len(body), 4096):
            part = body[i : i + 4096]
            h.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
        h.wfile.write(b"0\r\n\r\n")

    return handle


def encoded(body: bytes, encoding: str, ctype: str = "text/html; charset=utf-8") -> Handler:
    return lambda h: h.send(body, ctype=ctype, headers={"Content-Encoding": encoding})


def redirect(location: str, status: int = 302) -> Handler:
    return lambda h: h.send(b"", status=status, headers={"Location": location})


def start_hostile() -> HostileSite:
    """The hostile site, or a skip where 127.0.0.2 cannot be bound (only Linux routes all of
    127.0.0.0/8 to loopback)."""
    import pytest

    try:
        return HostileSite()
    except OSError as exc:
        pytest.skip(f"cannot serve on 127.0.0.2: {exc}")
