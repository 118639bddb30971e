"""`studio live` end to end on loopback: a real nginx-rtmp ingest, a real recording,
the control API, a server restart, a crash and a resume, and a long soak."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.paths import assets_dir
from studio.runtime.control import call
from studio.show.events import ItemStarted
from studio.stream.localserver import NginxRtmp, nginx_binary

DEMO = assets_dir() / "demo"


def room_file(tmp_path: Path, rtmp_url: str = "", port: int = 0, record: bool = True) -> Path:
    p = tmp_path / "room.toml"
    p.write_text(
        f"""
[room]
name = "test-room"
show_db = "show.db"
import_files = ["{DEMO / "products.csv"}", "{DEMO / "script.toml"}"]
[rtmp]
url = "{rtmp_url}"
key_env = "TEST_STREAM_KEY"
[record]
folder = "{"rec" if record else ""}"
segment_minutes = 10
[control]
port = {port}
token = "test-token"
""",
        encoding="utf-8",
    )
    return p


class Puller(threading.Thread):
    """Plays the stream from nginx and counts decoded pictures and audio (real player)."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.video, self.audio_rms, self.errors = url, [], [], []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with av.open(self.url, timeout=(20.0, 3.0)) as c:
                    for packet in c.demux():
                        for frame in packet.decode():
                            if packet.stream.type == "video":
                                self.video.append((time.monotonic(), frame.width, frame.height))
                            elif packet.stream.type == "audio":
                                pcm = frame.to_ndarray()
                                self.audio_rms.append(
                                    float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2)))
                                )
                        if self.stop.is_set():
                            return
            except (av.FFmpegError, OSError, EOFError) as exc:
                self.errors.append(str(exc))
                time.sleep(0.3)


@pytest.mark.slow
@pytest.mark.skipif(
    nginx_binary() is None, reason="nginx with the RTMP module is not installed (make deps)"
)
def test_live_room_streams_takes_an_urgent_insert_and_survives_an_ingest_restart(
    tmp_path: Path, monkeypatch
) -> None:
    from studio.runtime.live import build_live, run_live
    from studio.runtime.room import load_room

    monkeypatch.setenv("TEST_STREAM_KEY", "room1")
    server = NginxRtmp(tmp_path / "nginx")
    server.start()
    puller = Puller(server.url("live", "room1"))
    puller.start()
    room = load_room(room_file(tmp_path, server.server_url("live")))
    show = build_live(room)
    started: list[float] = []
    show.queue.subscribe(lambda e: isinstance(e, ItemStarted) and started.append(time.monotonic()))
    result: dict = {}
    runner = threading.Thread(
        target=lambda: result.setdefault("stats", run_live(show, seconds=26)), daemon=True
    )
    runner.start()
    port = show.control.port
    time.sleep(6)
    reply = call(
        port,
        "POST",
        "/insert",
        token="test-token",
        body={"text": "插播：欢迎新来的朋友！", "urgent": True},
    )
    assert "queued" in reply, reply
    assert call(port, "POST", "/insert", body={"text": "no token"})["status"] == 401
    time.sleep(3)
    server.kill()  # the ingest goes away mid-show: no new line starts for nobody ...
    held = wait_for(lambda: call(port, "GET", "/health")["held"] == ["stream down"], 6)
    held_at = time.monotonic()
    time.sleep(1.5)
    back_at = time.monotonic()
    server.start()  # ... and it comes back on the same port: the show goes on
    released = wait_for(lambda: call(port, "GET", "/health")["held"] == [], 10)
    health = call(port, "GET", "/health")
    assert health["state"] in ("playing", "idle") and health["memory_mb"] > 0
    metrics_ok = (
        "studio_frames_total"
        in __import__("urllib.request")
        .request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5)
        .read()
        .decode()
    )
    runner.join(timeout=60)
    puller.stop.set()
    server.kill()
    stats = result["stats"]
    assert metrics_ok
    assert held and released and health["outages"] == 1, health
    assert not [t for t in started if held_at <= t <= back_at], "a line started for nobody"
    assert stats.frames == 26 * 25 and stats.av_offset_ms == 0
    assert stats.reconnects >= 1
    # The player saw pictures before the outage and again after the server came back.
    restart_at = min(t for t, *_ in puller.video) + 12
    after = [v for v in puller.video if v[0] > restart_at]
    assert len(puller.video) > 150 and after, "no pictures after the ingest came back"
    assert {(w, h) for _, w, h in puller.video} == {(720, 1280)}
    assert max(puller.audio_rms) > 0.02  # speech reached the viewer
    assert (
        show.director.interrupt_latency_frames and show.director.interrupt_latency_frames[0] <= 25
    )
    # The recording went on through the outage: every frame the encoder was given is in
    # it. (A machine too loaded to encode in real time skips frames on purpose, for
    # every output alike; the outage must cost the recording nothing beyond that.)
    segments = sorted((tmp_path / "rec").glob("*.flv"))
    assert segments
    with av.open(str(segments[0])) as c:
        recorded = sum(1 for _ in c.decode(video=0))
    assert recorded >= 26 * 25 - stats.skipped - 2


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.slow
def test_a_killed_room_resumes_the_item_that_was_on_air(tmp_path: Path) -> None:
    from studio.show import Queue, ShowStore

    env = {**os.environ, "STUDIO_HOME": str(tmp_path / "home")}
    cfg = room_file(tmp_path)
    cmd = [sys.executable, "-m", "studio.cli", "live", "--config", str(cfg)]
    proc = subprocess.Popen(
        cmd + ["--seconds", "60"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    db = tmp_path / "show.db"
    deadline = time.monotonic() + 90
    on_air = None
    while time.monotonic() < deadline:
        time.sleep(1)
        if db.exists():
            cur = Queue(ShowStore(db)).current()
            if cur is not None and cur.text:  # a spoken line is on air
                on_air = cur
                break
    assert on_air is not None, (
        proc.stdout.read(4000) if proc.poll() is not None else "nothing went on air"
    )
    proc.send_signal(signal.SIGKILL)  # a crash / power cut
    proc.wait(timeout=10)
    events = []
    store = ShowStore(db)
    queue = Queue(store)
    queue.subscribe(events.append)
    resumed = queue.start()
    assert resumed is not None and resumed.key == on_air.key  # not from the top
    assert any(getattr(e, "resumed", False) for e in events)
    # And the real command starts again cleanly from that state.
    r = subprocess.run(
        cmd + ["--seconds", "3"], env=env, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert "stopped:" in r.stdout


@pytest.mark.slow
def test_two_hour_soak_faster_than_real_time_stays_aligned_and_bounded(tmp_path: Path) -> None:
    """2 h of show timeline: every audio slot, a picture every 5 s, memory and alignment."""
    from studio.render.compositor import Compositor
    from studio.render.photo_renderer import MouthPose
    from studio.render.scene import load_scene
    from studio.runtime.director import Director
    from studio.runtime.health import rss_mb
    from studio.runtime.lookahead import LookAhead
    from studio.show import Queue, ShowStore
    from studio.show.importer import import_file
    from studio.speech.cache import SynthesisCache
    from studio.speech.engine import get_engine

    class StillAvatar:  # the avatar's own cost is measured elsewhere; here: the engine
        def __init__(self, h: int, w: int) -> None:
            self.frame = np.full((h, w, 3), 90, dtype=np.uint8)

        def prepare(self, track, first_frame: int) -> None:
            pass

        def render(self, index: int, mouth: MouthPose, speaking: float):
            return self.frame.copy(), None

    store = ShowStore(tmp_path / "show.db")
    import_file(store, DEMO / "products.csv")
    import_file(store, DEMO / "script.toml")
    comp = Compositor(load_scene(assets_dir() / "scenes" / "douyin_vertical.toml"))
    fps = comp.preset.fps
    queue = Queue(store)
    lookahead = LookAhead(queue, get_engine("espeak", cache=SynthesisCache(max_entries=64)), fps)
    lookahead.start()
    director = Director(
        queue, lookahead, StillAvatar(comp.height, comp.width), comp, fps, speech_wait_s=30
    )
    frames = 2 * 3600 * 25
    samples = 0
    rss = []
    try:
        for i in range(frames):
            samples += len(director.audio(i))
            if i % 125 == 0:
                director.video(i)
            if i % 18000 == 0:
                rss.append(rss_mb())
    finally:
        director.close()
        lookahead.stop()
    assert samples == fps.frame_start_sample(frames)  # audio and video end together, to the sample
    assert director.items_played > 200 and director.items_failed == 0
    growth = max(rss[2:]) - rss[1]  # after warm-up (caches filled)
    assert growth < 50, f"memory grew {growth:.1f} MB over the soak: {rss}"
    print(json.dumps({"items": director.items_played, "rss_mb": [round(r) for r in rss]}))
