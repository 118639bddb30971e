"""Leave the process without interpreter finalization, once its own work is done.

A desktop process that has run Qt, PyAV, mediapipe and torch side by side ends with
hundreds of C-extension objects alive. At finalization Python tears them down in no
fixed order, and a refcount slip in any one extension turns a clean close into a crash
report (``Fatal Python error: bool_dealloc`` was seen once in five closes of the window;
the slip found behind it, PySide6 6.12.0 dropping a reference to None on every call that
returns nothing, is kept out by pyproject.toml and tests/gui/test_qt_binding.py). So the
window's process, once the show has stopped, waits for its remaining non-daemon threads
(what a normal exit would wait for), stops daemonic child processes, flushes the log
handlers and the standard streams, and ends with ``os._exit``. Nothing of Studio's
depends on ``atexit`` or finalizers.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import threading
import time

JOIN_TIMEOUT_S = 15.0


def exit_now(code: int, join_timeout_s: float = JOIN_TIMEOUT_S) -> None:
    """Wait for non-daemon threads (up to ``join_timeout_s`` in all), stop daemonic child
    processes (a presenter still being made), flush, ``os._exit``."""
    deadline = time.monotonic() + join_timeout_s
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    for child in multiprocessing.active_children():  # what multiprocessing's atexit does
        if child.daemon:
            child.terminate()
            child.join(2.0)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed or broken pipe
            stream.flush()
    os._exit(code)
