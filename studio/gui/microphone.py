"""Her microphone: a line she reads, recorded into memory at the show's sample rate.

For the voice step (her own recorded lines, issue 21): she reads the prompt sheet one
line at a time in the window, instead of recording elsewhere and finding the file. The
default input device through PortAudio (``studio.gui.sound`` loads it on first use); a
machine with no microphone says so and the file import still works. The callback runs
on PortAudio's thread and only copies blocks into a list (bounded by ``MAX_S``); the
level is kept for the meter.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from studio.core.timeline import SAMPLE_RATE
from studio.gui.sound import device_problem, load_sounddevice
from studio.stream.audiotap import SILENCE_DB, dbfs

log = logging.getLogger(__name__)

MAX_S = 120  # one line of the sheet is a few seconds; this is a forgotten Stop


def input_problem() -> str | None:
    """Why nothing can be recorded here (in the UI language), or None when it can."""
    return device_problem("input", QCoreApplication.translate("Sound", "No microphone was found."))


class Microphone:
    """Records the default input device between :meth:`start` and :meth:`stop`."""

    def __init__(self, sample_rate: int = SAMPLE_RATE, max_s: float = MAX_S) -> None:
        self.sample_rate = sample_rate
        self.max_samples = round(max_s * sample_rate)
        self._lock = threading.Lock()
        self._blocks: list[np.ndarray] = []
        self._samples = 0
        self._stream: Any = None
        self.level_db = self.peak_db = SILENCE_DB

    def level(self) -> tuple[float, float]:
        """The last block's RMS and peak (dBFS), for a ``LevelMeter``."""
        return self.level_db, self.peak_db

    @property
    def recording(self) -> bool:
        return self._stream is not None

    @property
    def seconds(self) -> float:
        with self._lock:
            return self._samples / self.sample_rate

    def start(self) -> None:
        sd = load_sounddevice()
        if isinstance(sd, str):
            raise OSError(sd)
        with self._lock:
            self._blocks, self._samples = [], 0
        stream = sd.InputStream(
            samplerate=self.sample_rate, channels=1, dtype="int16", callback=self._take
        )
        try:
            stream.start()
        except Exception:
            stream.close()
            raise
        self._stream = stream

    def _take(self, indata: np.ndarray, frames: int, time: Any, status: Any) -> None:
        block = indata[:, 0]
        rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if frames else 0.0
        self.level_db = dbfs(rms)
        self.peak_db = dbfs(float(np.max(np.abs(block.astype(np.int32))))) if frames else SILENCE_DB
        with self._lock:
            room = self.max_samples - self._samples
            if room > 0:
                self._blocks.append(block[:room].copy())
                self._samples += min(room, len(block))

    def stop(self) -> np.ndarray:
        """Stop and return what was recorded (int16 mono)."""
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()
            stream.close()
        self.level_db = self.peak_db = SILENCE_DB
        with self._lock:
            blocks, self._blocks, self._samples = self._blocks, [], 0
        return np.concatenate(blocks) if blocks else np.zeros(0, np.int16)
