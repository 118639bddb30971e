"""A small RTMP(S) publisher: handshake, connect, publish, then audio/video messages.

Why not FFmpeg's rtmp protocol through PyAV: PyAV opens output URLs without options or
an interrupt callback, so a server that stops reading blocks a write until TCP gives up
(minutes), a connect cannot be cancelled, and errors arrive as bare errno values.
Here every socket operation has a timeout, ``abort()`` from another thread ends any
blocking call at once, and each failure says which step failed and what to check.

The handshake is FFmpeg's publisher handshake (C1 carries a Flash Player digest, C2
echoes S1), which nginx-rtmp, SRS and the big platforms accept.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import select
import socket
import ssl
import struct
import time
from dataclasses import dataclass
from typing import Any

from studio.core.errors import StudioError
from studio.stream import amf0
from studio.stream.chunks import (
    ACK,
    AUDIO,
    COMMAND_AMF0,
    DATA_AMF0,
    SET_CHUNK_SIZE,
    USER_CONTROL,
    VIDEO,
    WINDOW_ACK_SIZE,
    ChunkReader,
    Message,
    encode_message,
)
from studio.stream.ingest import IngestTarget, mask_key

log = logging.getLogger(__name__)

HANDSHAKE_SIZE = 1536
CHUNK_SIZE = 4096
# chunk stream ids
CS_CONTROL, CS_COMMAND, CS_AUDIO, CS_DATA, CS_VIDEO = 2, 3, 4, 5, 6
PING_REQUEST, PING_RESPONSE = 6, 7

_GENUINE_FP = b"Genuine Adobe Flash Player 001"  # the digest key of client handshakes


class RtmpError(StudioError):
    """A failed RTMP step. ``step``: resolve, connect, handshake, app, publish, stream."""

    def __init__(self, step: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.step = step


@dataclass(frozen=True)
class SocketSettings:
    """Seconds allowed for a TCP connect, each reply from the server, and each send.

    ``send_buffer``: the kernel's send buffer in bytes (None: the system's). Smaller
    means a slow link shows up in the output's own queue sooner, where video can be
    dropped by priority, instead of as seconds of latency hidden in the kernel.
    """

    connect: float = 5.0
    reply: float = 10.0
    send: float = 10.0
    send_buffer: int | None = None
    ca_file: str | None = None  # RTMPS: trust this CA bundle instead of the system's


# -- handshake ---------------------------------------------------------------------
def client_hello() -> bytes:
    """C0 + C1 with the Flash Player digest at its scheme-0 position (as FFmpeg sends)."""
    c1 = bytearray(os.urandom(HANDSHAKE_SIZE))
    c1[0:4] = b"\x00\x00\x00\x00"
    c1[4:8] = bytes([9, 0, 124, 2])  # claimed Flash Player version
    pos = sum(c1[8:12]) % 728 + 12
    digest = hmac.new(_GENUINE_FP, bytes(c1[:pos] + c1[pos + 32 :]), hashlib.sha256).digest()
    c1[pos : pos + 32] = digest
    return b"\x03" + bytes(c1)


# -- the client --------------------------------------------------------------------
class RtmpPublisher:
    """One publishing connection. Use ``open()``; then ``send_*``, ``poll()``, ``close()``.

    ``abort()`` may be called from any thread to end a blocking call now.
    """

    def __init__(self, target: IngestTarget, settings: SocketSettings = SocketSettings()) -> None:
        self.target = target
        self.settings = settings
        self.stream_id = 0
        self.bytes_sent = 0
        self.started_at = 0.0  # time.monotonic() when open() began
        self._sock: socket.socket | None = None
        self._reader = ChunkReader()
        self._txn = 0
        self._received = 0
        self._window = 0
        self._acked = 0
        self._aborted = False
        self._handshake_buf = bytearray()

    # -- life cycle ----------------------------------------------------------------
    def open(self) -> None:
        """Connect, handshake, ``connect`` to the application and ``publish`` the key."""
        t = self.target
        self.started_at = time.monotonic()
        self._sock = self._connect_socket()
        self._handshake()
        self._send(CS_CONTROL, SET_CHUNK_SIZE, 0, 0, struct.pack(">I", CHUNK_SIZE))
        self._connect_app()
        self._publish()
        self._sock.settimeout(self.settings.send)
        log.debug("publishing to %s (stream id %d)", t.masked, self.stream_id)

    def abort(self) -> None:
        """End any blocking call now (thread-safe); the connection is unusable after."""
        self._aborted = True
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self, linger_s: float = 2.0) -> None:
        """End the stream politely and let the server read everything we sent.

        Closing a socket that still has unread incoming bytes (acks, pings) makes the
        kernel send a reset, which throws away the last packets still queued for the
        server; so: unpublish, half-close, drain what the server says until it closes.
        """
        sock, self._sock = self._sock, None
        if sock is None:
            return
        if not self._aborted:
            try:
                sock.settimeout(linger_s)
                if self.stream_id:
                    for command in (
                        self._command("FCUnpublish", None, self.target.key),
                        self._command("deleteStream", None, float(self.stream_id)),
                    ):
                        self._send_on(sock, CS_COMMAND, COMMAND_AMF0, 0, 0, command)
                sock.shutdown(socket.SHUT_WR)
                deadline = time.monotonic() + linger_s
                while time.monotonic() < deadline and sock.recv(65536):
                    pass
            except (OSError, RtmpError):
                pass  # the server is gone already
        with contextlib.suppress(OSError):
            sock.close()

    # -- media ---------------------------------------------------------------------
    def send_metadata(self, meta: amf0.EcmaArray) -> None:
        body = amf0.encode_all("@setDataFrame", "onMetaData", meta)
        self._send(CS_DATA, DATA_AMF0, self.stream_id, 0, body)

    def send_audio(self, ts_ms: int, body: bytes) -> None:
        self._send(CS_AUDIO, AUDIO, self.stream_id, ts_ms, body)

    def send_video(self, ts_ms: int, body: bytes) -> None:
        self._send(CS_VIDEO, VIDEO, self.stream_id, ts_ms, body)

    def poll(self) -> None:
        """Handle whatever the server sent (pings, errors, acks) without blocking."""
        sock = self._require()
        while True:
            pending = isinstance(sock, ssl.SSLSocket) and sock.pending()
            if not pending:
                readable, _, _ = select.select([sock], [], [], 0)
                if not readable:
                    return
            data = self._recv(sock, "stream")
            self._handle(self._reader.feed(data), "stream")

    # -- steps ---------------------------------------------------------------------
    def _connect_socket(self) -> socket.socket:
        t = self.target
        where = f"{t.host}:{t.port}"
        try:
            infos = socket.getaddrinfo(t.host, t.port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise RtmpError(
                "resolve",
                f"cannot resolve host {t.host!r} ({exc.strerror})",
                "check the server address in the ingest URL and the network connection",
            ) from None
        last: Exception | None = None
        for family, kind, proto, _, addr in infos:
            sock = socket.socket(family, kind, proto)
            if self.settings.send_buffer:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.settings.send_buffer)
            self._sock = sock  # so abort() can end a connect in progress
            sock.settimeout(self.settings.connect)
            try:
                sock.connect(addr)
                break
            except OSError as exc:  # refused, timed out, unreachable: try the next address
                last = exc
            sock.close()
        else:
            if isinstance(last, ConnectionRefusedError):
                raise RtmpError(
                    "connect",
                    f"connection refused by {where}",
                    "the server is down or the port is wrong; RTMP normally uses 1935, RTMPS 443",
                )
            if isinstance(last, TimeoutError):
                raise RtmpError(
                    "connect",
                    f"no answer from {where} within {self.settings.connect:g} s",
                    "check the host and port, and that a firewall lets the connection out",
                )
            raise RtmpError(
                "connect", f"cannot connect to {where}: {_reason(last)}", "check the network"
            )
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if t.tls:
            try:
                ctx = ssl.create_default_context(cafile=self.settings.ca_file)
                sock.settimeout(self.settings.reply)
                sock = ctx.wrap_socket(sock, server_hostname=t.host)
            except (ssl.SSLError, OSError) as exc:
                raise RtmpError(
                    "handshake",
                    f"TLS with {where} failed: {_reason(exc)}",
                    "check the rtmps:// address and the system clock and certificates",
                ) from None
        sock.settimeout(self.settings.reply)
        return sock

    def _handshake(self) -> None:
        sock = self._require()
        try:
            sock.sendall(client_hello())
            s0s1 = self._recv_exact(sock, 1 + HANDSHAKE_SIZE, "handshake")
            self._recv_exact(sock, HANDSHAKE_SIZE, "handshake")  # S2
            if s0s1[0] != 3:
                raise RtmpError(
                    "handshake",
                    f"{self.target.host}:{self.target.port} answered with RTMP version "
                    f"{s0s1[0]}, not 3",
                    _STEP_HINTS["handshake"],
                )
            sock.sendall(s0s1[1:])  # C2 echoes S1
            if self._handshake_buf:  # pragma: no cover - servers wait for C2 first
                self._reader.feed(bytes(self._handshake_buf))
        except RtmpError:
            raise
        except OSError as exc:
            raise self._io_error(exc, "handshake") from None

    def _connect_app(self) -> None:
        t = self.target
        self._send_command(
            "connect",
            {
                "app": t.app,
                "type": "nonprivate",
                "flashVer": "FMLE/3.0 (compatible; Studio)",
                "swfUrl": t.tc_url,
                "tcUrl": t.tc_url,
            },
        )
        reply = self._await_result(self._txn, "app")
        if reply[0] == "_error":
            info = reply[3] if len(reply) > 3 and isinstance(reply[3], dict) else {}
            raise RtmpError(
                "app",
                f"server rejected application {t.app!r}: {_status_text(info, self.target)}",
                "check the application part of the ingest URL (rtmp://host/APP)",
            )

    def _publish(self) -> None:
        key = self.target.key
        self._send_command("releaseStream", None, key)
        self._send_command("FCPublish", None, key)
        self._send_command("createStream", None)
        reply = self._await_result(self._txn, "publish")
        if reply[0] != "_result" or len(reply) < 4 or not isinstance(reply[3], float):
            raise RtmpError("publish", "server refused to create a stream", _KEY_HINT)
        self.stream_id = int(reply[3])
        self._send_command("publish", None, key, "live", msid=self.stream_id)
        deadline = time.monotonic() + self.settings.reply
        while True:
            for msg in self._read_messages("publish", deadline):
                values = self._decode(msg)
                if not values or values[0] != "onStatus":
                    continue
                info = values[3] if len(values) > 3 and isinstance(values[3], dict) else {}
                code = str(info.get("code", ""))
                if code == "NetStream.Publish.Start":
                    return
                if str(info.get("level")) == "error" or "Publish" in code:
                    raise RtmpError(
                        "publish",
                        f"server refused the stream key: {_status_text(info, self.target)}",
                        _KEY_HINT,
                    )

    # -- commands ------------------------------------------------------------------
    def _command(self, name: str, *args: Any) -> bytes:
        self._txn += 1
        return amf0.encode_all(name, float(self._txn), *args)

    def _send_command(self, name: str, *args: Any, msid: int = 0) -> None:
        self._send(CS_COMMAND, COMMAND_AMF0, msid, 0, self._command(name, *args))

    def _await_result(self, txn: int, step: str) -> list[Any]:
        deadline = time.monotonic() + self.settings.reply
        while True:
            for msg in self._read_messages(step, deadline):
                values = self._decode(msg)
                if (
                    len(values) >= 2
                    and values[0] in ("_result", "_error")
                    and values[1] == float(txn)
                ):
                    return values

    def _read_messages(self, step: str, deadline: float) -> list[Message]:
        """Block for more messages (handling control ones); raise at the deadline."""
        sock = self._require()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RtmpError(
                step,
                f"no reply from {self.target.host} within {self.settings.reply:g} s "
                f"while {_DOING[step]}",
                _STEP_HINTS[step],
            )
        sock.settimeout(remaining)
        data = self._recv(sock, step)
        messages = self._reader.feed(data)
        self._handle(messages, step)
        return [m for m in messages if m.type == COMMAND_AMF0]

    def _decode(self, msg: Message) -> list[Any]:
        try:
            return amf0.decode_all(msg.payload)
        except ValueError:
            log.debug("ignoring an undecodable command from the server")
            return []

    def _handle(self, messages: list[Message], step: str) -> None:
        for msg in messages:
            if msg.type == USER_CONTROL and len(msg.payload) >= 6:
                event = struct.unpack(">H", msg.payload[:2])[0]
                if event == PING_REQUEST:
                    pong = struct.pack(">H", PING_RESPONSE) + msg.payload[2:6]
                    self._send(CS_CONTROL, USER_CONTROL, 0, 0, pong)
            elif msg.type == WINDOW_ACK_SIZE and len(msg.payload) >= 4:
                self._window = struct.unpack(">I", msg.payload[:4])[0]
            elif msg.type == COMMAND_AMF0 and step == "stream":
                values = self._decode(msg)
                info = values[3] if len(values) > 3 and isinstance(values[3], dict) else {}
                if values and values[0] == "onStatus" and str(info.get("level")) == "error":
                    raise RtmpError(
                        "stream",
                        f"server stopped the stream: {_status_text(info, self.target)}",
                        "the platform ended the broadcast; check its dashboard",
                    )
        if self._window and self._received - self._acked >= self._window:
            self._acked = self._received
            self._send(CS_CONTROL, ACK, 0, 0, struct.pack(">I", self._received & 0xFFFFFFFF))

    # -- socket --------------------------------------------------------------------
    def _require(self) -> socket.socket:
        if self._sock is None or self._aborted:
            raise RtmpError("stream", "the connection is closed")
        return self._sock

    def _send(self, csid: int, msg_type: int, msid: int, ts_ms: int, payload: bytes) -> None:
        self._send_on(self._require(), csid, msg_type, msid, ts_ms, payload)

    def _send_on(
        self, sock: socket.socket, csid: int, msg_type: int, msid: int, ts_ms: int, payload: bytes
    ) -> None:
        data = encode_message(csid, msg_type, msid, ts_ms, payload, CHUNK_SIZE)
        try:
            sock.sendall(data)
        except OSError as exc:
            raise self._io_error(exc, "stream") from None
        self.bytes_sent += len(data)

    def _recv(self, sock: socket.socket, step: str) -> bytes:
        try:
            data = sock.recv(65536)
        except OSError as exc:
            raise self._io_error(exc, step) from None
        if not data:
            raise RtmpError(step, self._closed_message(step), _STEP_HINTS[step])
        self._received += len(data)
        return data

    def _closed_message(self, step: str) -> str:
        if step == "app":
            return (
                f"the server refused application {self.target.app!r} "
                "(it closed the connection after 'connect')"
            )
        if step == "publish":
            return "the server refused the stream key (it closed the connection after 'publish')"
        return f"the server closed the connection while {_DOING[step]}"

    def _recv_exact(self, sock: socket.socket, n: int, step: str) -> bytes:
        buf = self._handshake_buf
        while len(buf) < n:
            buf += self._recv(sock, step)
        out = bytes(buf[:n])
        del buf[:n]
        return out

    def _io_error(self, exc: OSError, step: str) -> RtmpError:
        if self._aborted:
            return RtmpError(step, "stopped")
        if isinstance(exc, TimeoutError):
            if step == "stream":
                return RtmpError(
                    step,
                    f"the server accepted no data for {self.settings.send:g} s",
                    "the network or the server is stalled; reconnecting",
                )
            return RtmpError(
                step,
                f"no reply from {self.target.host} within {self.settings.reply:g} s "
                f"while {_DOING[step]}",
                _STEP_HINTS[step],
            )
        return RtmpError(step, f"connection lost while {_DOING[step]}: {_reason(exc)}",
                         _STEP_HINTS[step])  # fmt: skip


_KEY_HINT = "check the stream key (copy it again from the platform) and that the room is open"
_DOING = {
    "handshake": "handshaking",
    "app": "connecting to the application",
    "publish": "publishing the stream key",
    "stream": "streaming",
}
_STEP_HINTS = {
    "handshake": "is this an RTMP server? rtmps:// needs TLS, rtmp:// must not use it",
    "app": "check the application part of the ingest URL (rtmp://host/APP)",
    "publish": _KEY_HINT,
    "stream": "reconnecting",
}


def _status_text(info: dict[str, Any], target: IngestTarget) -> str:
    code = str(info.get("code", "")) or "error"
    desc = str(info.get("description", ""))
    return mask_key(f"{code} ({desc})" if desc else code, target)


def _reason(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
