"""Work off the GUI thread: a function in a QThreadPool, its results back as signals.

Signals emitted from a pool thread reach slots of objects living in the GUI thread as
queued calls, so a slot never runs concurrently with the window. A task can be cancelled:
its progress callback then raises ``Cancelled`` in the worker at the next report, which
is how the engine's long jobs stop cleanly (see studio/core/progress.py).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from studio.core.errors import StudioError
from studio.core.messages import gui_text
from studio.core.progress import Cancelled

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    done = Signal(object)  # the function's result
    failed = Signal(str, str)  # message, hint
    cancelled = Signal()
    progress = Signal(str, int, int)  # stage, done, total
    ended = Signal()  # after any of the three above


class Task(QRunnable):
    """``fn(*args, progress=callback)`` when ``with_progress``, else ``fn(*args)``."""

    _alive: set[Task] = set()  # a queued signal may outlive the pool's reference
    _alive_lock = threading.Lock()

    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.with_progress = fn, args, with_progress
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.finished = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelling(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(stage, int(done), int(total))

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.fn(*self.args, progress=self._progress)
            else:
                result = self.fn(*self.args)
        except Cancelled:
            self.signals.cancelled.emit()
        except StudioError as exc:
            self.signals.failed.emit(gui_text(exc.message), gui_text(exc.hint))
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged in full
            log.error(
                "%s failed:\n%s", getattr(self.fn, "__name__", "task"), traceback.format_exc()
            )
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}", "")
        else:
            self.signals.done.emit(result)
        finally:
            self.finished.set()
            self.signals.ended.emit()


def start(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[str, str], None] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    on_ended: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``fn`` in ``pool`` (the global one by default) and wire the callbacks.

    Everything is connected before the task starts: a signal emitted before a later
    ``connect`` would never reach it.
    """
    task = Task(fn, *args, with_progress=on_progress is not None)
    s = task.signals
    if on_done:
        s.done.connect(on_done)
    if on_failed:
        s.failed.connect(on_failed)
    if on_progress:
        s.progress.connect(on_progress)
    if on_cancelled:
        s.cancelled.connect(on_cancelled)
    if on_ended:
        s.ended.connect(on_ended)
    with Task._alive_lock:
        Task._alive.add(task)

    def forget() -> None:
        with Task._alive_lock:
            Task._alive.discard(task)

    s.ended.connect(forget)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


def serial_pool(parent: QObject | None = None) -> QThreadPool:
    """A pool with one thread: its tasks run one after another, in order."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool
