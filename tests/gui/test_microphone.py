"""Her microphone: PortAudio records through ALSA, whose capture device here reads known
samples from a file (no sound card on this machine), in a child process so that
PortAudio starts with that ALSA configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

RECORD_SCRIPT = """
import sys, time
import numpy as np
from studio.gui.microphone import Microphone, input_problem
assert input_problem() is None, input_problem()
mic = Microphone(max_s=float(sys.argv[2]))
mic.start()
levels = []
for _ in range(12):
    time.sleep(0.1)
    levels.append(mic.level_db)
pcm = mic.stop()
np.save(sys.argv[1], pcm)
print("level", max(levels), "recording", mic.recording)
"""


def record(tmp_path: Path, alsa_home, microphone: np.ndarray, max_s: float = 60.0) -> np.ndarray:
    try:
        import sounddevice  # noqa: F401
    except OSError:
        pytest.skip("PortAudio (libportaudio2) is not installed: make deps installs it")
    raw = tmp_path / "mic.raw"
    microphone.astype("<i2").tofile(raw)
    home = alsa_home(tmp_path / "home", microphone=raw)
    out = tmp_path / "pcm.npy"
    env = {**os.environ, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", RECORD_SCRIPT, str(out), str(max_s)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert "recording False" in run.stdout
    level = float(run.stdout.split("level", 1)[1].split()[0])
    return np.load(out), level


def test_what_she_says_into_the_microphone_is_recorded(tmp_path: Path, alsa_home) -> None:
    t = np.arange(48000 * 3) / 48000
    tone = (8000 * np.sin(2 * np.pi * 220 * t)).astype(np.int16)
    pcm, level = record(tmp_path, alsa_home, tone)
    # ALSA's file device is not paced like a sound card: it may hand over more than 1.2 s
    n = min(len(pcm), len(tone))
    assert pcm.dtype == np.int16 and n > 0.5 * 48000
    assert np.array_equal(pcm[:n], tone[:n])  # the same samples, in order, none lost
    assert -17 < level < -14  # an 8000-peak sine: -15.3 dBFS RMS


def test_a_forgotten_stop_keeps_only_the_most_a_line_needs(tmp_path: Path, alsa_home) -> None:
    noise = np.random.default_rng(1).integers(-3000, 3000, 48000 * 3).astype(np.int16)
    pcm, _ = record(tmp_path, alsa_home, noise, max_s=0.5)
    assert len(pcm) == 24000
