"""The show queue: what plays now, what plays next, and every change persisted at once.

Order of play: the item on air; then pending inserts (urgent ones first, then normal
ones, each in the order they came); then the playlist that the schedule puts on air,
from its cursor, looping forever.

State machine (``state``):

    idle ──advance (something to play)──▶ playing ──advance (nothing left)──▶ idle
    playing ──advance / skip──▶ playing (next item)
    idle | playing ──pause──▶ paused     paused ──resume──▶ idle | playing
    playing ──insert(urgent)──▶ playing + InterruptRequested (the engine cuts at the
                                 next word boundary and calls advance(how="cut"))

While paused the item on air may finish (the engine calls ``advance``), but nothing new
starts until ``resume``; a pause survives a restart (an operator paused the show). An
engine with nothing on air calls ``next_if_idle`` when something may have changed (an
insert, a resume, the schedule), so a show that started empty plays what is added.

Crash quarantine: ``start`` marks the show running and ``stopped`` marks a clean stop. A
start after a run that died counts a crash against the entry that was on air; the second
such death takes it off the air ('quarantined', audited, in the history and the room's
status), so one line that kills the show (say, by memory) cannot kill it after every
restart.
An urgent insert never interrupts another urgent insert: it goes right after it. A cut
item is not replayed.

Persistence: the item on air is the one ``queue_entries`` row with status 'playing'
(a unique index allows only one); inserts are 'pending' rows; the playlist position is
the cursor in ``queue_state``. Each public call is one SQLite transaction with
``synchronous=FULL``, so after a crash or power cut ``start()`` resumes the item that was
on air (from its start) and keeps every insert not yet played.

Who does what: ``playorder`` decides (the order and the state machine, plain Python),
``queue_store`` persists (one transaction per call), ``resolve`` answers from the
catalogue and the schedule; this class ties them together and emits the events once the
change is committed.

Every text is checked again when it is resolved (peek, start): placeholders are filled
from the catalogue as it is *now*, and a line that no longer matches it, or that holds an
unapproved absolute term, is skipped and audited as 'blocked' — never handed to speech.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from studio.core.errors import InputError
from studio.show import playorder
from studio.show.compliance import describe
from studio.show.events import Emitter, Listener, UpcomingChanged
from studio.show.findings import Finding
from studio.show.items import ItemKind, ScriptItem
from studio.show.playorder import CRASHES_BEFORE_QUARANTINE
from studio.show.queue_model import Entry, Outcome, QueueFull, QueueState, Row, Snapshot, World
from studio.show.queue_store import HISTORY_KEEP, QueueStore
from studio.show.resolve import Resolver, rotation_on_air
from studio.show.store import ShowStore
from studio.show.terms import TermList, load_terms

__all__ = [
    "CRASHES_BEFORE_QUARANTINE",
    "HISTORY_KEEP",
    "MAX_PENDING_INSERTS",
    "ComplianceError",
    "Entry",
    "Queue",
    "QueueFull",
    "QueueState",
]

log = logging.getLogger(__name__)

MAX_PENDING_INSERTS = 200  # a runaway script must not queue days of lines

T = TypeVar("T")


class ComplianceError(InputError):
    """A text cannot be queued: it has blocking findings."""

    def __init__(self, text: str, findings: tuple[Finding, ...]) -> None:
        lines = "\n  ".join(describe(f) for f in findings)
        super().__init__(
            f"this line is blocked:\n  {lines}",
            hint="reword it, fix the catalogue, or approve the term "
            "(studio show approve --text TEXT --term TERM --by NAME --reason WHY)",
        )
        self.text = text
        self.findings = findings


class Queue:
    """The persisted play queue of one show database (see the module docstring).

    Thread-safe: calls serialise on the store's lock. Another process writing the same
    database (``studio show insert``) is seen at the next call; events fire only in the
    process that made the change.
    """

    max_pending_inserts: int = MAX_PENDING_INSERTS  # a room sets its own ([control])

    def __init__(
        self,
        store: ShowStore,
        *,
        terms: TermList | None = None,
        clock: Callable[[], datetime] = datetime.now,
        avatar: str = "",
        output: str = "",
    ) -> None:
        self.store = store
        self.terms = terms if terms is not None else load_terms()
        self.clock = clock
        self.avatar = avatar
        self.output = output
        self._rows = QueueStore(store)
        self._emitter = Emitter()
        self._held: set[str] = set()
        self._hold_lock = threading.Lock()

    # ------------------------------------------------------------------ subscribing

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` after every change; returns the unsubscribe function."""
        return self._emitter.subscribe(listener)

    def set_context(self, *, avatar: str | None = None, output: str | None = None) -> None:
        """What the audit log records as the avatar and output of each broadcast line."""
        if avatar is not None:
            self.avatar = avatar
        if output is not None:
            self.output = output

    # ------------------------------------------------------------------ reading

    @property
    def state(self) -> QueueState:
        return self._rows.read(lambda snap: snap.mode)

    def current(self) -> Entry | None:
        """The entry on air, or None."""
        resolve = self._world().resolve
        return self._rows.read(
            lambda snap: resolve(snap.on_air)[0] if snap.on_air is not None else None
        )

    def peek(self, n: int = 3) -> list[Entry]:
        """The next ``n`` playable entries after the one on air (a prediction: an insert
        or a schedule change alters it, announced by UpcomingChanged/PlaylistChanged)."""
        world = self._world()
        return self._rows.read(lambda snap: playorder.upcoming(snap, world, n))

    def history(self, n: int = 20) -> list[tuple[Entry, str]]:
        """The last ``n`` finished entries with how each ended, newest first. Lines that
        were said come with their words filled in from the catalogue (a merchant reads
        "这款保温杯只要89元", not "这款{name}只要{price}"); the rest as they were written."""
        resolve = self._world().resolve
        return [
            (resolve(row, how in ("done", "cut"))[0], how) for row, how in self._rows.finished(n)
        ]

    def pending_inserts(self) -> list[Entry]:
        resolve = self._world().resolve
        return self._rows.read(lambda snap: [resolve(r, False)[0] for r in snap.pending])

    @property
    def product(self) -> str:
        """The live product in context (set by the last product switch on air)."""
        return self._rows.read(lambda snap: snap.state.product)

    def quarantined(self, n: int = 5) -> list[Entry]:
        """The last ``n`` entries taken off the air because the show kept dying on them."""
        resolve = self._world().resolve
        return [resolve(row, False)[0] for row, _ in self._rows.finished(n, "quarantined")]

    def active_playlist_name(self) -> str:
        """The playlist the schedule puts on air now ("" for none): cheap, no side effects."""
        rotation = rotation_on_air(self.store, self.clock())
        return rotation.name if rotation is not None else ""

    # ------------------------------------------------------------------ changing

    def start(self) -> Entry | None:
        """Call once when the engine starts: resumes the entry that was on air when the
        last run stopped (audited again, ItemStarted(resumed=True)), else advances."""
        world = self._world()
        return self._decide(lambda snap: playorder.start(snap, world))

    def stopped(self) -> None:
        """The show stopped cleanly (call it last): the entry on air resumes at the next
        ``start`` without counting as a crash."""
        world = self._world()
        self._decide(lambda snap: playorder.stopped(snap, world))

    def advance(self, how: str = "done", *, current_id: int | None = None) -> Entry | None:
        """End the entry on air (how = done | skipped | cut) and start the next one.

        ``current_id``: the entry the caller is ending; when another call already ended
        it (a skip from the GUI), nothing changes and the entry on air is returned.
        """
        if how not in playorder.HOWS:
            raise ValueError(f"how must be done, skipped or cut, not {how!r}")
        world = self._world()
        return self._decide(lambda snap: playorder.advance(snap, world, how, current_id))

    def next_if_idle(self) -> Entry | None:
        """When nothing is on air (an empty queue at start, everything played, a playlist
        outside its hours), start the next playable entry; when something is on air
        (another call started it), return that one. One transaction, so a concurrent
        skip cannot start an entry that this call then ends unplayed."""
        world = self._world()
        return self._decide(lambda snap: playorder.next_if_idle(snap, world))

    def skip(self) -> Entry | None:
        """Drop the entry on air now (the engine stops its audio on ItemEnded 'skipped')."""
        entry = self.advance("skipped")
        self._emitter.emit([UpcomingChanged()])
        return entry

    def insert(
        self,
        text: str,
        *,
        urgent: bool = False,
        product: str | None = None,
        actor: str = "",
    ) -> Entry:
        """Queue a live line. Normal: after the entry on air (after earlier inserts);
        urgent: before every normal insert, and the entry on air is asked to stop at the
        next word boundary (InterruptRequested). ``product``: the product its
        placeholders and facts refer to (default: the live product in context).
        Raises ComplianceError (nothing queued, attempt audited) when the line is blocked."""
        if not text.strip():
            raise InputError("the line to insert is empty", hint="give the text to say")
        context = product if product is not None else self.product
        return self.insert_item(
            ScriptItem(ItemKind.TEXT, text=text, product=context), urgent=urgent, actor=actor
        )

    def insert_item(self, item: ScriptItem, *, urgent: bool = False, actor: str = "") -> Entry:
        """Queue any item (a clip, a product switch, …) like ``insert``."""
        world = self._world()
        _, blocking = world.resolve(Row(None, "insert:?", "insert", item, urgent=urgent))
        if blocking:  # audited on its own: the refusal must outlive the failed insert
            self.store.audit(
                "refused",
                text=item.text or item.describe(),
                product=item.product,
                actor=actor,
                detail={"findings": [f.to_json() for f in blocking]},
            )
            raise ComplianceError(item.text or item.describe(), blocking)
        limit = self.max_pending_inserts
        return self._decide(
            lambda snap: playorder.insert(
                snap, world, item, urgent=urgent, actor=actor, limit=limit
            )
        )

    def reorder(self, keys: Sequence[str], *, actor: str = "") -> list[Entry]:
        """Put the pending inserts in the order of ``keys`` (the GUI's drag and drop).

        ``keys`` names every pending insert once. Urgent inserts stay ahead of normal
        ones (that is what urgent means), so an order that puts a normal insert before an
        urgent one is refused. Play order is row id order, so the rows keep their ids and
        their contents move, keys included: speech prepared ahead still matches its key.
        Returns the pending inserts in their new order.
        """
        world = self._world()
        return self._decide(lambda snap: playorder.reorder(snap, world, keys, actor=actor))

    def bring_forward(self, product: str, *, actor: str = "") -> str:
        """Let the rotation present ``product`` after the script on air (see
        ``playorder.bring_forward``); the script's name, or "" when nothing moved."""
        world = self._world()
        return self._decide(lambda snap: playorder.bring_forward(snap, world, product, actor=actor))

    def hold(self, reason: str) -> None:
        """Start nothing new until ``release(reason)`` (the item on air may end): the
        room's own pause while the stream is down, so no line plays to nobody. Not
        persisted and not the operator's pause; one hold per reason."""
        with self._hold_lock:
            self._held.add(reason)

    def release(self, reason: str) -> None:
        """End a ``hold``; an idle engine is told, so it starts what waited."""
        with self._hold_lock:
            if reason not in self._held:
                return
            self._held.discard(reason)
            held = bool(self._held)
        if not held:
            self._emitter.emit([UpcomingChanged()])

    @property
    def held(self) -> tuple[str, ...]:
        """Why nothing new starts (empty when nothing holds the show)."""
        with self._hold_lock:
            return tuple(sorted(self._held))

    def pause(self) -> None:
        self._set_paused(True)

    def resume(self) -> None:
        self._set_paused(False)

    # ------------------------------------------------------------------ internals

    def _set_paused(self, paused: bool) -> None:
        world = self._world()
        self._decide(lambda snap: playorder.set_paused(snap, world, paused))

    def _world(self) -> World:
        """The machine's view outside the queue, as this queue's settings are now."""
        return World(
            resolve=Resolver(self.store, self.terms),
            rotation=lambda: rotation_on_air(self.store, self.clock()),
            avatar=self.avatar,
            output=self.output,
            held=bool(self._held),
        )

    def _decide(self, decide: Callable[[Snapshot], Outcome[T]]) -> T:
        """Decide and persist in one transaction; then log and emit (only what committed)."""
        outcome = self._rows.change(decide)
        for note in outcome.notes:
            log.log(note.level, "%s", note.message)
        self._emitter.emit(list(outcome.events))
        return outcome.result
