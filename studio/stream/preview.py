"""The GUI's window on the stream: only the newest frame, never a queue.

The stream stage hands each frame over with ``offer`` (a reference swap under a lock,
no copy, no waiting); the GUI takes whatever is newest when it repaints. A slow or
frozen GUI therefore costs the stream nothing. Frames given to the stage are not
modified afterwards, so sharing them is safe.
"""

from __future__ import annotations

import threading

import numpy as np


class PreviewTap:
    """Holds the newest (frame number, BGR frame); older ones are simply replaced."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._index = -1
        self._frame: np.ndarray | None = None
        self.offered = 0

    def offer(self, index: int, frame: np.ndarray) -> None:
        with self._cond:
            self._index, self._frame = index, frame
            self.offered += 1
            self._cond.notify_all()

    def latest(self) -> tuple[int, np.ndarray] | None:
        with self._cond:
            return None if self._frame is None else (self._index, self._frame)

    def wait_newer(self, than: int, timeout: float) -> tuple[int, np.ndarray] | None:
        """The newest frame once its number is above ``than``; None after ``timeout``."""
        with self._cond:
            self._cond.wait_for(lambda: self._index > than, timeout)
            if self._index <= than or self._frame is None:
                return None
            return self._index, self._frame
