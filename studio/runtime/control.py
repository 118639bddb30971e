"""The local control API of a running show: HTTP on 127.0.0.1, token-protected.

Read-only monitoring (``GET /health``, ``GET /metrics``) is open on loopback so a
service manager or Prometheus can poll it; everything that changes the show needs
``Authorization: Bearer TOKEN``. Bodies and answers are JSON.

A room runs for weeks unattended, so no client can hold the server: each connection
has ``timeout_s`` in all to send its request (line, headers and body), at most
``max_connections`` are served at once (more are answered 503 at once), a body is
at most ``max_body`` bytes and its Content-Length is checked before anything is read,
and each changing route (POST) has a token bucket (``burst`` at once, then
``per_second``) answering 429 with Retry-After. A client that hangs up before its
answer is a debug line, not a traceback in the journal.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import math
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from studio.core.errors import StudioError
from studio.core.ratelimit import TokenBucket

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], dict[str, Any]]

_DIGITS = re.compile(r"[0-9]+")
_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


@dataclass(frozen=True)
class Limits:
    """What one client may cost the show (the room file's [control] sets the rates)."""

    timeout_s: float = 10.0  # to send a whole request: line, headers, body
    max_connections: int = 32  # served at once; more are answered 503
    max_body: int = 64 * 1024  # bytes; an insert is one line of text
    burst: int = 20  # changes (POST) accepted at once per route ...
    per_second: float = 2.0  # ... then this many a second, sustained
    backlog: int = 64  # connections the kernel holds until they are accepted


class _RequestError(Exception):
    def __init__(
        self, status: HTTPStatus, error: str, hint: str = "", headers: dict | None = None
    ) -> None:
        super().__init__(error)
        self.status, self.error, self.hint, self.headers = status, error, hint, headers


class _DeadlineReader(io.RawIOBase):
    """Reads a socket until one deadline for the whole request: a client that sends a
    byte every few seconds (slowloris) is cut off like one that sends nothing."""

    def __init__(self, sock: socket.socket, seconds: float) -> None:
        self._sock, self._deadline = sock, time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request was not sent in time")
        self._sock.settimeout(left)
        return self._sock.recv_into(buffer)


class _Server(ThreadingHTTPServer):
    """One thread per connection, at most ``max_connections`` of them; errors logged."""

    daemon_threads = True
    block_on_close = False  # stop() must not wait for a slow client

    def __init__(self, address: tuple[str, int], handler: type, limits: Limits) -> None:
        self.request_queue_size = limits.backlog
        self.limits = limits
        self.open_connections = 0
        self._count_lock = threading.Lock()
        self._refused, self._refused_logged = 0, -math.inf
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._count_lock:
            full = self.open_connections >= self.limits.max_connections
            if not full:
                self.open_connections += 1
        if full:
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._release()

    def _release(self) -> None:
        with self._count_lock:
            self.open_connections -= 1

    def _refuse(self, request: socket.socket) -> None:
        """Answer 503 without reading (the accept loop must not wait), then close."""
        self._refused += 1
        if time.monotonic() - self._refused_logged >= 60:  # a flood is one line a minute
            log.warning(
                "control API: %d connections open (the most served at once); refused %d",
                self.limits.max_connections,
                self._refused,
            )
            self._refused, self._refused_logged = 0, time.monotonic()
        body = b'{"error": "too many connections", "hint": "try again in a moment"}'
        try:
            request.setblocking(False)
            request.send(
                b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                b"Retry-After: 1\r\nConnection: close\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            log.debug("control: %s went away: %r", client_address, exc)
        else:
            log.error("control API: error serving %s", client_address, exc_info=True)


class ControlServer:
    """Routes ``(method, path)`` to handlers; runs in a daemon thread."""

    def __init__(
        self,
        token: str,
        port: int = 0,
        host: str = "127.0.0.1",
        limits: Limits | None = None,
    ) -> None:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the control API only listens on loopback")
        self.token = token
        self.limits = limits or Limits()
        self.routes: dict[tuple[str, str], tuple[Handler, bool]] = {}
        self.metrics_text: Callable[[], str] = lambda: ""
        # Errors that mean "not now, try later" (e.g. the queue is full): answered 429.
        self.busy_errors: tuple[type[BaseException], ...] = ()
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        server = self
        limit_s = self.limits.timeout_s

        class _Handler(BaseHTTPRequestHandler):
            timeout = limit_s  # per send; reads share one deadline (_DeadlineReader)

            def setup(self) -> None:
                super().setup()
                self.rfile = io.BufferedReader(_DeadlineReader(self.connection, limit_s))

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server._dispatch(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                server._dispatch(self, "POST")

            def log_message(self, fmt: str, *args: Any) -> None:
                log.debug("control: " + fmt, *args)

        self._httpd = _Server((host, port), _Handler, self.limits)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="control-api", daemon=True
        )

    @property
    def open_connections(self) -> int:
        """Connections being served now."""
        return self._httpd.open_connections

    def route(
        self,
        method: str,
        path: str,
        handler: Handler,
        *,
        open_: bool = False,
        burst: int | None = None,
        per_second: float | None = None,
    ) -> None:
        """Serve ``handler`` at ``(method, path)``. A changing route (POST) is rate-limited
        by the server's limits, or by ``burst``/``per_second`` when given (a feed of
        viewer events needs more requests a second than an operator's inserts)."""
        self.routes[(method, path)] = (handler, open_)
        if method != "GET":  # a change to the show: rate-limited
            self._buckets[(method, path)] = TokenBucket(
                burst or self.limits.burst, per_second or self.limits.per_second
            )

    def start(self) -> None:
        self._thread.start()
        log.info("control API on http://127.0.0.1:%d", self.port)

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() waits for a loop that never ran
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
            length = self._body_length(req)
            self._take_token(method, path)
            body = _read_body(req, length)
        except _RequestError as exc:
            req.close_connection = True  # an unread body must not be taken for a request
            return _json(req, exc.status, {"error": exc.error, "hint": exc.hint}, exc.headers)
        try:
            return _json(req, HTTPStatus.OK, handler(body))
        except StudioError as exc:
            busy = isinstance(exc, self.busy_errors)
            return _json(
                req,
                HTTPStatus.TOO_MANY_REQUESTS if busy else HTTPStatus.UNPROCESSABLE_ENTITY,
                {"error": exc.message, "hint": exc.hint},
                headers={"Retry-After": "5"} if busy else None,
            )
        except Exception as exc:  # a handler bug must not take the show down
            log.exception("control %s %s failed", method, path)
            return _json(
                req, HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"{type(exc).__name__}: {exc}"}
            )

    def _body_length(self, req: BaseHTTPRequestHandler) -> int:
        """The declared body size, checked before a byte of it is read."""
        if "chunked" in req.headers.get("Transfer-Encoding", "").lower():
            raise _RequestError(
                HTTPStatus.LENGTH_REQUIRED,
                "chunked bodies are not accepted",
                hint="send the JSON body with a Content-Length",
            )
        raw = (req.headers.get("Content-Length") or "0").strip()
        if not _DIGITS.fullmatch(raw):
            raise _RequestError(
                HTTPStatus.BAD_REQUEST,
                f"bad Content-Length {raw[:40]!r}",
                hint="Content-Length must be the body's size in bytes",
            )
        length = int(raw) if len(raw) <= 18 else sys.maxsize
        if length > self.limits.max_body:
            raise _RequestError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the body is {raw[:40]} bytes; at most {self.limits.max_body} are accepted",
                hint="send one line at a time",
            )
        return length

    def _take_token(self, method: str, path: str) -> None:
        bucket = self._buckets.get((method, path))
        wait = bucket.take() if bucket is not None else 0.0
        if wait > 0:
            retry = max(1, math.ceil(wait))
            raise _RequestError(
                HTTPStatus.TOO_MANY_REQUESTS,
                f"too many requests to {path}: {bucket.burst} at once, then "
                f"{bucket.per_second:g} a second",
                hint=f"wait {retry} s (Retry-After) and send it again; the room file's "
                "[control] burst and per_second set the limit",
                headers={"Retry-After": str(retry)},
            )


def _read_body(req: BaseHTTPRequestHandler, length: int) -> dict:
    """The JSON object of ``length`` bytes (the read is bound by the request deadline)."""
    if not length:
        return {}
    data = req.rfile.read(length)
    if len(data) < length:
        raise _RequestError(
            HTTPStatus.BAD_REQUEST,
            f"the body ended after {len(data)} of {length} bytes",
            hint="send the whole body",
        )
    try:
        body = json.loads(data)
    except (ValueError, json.JSONDecodeError) as exc:
        raise _RequestError(HTTPStatus.BAD_REQUEST, f"bad request body: {exc}") from None
    if not isinstance(body, dict):
        raise _RequestError(HTTPStatus.BAD_REQUEST, "bad request body: not a JSON object")
    return body


def _json(
    req: BaseHTTPRequestHandler,
    status: HTTPStatus,
    obj: dict,
    headers: dict[str, str] | None = None,
) -> None:
    body = json.dumps(obj, ensure_ascii=False).encode()
    _send(req, status, body, "application/json; charset=utf-8", headers)


def _send(
    req: BaseHTTPRequestHandler,
    status: HTTPStatus,
    body: bytes,
    ctype: str,
    headers: dict[str, str] | None = None,
) -> None:
    """Write the answer; a client that has hung up is a debug line, not a traceback."""
    try:
        req.connection.settimeout(req.timeout)  # the reads' deadline may be nearly spent
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            req.send_header(name, value)
        req.end_headers()
        req.wfile.write(body)
    except _GONE as exc:
        req.close_connection = True
        log.debug(
            "control: the client left before its answer (%s %s): %r", req.command, req.path, exc
        )


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
