"""A local RTMP ingest on loopback: nginx with libnginx-mod-rtmp in its own folder.

For tests, benchmarks and rehearsals without a platform: nginx runs in the foreground
(one process, no daemon) with its own prefix, config and logs, on a 127.0.0.1 port, and
can be killed and started again on the same port to rehearse an ingest going away.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from studio.core.errors import DependencyError

RTMP_MODULE = Path("/usr/lib/nginx/modules/ngx_rtmp_module.so")


def nginx_binary() -> str | None:
    """The nginx executable when nginx and its RTMP module are installed, else None."""
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    return found if found and RTMP_MODULE.exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, up: bool, timeout: float = 10.0) -> None:
    """Wait until 127.0.0.1:port accepts connections (``up``) or refuses them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.02)
    raise TimeoutError(f"port {port} did not come {'up' if up else 'down'} in {timeout:g} s")


class NginxRtmp:
    """nginx-rtmp on 127.0.0.1 with applications ``live`` and, given ``auth_url``,
    ``secure`` (its ``on_publish`` hook decides which stream keys may publish)."""

    def __init__(
        self,
        prefix: Path,
        *,
        auth_url: str | None = None,
        port: int | None = None,
    ):
        binary = nginx_binary()
        if binary is None:
            raise DependencyError(
                "nginx with the RTMP module is not installed",
                hint="apt-get install nginx libnginx-mod-rtmp (make deps does it)",
            )
        self.binary = binary
        self.prefix = prefix
        self.port = port or free_port()
        (prefix / "logs").mkdir(parents=True, exist_ok=True)
        self.conf = prefix / "nginx.conf"
        secure = f"application secure {{ live on; on_publish {auth_url}; }}" if auth_url else ""
        self.conf.write_text(
            textwrap.dedent(
                f"""\
                load_module {RTMP_MODULE};
                daemon off;
                master_process off;
                worker_processes 1;
                pid {prefix}/nginx.pid;
                error_log {prefix}/logs/error.log info;
                events {{ worker_connections 64; }}
                rtmp {{
                    server {{
                        listen 127.0.0.1:{self.port};
                        chunk_size 4096;
                        ping 10s;
                        application live {{ live on; }}
                        {secure}
                    }}
                }}
                """
            )
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, app: str = "live", key: str = "test") -> str:
        return f"{self.server_url(app)}/{key}"

    def server_url(self, app: str = "live") -> str:
        """The ingest server URL a platform shows, without the stream key."""
        return f"rtmp://127.0.0.1:{self.port}/{app}"

    def start(self) -> None:
        error_log = self.prefix / "logs" / "error.log"
        self.proc = subprocess.Popen(
            [self.binary, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(error_log)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_port(self.port, up=True)
        except TimeoutError:
            self.kill()
            raise DependencyError(
                f"nginx did not start on 127.0.0.1:{self.port}",
                hint=f"see {error_log}: {self.log()[-300:]}",
            ) from None

    def kill(self) -> None:
        """Kill -9, as a crashing server would go; the port is free when this returns."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)
            self.proc = None
        wait_port(self.port, up=False)

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections stay open but nothing is read."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGCONT)

    def log(self) -> str:
        path = self.prefix / "logs" / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


_LISTENER = """
import json, sys, time, av, numpy as np
url, path = sys.argv[1], sys.argv[2]

def record(log, kind, frames):
    for f in frames:
        t = float(f.pts * f.time_base) if f.pts is not None else -1.0
        if kind == "video":
            y = f.to_ndarray(format="gray")
            rec = {"v": t, "w": f.width, "h": f.height, "k": bool(f.key_frame),
                   "y": float(np.median(y)), "at": time.monotonic()}
        else:
            pcm = f.to_ndarray().astype(np.float64)
            rec = {"a": t, "n": f.samples, "r": float(np.sqrt(np.mean(pcm**2))),
                   "at": time.monotonic()}
        log.write(json.dumps(rec) + "\\n")
        log.flush()

with open(path, "a") as log:
    while True:  # one publisher at a time, for ever
        why = "ended"
        try:
            with av.open(url, options={"listen": "1"}, timeout=(3600.0, 3.0)) as c:
                try:
                    for packet in c.demux():
                        if packet.dts is not None:
                            record(log, packet.stream.type, packet.decode())
                except Exception as exc:
                    why = str(exc)
                for stream in c.streams:  # the decoders still hold the last frames
                    try:
                        record(log, stream.type, stream.codec_context.decode(None))
                    except Exception:
                        pass
        except Exception as exc:
            why = str(exc)
        log.write(json.dumps({"end": why, "at": time.monotonic()}) + "\\n")
        log.flush()
"""


class ListenReceiver:
    """FFmpeg's own RTMP server mode (PyAV ``listen``) in a subprocess, decoding what it
    receives into a JSON-lines log: the receiver where nginx is not installed.

    It takes one publisher at a time. Records: ``{"v": pts_s, "w", "h", "k": key,
    "y": median luma, "at": monotonic}`` per picture, ``{"a": pts_s, "n": samples,
    "r": rms, "at"}`` per audio frame, ``{"end": why}`` when a connection ends.
    """

    def __init__(self, workdir: Path, port: int | None = None, key: str = "test") -> None:
        self.port = port or free_port()
        self.key = key
        self.log_path = workdir / f"listener-{self.port}.jsonl"
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, app: str = "live", key: str | None = None) -> str:
        return f"rtmp://127.0.0.1:{self.port}/{app}/{key or self.key}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _LISTENER, self.url(), str(self.log_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_port(self.port, up=True, timeout=30)
        except TimeoutError:
            self.kill()
            raise

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)
            self.proc = None
            with open(self.log_path, "a") as log:
                log.write(json.dumps({"end": "killed", "at": time.monotonic()}) + "\n")
        wait_port(self.port, up=False)

    def connections(self) -> list[list[dict]]:
        """The records of each publisher connection so far, oldest first."""
        if not self.log_path.exists():
            return []
        conns: list[list[dict]] = [[]]
        for line in self.log_path.read_text().splitlines():
            rec = json.loads(line)
            if "end" in rec:
                if conns[-1]:
                    conns.append([])
            else:
                conns[-1].append(rec)
        return [c for c in conns if c]
