"""`studio render` stopped by SIGTERM (kill, a job scheduler) leaves no partial file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

LINE = "欢迎来到直播间，今天给大家带来一款保温杯，保温效果非常好。"


def test_sigterm_mid_render_removes_the_partial_file(tmp_path: Path, studio_home: Path) -> None:
    out = tmp_path / "out" / "pitch.mp4"
    part = out.with_name(out.name + ".part")
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "render", "--avatar", "demo"]
        + ["--text", "\n".join([LINE] * 8), "-o", str(out)],
        env={**os.environ, "STUDIO_HOME": str(studio_home)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not part.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert part.exists(), proc.communicate(timeout=60)[1][-3000:]
    time.sleep(0.3)  # some frames encoded
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err[-3000:]
    assert "Traceback" not in err and "terminated" in err
    assert list(out.parent.iterdir()) == []  # neither the .part nor a half video
