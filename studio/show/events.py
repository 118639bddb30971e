"""Queue events: what the GUI and the engine subscribe to (no Qt here).

Events are plain frozen dataclasses, emitted after the change is committed to SQLite,
in commit order, on the thread that made the change. Subscribers must return quickly
(the GUI re-posts them to its own thread); they may call back into the queue.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.show.findings import Finding
    from studio.show.queue_model import Entry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ItemStarted:
    """``entry`` is now on air. ``resumed``: it was playing when the last run stopped."""

    entry: Entry
    resumed: bool = False


@dataclass(frozen=True)
class ItemEnded:
    """``entry`` left the air: how = done | skipped | cut | quarantined (the show died
    while it was on air, too often: see ``Queue.start``). On skipped, stop its audio now."""

    entry: Entry
    how: str


@dataclass(frozen=True)
class ItemBlocked:
    """An item was not played because compliance blocks it (audited)."""

    entry: Entry
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Inserted:
    entry: Entry
    urgent: bool


@dataclass(frozen=True)
class InterruptRequested:
    """Cut ``current`` at the next word boundary, then call ``advance(how="cut")``:
    ``by`` (an urgent insert) plays next."""

    current: Entry
    by: Entry


@dataclass(frozen=True)
class StateChanged:
    old: str
    new: str


@dataclass(frozen=True)
class PlaylistChanged:
    """The schedule put another playlist on air (from the next item boundary)."""

    old: str
    new: str


@dataclass(frozen=True)
class UpcomingChanged:
    """What ``peek`` returns has changed (insert, skip, schedule): look ahead again."""


Event = (
    ItemStarted
    | ItemEnded
    | ItemBlocked
    | Inserted
    | InterruptRequested
    | StateChanged
    | PlaylistChanged
    | UpcomingChanged
)
Listener = Callable[[Event], None]


class Emitter:
    """A list of listeners; a listener that raises is logged, never breaks the queue."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def emit(self, events: list[Event]) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for event in events:
            for listener in listeners:
                try:
                    listener(event)
                except Exception:
                    log.exception("queue listener %r failed on %r", listener, event)
