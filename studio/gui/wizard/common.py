"""What the wizard's pages share: page ids, check marks and colours, a picture helper."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap

from studio.gui import checklist as C

PAGE_SOURCE, PAGE_CHECKS, PAGE_CREATE, PAGE_PREVIEW, PAGE_VOICE, PAGE_SAVE = range(6)
STATUS_MARKS = {C.OK: "✔", C.WARN: "!", C.FAIL: "✖", C.SKIPPED: "–"}
STATUS_COLOURS = {C.OK: "#2e7d32", C.WARN: "#b36b00", C.FAIL: "#c62828", C.SKIPPED: "#8a8a96"}


def rgb_to_pixmap(rgb: np.ndarray, height: int) -> QPixmap:
    h, w = rgb.shape[:2]
    data = np.ascontiguousarray(rgb[:, :, :3])
    image = QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(image).scaledToHeight(
        height, Qt.TransformationMode.SmoothTransformation
    )
