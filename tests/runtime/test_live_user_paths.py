"""A real `studio live` room, driven the way a merchant drives it: start it with nothing
to play, then add lines with `studio live insert`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from studio.runtime.control import call

TOKEN = "user-path-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty_room(tmp_path: Path, port: int) -> Path:
    p = tmp_path / "room.toml"
    p.write_text(
        f"""
[room]
name = "empty-room"
show_db = "show.db"
[record]
folder = "rec"
[control]
port = {port}
token = "{TOKEN}"
""",
        encoding="utf-8",
    )
    return p


def studio(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def wait_for(port: int, predicate, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    status: dict = {}
    while time.monotonic() < deadline:
        try:
            status = call(port, "GET", "/status", token=TOKEN)
            if predicate(status):
                return status
        except OSError:
            pass
        time.sleep(0.5)
    return status


@pytest.mark.slow
def test_a_room_started_empty_plays_lines_inserted_later(tmp_path: Path) -> None:
    env = {**os.environ, "STUDIO_HOME": str(tmp_path / "home")}
    port = free_port()
    room = empty_room(tmp_path, port)
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "live", "--config", str(room), "--seconds", "40"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        up = wait_for(port, lambda s: s.get("frames", 0) > 25, 60)
        assert up.get("state") == "idle" and up.get("items_played") == 0, up
        client = ["live", "insert", "--port", str(port), "--token", TOKEN]
        r = studio(*client, "大家好，欢迎来到直播间！", env=env)
        assert r.returncode == 0, r.stdout + r.stderr
        played = wait_for(port, lambda s: s.get("items_played", 0) >= 1, 20)
        assert played.get("items_played", 0) >= 1, played
        r = studio(*client, "--urgent", "插播：新来的朋友点个关注", env=env)
        assert r.returncode == 0, r.stdout + r.stderr
        played = wait_for(port, lambda s: s.get("items_played", 0) >= 2, 20)
        assert played.get("items_played", 0) >= 2, played
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out[-3000:]
    # What the room recorded: silence first, then speech after the insert.
    segments = sorted((tmp_path / "rec").glob("*.flv"))
    assert segments, out[-2000:]
    with av.open(str(segments[0])) as c:
        pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in c.decode(audio=0)])
    loud = np.abs(pcm[: len(pcm) - len(pcm) % 4800].reshape(-1, 4800)).max(axis=1) > 0.05
    assert not loud[:5].any() and loud.sum() >= 10  # 0.1 s blocks
