"""Keeping mediapipe's and TensorFlow Lite's native log lines off the user's terminal.

mediapipe's C++ graphs log through absl before anything initialises absl logging, so
every message ("inference_feedback_manager … Disabling support for feedback tensors",
"Created TensorFlow Lite XNNPACK delegate", "All log messages before
absl::InitializeLog() …") goes straight to file descriptor 2, whatever ``GLOG_minloglevel``
says. They are harmless and come on every start of the GUI and every command that tracks
a face, so:

- ``quiet_native_logs()`` sets the environment the native libraries read when they load
  (``GLOG_minloglevel``, ``TF_CPP_MIN_LOG_LEVEL``) and absl's Python verbosity; the CLI and
  the GUI entries call it first thing;
- ``native_stderr_quiet()`` points descriptor 2 at the null device while a mediapipe graph
  is built and runs its first frame, the only moments those lines are written. Python's
  own errors in other threads during those few hundred milliseconds would be lost too,
  which is why the window is kept that small; a crash report after it is not affected.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

NATIVE_LOG_ENV = {"GLOG_minloglevel": "2", "TF_CPP_MIN_LOG_LEVEL": "3"}

_lock = threading.Lock()
_depth = 0
_saved_fd: int | None = None


def quiet_native_logs() -> None:
    """Before mediapipe is imported: ask the native libraries for errors only. A value the
    user set (to debug) is kept."""
    for name, value in NATIVE_LOG_ENV.items():
        os.environ.setdefault(name, value)
    logging.getLogger("absl").setLevel(logging.ERROR)


@contextmanager
def native_stderr_quiet() -> Iterator[None]:
    """Descriptor 2 goes to the null device inside the block (nested and concurrent blocks
    share one redirection, undone when the last one ends). Where descriptor 2 cannot be
    redirected (no console on Windows), the block runs unchanged."""
    global _depth, _saved_fd
    with _lock:
        if _depth == 0:
            _saved_fd = _redirect_stderr()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved_fd is not None:
                _flush_stderr()
                os.dup2(_saved_fd, 2)
                os.close(_saved_fd)
                _saved_fd = None


def _redirect_stderr() -> int | None:
    _flush_stderr()  # what Python wrote before the block still reaches the terminal
    try:
        saved = os.dup(2)
    except OSError:
        return None
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
    except OSError:
        os.close(saved)
        return None
    finally:
        os.close(null)
    return saved


def _flush_stderr() -> None:
    stream = sys.stderr
    if stream is not None:
        with suppress(OSError, ValueError):
            stream.flush()
