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

Every text is checked again when it is resolved (peek, start): placeholders are filled
from the catalogue as it is *now*, and a line that no longer matches it, or that holds an
unapproved absolute term, is skipped and audited as 'blocked' — never handed to speech.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path

from studio.core.errors import InputError
from studio.show.compliance import check_text, describe
from studio.show.events import (
    Emitter,
    Event,
    Inserted,
    InterruptRequested,
    ItemBlocked,
    ItemEnded,
    ItemStarted,
    Listener,
    PlaylistChanged,
    StateChanged,
    UpcomingChanged,
)
from studio.show.findings import Finding
from studio.show.items import Clip, ItemKind, ScriptItem
from studio.show.markup import Spoken
from studio.show.products import Product
from studio.show.schedule import active_playlist
from studio.show.store import ShowStore, now_iso
from studio.show.terms import TermList, load_terms

log = logging.getLogger(__name__)

HISTORY_KEEP = 2000  # finished rows kept for the GUI's history; the audit log keeps all
CRASHES_BEFORE_QUARANTINE = 2  # deaths of the show with one entry on air, then it is skipped
MAX_PENDING_INSERTS = 200  # a runaway script must not queue days of lines


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


class QueueFull(InputError):
    """Too many inserts are waiting to be played; nothing was queued."""

    def __init__(self, waiting: int) -> None:
        super().__init__(
            f"the queue is full: {waiting} inserted lines are waiting to be played",
            hint="wait until some have played, or skip or reorder them; "
            "the room file's [control] max_pending sets the bound",
        )


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
        self._emitter = Emitter()

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
        with self.store.reading() as conn:
            return self._state_of(conn)

    def current(self) -> Entry | None:
        """The entry on air, or None."""
        with self.store.reading() as conn:
            row = self._current_row(conn)
            return self._entry_of_row(row)[0] if row else None

    def peek(self, n: int = 3) -> list[Entry]:
        """The next ``n`` playable entries after the one on air (a prediction: an insert
        or a schedule change alters it, announced by UpcomingChanged/PlaylistChanged)."""
        out: list[Entry] = []
        if n <= 0:
            return out
        with self.store.reading() as conn:
            for row in self._pending_rows(conn):
                entry, blocking = self._entry_of_row(row)
                if not blocking:
                    out.append(entry)
                    if len(out) >= n:
                        return out
            state = self._queue_state(conn)
            total, steps, _ = self._playlist_steps(state)
            streak = 0
            for key, item, source, _cursor in steps:
                entry, blocking = self._resolve(item, key=key, origin="playlist", source=source)
                if blocking:
                    streak += 1
                    if streak >= total:
                        break
                    continue
                streak = 0
                out.append(entry)
                if len(out) >= n:
                    break
        return out

    def history(self, n: int = 20) -> list[tuple[Entry, str]]:
        """The last ``n`` finished entries with how each ended, newest first."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT * FROM queue_entries WHERE status NOT IN ('pending', 'playing')"
                " ORDER BY id DESC LIMIT ?",
                (n,),
            ).fetchall()
            return [(self._entry_of_row(r, check=False)[0], r["status"]) for r in rows]

    def pending_inserts(self) -> list[Entry]:
        with self.store.reading() as conn:
            return [self._entry_of_row(r, check=False)[0] for r in self._pending_rows(conn)]

    @property
    def product(self) -> str:
        """The live product in context (set by the last product switch on air)."""
        with self.store.reading() as conn:
            return self._queue_state(conn)["product"]

    # ------------------------------------------------------------------ changing

    def start(self) -> Entry | None:
        """Call once when the engine starts: resumes the entry that was on air when the
        last run stopped (audited again, ItemStarted(resumed=True)), else advances."""
        events: list[Event] = []
        with self.store.transaction() as conn:
            before = self._state_of(conn)
            row = self._current_row(conn)
            state = self._queue_state(conn)
            if row is not None and state["running"] and self._crashed_on(conn, row, events):
                row = None  # quarantined: it has left the air
            conn.execute("UPDATE queue_state SET running = 1")
            if row is None or state["interrupt_by"] is not None:
                entry = self._advance(conn, "cut" if row is not None else "done", events)
            else:
                entry, blocking = self._entry_of_row(row)
                if blocking:
                    self._block(conn, row["id"], entry, blocking, events)
                    entry = self._advance(conn, "blocked", events, already_ended=True)
                else:
                    self._on_air(conn, entry, events, resumed=True)
            self._state_event(conn, before, events)
        self._emitter.emit(events)
        return entry

    def stopped(self) -> None:
        """The show stopped cleanly (call it last): the entry on air resumes at the next
        ``start`` without counting as a crash."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE queue_state SET running = 0")

    def quarantined(self, n: int = 5) -> list[Entry]:
        """The last ``n`` entries taken off the air because the show kept dying on them."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT * FROM queue_entries WHERE status = 'quarantined' ORDER BY id DESC LIMIT ?",
                (n,),
            ).fetchall()
            return [self._entry_of_row(r, check=False)[0] for r in rows]

    def advance(self, how: str = "done", *, current_id: int | None = None) -> Entry | None:
        """End the entry on air (how = done | skipped | cut) and start the next one.

        ``current_id``: the entry the caller is ending; when another call already ended
        it (a skip from the GUI), nothing changes and the entry on air is returned.
        """
        if how not in ("done", "skipped", "cut"):
            raise ValueError(f"how must be done, skipped or cut, not {how!r}")
        events: list[Event] = []
        with self.store.transaction() as conn:
            before = self._state_of(conn)
            row = self._current_row(conn)
            if current_id is not None and (row is None or row["id"] != current_id):
                return self._entry_of_row(row)[0] if row else None
            entry = self._advance(conn, how, events)
            self._state_event(conn, before, events)
        self._emitter.emit(events)
        return entry

    def next_if_idle(self) -> Entry | None:
        """When nothing is on air (an empty queue at start, everything played, a playlist
        outside its hours), start the next playable entry; when something is on air
        (another call started it), return that one. One transaction, so a concurrent
        skip cannot start an entry that this call then ends unplayed."""
        events: list[Event] = []
        with self.store.transaction() as conn:
            row = self._current_row(conn)
            if row is not None:
                return self._entry_of_row(row)[0]
            before = self._state_of(conn)
            entry = self._advance(conn, "done", events)
            self._state_event(conn, before, events)
        self._emitter.emit(events)
        return entry

    def active_playlist_name(self) -> str:
        """The playlist the schedule puts on air now ("" for none): cheap, no side effects."""
        playlist = active_playlist(self.store.playlists(), self.clock())
        return playlist.name if playlist is not None else ""

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
        with self.store.reading() as conn:
            context = product if product is not None else self._queue_state(conn)["product"]
        return self.insert_item(
            ScriptItem(ItemKind.TEXT, text=text, product=context), urgent=urgent, actor=actor
        )

    def insert_item(self, item: ScriptItem, *, urgent: bool = False, actor: str = "") -> Entry:
        """Queue any item (a clip, a product switch, …) like ``insert``."""
        entry, blocking = self._resolve(item, key="insert:?", origin="insert", urgent=urgent)
        if blocking:
            self.store.audit(
                "refused",
                text=item.text or item.describe(),
                product=item.product,
                actor=actor,
                detail={"findings": [f.to_json() for f in blocking]},
            )
            raise ComplianceError(item.text or item.describe(), blocking)
        events: list[Event] = []
        with self.store.transaction() as conn:
            self._check_not_full(conn)
            before = self._state_of(conn)
            stamp = now_iso()
            cur = conn.execute(
                "INSERT INTO queue_entries (key, origin, urgent, status, source, item, created_at)"
                " VALUES ('', 'insert', ?, 'pending', ?, ?, ?)",
                (
                    int(urgent),
                    f"insert by {actor}" if actor else "insert",
                    json.dumps(item.to_json(), ensure_ascii=False),
                    stamp,
                ),
            )
            new_id = int(cur.lastrowid or 0)
            conn.execute(
                "UPDATE queue_entries SET key = ? WHERE id = ?", (f"insert:{new_id}", new_id)
            )
            row = conn.execute("SELECT * FROM queue_entries WHERE id = ?", (new_id,)).fetchone()
            entry = self._entry_of_row(row)[0]
            self.store.audit(
                "insert",
                text=entry.text or item.describe(),
                product=item.product,
                actor=actor,
                detail={"urgent": urgent, "key": entry.key},
                conn=conn,
            )
            events += [Inserted(entry, urgent), UpcomingChanged()]
            current = self._current_row(conn)
            state = self._queue_state(conn)
            if urgent and current is not None and not current["urgent"] and not state["paused"]:
                conn.execute(
                    "UPDATE queue_state SET interrupt_by = ?, updated_at = ?", (new_id, stamp)
                )
                events.append(InterruptRequested(self._entry_of_row(current)[0], entry))
            self._state_event(conn, before, events)
        self._emitter.emit(events)
        return entry

    def reorder(self, keys: Sequence[str], *, actor: str = "") -> list[Entry]:
        """Put the pending inserts in the order of ``keys`` (the GUI's drag and drop).

        ``keys`` names every pending insert once. Urgent inserts stay ahead of normal
        ones (that is what urgent means), so an order that puts a normal insert before an
        urgent one is refused. Play order is row id order, so the rows keep their ids and
        their contents move, keys included: speech prepared ahead still matches its key.
        Returns the pending inserts in their new order.
        """
        events: list[Event] = []
        with self.store.transaction() as conn:
            rows = self._pending_rows(conn)
            by_key = {r["key"]: r for r in rows}
            if len(set(keys)) != len(keys) or set(keys) != set(by_key):
                raise InputError(
                    "the new order must name every pending insert exactly once",
                    hint="the queue changed meanwhile: refresh it and move the line again",
                )
            wanted = [by_key[k] for k in keys]
            if any(
                not a["urgent"] and b["urgent"]
                for a, b in zip(wanted[:-1], wanted[1:], strict=True)
            ):
                raise InputError(
                    "a normal insert cannot go before an urgent one",
                    hint="urgent lines always play first; move it below the urgent lines",
                )
            if [r["id"] for r in wanted] != [r["id"] for r in rows]:
                interrupt_by = self._queue_state(conn)["interrupt_by"]
                for slot, src in zip(rows, wanted, strict=True):
                    conn.execute(
                        "UPDATE queue_entries SET key = ?, urgent = ?, source = ?, item = ?,"
                        " created_at = ? WHERE id = ?",
                        (src["key"], src["urgent"], src["source"], src["item"],
                         src["created_at"], slot["id"]),
                    )  # fmt: skip
                    if interrupt_by == src["id"]:  # the interrupt follows its line
                        conn.execute("UPDATE queue_state SET interrupt_by = ?", (slot["id"],))
                self.store.audit("reorder", actor=actor, detail={"order": list(keys)}, conn=conn)
                events.append(UpcomingChanged())
            order = [self._entry_of_row(r, check=False)[0] for r in self._pending_rows(conn)]
        self._emitter.emit(events)
        return order

    def pause(self) -> None:
        self._set_paused(True)

    def resume(self) -> None:
        self._set_paused(False)

    def _set_paused(self, paused: bool) -> None:
        events: list[Event] = []
        with self.store.transaction() as conn:
            before = self._state_of(conn)
            conn.execute(
                "UPDATE queue_state SET paused = ?, updated_at = ?", (int(paused), now_iso())
            )
            self._state_event(conn, before, events)
        self._emitter.emit(events)

    # ------------------------------------------------------------------ internals

    def _check_not_full(self, conn: sqlite3.Connection) -> None:
        """QueueFull when ``max_pending_inserts`` wait (inside the insert's transaction)."""
        sql = "SELECT COUNT(*) FROM queue_entries WHERE status = 'pending'"
        waiting = conn.execute(sql).fetchone()[0]
        if waiting >= self.max_pending_inserts:
            raise QueueFull(waiting)

    @staticmethod
    def _queue_state(conn: sqlite3.Connection) -> sqlite3.Row:
        return conn.execute("SELECT * FROM queue_state WHERE id = 1").fetchone()

    @staticmethod
    def _current_row(conn: sqlite3.Connection) -> sqlite3.Row | None:
        return conn.execute("SELECT * FROM queue_entries WHERE status = 'playing'").fetchone()

    @staticmethod
    def _pending_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
        return conn.execute(
            "SELECT * FROM queue_entries WHERE status = 'pending' ORDER BY urgent DESC, id"
        ).fetchall()

    def _state_of(self, conn: sqlite3.Connection) -> QueueState:
        if self._queue_state(conn)["paused"]:
            return QueueState.PAUSED
        return QueueState.PLAYING if self._current_row(conn) else QueueState.IDLE

    def _state_event(
        self, conn: sqlite3.Connection, before: QueueState, events: list[Event]
    ) -> None:
        after = self._state_of(conn)
        if after != before:
            events.append(StateChanged(before.value, after.value))

    def _resolve(
        self,
        item: ScriptItem,
        *,
        key: str,
        origin: str,
        urgent: bool = False,
        id: int | None = None,
        source: str = "",
        check: bool = True,
    ) -> tuple[Entry, tuple[Finding, ...]]:
        """Fill and check one item against the catalogue as it is now."""
        cache: dict[str, Product | None] = {}

        def lookup(name: str) -> Product | None:
            if name not in cache:
                cache[name] = self.store.product(name)
            return cache[name]

        spoken = None
        findings: tuple[Finding, ...] = ()
        blocking: tuple[Finding, ...] = ()
        product = lookup(item.product) if item.product else None
        if item.kind is ItemKind.TEXT and check:
            result = check_text(item.text, item.product, lookup, self.terms, self.store.approver)
            spoken, findings, blocking = result.spoken, result.findings, result.blocking
        elif item.kind is ItemKind.PRODUCT and product is None:
            blocking = (
                Finding(
                    "product",
                    item.product,
                    0,
                    0,
                    f"product '{item.product}' is no longer in the catalogue",
                    "import it again or remove the product switch",
                ),
            )
        elif item.kind is ItemKind.CLIP and item.clip and not Path(item.clip.path).is_file():
            blocking = (
                Finding(
                    "clip",
                    item.clip.path,
                    0,
                    0,
                    f"clip {item.clip.path} is missing",
                    "import the script with its clip again",
                ),
            )
        entry = Entry(key, item, origin, urgent, id, spoken, product, source, findings)
        return entry, blocking

    def _entry_of_row(
        self, row: sqlite3.Row, check: bool = True
    ) -> tuple[Entry, tuple[Finding, ...]]:
        item = ScriptItem.from_json(json.loads(row["item"]))
        return self._resolve(
            item,
            key=row["key"],
            origin=row["origin"],
            urgent=bool(row["urgent"]),
            id=row["id"],
            source=row["source"],
            check=check,
        )

    def _playlist_steps(
        self, state: sqlite3.Row
    ) -> tuple[int, Iterator[tuple[str, ScriptItem, str, tuple[str, int, int, int]]], str]:
        """(items per loop, endless steps from the cursor, playlist name) of the playlist
        the schedule puts on air; each step carries the cursor *after* it."""
        playlist = active_playlist(self.store.playlists(), self.clock())
        if playlist is None:
            return 0, iter(()), ""
        scripts = [s for name in playlist.scripts if (s := self.store.script(name)) is not None]
        total = sum(len(s.items) for s in scripts)
        if total == 0:
            return 0, iter(()), playlist.name
        if playlist.name == state["playlist"]:
            loop, s_pos, i_pos = state["loop"], state["script_pos"], state["item_pos"]
        else:  # a rotation starts from its top when it comes on air
            loop, s_pos, i_pos = state["loop"] + 1, 0, 0

        def steps() -> Iterator[tuple[str, ScriptItem, str, tuple[str, int, int, int]]]:
            nonlocal loop, s_pos, i_pos
            while True:
                if s_pos >= len(scripts):
                    s_pos, i_pos, loop = 0, 0, loop + 1
                script = scripts[s_pos]
                if i_pos >= len(script.items):
                    s_pos, i_pos = s_pos + 1, 0
                    continue
                key = f"pl:{playlist.name}:{loop}:{s_pos}:{i_pos}"
                source = f"{playlist.name} / {script.name} #{i_pos + 1}"
                item = script.items[i_pos]
                i_pos += 1
                yield key, item, source, (playlist.name, loop, s_pos, i_pos)

        return total, steps(), playlist.name

    def _block(
        self,
        conn: sqlite3.Connection,
        row_id: int,
        entry: Entry,
        blocking: tuple[Finding, ...],
        events: list[Event],
    ) -> None:
        conn.execute(
            "UPDATE queue_entries SET status = 'blocked', ended_at = ? WHERE id = ?",
            (now_iso(), row_id),
        )
        self._audit_entry(conn, "blocked", entry, findings=[f.to_json() for f in blocking])
        events.append(ItemBlocked(entry, blocking))
        log.warning(
            "blocked %s: %s", entry.source or entry.key, "; ".join(describe(f) for f in blocking)
        )

    def _audit_entry(
        self, conn: sqlite3.Connection, kind: str, entry: Entry, **detail: object
    ) -> None:
        """An audit record of what happened to ``entry`` (with its key and source)."""
        self.store.audit(
            kind,
            text=entry.item.text or entry.item.describe(),
            product=entry.item.product,
            avatar=self.avatar,
            output=self.output,
            detail={"key": entry.key, "source": entry.source, **detail},
            conn=conn,
        )

    def _crashed_on(self, conn: sqlite3.Connection, row: sqlite3.Row, events: list[Event]) -> bool:
        """The last run died while ``row`` was on air: count it, and quarantine the entry
        when it was on air for ``CRASHES_BEFORE_QUARANTINE`` deaths in a row (a line that
        kills the show must not kill it after every restart). True when quarantined."""
        crashes = int(row["crashes"]) + 1
        entry = self._entry_of_row(row, check=False)[0]
        what = entry.source or entry.key
        if crashes < CRASHES_BEFORE_QUARANTINE:
            conn.execute("UPDATE queue_entries SET crashes = ? WHERE id = ?", (crashes, row["id"]))
            log.warning("the show stopped unexpectedly while %s was on air; resuming it", what)
            return False
        conn.execute(
            "UPDATE queue_entries SET status = 'quarantined', crashes = ?, ended_at = ?"
            " WHERE id = ?",
            (crashes, now_iso(), row["id"]),
        )
        self._audit_entry(conn, "quarantined", entry, crashes=crashes)
        events.append(ItemEnded(entry, "quarantined"))
        log.error(
            "the show died %d times while %s was on air (%s); it is quarantined: skipped, "
            "kept in the history and the audit log",
            crashes,
            what,
            entry.describe()[:60],
        )
        return True

    def _on_air(
        self, conn: sqlite3.Connection, entry: Entry, events: list[Event], resumed: bool = False
    ) -> None:
        stamp = now_iso()
        if entry.kind is ItemKind.PRODUCT:
            conn.execute(
                "UPDATE queue_state SET product = ?, updated_at = ?", (entry.item.product, stamp)
            )
        elif entry.kind is ItemKind.SCENE:
            conn.execute(
                "UPDATE queue_state SET scene = ?, updated_at = ?", (entry.item.scene, stamp)
            )
        elif entry.kind in (ItemKind.TEXT, ItemKind.CLIP):
            text = (
                entry.text
                if entry.kind is ItemKind.TEXT
                else f"[clip] {entry.clip.path if entry.clip else ''}"
            )
            approved = [
                {"term": f.term, "by": f.approved_by} for f in entry.findings if f.approved_by
            ]
            detail: dict[str, object] = {"key": entry.key, "source": entry.source}
            if approved:
                detail["approved"] = approved
            if resumed:
                detail["resumed"] = True
            self.store.audit(
                "broadcast",
                text=text,
                product=entry.item.product,
                avatar=self.avatar,
                output=self.output,
                detail=detail,
                conn=conn,
            )
        events.append(ItemStarted(entry, resumed))

    def _advance(
        self,
        conn: sqlite3.Connection,
        how: str,
        events: list[Event],
        *,
        already_ended: bool = False,
    ) -> Entry | None:
        """Inside a transaction: end the entry on air, start the next playable one."""
        stamp = now_iso()
        state = self._queue_state(conn)
        row = self._current_row(conn)
        if row is not None and not already_ended:
            conn.execute(
                "UPDATE queue_entries SET status = ?, ended_at = ? WHERE id = ?",
                (how, stamp, row["id"]),
            )
            ended = self._entry_of_row(row)[0]
            events.append(ItemEnded(ended, how))
            if how == "cut" and ended.kind in (ItemKind.TEXT, ItemKind.CLIP):
                self.store.audit(
                    "cut",
                    text=ended.text or ended.item.text,
                    product=ended.item.product,
                    avatar=self.avatar,
                    output=self.output,
                    detail={"key": ended.key},
                    conn=conn,
                )
        conn.execute("UPDATE queue_state SET interrupt_by = NULL, updated_at = ?", (stamp,))
        self._prune(conn)
        if state["paused"]:
            return None
        for pending in self._pending_rows(conn):
            entry, blocking = self._entry_of_row(pending)
            if blocking:
                self._block(conn, pending["id"], entry, blocking, events)
                continue
            conn.execute(
                "UPDATE queue_entries SET status = 'playing', started_at = ? WHERE id = ?",
                (stamp, pending["id"]),
            )
            self._on_air(conn, entry, events)
            return entry
        total, steps, name = self._playlist_steps(state)
        streak = 0
        for key, item, source, (playlist, loop, s_pos, i_pos) in steps:
            if streak == 0 and playlist != state["playlist"]:
                events.append(PlaylistChanged(state["playlist"], playlist))
            conn.execute(
                "UPDATE queue_state SET playlist = ?, loop = ?, script_pos = ?, item_pos = ?,"
                " updated_at = ? WHERE id = 1",
                (playlist, loop, s_pos, i_pos, stamp),
            )
            entry, blocking = self._resolve(item, key=key, origin="playlist", source=source)
            cur = conn.execute(
                "INSERT INTO queue_entries (key, origin, status, source, item, created_at, started_at)"
                " VALUES (?, 'playlist', ?, ?, ?, ?, ?)",
                (
                    key,
                    "blocked" if blocking else "playing",
                    source,
                    json.dumps(item.to_json(), ensure_ascii=False),
                    stamp,
                    stamp,
                ),
            )
            entry = Entry(
                entry.key,
                entry.item,
                entry.origin,
                False,
                int(cur.lastrowid or 0),
                entry.spoken,
                entry.product,
                entry.source,
                entry.findings,
            )
            if blocking:
                conn.execute(
                    "UPDATE queue_entries SET ended_at = ? WHERE id = ?", (stamp, entry.id)
                )
                self._audit_entry(conn, "blocked", entry, findings=[f.to_json() for f in blocking])
                events.append(ItemBlocked(entry, blocking))
                streak += 1
                if streak >= total:
                    log.warning("every item of playlist %s is blocked; the show idles", name)
                    break
                continue
            self._on_air(conn, entry, events)
            return entry
        return None

    @staticmethod
    def _prune(conn: sqlite3.Connection) -> None:
        row = conn.execute(
            "SELECT id FROM queue_entries WHERE status NOT IN ('pending', 'playing')"
            " ORDER BY id DESC LIMIT 1 OFFSET ?",
            (HISTORY_KEEP,),
        ).fetchone()
        if row is not None:
            conn.execute(
                "DELETE FROM queue_entries WHERE id <= ? AND status NOT IN ('pending', 'playing')",
                (row["id"],),
            )
