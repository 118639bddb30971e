"""mediapipe's native log lines stay off the terminal of a command that tracks a face, and
what Studio itself writes to stderr still gets there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2

from studio.core.quiet import native_stderr_quiet

NOISE = ("inference_feedback_manager", "TensorFlow Lite", "absl::InitializeLog", "W0000")


def test_a_face_tracking_command_prints_no_native_log_lines(
    tmp_path: Path, astronaut_rgb, studio_home: Path
) -> None:
    photo = tmp_path / "me.png"
    cv2.imwrite(str(photo), cv2.cvtColor(astronaut_rgb, cv2.COLOR_RGB2BGR))
    env = {k: v for k, v in os.environ.items() if k not in ("GLOG_minloglevel",)}
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", "avatar", "create", "--photo", str(photo)]
        + ["--name", "me"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "created photo avatar 'me'" in done.stdout
    noisy = [line for line in done.stderr.splitlines() if any(n in line for n in NOISE)]
    assert noisy == []


def test_stderr_comes_back_after_the_quiet_block(capfd) -> None:
    with native_stderr_quiet():
        with native_stderr_quiet():  # nested: one redirection
            os.write(2, b"native noise\n")
        os.write(2, b"more noise\n")
    os.write(2, b"a real error\n")
    assert capfd.readouterr().err == "a real error\n"
