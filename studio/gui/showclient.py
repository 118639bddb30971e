"""The window's hands on the show database: every read and write in one worker thread.

SQLite writes wait for the other writer (``busy_timeout``) and fsync each commit, so no
store call runs on the GUI thread. Calls run one at a time in call order, and results
come back as signals. While the window's show runs, its own ``Queue`` object is used —
the engine only hears queue events from that object (a skip must reach the director) —
otherwise a ``Queue`` of the window's own on the same database file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from studio.gui import workers
from studio.show.items import ItemKind
from studio.show.queue import Entry, Queue
from studio.show.store import ShowStore

log = logging.getLogger(__name__)

UPCOMING_PLAYLIST = 8  # playlist items shown after the inserts
HISTORY = 50


@dataclass(frozen=True)
class UpcomingRow:
    key: str
    text: str
    origin: str  # "insert" | "playlist"
    urgent: bool = False
    source: str = ""
    kind: str = "text"  # text | clip | pause | product | scene
    detail: str = ""  # the product or scene name, the pause in ms, the clip's file


_PAUSE_MARK = re.compile(r"\[pause[^\]]*\]")


def plain_text(entry: Entry) -> str:
    """The words of an entry: as spoken when resolved, else its template without marks."""
    if entry.spoken is not None or entry.kind is not ItemKind.TEXT:
        return entry.describe()
    return _PAUSE_MARK.sub("", entry.item.text).replace("*", "")


def row_of(entry: Entry, origin: str) -> UpcomingRow:
    from studio.core.timeline import samples_to_ms

    item = entry.item
    detail = {
        "product": item.product,
        "scene": item.scene,
        "pause": str(samples_to_ms(item.samples)),
        "clip": item.clip.path.rsplit("/", 1)[-1] if item.clip else "",
    }.get(entry.kind.value, "")
    urgent = entry.urgent and origin == "insert"
    return UpcomingRow(
        entry.key, plain_text(entry), origin, urgent, entry.source, entry.kind.value, detail
    )


@dataclass(frozen=True)
class QueueSnapshot:
    state: str
    now: Entry | None
    upcoming: tuple[UpcomingRow, ...]
    history: tuple[tuple[UpcomingRow, str], ...]  # (entry, how), newest first
    product: str = ""
    products: tuple[Any, ...] = field(default=())


def snapshot(queue: Queue) -> QueueSnapshot:
    """What the queue panel shows (several reads; run it in the worker)."""
    inserts = queue.pending_inserts()
    rows = [row_of(e, "insert") for e in inserts]
    for e in queue.peek(len(inserts) + UPCOMING_PLAYLIST):
        if e.origin == "playlist":
            rows.append(row_of(e, "playlist"))
    history = tuple((row_of(e, e.origin), how) for e, how in queue.history(HISTORY))
    return QueueSnapshot(
        queue.state.value,
        queue.current(),
        tuple(rows),
        history,
        queue.product,
        tuple(queue.store.products()),
    )


class ShowClient(QObject):
    snapshot = Signal(object)  # QueueSnapshot
    failed = Signal(str, str)  # message, hint
    message = Signal(str)  # a short confirmation for the status bar
    _changed = Signal()  # a queue event (any thread): refresh soon

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = workers.serial_pool(self)
        self.own_store = ShowStore(db_path)
        self.own_queue = Queue(self.own_store, output="preview")
        self.queue = self.own_queue
        self.session = None  # the running ShowSession, when there is one
        self._unsubscribe = self.queue.subscribe(self._on_event)
        self._refresh_timer = QTimer(self, singleShot=True, interval=80)
        self._refresh_timer.timeout.connect(self.refresh)
        self._changed.connect(self._refresh_timer.start)
        self.closed = False

    @property
    def store(self) -> ShowStore:
        return self.queue.store

    # -- which queue ------------------------------------------------------------------
    def attach(self, session) -> None:
        """Use the running show's queue (call when its session is built)."""
        self._switch(session.show.queue, session)

    def detach(self) -> None:
        """The show stopped: back to the window's own queue."""
        self._switch(self.own_queue, None)

    def _switch(self, queue: Queue, session) -> None:
        self._unsubscribe()
        self.queue, self.session = queue, session
        self._unsubscribe = queue.subscribe(self._on_event)
        self.refresh()

    def _on_event(self, event: object) -> None:  # any thread
        self._changed.emit()

    # -- running work -----------------------------------------------------------------
    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        ok: str = "",
        on_done: Callable[[Any], None] | None = None,
        refresh: bool = True,
    ) -> workers.Task:
        """Run ``fn`` in the worker; then say ``ok`` and refresh the panels."""

        def done(result: Any) -> None:
            if ok:
                self.message.emit(ok)
            if on_done is not None:
                on_done(result)
            if refresh:
                self.refresh()

        return workers.start(
            fn, *args, on_done=done, on_failed=self.failed.emit, owner=self, pool=self.pool
        )

    def refresh(self) -> None:
        if self.closed:
            return
        queue = self.queue
        workers.start(snapshot, queue, on_done=self._emit_snapshot, owner=self, pool=self.pool)

    def _emit_snapshot(self, snap: QueueSnapshot) -> None:
        if not self.closed:
            self.snapshot.emit(snap)

    def wait(self, ms: int = 10_000) -> bool:
        """Block until queued work is done (tests and shutdown)."""
        return self.pool.waitForDone(ms)

    # -- the operations ---------------------------------------------------------------
    def insert(self, text: str, urgent: bool = False) -> workers.Task:
        def work() -> Entry:
            entry = self.queue.insert(text, urgent=urgent, actor="gui")
            if self.session is not None:
                self.session.poke()
            return entry

        return self.run(work, ok=self.tr("Line queued."))

    def skip(self) -> workers.Task:
        return self.run(self.queue.skip, ok=self.tr("Skipped."))

    def pause(self) -> workers.Task:
        return self.run(self.queue.pause, ok=self.tr("Paused after the current line."))

    def resume(self) -> workers.Task:
        return self.run(self.queue.resume, ok=self.tr("Resumed."))

    def reorder(self, keys: list[str]) -> workers.Task:
        queue = self.queue
        return self.run(lambda: queue.reorder(keys, actor="gui"), ok=self.tr("Order changed."))

    def show_product(self, name: str) -> workers.Task:
        from studio.show.items import ItemKind, ScriptItem

        def work() -> None:
            if self.session is not None and self.session.show is not None:
                self.session.show_product(name)
            else:
                self.queue.insert_item(ScriptItem(ItemKind.PRODUCT, product=name), actor="gui")

        return self.run(work, ok=self.tr("Product on screen: %1").replace("%1", name))

    def import_file(self, path: Path) -> workers.Task:
        from studio.show.importer import import_file

        return self.run(lambda: import_file(self.store, path), ok=self.tr("Imported."))

    def close(self) -> None:
        self.closed = True
        self._unsubscribe()
        self.pool.waitForDone(10_000)
        self.own_store.close()
