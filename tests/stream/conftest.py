"""A real RTMP server on loopback for the streaming tests, and a client that pulls back.

nginx with libnginx-mod-rtmp runs as a foreground process with its own prefix and
config on a free 127.0.0.1 port (applications: ``live``, and ``secure`` whose
``on_publish`` hook asks a small HTTP server here, which accepts only ``GOOD_KEY``).
Without nginx, FFmpeg's own RTMP listen mode receives the stream in a subprocess.
Either server can be killed and started again on the same port.

Players subscribe before the publisher arrives: FFmpeg's RTMP player that joins nginx in
the first moments of a publish never finishes probing (seen with FFmpeg's own publisher
too), so tests make that order certain instead of hoping for it.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np
import pytest

from studio.stream import localserver
from studio.stream.localserver import free_port

HAVE_NGINX = localserver.nginx_binary() is not None
GOOD_KEY = "good-key-1234"


class _Auth(http.server.BaseHTTPRequestHandler):
    """nginx-rtmp's on_publish hook: 2xx lets the publisher in, 403 turns it away."""

    accepting = threading.Event()  # cleared: every key is refused for now

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        name = urllib.parse.parse_qs(body).get("name", [""])[0]
        ok = name == GOOD_KEY and self.accepting.is_set()
        self.send_response(200 if ok else 403)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Pulled:
    """What a player received: decoded frames and timing, per stream."""

    video_pts: list[float] = field(default_factory=list)  # seconds
    video_sizes: set[tuple[int, int]] = field(default_factory=set)
    video_levels: list[float] = field(default_factory=list)  # median luma per frame
    keyframes: list[float] = field(default_factory=list)
    audio_pts: list[float] = field(default_factory=list)
    audio_samples: int = 0
    audio_rms: list[float] = field(default_factory=list)
    first_frame_at: float | None = None  # time.monotonic() of the first decoded picture
    error: str = ""


def pull_into(url: str, out: Pulled, *, listen: bool = False, stop: threading.Event) -> None:
    """Play ``url`` (or receive it, in listen mode), decoding everything, until it ends."""
    options = {"listen": "1"} if listen else {}
    try:
        with av.open(url, options=options, timeout=(30.0, 1.5)) as c:
            try:
                for packet in c.demux():
                    if stop.is_set():
                        break
                    if packet.dts is not None:
                        _record(out, packet.stream.type, packet.decode())
            except (av.FFmpegError, OSError, EOFError) as exc:
                out.error = str(exc)  # the publisher left, or the server went away
            for stream in c.streams:  # the decoders still hold the last frames
                with contextlib.suppress(av.FFmpegError):
                    _record(out, stream.type, stream.codec_context.decode(None))
    except (av.FFmpegError, OSError, EOFError) as exc:
        out.error = str(exc)


def _record(out: Pulled, kind: str, frames: list) -> None:
    for frame in frames:
        t = float(frame.pts * frame.time_base) if frame.pts is not None else -1.0
        if kind == "video":
            if out.first_frame_at is None:
                out.first_frame_at = time.monotonic()
            out.video_pts.append(t)
            out.video_sizes.add((frame.width, frame.height))
            out.video_levels.append(float(np.median(frame.to_ndarray(format="gray"))))
            if frame.key_frame:
                out.keyframes.append(t)
        elif kind == "audio":
            pcm = frame.to_ndarray().astype(np.float64)
            out.audio_pts.append(t)
            out.audio_samples += frame.samples
            out.audio_rms.append(float(np.sqrt(np.mean(pcm**2))))


class Player:
    """Pulls a stream in a thread; ``finish()`` waits for it to end and returns it."""

    def __init__(self, url: str) -> None:
        self.result = Pulled()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=pull_into, args=(url, self.result), kwargs={"stop": self._stop}, daemon=True
        )
        self._thread.start()

    def finish(self, timeout: float = 20.0) -> Pulled:
        self._thread.join(timeout)
        self._stop.set()
        self._thread.join(5.0)
        return self.result


class RtmpServer:
    """Common face of the two servers: start, kill, URLs, and a way to see the stream."""

    kind = ""
    port: int

    def url(self, app: str = "live", key: str = "test") -> str:
        return f"{self.server_url(app)}/{key}"

    def server_url(self, app: str = "live") -> str:
        """The ingest server URL a platform shows, without the stream key."""
        return f"rtmp://127.0.0.1:{self.port}/{app}"

    def start(self) -> None: ...

    def kill(self) -> None: ...

    def player(self, app: str = "live", key: str = "test") -> Player: ...

    def received(self) -> list[Pulled]:
        """Listen mode only: each publisher connection's stream, in order."""
        return []


class NginxRtmp(RtmpServer):
    kind = "nginx"

    def __init__(self, prefix: Path, auth_port: int) -> None:
        self.server = localserver.NginxRtmp(
            prefix, auth_url=f"http://127.0.0.1:{auth_port}/publish"
        )
        self.port = self.server.port
        self.pause, self.resume = self.server.pause, self.server.resume

    def start(self) -> None:
        self.server.start()

    def kill(self) -> None:
        self.server.resume()  # a paused process cannot die until it runs
        self.server.kill()

    def log(self) -> str:
        return self.server.log()

    def player(self, app: str = "live", key: str = "test") -> Player:
        """A player subscribed before the publisher comes (see the module docstring)."""
        mark = f"play: name='{key}'"
        before = self.log().count(mark)
        player = Player(self.url(app, key))
        deadline = time.monotonic() + 10
        while self.log().count(mark) == before and time.monotonic() < deadline:
            time.sleep(0.02)
        return player


class PyavListener(RtmpServer):
    """FFmpeg's RTMP listen mode in a subprocess: accepts one publisher at a time."""

    kind = "pyav-listen"

    def __init__(self, workdir: Path) -> None:
        self.receiver = localserver.ListenReceiver(workdir)
        self.port = self.receiver.port
        self.start, self.kill = self.receiver.start, self.receiver.kill

    def player(self, app: str = "live", key: str = "test") -> Player:
        raise NotImplementedError("the listener is the receiver: use received()")

    def received(self) -> list[Pulled]:
        streams = []
        for records in self.receiver.connections():
            cur = Pulled()
            for rec in records:
                if "v" in rec:
                    cur.first_frame_at = cur.first_frame_at or rec["at"]
                    cur.video_pts.append(rec["v"])
                    cur.video_sizes.add((rec["w"], rec["h"]))
                    cur.video_levels.append(rec["y"])
                    if rec["k"]:
                        cur.keyframes.append(rec["v"])
                else:
                    cur.audio_pts.append(rec["a"])
                    cur.audio_samples += rec["n"]
                    cur.audio_rms.append(rec["r"])
            streams.append(cur)
        return streams


@pytest.fixture
def good_key() -> str:
    """The one stream key the ``secure`` application accepts."""
    return GOOD_KEY


@pytest.fixture
def unused_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    return free_port()


@pytest.fixture
def publish_gate() -> threading.Event:
    """Set: the ``secure`` application accepts ``GOOD_KEY``; cleared: it refuses all keys."""
    _Auth.accepting.set()
    yield _Auth.accepting
    _Auth.accepting.set()


@pytest.fixture(scope="session")
def auth_port() -> int:
    _Auth.accepting.set()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Auth)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def _make_server(kind: str, tmp_path: Path, auth_port: int) -> RtmpServer:
    if kind == "nginx":
        if not HAVE_NGINX:
            pytest.skip("nginx with libnginx-mod-rtmp is not installed (make deps)")
        return NginxRtmp(tmp_path / "nginx", auth_port)
    return PyavListener(tmp_path)


@pytest.fixture
def rtmp_server(request: pytest.FixtureRequest, tmp_path: Path, auth_port: int):
    """nginx when installed, else FFmpeg's listen mode (or the kind given by indirect
    parametrization); started, and killed afterwards."""
    kind = getattr(request, "param", "nginx" if HAVE_NGINX else "pyav-listen")
    server = _make_server(kind, tmp_path, auth_port)
    server.start()
    yield server
    with contextlib.suppress(Exception):
        server.kill()


@pytest.fixture
def nginx(tmp_path: Path, auth_port: int):
    """nginx only (tests of things the listen mode cannot do: players, key checks)."""
    server = _make_server("nginx", tmp_path, auth_port)
    server.start()
    yield server
    with contextlib.suppress(Exception):
        server.kill()


@pytest.fixture
def listener(tmp_path: Path):
    """FFmpeg's listen mode, even where nginx exists (so the fallback stays tested)."""
    server = PyavListener(tmp_path)
    server.start()
    yield server
    with contextlib.suppress(Exception):
        server.kill()
