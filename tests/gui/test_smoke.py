"""`studio gui --smoke 2 --screenshot x.png`: the command CI and packagers run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np


def test_smoke_runs_the_preview_and_writes_a_real_screenshot(tmp_path: Path, studio_home) -> None:
    out = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k != "GLOG_minloglevel"}  # as a user has it
    env["QT_QPA_PLATFORM"] = "offscreen"
    cmd = [sys.executable, "-m", "studio.cli", "gui", "--smoke", "2", "--screenshot", str(out)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "smoke: preview ran 2 s" in done.stdout
    noise = ("inference_feedback_manager", "TensorFlow Lite", "absl::InitializeLog", "W0000")
    assert [line for line in done.stderr.splitlines() if any(n in line for n in noise)] == []
    assert "preview running" in (studio_home / "logs" / "gui.log").read_text(encoding="utf-8")
    image = cv2.imread(str(out))
    assert image is not None and image.shape[0] > 400 and image.shape[1] > 600
    assert float(image.std()) > 20  # not blank
    # the preview shows the presenter: the left part of the window holds her picture
    left = image[80:-80, 20 : image.shape[1] // 3]
    assert float(left.std()) > 30 and len(np.unique(left.reshape(-1, 3), axis=0)) > 1000
