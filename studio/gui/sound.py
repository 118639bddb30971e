"""Sound in the window: the level meter, the monitor (play what viewers hear) and clip
playback, through PortAudio (``sounddevice``, from PyPI; its Windows and macOS wheels
carry PortAudio, Linux needs the libportaudio2 package that ``make deps`` installs).

A machine without a sound card, or without PortAudio, still runs the window: the meter
works (it reads the stream, not a device), and the monitor and clip sound are disabled
with the reason in their tooltip. ``sounddevice`` is imported on first use, not at
start-up: importing it initialises PortAudio, which probes every audio device (slow, and
noisy on a machine with none).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from studio.core.timeline import SAMPLE_RATE
from studio.stream.audiotap import SILENCE_DB, AudioTap

log = logging.getLogger(__name__)

_lock = threading.Lock()
_state: dict[str, Any] = {}


def load_sounddevice() -> Any:
    """The sounddevice module, or the reason there is none (a str)."""
    with _lock:
        if "module" not in _state:
            try:
                import sounddevice  # noqa: PLC0415 - probes the devices: on first use only

                _state["module"] = sounddevice
            except (OSError, ImportError) as exc:  # PortAudio missing
                log.info("no sound output: %s", exc)
                _state["module"] = QCoreApplication.translate(
                    "Sound", "Sound output needs PortAudio (the libportaudio2 package)."
                )
        return _state["module"]


def output_problem() -> str | None:
    """Why sound cannot be played here (in the UI language), or None when it can."""
    return device_problem(
        "output", QCoreApplication.translate("Sound", "No sound output device was found.")
    )


def device_problem(kind: str, missing: str) -> str | None:
    """Why PortAudio has no ``kind`` ("input", "output") device here: its own reason when
    it is not installed, ``missing`` when no such device is found; None when there is."""
    sd = load_sounddevice()
    if isinstance(sd, str):
        return sd
    try:
        sd.query_devices(kind=kind)
    except Exception as exc:  # noqa: BLE001 - PortAudioError, ValueError: no device
        log.info("no sound %s device: %s", kind, exc)
        return missing
    return None


class Monitor:
    """Plays the stream's audio on the default output, from an ``AudioTap``."""

    def __init__(self, tap: AudioTap) -> None:
        self.tap = tap
        self._stream: Any = None

    @property
    def running(self) -> bool:
        return self._stream is not None

    def start(self) -> None:
        sd = load_sounddevice()
        if isinstance(sd, str):
            raise OSError(sd)
        self.tap.set_monitoring(True)

        def fill(outdata: np.ndarray, frames: int, time: Any, status: Any) -> None:
            self.tap.pull(outdata[:, 0])

        stream = sd.OutputStream(
            samplerate=self.tap.sample_rate,
            channels=1,
            dtype="int16",
            latency="high",  # steady rather than early: she listens, she does not play along
            callback=fill,
        )
        try:
            stream.start()
        except Exception:
            stream.close()
            self.tap.set_monitoring(False)
            raise
        self._stream = stream

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        self.tap.set_monitoring(False)
        if stream is not None:
            stream.stop()
            stream.close()


def play_clip_audio(pcm: np.ndarray, sample_rate: int = SAMPLE_RATE) -> None:
    """Play a clip's sound once, now (returns at once; a new call replaces it)."""
    sd = load_sounddevice()
    if isinstance(sd, str):
        raise OSError(sd)
    sd.play(pcm, sample_rate)


def stop_clip_audio() -> None:
    sd = _state.get("module")
    if sd is not None and not isinstance(sd, str):
        sd.stop()


class LevelMeter(QWidget):
    """A horizontal bar from -60 to 0 dBFS (green, yellow above -12, red above -3) with
    the held peak as a tick; it reads its tap ten times a second."""

    FLOOR_DB = -60.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tap: AudioTap | None = None  # or anything with level() -> (rms dB, peak dB)
        self.rms_db = self.peak_db = SILENCE_DB
        self.tooltip_text = QCoreApplication.translate(
            "Sound", "What viewers hear: %1 dB (peak %2 dB; 0 dB is the loudest possible)"
        )
        self.setMinimumSize(120, 14)
        self.setMaximumHeight(18)
        self._timer = QTimer(self, interval=100)
        self._timer.timeout.connect(self.refresh)

    def attach(self, tap: AudioTap | None) -> None:
        self.tap = tap
        if tap is None:
            self._timer.stop()
            self.rms_db = self.peak_db = SILENCE_DB
            self.update()
        else:
            self._timer.start()

    def refresh(self) -> None:
        if self.tap is None:
            return
        self.rms_db, self.peak_db = self.tap.level()
        self.setToolTip(
            self.tooltip_text.replace("%1", f"{self.rms_db:.0f}").replace(
                "%2", f"{self.peak_db:.0f}"
            )
        )
        self.update()

    def fraction(self, db: float) -> float:
        return min(1.0, max(0.0, (db - self.FLOOR_DB) / -self.FLOOR_DB))

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        p = QPainter(self)
        w, h = self.width(), self.height()
        p.fillRect(0, 0, w, h, QColor("#263238"))
        level = self.fraction(self.rms_db) * w
        for start_db, colour in ((-60.0, "#43a047"), (-12.0, "#fdd835"), (-3.0, "#e53935")):
            x0 = self.fraction(start_db) * w
            if level > x0:
                p.fillRect(QRectF(x0, 2, level - x0, h - 4), QColor(colour))
        if self.peak_db > self.FLOOR_DB:
            x = self.fraction(self.peak_db) * w
            p.fillRect(QRectF(max(0.0, x - 2), 0, 2, h), QColor("#eceff1"))
        p.end()
