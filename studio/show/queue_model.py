"""The queue's vocabulary: the values ``playorder`` reads and decides, and the store keeps.

``Snapshot`` is the queue at the start of one call (the row on air, the inserts waiting,
the show-wide ``ShowState``); ``Outcome`` is what one decision changes (the new
``ShowState``, row writes and audit records, events, log lines). They are plain frozen
values, so the decisions are tested without a database and the store only translates
them to SQL. ``World`` is how a decision asks the catalogue and the schedule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from studio.core.errors import InputError
from studio.show.events import Event
from studio.show.findings import Finding
from studio.show.items import Clip, ItemKind, ScriptItem
from studio.show.markup import Spoken
from studio.show.products import Product
from studio.show.rotation import Cursor, Rotation

T = TypeVar("T")


class QueueState(str, Enum):
    IDLE = "idle"
    PLAYING = "playing"
    PAUSED = "paused"


@dataclass(frozen=True)
class Entry:
    """One item ready to play: resolved against the catalogue, checked, with a stable key.

    ``key`` identifies the entry across look-ahead and start ("insert:12",
    "pl:夜间轮播:3:1:4"), so speech synthesised ahead can be matched when it starts.
    ``id`` is the queue row (inserts always; playlist items once started).
    """

    key: str
    item: ScriptItem
    origin: str  # "playlist" | "insert"
    urgent: bool = False
    id: int | None = None
    spoken: Spoken | None = None
    product: Product | None = None
    source: str = ""
    findings: tuple[Finding, ...] = field(default=())

    @property
    def kind(self) -> ItemKind:
        return self.item.kind

    @property
    def text(self) -> str:
        """The words to speak (TEXT items), placeholders filled and markup removed."""
        return self.spoken.text if self.spoken else ""

    @property
    def pause_samples(self) -> int:
        return self.item.samples

    @property
    def clip(self) -> Clip | None:
        return self.item.clip

    def describe(self) -> str:
        if self.kind is ItemKind.TEXT and self.spoken:
            return self.spoken.text
        return self.item.describe()


class QueueFull(InputError):
    """Too many inserts are waiting to be played; nothing was queued."""

    def __init__(self, waiting: int) -> None:
        super().__init__(
            f"the queue is full: {waiting} inserted lines are waiting to be played",
            hint="wait until some have played, or skip or reorder them; "
            "the room file's [control] max_pending sets the bound",
        )


# ---------------------------------------------------------------------- the snapshot


@dataclass(frozen=True)
class Row:
    """A queued item as persisted: an insert waiting, or the row on air. ``id`` is None
    only for a playlist item looked at ahead, which has no row yet."""

    id: int | None
    key: str
    origin: str  # "playlist" | "insert"
    item: ScriptItem
    urgent: bool = False
    source: str = ""
    crashes: int = 0  # runs that died while it was on air
    # bookkeeping, not queue state: kept as stored ("" for a new row: the store stamps it)
    created_at: str = field(default="", compare=False)


@dataclass(frozen=True)
class ShowState:
    """What holds for the whole show, not one row (the ``queue_state`` row)."""

    paused: bool = False
    running: bool = False  # from start to a clean stop: a start that finds it set was a crash
    interrupt_by: int | None = None  # the urgent insert the row on air must give way to
    cursor: Cursor = Cursor()
    product: str = ""  # the product in context: the last product switch on air
    scene: str = ""


@dataclass(frozen=True)
class Snapshot:
    """The queue at the start of one call. ``pending`` is in play order; ``next_id`` is the
    id the next new row gets (ids are never reused, so keys are never reused)."""

    state: ShowState = ShowState()
    on_air: Row | None = None
    pending: tuple[Row, ...] = ()
    next_id: int = 1

    @property
    def mode(self) -> QueueState:
        if self.state.paused:
            return QueueState.PAUSED
        return QueueState.PLAYING if self.on_air is not None else QueueState.IDLE


Resolved = tuple[Entry, tuple[Finding, ...]]  # the entry, and the findings that block it


class Resolve(Protocol):
    """Fill and (``check``) check a row's item against the catalogue as it is now."""

    def __call__(self, row: Row, check: bool = True) -> Resolved: ...


@dataclass(frozen=True)
class World:
    """What the machine asks outside the queue, and the room it plays into (audited)."""

    resolve: Resolve
    rotation: Callable[[], Rotation | None]  # called only when the inserts run out
    avatar: str = ""
    output: str = ""
    # Nothing new starts while the stream is down (``Queue.hold``): like a pause, but
    # the room's own, not persisted, and released when the platform receives again.
    held: bool = False


# ---------------------------------------------------------------------- the outcome


@dataclass(frozen=True)
class AddRow:
    """A new row: an insert ('pending') or a playlist item ('playing' or 'blocked')."""

    row: Row
    status: str


@dataclass(frozen=True)
class SetStatus:
    """A row starts ('playing') or ends (done, skipped, cut, blocked, quarantined)."""

    id: int
    status: str


@dataclass(frozen=True)
class CountCrash:
    id: int
    crashes: int


@dataclass(frozen=True)
class MoveRow:
    """Reorder: the row ``row.id`` takes ``row``'s contents (play order is id order)."""

    row: Row


@dataclass(frozen=True)
class Audit:
    """One audit record, written in the same transaction as the change it records."""

    kind: str
    text: str = ""
    product: str = ""
    avatar: str = ""
    output: str = ""
    actor: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


Write = AddRow | SetStatus | CountCrash | MoveRow | Audit


@dataclass(frozen=True)
class Note:
    """A log line, written only once the outcome is committed."""

    level: int
    message: str


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """One decision: the call's result, the queue after it, and everything to persist
    and announce. ``writes`` turn the snapshot before into ``after`` (the store checks
    nothing: tests/show/test_queue_store.py holds it to that)."""

    result: T
    after: Snapshot
    writes: tuple[Write, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[Note, ...] = ()
