"""The local control API of a running show: HTTP on 127.0.0.1, token-protected.

Read-only monitoring (``GET /health``, ``GET /metrics``) is open on loopback so a
service manager or Prometheus can poll it; everything that changes the show needs
``Authorization: Bearer TOKEN``. Bodies and answers are JSON.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from studio.core.errors import StudioError

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class ControlServer:
    """Routes ``(method, path)`` to handlers; runs in a daemon thread."""

    def __init__(self, token: str, port: int = 0, host: str = "127.0.0.1") -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the control API only listens on loopback")
        self.token = token
        self.routes: dict[tuple[str, str], tuple[Handler, bool]] = {}
        self.metrics_text: Callable[[], str] = lambda: ""
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server._dispatch(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                server._dispatch(self, "POST")

            def log_message(self, fmt: str, *args: Any) -> None:
                log.debug("control: " + fmt, *args)

        self._httpd = ThreadingHTTPServer((host, port), _Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="control-api", daemon=True
        )

    def route(self, method: str, path: str, handler: Handler, *, open_: bool = False) -> None:
        self.routes[(method, path)] = (handler, open_)

    def start(self) -> None:
        self._thread.start()
        log.info("control API on http://127.0.0.1:%d", self.port)

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _authorised(self, req: BaseHTTPRequestHandler) -> bool:
        given = req.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode())

    def _dispatch(self, req: BaseHTTPRequestHandler, method: str) -> None:
        path = req.path.split("?", 1)[0]
        if (method, path) == ("GET", "/metrics"):
            return _send(
                req, HTTPStatus.OK, self.metrics_text().encode(), "text/plain; version=0.0.4"
            )
        entry = self.routes.get((method, path))
        if entry is None:
            return _json(req, HTTPStatus.NOT_FOUND, {"error": f"no such endpoint: {method} {path}"})
        handler, open_ = entry
        if not open_ and not self._authorised(req):
            return _json(
                req,
                HTTPStatus.UNAUTHORIZED,
                {"error": "missing or wrong token", "hint": "send Authorization: Bearer TOKEN"},
            )
        try:
            length = int(req.headers.get("Content-Length") or 0)
            body = json.loads(req.rfile.read(length) or b"{}") if length else {}
            if not isinstance(body, dict):
                raise ValueError("the body must be a JSON object")
        except (ValueError, json.JSONDecodeError) as exc:
            return _json(req, HTTPStatus.BAD_REQUEST, {"error": f"bad request body: {exc}"})
        try:
            return _json(req, HTTPStatus.OK, handler(body))
        except StudioError as exc:
            return _json(
                req, HTTPStatus.UNPROCESSABLE_ENTITY, {"error": exc.message, "hint": exc.hint}
            )
        except Exception as exc:  # a handler bug must not take the show down
            log.exception("control %s %s failed", method, path)
            return _json(
                req, HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"{type(exc).__name__}: {exc}"}
            )


def _json(req: BaseHTTPRequestHandler, status: HTTPStatus, obj: dict) -> None:
    _send(
        req, status, json.dumps(obj, ensure_ascii=False).encode(), "application/json; charset=utf-8"
    )


def _send(req: BaseHTTPRequestHandler, status: HTTPStatus, body: bytes, ctype: str) -> None:
    req.send_response(status)
    req.send_header("Content-Type", ctype)
    req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    req.wfile.write(body)


def call(
    port: int,
    method: str,
    path: str,
    token: str = "",
    body: dict | None = None,
    timeout: float = 5.0,
) -> dict:
    """Client side, for `studio live insert/status` and tests (stdlib only)."""
    import urllib.error
    import urllib.request

    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        payload = json.loads(exc.read() or b"{}")
        payload.setdefault("error", str(exc))
        payload["status"] = exc.code
        return payload
