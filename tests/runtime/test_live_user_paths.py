"""A real `studio live` room, driven the way a merchant drives it: start it with nothing
to play, then add lines with `studio live insert`."""

from __future__ import annotations

import json
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


def start_room(room: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "live", "--config", str(room), "--seconds", "120"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.slow
def test_a_line_the_room_keeps_dying_on_is_quarantined(tmp_path: Path) -> None:
    """kill -9 twice while one line is on air (as an OOM-kill would): the third start
    skips it, logs it, and shows it in the status; the show goes on with the next line."""
    env = {**os.environ, "STUDIO_HOME": str(tmp_path / "home")}
    port = free_port()
    script = tmp_path / "script.toml"
    long_line = "这件外套的面料非常柔软，" * 40
    script.write_text(
        f"""[[script]]
name = "轮播"
  [[script.item]]
  text = "{long_line}"
  [[script.item]]
  text = "下一句正常播出。"
[[playlist]]
name = "全天"
scripts = ["轮播"]
""",
        encoding="utf-8",
    )
    room = empty_room(tmp_path, port)
    room.write_text(
        room.read_text(encoding="utf-8").replace(
            'show_db = "show.db"', f'show_db = "show.db"\nimport_files = ["{script}"]'
        ),
        encoding="utf-8",
    )
    for _ in range(2):
        proc = start_room(room, env)
        on_air = wait_for(port, lambda s: s.get("now", "").startswith("这件外套"), 60)
        proc.kill()
        proc.wait(timeout=10)
        assert on_air.get("now", "").startswith("这件外套"), on_air
    proc = start_room(room, env)
    try:
        status = wait_for(port, lambda s: s.get("now", "").startswith("下一句"), 60)
        assert status.get("now", "").startswith("下一句"), status
        assert status["quarantined"] and status["quarantined"][0].startswith("这件外套")
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
    logs = "".join(p.read_text() for p in (tmp_path / "home" / "logs").glob("*.log*"))
    assert "quarantined" in logs


def files_holding(root: Path, secret: bytes) -> list[str]:
    return [
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and secret in p.read_bytes()
    ]


@pytest.mark.slow
def test_a_key_pasted_into_the_url_is_in_no_output_and_no_file(tmp_path: Path) -> None:
    """The banner, the log, the audit log, its CSV export and show.db never hold it."""
    from studio.stream.localserver import free_port as free

    secret = "sk-PASTED-SECRET-42"
    env = {**os.environ, "STUDIO_HOME": str(tmp_path / "home")}
    port = free_port()
    room = empty_room(tmp_path, port)
    room.write_text(
        room.read_text(encoding="utf-8")
        + f'\n[rtmp]\nurl = "rtmp://127.0.0.1:{free()}/live/{secret}"\n',
        encoding="utf-8",
    )
    proc = start_room(room, env)
    try:
        wait_for(port, lambda s: s.get("frames", 0) > 25, 60)
        r = studio("live", "insert", "--port", str(port), "--token", TOKEN, "大家好", env=env)
        assert r.returncode == 0, r.stderr
        status = wait_for(port, lambda s: s.get("items_played", 0) >= 1, 30)
        assert secret not in json.dumps(status)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)
    assert "rtmp://127.0.0.1" in out and "/live/****" in out and secret not in out
    r = studio(
        "show",
        "audit",
        "--db",
        str(tmp_path / "show.db"),
        "--csv",
        str(tmp_path / "a.csv"),
        env=env,
    )
    assert r.returncode == 0, r.stderr
    assert "/live/****" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert files_holding(tmp_path, secret.encode()) == ["room.toml"]
