"""Work off the GUI thread: a function in a QThreadPool, its results back as signals.

Signals emitted from a pool thread reach slots of objects living in the GUI thread as
queued calls, so a slot never runs concurrently with the window. A task can be cancelled:
its progress callback then raises ``Cancelled`` in the worker at the next report, which
is how the engine's long jobs stop cleanly (see studio/core/progress.py).

A task started for a widget names it as its ``owner``: the work is tied to that widget's
life. A dialog closed (and deleted) while its task runs would otherwise get the task's
callbacks on a deleted C++ object (RuntimeError, or a crash); with an owner, the callbacks
are dropped once the owner is gone, and the task is cancelled at its next progress report
(work without progress reports runs to its end: what it keeps is kept, unannounced).
``running(widget)`` is the work a window still waits for (its own and its children's).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
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

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        with_progress: bool = False,
        owner: QObject | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.with_progress, self.owner = fn, args, with_progress, owner
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
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``fn`` in ``pool`` (the global one by default) and wire the callbacks.

    ``owner``: the object the callbacks belong to (see the module docstring); call from
    the GUI thread, where the owner lives. Everything is connected before the task starts:
    a signal emitted before a later ``connect`` would never reach it.
    """
    task = Task(fn, *args, with_progress=on_progress is not None, owner=owner)
    s = task.signals
    for signal, callback in (
        (s.done, on_done),
        (s.failed, on_failed),
        (s.progress, on_progress),
        (s.cancelled, on_cancelled),
        (s.ended, on_ended),
    ):
        if callback is not None:
            signal.connect(callback if owner is None else _while_alive(owner, callback))
    with Task._alive_lock:
        Task._alive.add(task)

    def owner_gone(*_: Any) -> None:
        task.cancel()

    if owner is not None:
        owner.destroyed.connect(owner_gone)

    def forget() -> None:
        with Task._alive_lock:
            Task._alive.discard(task)
        if owner is not None and shiboken6.isValid(owner):
            owner.destroyed.disconnect(owner_gone)  # a long-lived owner keeps no dead tasks

    s.ended.connect(forget)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


def _while_alive(owner: QObject, callback: Callable[..., None]) -> Callable[..., None]:
    """``callback``, called only while ``owner`` exists. The check is enough: queued
    callbacks and the owner's deletion both happen on the GUI thread, never interleaved."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            callback(*args)

    return call


def running(owner: QObject) -> list[Task]:
    """The tasks not ended yet whose owner is ``owner`` or one of its descendants (a
    dialog waits for its pages' work before it deletes what that work writes to)."""
    with Task._alive_lock:
        tasks = list(Task._alive)
    return [t for t in tasks if t.owner is not None and _within(t.owner, owner)]


def _within(obj: QObject, ancestor: QObject) -> bool:
    node: QObject | None = obj
    while node is not None and shiboken6.isValid(node):
        if node is ancestor:
            return True
        node = node.parent()
    return False


def serial_pool(parent: QObject | None = None) -> QThreadPool:
    """A pool with one thread: its tasks run one after another, in order."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool
