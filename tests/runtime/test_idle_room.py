"""An idle room spins nowhere (issue 19): no thread of a running `studio live` with nothing
to say wakes more than a real-time stream needs, and the process spends next to no
system time. With numpy's default OpenBLAS pool a video-avatar room had three threads
at 10,000-14,000 context switches a second and 0.15-0.9 of a core in the kernel
(``sched_yield`` in ``blas_thread_server``); the stream itself wakes about 25-150 times
a second per thread. The bounds below sit far from both: this checks for a spin, not
for speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.core import procstat
from studio.core.threads import BLAS_ENV, OPENCV_ENV, OPENMP_ENV, THREADS_ENV
from studio.runtime.control import call

from ..avatar.conftest import cloned, talking_video  # noqa: F401  (shared session fixtures)

WINDOW_S = 5.0
MAX_SWITCHES_PER_S = 1500  # per thread; a 25 fps stream thread: ~25-150
MAX_SYSTEM_CORES = 0.08  # whole process


def wait_for(cond, proc: subprocess.Popen, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read()[-3000:])
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.2)


def status(home: Path) -> dict | None:
    run = home / "rooms" / "idle.json"
    if not run.is_file():
        return None
    try:
        reply = call(json.loads(run.read_text())["port"], "GET", "/status", token="t")
    except OSError:
        return None
    return reply if reply.get("frames", 0) > 0 else None


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads Linux /proc")
def test_an_idle_video_avatar_room_has_no_thread_in_a_spin_loop(
    tmp_path: Path,
    studio_home: Path,
    cloned,  # noqa: F811
) -> None:
    (studio_home / "avatars").mkdir(parents=True)
    (studio_home / "avatars" / "astro").symlink_to(cloned.path, target_is_directory=True)
    cfg = tmp_path / "room.toml"
    cfg.write_text(  # nothing queued: the presenter idles, the stream goes on
        '[room]\nname = "idle"\navatar = "astro"\nthreads = 2\n'
        '[record]\nfolder = "rec"\n[control]\nport = 0\ntoken = "t"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in (*BLAS_ENV, OPENMP_ENV, OPENCV_ENV)}
    env.pop(THREADS_ENV, None)  # Studio's own budget, not this shell's settings
    env["STUDIO_HOME"] = str(studio_home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "live", "--config", str(cfg), "--seconds", "120"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = wait_for(lambda: status(studio_home), proc)
        assert first["state"] == "idle"
        # the room file's budget reached the running process
        assert first["threads"]["cores"] == 2 and first["threads"]["blas"] == 1
        assert first["voice"] == "espeak, voice matched (音色接近)"  # a cloned presenter
        time.sleep(3.0)  # past the start-up work
        before = procstat.sample(proc.pid)
        time.sleep(WINDOW_S)
        after = procstat.sample(proc.pid)
        assert proc.poll() is None
    finally:
        proc.terminate()
        out = proc.communicate(timeout=60)[0]
    assert proc.returncode in (0, 143), out[-3000:]
    rates = procstat.rates(before, after)
    busiest = rates.threads[0]
    report = ", ".join(f"{t.switches_per_s:.0f}/s ({t.cpu:.2f} cores)" for t in rates.threads[:4])
    assert busiest.switches_per_s < MAX_SWITCHES_PER_S, f"a thread spins: {report}"
    assert rates.system < MAX_SYSTEM_CORES, f"system {rates.system:.2f} cores; {report}"
