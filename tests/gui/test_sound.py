"""Sound in the window: the monitor plays the stream's audio through PortAudio, and a
machine with no sound device still runs the window with the reason shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.gui.streampanel import StreamPanel
from studio.stream.audiotap import AudioTap

MONITOR_SCRIPT = """
import time, numpy as np
from studio.gui.sound import Monitor, output_problem
from studio.stream.audiotap import AudioTap
assert output_problem() is None, output_problem()
tap = AudioTap()
monitor = Monitor(tap)
monitor.start()
t = np.arange(1920) / 48000
for i in range(50):  # two seconds of a tone, offered at the stream's pace
    tap.offer(i, (8000 * np.sin(2 * np.pi * 440 * (t + i * 0.04))).astype(np.int16))
    time.sleep(0.04)
time.sleep(0.3)
monitor.stop()
print("dropped", tap.dropped_samples, "left", tap._monitor_samples)
"""


def test_the_monitor_plays_through_a_real_sound_device(tmp_path: Path, alsa_home) -> None:
    """ALSA's null device stands in for a sound card: PortAudio opens it, pulls the
    stream's audio at the card's pace, and nothing piles up or is dropped."""
    try:
        import sounddevice  # noqa: F401
    except OSError:
        pytest.skip("PortAudio (libportaudio2) is not installed: make deps installs it")
    env = {**os.environ, "HOME": str(alsa_home(tmp_path)), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", MONITOR_SCRIPT], env=env, capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert "dropped 0 left 0" in run.stdout, run.stdout


def test_without_a_sound_device_the_meter_works_and_listen_says_why(qtbot, monkeypatch) -> None:
    import studio.gui.sound as sound

    monkeypatch.setitem(sound._state, "module", "no PortAudio here")  # a machine without it
    panel = StreamPanel()
    qtbot.addWidget(panel)
    tap = AudioTap()
    panel.attach_audio(tap)
    assert not panel.monitor_button.isEnabled()
    assert panel.monitor_button.toolTip() == "no PortAudio here"
    import numpy as np

    tap.offer(0, np.full(1920, 16000, np.int16))
    panel.meter.refresh()
    assert -7 < panel.meter.rms_db < -5
    panel.attach_audio(None)
    assert panel.meter.tap is None and not panel.monitor_button.isEnabled()
