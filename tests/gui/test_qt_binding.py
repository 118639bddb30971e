"""The Qt binding keeps Python's reference counts: a window that runs for days calls
methods that return nothing (setEnabled, processEvents, update ...) millions of times.

PySide6 6.12.0 drops a reference to None on each such call; on Python 3.11 (None is not
immortal before 3.12) the process then dies with "Fatal Python error: none_dealloc"
after a few thousand calls. pyproject.toml keeps that release off Python < 3.12; this
test runs in a child process because the failure is an abort, not an exception."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
app = QApplication([])
button, label = QPushButton("x"), QLabel("y")
calls = [
    app.processEvents,
    lambda: button.setEnabled(True),
    lambda: label.setText("z"),
    lambda: button.isEnabled(),
    lambda: label.setVisible(False),
]
before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
for _ in range(500):
    for call in calls:
        call()
after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
print(*[a - b for a, b in zip(after, before)])
"""


def test_calls_into_qt_leave_none_true_and_false_alone() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr[-1500:]
    drift = [int(x) for x in run.stdout.split()]
    assert all(abs(d) < 50 for d in drift), f"None/True/False refcounts moved by {drift}"
