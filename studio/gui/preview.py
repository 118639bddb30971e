"""The live preview: the newest output frame, scaled in a worker thread, painted by Qt.

A ``FramePump`` thread waits on the stream's ``PreviewTap`` for a newer frame, shrinks it
to the widget's size and converts it to a ``QImage`` there, then hands it over with a
queued signal; the GUI thread only paints. A busy GUI therefore never slows the stream
(the tap keeps only the newest frame), and a slow stream never blocks the GUI.
"""

from __future__ import annotations

import threading

import cv2
import numpy as np
from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.stream.preview import PreviewTap

MAX_FPS = 25.0


def to_qimage(frame_bgr: np.ndarray, size: tuple[int, int]) -> QImage:
    """A scaled RGB copy of a BGR frame that fits in ``size`` (w, h), aspect kept."""
    h, w = frame_bgr.shape[:2]
    scale = min(size[0] / w, size[1] / h, 1.0)
    tw, th = max(1, round(w * scale)), max(1, round(h * scale))
    small = frame_bgr if (tw, th) == (w, h) else cv2.resize(frame_bgr, (tw, th), cv2.INTER_AREA)
    rgb = np.ascontiguousarray(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
    image = QImage(rgb.data, tw, th, 3 * tw, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: ``rgb`` goes away with this function


class FramePump(QObject):
    """Moves frames from a tap to the widget (see the module docstring)."""

    frame = Signal(QImage, int)  # image, frame number

    def __init__(self, tap: PreviewTap, target_size: tuple[int, int]) -> None:
        super().__init__()
        self.tap = tap
        self.target_size = target_size
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="preview-pump", daemon=True)
        self.frames = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2.0)

    def set_target_size(self, width: int, height: int) -> None:
        self.target_size = (max(1, width), max(1, height))  # one assignment: thread-safe

    def _run(self) -> None:
        last = -1
        min_gap = 1.0 / MAX_FPS
        while not self._stop.is_set():
            got = self.tap.wait_newer(last, 0.25)
            if got is None:
                continue
            last, frame = got
            self.frame.emit(to_qimage(frame, self.target_size), last)
            self.frames += 1
            self._stop.wait(min_gap)


class PreviewWidget(QWidget):
    """Paints the newest image letterboxed on black, or a message when there is none."""

    resized = Signal(int, int)  # device pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.frame_number = -1
        self.message = ""
        self.setMinimumSize(QSize(240, 320))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's naming
        return QSize(360, 640)

    def resizeEvent(self, event) -> None:  # noqa: N802
        """Frames are scaled to this size in the pump, so painting is a plain copy."""
        ratio = self.devicePixelRatioF()
        self.resized.emit(round(self.width() * ratio), round(self.height() * ratio))
        super().resizeEvent(event)

    def show_frame(self, image: QImage, number: int) -> None:
        self.image, self.frame_number = image, number
        self.message = ""
        self.update()

    def set_message(self, text: str) -> None:
        """Shown over the picture (or alone): "Starting…", an error."""
        self.message = text
        self.update()

    def clear(self) -> None:
        self.image = None
        self.update()

    def image_rect(self) -> QRectF | None:
        """Where the image is drawn: centred, whole, its aspect kept, never enlarged."""
        if self.image is None or self.image.isNull():
            return None
        ratio = self.devicePixelRatioF()
        iw, ih = self.image.width() / ratio, self.image.height() / ratio
        scale = min(self.width() / iw, self.height() / ih, 1.0)
        w, h = iw * scale, ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#101014"))
        target = self.image_rect()
        if target is not None:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(target, self.image)
        if self.message:
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.2)
            p.setFont(font)
            flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
            area = self.rect().adjusted(24, 24, -24, -24)
            text = p.boundingRect(area, flags, self.message).adjusted(-14, -10, 14, 10)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0, 170))
            p.drawRoundedRect(text, 8, 8)
            p.setPen(QColor("#f0f0f0"))
            p.drawText(area, flags, self.message)
        p.end()
