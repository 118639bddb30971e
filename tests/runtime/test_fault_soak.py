"""An unattended night, compressed: one real room (`studio live` as systemd runs it) for
ten minutes of wall time while a schedule injects the faults a room meets overnight.

The room streams to a local nginx-rtmp and records onto its own small filesystem. On a
schedule: a burst of 100 inserts, a 50,000-character insert, malformed and slow API
requests, the ingest server killed and restarted, the recording disk filled and freed,
and the room itself killed -9 and restarted (as systemd's Restart=on-failure would). At
the end: the stream is up, every accepted line was aired and every other one was refused
with a reason, memory stayed bounded, every recording plays, and neither the stream key
nor the control token is in any file Studio wrote.

``STUDIO_SOAK_SECONDS`` shortens it for a rehearsal (the schedule scales with it);
CI runs the full ten minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import av
import pytest

from studio.core.paths import assets_dir
from studio.runtime.control import call
from studio.stream.localserver import NginxRtmp, free_port, nginx_binary

SOAK_S = float(os.environ.get("STUDIO_SOAK_SECONDS", "600"))
STREAM_KEY = "sk-SOAK-never-in-a-file-7f3a"
RECORD_FS_MB = 200  # ~8 one-minute segments at 3 Mbit/s
DEMO = assets_dir() / "demo"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.soak,
    pytest.mark.timeout(SOAK_S + 300),
    pytest.mark.skipif(nginx_binary() is None, reason="nginx with the RTMP module (make deps)"),
]


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class Room:
    """The room process, restarted like systemd would; its output goes to one file."""

    config: Path
    env: dict
    log: Path
    proc: subprocess.Popen | None = None
    rss: list[tuple[float, float]] = field(default_factory=list)  # (t, MB)
    starts: int = 0

    def start(self) -> None:
        self.starts += 1
        out = self.log.open("a", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "studio.cli", "live", "--config", str(self.config)],
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=30)

    def sample(self, t0: float) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.rss.append((time.monotonic() - t0, rss_mb(self.proc.pid)))


def mount_small_fs(folder: Path) -> bool:
    """A small tmpfs for the recordings, so the disk can really fill (root only)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={RECORD_FS_MB}m", "tmpfs", str(folder)],
        capture_output=True,
    )
    return r.returncode == 0


def fill(folder: Path) -> Path:
    """Fill the filesystem of ``folder`` to the last byte."""
    filler = folder / "filler.bin"
    block = b"\0" * (1 << 20)
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(block)
                fh.flush()
        except OSError:
            pass
    return filler


def raw_request(port: int, data: bytes, timeout: float = 10.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except OSError:
            pass
    return b"".join(chunks)


def pulled_frames(url: str, seconds: float) -> int:
    """Decoded pictures a player gets from the ingest in ``seconds``."""
    frames = 0
    deadline = time.monotonic() + seconds
    try:
        with av.open(url, timeout=(15.0, 5.0)) as c:
            for packet in c.demux(video=0):
                frames += len(packet.decode())
                if time.monotonic() > deadline:
                    break
    except (av.FFmpegError, OSError):
        pass
    return frames


def output_state(status, name: str, state: str, timeout: float) -> bool:
    """Whether the room reports output ``name`` in ``state`` within ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outputs = {o["name"]: o for o in status().get("outputs", [])}
        if outputs.get(name, {}).get("state") == state:
            return True
        time.sleep(1)
    return False


def unplayed(db: Path, accepted: dict[str, str]) -> set[str]:
    """Accepted inserts still waiting or on air (read beside the running room: WAL)."""
    from studio.show.store import ShowStore

    with ShowStore(db) as store, store.reading() as conn:
        rows = conn.execute(
            "SELECT key FROM queue_entries WHERE status IN ('pending', 'playing')"
        ).fetchall()
    return {r["key"] for r in rows} & set(accepted)


def files_holding(roots: list[Path], secret: bytes, skip: set[Path]) -> list[str]:
    found = []
    for root in roots:
        paths = [root] if root.is_file() else root.rglob("*")
        for p in paths:
            if p.is_file() and p not in skip and secret in p.read_bytes():
                found.append(str(p))
    return found


@pytest.fixture
def record_folder(tmp_path: Path):
    """(folder, on its own small filesystem?) for the recordings; always unmounted."""
    rec = tmp_path / "rec"
    small_fs = mount_small_fs(rec)
    try:
        yield rec, small_fs
    finally:
        if small_fs:
            subprocess.run(["umount", "-l", str(rec)], capture_output=True)


def test_an_unattended_night_of_faults_loses_nothing(tmp_path: Path, record_folder) -> None:
    home = tmp_path / "home"
    rec, small_fs = record_folder
    server = NginxRtmp(tmp_path / "nginx")
    server.start()
    port = free_port()
    config = tmp_path / "room.toml"
    config.write_text(
        f"""
[room]
name = "soak"
show_db = "show.db"
import_files = ["{DEMO / "products.csv"}", "{DEMO / "script.toml"}"]
[rtmp]
url = "{server.server_url("live")}"
key_env = "SOAK_STREAM_KEY"
[record]
folder = "{rec}"
segment_minutes = 1
keep_gb = 0.1
min_free_mb = 4
[control]
port = {port}
""",
        encoding="utf-8",
    )
    env = {**os.environ, "STUDIO_HOME": str(home), "SOAK_STREAM_KEY": STREAM_KEY}
    room = Room(config, env, tmp_path / "room-output.log")
    accepted: dict[str, str] = {}  # key -> text
    refused: list[tuple[int, str]] = []  # (HTTP status, error)
    sampler_stop = threading.Event()
    t0 = time.monotonic()

    def sampler() -> None:
        while not sampler_stop.wait(2.0):
            room.sample(t0)

    def at(fraction: float) -> None:
        delay = t0 + fraction * SOAK_S - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def token() -> str:
        return (home / "control-token").read_text().strip()

    def status(timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return call(port, "GET", "/status", token=token(), timeout=5)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def insert(text: str) -> None:
        reply = call(port, "POST", "/insert", token=token(), body={"text": text}, timeout=10)
        if "key" in reply and "status" not in reply:
            accepted[reply["key"]] = text
        else:
            refused.append((reply.get("status", 0), reply.get("error", "")))

    def wait_up(timeout: float = 90.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                s = status(5)
                if s.get("frames", 0) > 50:
                    return s
            except OSError:
                pass
            time.sleep(1)
        raise AssertionError(room.log.read_text(errors="replace")[-3000:])

    room.start()
    threading.Thread(target=sampler, daemon=True).start()
    filler = None
    try:
        wait_up()
        at(0.04)  # a burst of 100 inserts: accepted up to the rate limit, the rest refused
        for i in range(100):
            insert(f"第{i + 1}条：感谢关注直播间。")
        at(0.07)  # a 50,000-character line, and a 2,000-character one: refused, not spoken
        insert("这款外套很保暖。" * 6250)
        insert("这款外套很保暖。" * 250)
        at(0.09)  # malformed and slow requests; the API keeps answering
        raw_request(port, b"POST /insert HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
        raw_request(port, b"POST /insert HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n")
        raw_request(port, b"GARBAGE\r\n\r\n")
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        for s in slow:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # never finished
        assert status(15)["frames"] > 0
        body = b'{"text": '  # broken JSON with a valid token
        req = (
            f"POST /insert HTTP/1.1\r\nAuthorization: Bearer {token()}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        assert b" 400 " in raw_request(port, req)
        at(0.14)  # the ingest goes away for 15 s and comes back
        server.kill()
        time.sleep(15)
        server.start()
        for s in slow:
            s.close()
        if small_fs:
            at(0.30)  # the recording disk fills up ...
            filler = fill(rec)
            assert output_state(status, "record", "waiting for disk space", 0.1 * SOAK_S)
            at(0.42)  # ... and is freed again
            filler.unlink()
            filler = None
            assert output_state(status, "record", "recording", 75)  # within the 60 s backoff cap
        at(0.50)  # the room dies (OOM-kill, power cut) and systemd starts it again
        room.kill9()
        time.sleep(5)
        room.start()
        wait_up()
        for k in range(6):  # the night goes on
            at(0.55 + 0.05 * k)
            insert(f"现在是第{k + 1}个整点，欢迎新朋友。")
        at(0.90)
        while unplayed(tmp_path / "show.db", accepted) and time.monotonic() < t0 + SOAK_S:
            time.sleep(2)  # every accepted line should be aired by the end
        at(1.0)
        final = status()
        frames_pulled = pulled_frames(server.url("live", STREAM_KEY), 6)
    finally:
        sampler_stop.set()
        if filler is not None:
            filler.unlink(missing_ok=True)
        if room.proc is not None and room.proc.poll() is None:
            room.proc.terminate()
            room.proc.wait(timeout=60)
        server.kill()
    output = room.log.read_text(encoding="utf-8", errors="replace")
    # The stream is up, and the room ended cleanly when asked.
    assert frames_pulled > 50, final
    rtmp = next(o for o in final["outputs"] if o["name"] == "rtmp")
    assert rtmp["state"] == "live" and not rtmp["error"], final["outputs"]
    assert room.proc.returncode == 0, output[-3000:]
    # Every line was aired or refused with a reason; nothing was lost in the kill -9.
    assert len(accepted) + len(refused) == 100 + 2 + 6
    assert len(accepted) >= 20, refused
    assert {status for status, _ in refused} == {413, 422, 429}, refused
    assert any("at most 65536 are accepted" in error for _, error in refused)
    assert any("2,000 characters long" in error for _, error in refused)
    from studio.show.store import ShowStore

    with ShowStore(tmp_path / "show.db") as store:
        aired = {json.loads(r["detail"]).get("key") for r in store.audit_rows(kind="broadcast")}
    assert set(accepted) <= aired, sorted(set(accepted) - aired)
    # Memory stayed bounded: no growth from the first to the last quarter of each run.
    peak = max(mb for _, mb in room.rss)
    assert peak < 1500, room.rss
    late = [mb for t, mb in room.rss if t > 0.75 * SOAK_S]
    early = [mb for t, mb in room.rss if 0.55 * SOAK_S < t < 0.7 * SOAK_S]
    assert max(late) - max(early) < 150, room.rss
    # Every recording plays; no empty or unfinished files are left behind.
    segments = sorted(p for p in rec.iterdir() if p.suffix in (".flv", ".mp4"))
    assert segments and not list(rec.glob("*.part"))
    for seg in segments:
        assert seg.stat().st_size > 0, seg
        with av.open(str(seg)) as c:
            assert next(c.decode(video=0), None) is not None, seg
    # Nothing secret in any file Studio wrote (the token lives in its own 0600 file).
    roots = [home, rec, tmp_path / "show.db", room.log, config]
    skip = {home / "control-token"}
    assert files_holding(roots, STREAM_KEY.encode(), skip) == []
    assert files_holding(roots, token().encode(), skip) == []
    print(
        json.dumps(
            {
                "accepted": len(accepted),
                "refused": len(refused),
                "peak_rss_mb": round(peak),
                "segments": len(segments),
                "starts": room.starts,
                "small_fs": small_fs,
            }
        )
    )
