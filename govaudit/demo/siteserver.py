"""A real HTTP server on 127.0.0.1 for tests, the bundled demo and the benchmark.

It serves *routes* (exact paths, query ignored for matching) from a background thread:

- a ``str`` or ``bytes`` route is an HTML page answered with 200;
- a :class:`Resp` describes the answer in full, including the failure modes a crawler must
  survive: any status, a delay (timeouts), a dropped connection, a redirect, a body encoded
  differently from what ``Content-Type`` declares;
- a callable gets the :class:`Request` and returns a :class:`Resp` (a dynamic endpoint).

:meth:`SiteServer.from_dir` turns a folder into a site: files ending ``.html``, ``.shtml``,
``.htm``, ``.jsp`` and ``.xml`` are Jinja2 templates rendered once, at construction, with
``today`` and ``d(offset_days, fmt)`` so that a demo site stays current whatever day it is
served; other files are served as bytes. ``_routes.yaml`` declares special routes (see
:meth:`foldersite.DirSite._route_from_spec`); names starting with ``_`` are never served. The Hanweb JCMS list
endpoint (``dataproxy.jsp``) is built in (:class:`HanwebProxy`).

HTTP/1.1 keep-alive, one thread per connection, responses written with a single ``send``:
it answers several thousand small requests per second on a 2-core machine, enough not to be
the bottleneck of a crawler benchmark.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import email.utils
import hashlib
import logging
import mimetypes
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".shtml", ".htm", ".jsp", ".xml")
_EXTRA_TYPES = {
    ".shtml": "text/html",
    ".jsp": "text/html",
    ".wps": "application/vnd.ms-works",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".js": "application/javascript",
    ".xml": "text/xml",
}
NOT_FOUND_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
    "<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p></body></html>"
)
ERROR_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>500 服务器错误</title></head>'
    "<body><h1>500 Internal Server Error</h1></body></html>"
)


@dataclass
class Resp:
    """A complete answer, including deliberate failures."""

    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    encoding: str = "utf-8"  # how a str body is encoded; may contradict content_type on purpose
    delay: float = 0.0  # seconds to wait before answering
    drop: bool = False  # close the connection without any answer
    redirect: str | None = None  # Location; status becomes 302 unless a 3xx status is given

    def payload(self) -> bytes:
        """The body as bytes (a str body encoded with ``encoding``)."""
        if isinstance(self.body, bytes):
            return self.body
        return self.body.encode(self.encoding, errors="xmlcharrefreplace")


@dataclass
class Request:
    """What a callable route receives."""

    method: str
    path: str  # percent-decoded, without query
    query: dict[str, list[str]]
    form: dict[str, list[str]]  # parsed application/x-www-form-urlencoded body
    headers: dict[str, str]
    body: bytes = b""

    def arg(self, name: str, default: str | None = None) -> str | None:
        """First value of ``name`` in the query, else in the form body."""
        values = self.query.get(name) or self.form.get(name)
        return values[0] if values else default


Route = str | bytes | Resp | Callable[[Request], Resp]


def content_type_for(name: str, charset: str = "utf-8") -> str:
    """The Content-Type to send for a file name (HTML/XML/text get ``charset``)."""
    suffix = os.path.splitext(name)[1].lower()
    ctype = _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
        ctype += f"; charset={charset}"
    return ctype


class _HttpServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a deep accept queue and quiet handling of client hang-ups."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024
    site: SiteServer

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: D401 - stdlib hook
        """Log (never print) an error that escaped a handler."""
        logger.debug("connection from %s ended with an error", client_address, exc_info=True)


class _HttpServer6(_HttpServer):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    """Resolves a request against the SiteServer's routes and writes the answer in one send."""

    protocol_version = "HTTP/1.1"
    server_version = "govaudit-siteserver/1.0"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = 120  # idle keep-alive connections are closed after this many seconds
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        self.server.site._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.site._track(self.connection, False)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s - %s", self.address_string(), format % args)

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            n = int(length)
        except ValueError:
            return b""
        return self.rfile.read(n) if n > 0 else b""

    def _serve(self) -> None:
        site = self.server.site
        target = urlsplit(self.path)
        path = unquote(target.path) or "/"
        body = self._read_body()
        site._count(path, self.path)
        try:
            resp = site._resolve(self.command, path, target.query, body, self.headers)
        except Exception:
            logger.exception("route %s raised", path)
            resp = Resp(ERROR_PAGE, status=500)
        if resp.delay > 0:
            time.sleep(resp.delay)
        if resp.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._write(resp)
        if logger.isEnabledFor(logging.DEBUG):
            self.log_request(resp.status)

    def _write(self, resp: Resp) -> None:
        payload = resp.payload()
        status = resp.status
        extra: list[str] = []
        if self.server.site.conditional and self.command == "GET" and status == 200 and resp.redirect is None:
            etag = '"' + hashlib.sha1(payload).hexdigest()[:20] + '"'
            extra.append(f"ETag: {etag}")
            if self.headers.get("If-None-Match") == etag:
                status, payload = 304, b""
        if resp.redirect is not None and not 300 <= status < 400:
            status = 302
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        head = [
            f"HTTP/1.1 {status} {reason}",
            f"Server: {self.server_version}",
            f"Date: {_http_date()}",
            f"Content-Type: {resp.content_type}",
            f"Content-Length: {len(payload)}",
        ]
        if resp.redirect is not None:
            head.append(f"Location: {resp.redirect}")
        head.extend(f"{k}: {v}" for k, v in self.server.site.headers.items())
        head.extend(f"{k}: {v}" for k, v in resp.headers.items())
        head.extend(extra)
        if self.close_connection:
            head.append("Connection: close")
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1", errors="replace")
        if self.command != "HEAD":
            data += payload
        with self.server.site._lock:
            self.server.site.bytes_sent += len(data)
        try:
            self.wfile.write(data)
        except OSError:
            self.close_connection = True


_date_cache: tuple[int, str] = (0, "")


def _http_date() -> str:
    """RFC 7231 date of now, computed at most once a second."""
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, email.utils.formatdate(now, usegmt=True))
    return _date_cache[1]


class SiteServer:
    """Serves routes over real HTTP on a background thread (see the module docstring)."""

    def __init__(
        self,
        routes: Mapping[str, Route] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        headers: Mapping[str, str] | None = None,
        conditional: bool = True,
        ssl_context: Any | None = None,
    ):
        self.host = host
        # like a web server serving files: an ETag on every 200 answer to a GET, and 304 Not
        # Modified when the client's If-None-Match names it
        self.conditional = conditional
        self.bytes_sent = 0  # bytes written to clients (headers and bodies)
        self.port = port
        self.ssl_context = ssl_context  # an ssl.SSLContext: serve HTTPS (tests of tls_problem, the demo)
        self.headers: dict[str, str] = dict(headers or {})  # sent with every answer
        self._routes: dict[str, Route] = dict(routes or {})
        self._static_root: Path | None = None  # from_dir(templated=False): files read per request
        self._static_files: dict[str, Path] = {}
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self.hits: collections.Counter[str] = collections.Counter()  # path -> number of requests
        self.hit_targets: collections.Counter[str] = collections.Counter()  # path?query -> requests

    # -- routes ---------------------------------------------------------------------------
    def add(self, path: str, route: Route) -> None:
        """Add or replace the route for ``path`` (exact match, query ignored)."""
        with self._lock:
            self._routes[path] = route

    @property
    def paths(self) -> list[str]:
        """Every path served (routes and static files), sorted."""
        return sorted(set(self._routes) | set(self._static_files))

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` without a trailing slash (the actual port once started); https
        with an SSL context, the host in brackets when it is an IPv6 address."""
        scheme = "https" if self.ssl_context is not None else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}"

    def _resolve(self, method: str, path: str, query: str, body: bytes, headers: Message) -> Resp:
        route = self._routes.get(path)
        if route is None and self._static_root is not None:
            file = self._static_files.get(path)
            if file is not None:
                return Resp(file.read_bytes(), content_type=content_type_for(file.name))
        if route is None:
            if not path.endswith("/") and (path + "/" in self._routes or path + "/" in self._static_files):
                location = path + "/" + (f"?{query}" if query else "")
                return Resp(b"", status=301, redirect=location)
            return Resp(NOT_FOUND_PAGE, status=404)
        if isinstance(route, Resp):
            return route
        if isinstance(route, str | bytes):
            return Resp(route)
        form: dict[str, list[str]] = {}
        ctype = headers.get("Content-Type", "")
        if body and ctype.startswith("application/x-www-form-urlencoded"):
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        request = Request(
            method=method,
            path=path,
            query=parse_qs(query, keep_blank_values=True),
            form=form,
            headers=dict(headers.items()),
            body=body,
        )
        return route(request)

    def _count(self, path: str, target: str) -> None:
        with self._lock:
            self.hits[path] += 1
            self.hit_targets[target] += 1

    def _track(self, conn: socket.socket, alive: bool) -> None:
        with self._lock:
            if alive:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> SiteServer:
        """Bind and serve on a daemon thread; returns self (``url`` now has the real port)."""
        if self._httpd is not None:
            return self
        server_class = _HttpServer6 if ":" in self.host else _HttpServer
        httpd = server_class((self.host, self.port), _Handler)
        if self.ssl_context is not None:
            httpd.socket = self.ssl_context.wrap_socket(httpd.socket, server_side=True)
        httpd.site = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"siteserver:{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.info("site server listening on %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving and close every open connection."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        with self._lock:
            conns = list(self._connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset_hits(self) -> None:
        """Forget the request counts."""
        with self._lock:
            self.hits.clear()
            self.hit_targets.clear()
            self.bytes_sent = 0

    # -- folders --------------------------------------------------------------------------
    @classmethod
    def from_dir(
        cls, root: Path | str, *, today: dt.date | None = None, templated: bool = True, **kw: Any
    ) -> SiteServer:
        """A site made from the folder ``root`` (see the module docstring).

        ``templated=False`` serves every file as it is on disk, read per request (for big
        generated sites); ``_routes.yaml`` is then plain YAML. ``today`` is required when
        templated.
        """
        root = Path(root)
        server = cls(**kw)
        from .foldersite import DirSite  # (it builds on this module's Resp and Request)

        site = DirSite(root, today=today, templated=templated)
        if templated:
            server._routes.update(site.render_files())
        else:
            server._static_root = root
            server._static_files = dict(site.files())
        server._routes.update(site.special_routes())
        return server
