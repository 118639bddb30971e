"""SIGTERM as an exception, so a killed command cleans up like an interrupted one.

Python's default for SIGTERM is to die on the spot: no ``finally``, no ``with`` exit, so a
``kill`` (or a service manager stopping a job) left half-built avatars and ``.part``
files. While ``sigterm_raises`` is active, SIGTERM raises ``Terminated`` in the main
thread instead. That exception can land inside a C extension that swallows it (PyAV
does, in its error check), so the signal is also remembered: ``raise_if_terminated``
raises it again, and the CLI's progress callback calls it at every step of long work.

Not for a Qt event loop (`studio gui`): a handler that raises there runs inside a slot,
where PySide prints the exception and carries on, so the window would ignore SIGTERM.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from studio.core.errors import Terminated

_terminated = threading.Event()


def raise_if_terminated() -> None:
    """Raise ``Terminated`` if SIGTERM arrived while ``sigterm_raises`` was active."""
    if _terminated.is_set():
        raise Terminated


@contextmanager
def sigterm_raises(*, enabled: bool = True) -> Iterator[None]:
    """While active (main thread only), SIGTERM raises ``Terminated``."""
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        _terminated.set()
        raise Terminated

    _terminated.clear()
    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _terminated.clear()
