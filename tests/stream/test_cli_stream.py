"""`studio demo --rtmp` as a user runs it: a real subprocess, a real server, pulled back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import pytest

STUDIO = [sys.executable, "-m", "studio.cli"]


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*STUDIO, *args], capture_output=True, text=True, timeout=timeout)


def short_script(tmp_path: Path) -> Path:
    script = tmp_path / "pitch.txt"
    script.write_text("Hello from the studio.\n", encoding="utf-8")
    return script


def test_demo_streams_in_real_time_with_stats_and_a_recording(
    nginx, tmp_path: Path, good_key: str
) -> None:
    player = nginx.player("live", good_key)
    r = run(
        "demo", "--rtmp", nginx.server_url("live"), "--key", good_key, "--seconds", "3",
        "--stats-every", "1", "--record", str(tmp_path / "rec"),
        "--script", str(short_script(tmp_path)),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any("rtmp: live" in ln and "A/V +0 ms" in ln for ln in lines), r.stdout
    assert lines[-1].startswith("stopped: 00:00:0") and "reconnects 0" in lines[-1]
    assert good_key not in r.stdout + r.stderr
    assert "warning: --key on the command line is visible to other local users" in r.stderr
    pulled = player.finish()
    assert pulled.video_sizes == {(720, 1280)} and len(pulled.video_pts) >= 60
    assert pulled.audio_samples > 2 * 48000
    (segment,) = (tmp_path / "rec").glob("demo-*.mp4")
    with av.open(str(segment)) as c:
        assert c.streams.video[0].height == 1280 and c.streams.audio[0].sample_rate == 48000


@pytest.mark.parametrize("source", ["file", "env"])
def test_a_key_from_a_file_or_the_environment_reaches_the_ingest(
    nginx, tmp_path: Path, good_key: str, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``secure`` application lets only the right key publish: pictures at the
    player prove the key got there without being on the command line."""
    key_args: list[str] = []
    if source == "file":
        key_file = tmp_path / "stream-key"
        key_file.write_text(good_key + "\n", encoding="utf-8")
        key_file.chmod(0o600)
        key_args = ["--key-file", str(key_file)]
    else:
        monkeypatch.setenv("STUDIO_STREAM_KEY", good_key)
    player = nginx.player("secure", good_key)
    r = run(
        "demo", "--rtmp", nginx.server_url("secure"), *key_args, "--seconds", "2",
        "--script", str(short_script(tmp_path)),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr and good_key not in r.stdout + r.stderr
    pulled = player.finish()
    assert len(pulled.video_pts) > 0 and pulled.audio_samples > 0


def test_an_unreachable_server_is_reported_and_the_show_still_runs(
    tmp_path: Path, unused_port: int
) -> None:
    r = run(
        "demo", "--rtmp", f"rtmp://127.0.0.1:{unused_port}/live/s3cret", "--seconds", "1",
        "--script", str(short_script(tmp_path)),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert f"connection refused by 127.0.0.1:{unused_port}" in r.stderr
    assert "Retry 1 in" in r.stderr and "then" in r.stderr
    assert "s3cret" not in r.stdout + r.stderr and "/live/****" in r.stderr
    assert "warning: the stream key in the --rtmp URL is visible" in r.stderr
    assert r.stdout.splitlines()[-1].startswith("stopped: 00:00:0")


def test_option_mistakes_are_usage_errors(tmp_path: Path) -> None:
    r = run("demo", "--rtmp", "rtmp://h/live/k", "--out", str(tmp_path / "x.mp4"))
    assert r.returncode == 2 and "--record DIR" in r.stderr
    r = run("demo", "--record", str(tmp_path))
    assert r.returncode == 2 and "--record needs --rtmp" in r.stderr
    r = run("demo", "--rtmp", "http://h/live/k")
    assert r.returncode == 2 and "not an RTMP URL" in r.stderr
