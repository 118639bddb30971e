"""Real `studio live` rooms for the benchmarks: each its own process, streaming to a local
nginx-rtmp (and recording), measured from outside through /proc and its control API.

Shared by ``bench_live.py`` (one room at a time, every size and avatar kind) and
``bench_rooms.py`` (several rooms side by side). The video avatar is cloned once from
``../shared/media/video/dfrf_french_50s.mp4`` into ``out/bench/home`` and reused (delete
that folder after a change to the avatar format or to cloning).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from studio.core import procstat
from studio.core.paths import assets_dir
from studio.runtime.control import call

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT.parent / "shared" / "media"
CLONE_SOURCE = MEDIA / "video" / "dfrf_french_50s.mp4"
BENCH_HOME = ROOT / "out" / "bench" / "home"  # the cached clone (out/ is not committed)
VIDEO_AVATAR = "dfrf"
DEMO = assets_dir() / "demo"
TEE = assets_dir() / "garments" / "tee.png"
SIZES = {"720": "vertical-720", "1080": "vertical-1080"}
TOKEN = "bench"


def video_avatar(log=print) -> Path | None:
    """The cached clone of the dfrf clip (made on first use, ~1 min); None when
    ../shared/media is absent."""
    folder = BENCH_HOME / "avatars" / VIDEO_AVATAR
    if (folder / "manifest.json").is_file():
        return folder
    if not CLONE_SOURCE.is_file():
        log(f"note: {CLONE_SOURCE} is absent: video-avatar cases skipped")
        return None
    log(f"cloning {CLONE_SOURCE.name} into {BENCH_HOME} (once; --quality fast) ...")
    BENCH_HOME.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, STUDIO_HOME=str(BENCH_HOME))
    subprocess.run(
        [sys.executable, "-m", "studio.cli", "avatar", "create", str(CLONE_SOURCE),
         "--name", VIDEO_AVATAR, "--quality", "fast", "--force"],
        env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return folder


def scene_file(folder: Path, size: str, tryon: bool) -> Path:
    """The shipped vertical room at ``size`` ("720" or "1080"), dressed in the tee or not."""
    text = (assets_dir() / "scenes" / "douyin_vertical.toml").read_text(encoding="utf-8")
    text = text.replace('preset = "vertical-720"', f'preset = "{SIZES[size]}"')
    if tryon:
        text += f'\n[tryon]\ngarment = "{TEE}"\n'
    path = folder / f"scene-{size}{'-tryon' if tryon else ''}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Room:
    """One `studio live` process; ``start`` returns at once, ``wait_streaming`` when its
    clock runs."""

    name: str
    folder: Path
    avatar: str
    scene: Path
    rtmp_url: str
    record: bool = True
    threads: int = 0
    proc: subprocess.Popen | None = None
    started_at: float = 0.0
    port: int = 0
    home: Path = field(init=False)

    def __post_init__(self) -> None:
        self.home = self.folder / "home"

    def start(self, seconds: float) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.home / "avatars").mkdir(parents=True, exist_ok=True)
        clone = BENCH_HOME / "avatars" / VIDEO_AVATAR
        link = self.home / "avatars" / VIDEO_AVATAR
        if clone.is_dir() and not link.exists():
            link.symlink_to(clone, target_is_directory=True)
        record = '[record]\nfolder = "rec"\n' if self.record else ""
        cfg = self.folder / "room.toml"
        cfg.write_text(
            f'[room]\nname = "{self.name}"\navatar = "{self.avatar}"\nscene = "{self.scene}"\n'
            f'show_db = "show.db"\nthreads = {self.threads}\n'
            f'import_files = ["{DEMO / "products.csv"}", "{DEMO / "script.toml"}"]\n'
            f'[rtmp]\nurl = "{self.rtmp_url}"\nkey_env = "BENCH_STREAM_KEY"\n{record}'
            f'[control]\nport = 0\ntoken = "{TOKEN}"\n',
            encoding="utf-8",
        )
        env = dict(os.environ, STUDIO_HOME=str(self.home), BENCH_STREAM_KEY=self.name)
        env.setdefault("GLOG_minloglevel", "2")
        self.started_at = time.monotonic()
        with open(self.folder / "room.log", "w") as log:  # the child keeps its own copy
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "studio.cli", "live", "--config", str(cfg),
                 "--seconds", f"{seconds:g}"],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def status(self) -> dict | None:
        if not self.port:
            run = self.home / "rooms" / f"{self.name}.json"
            try:
                self.port = int(json.loads(run.read_text())["port"])
            except (OSError, ValueError, KeyError):
                return None
        try:
            return call(self.port, "GET", "/status", token=TOKEN)
        except OSError:
            return None

    def wait_streaming(self, timeout: float = 180.0) -> dict:
        """The first /status with frames flowing."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            st = self.status()
            if st and st.get("frames", 0) > 0:
                return st
            time.sleep(0.1)
        raise TimeoutError(f"room {self.name} did not start streaming in {timeout:g} s")

    def check_alive(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            tail = (self.folder / "room.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"room {self.name} exited {self.proc.returncode}:\n{tail}")

    def sample(self) -> procstat.ProcessSample:
        assert self.proc is not None
        return procstat.sample(self.proc.pid)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)  # a clean stop: outputs finalised
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


class FirstPicture:
    """A player on the room's stream (started before the room): when its first video
    packet arrives, i.e. the first frame on the wire as a viewer gets it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.at: float | None = None
        self.error = ""
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float) -> float | None:
        self._thread.join(timeout)
        return self.at

    def _run(self) -> None:
        import av

        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:  # nginx holds a player until the stream is published
                opts = {"analyzeduration": "0", "probesize": "4096", "fflags": "nobuffer"}
                with av.open(self.url, options=opts, timeout=(300.0, 30.0)) as c:
                    for packet in c.demux(video=0):
                        if packet.size:
                            self.at = time.monotonic()
                            return
            except Exception as exc:  # noqa: BLE001 - not up yet: try again
                self.error = str(exc)
                time.sleep(0.2)
