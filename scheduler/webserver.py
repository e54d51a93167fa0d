"""The web server of `govaudit serve`: waitress, a production WSGI server, not a development one.

waitress reads and writes every connection in one event loop and hands only complete requests
to its worker threads (`web.threads`), so slow or half-open connections (a client that sends
half a request and waits) hold no thread; a connection silent for `web.timeout` seconds is
closed; at most CONNECTION_LIMIT connections are open at once; request headers and bodies are
bounded.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from govaudit.config.schema import WebSettings

log = logging.getLogger(__name__)
CONNECTION_LIMIT = 1000
MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 1 << 20


class WebServer:
    """A waitress server bound at creation (port 0: any free port), served by `start()` in a
    background thread until `stop()`."""

    def __init__(self, app: Any, host: str, port: int, web: WebSettings) -> None:
        from waitress.server import create_server

        self._server = create_server(
            app, host=host, port=port, threads=web.threads, channel_timeout=web.timeout,
            cleanup_interval=max(1, min(10, web.timeout // 2)), connection_limit=CONNECTION_LIMIT,
            max_request_header_size=MAX_HEADER_BYTES, max_request_body_size=MAX_BODY_BYTES,
            asyncore_use_poll=True, ident="govaudit", expose_tracebacks=False,
            # the app trusts a proxy's headers itself (web.proxy, werkzeug ProxyFix)
            clear_untrusted_proxy_headers=False,
        )  # fmt: skip
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)  # type: ignore[union-attr]

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.run, name="web", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        from waitress import wasyncore

        self._server.task_dispatcher.shutdown()
        wasyncore.close_all(self._server._map)  # the event loop ends once its map is empty
        if self._thread is not None:
            self._thread.join(5)
