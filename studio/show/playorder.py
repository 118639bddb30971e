"""The queue's order of play and state machine, as plain Python: no database, no I/O.

Each public call of ``Queue`` is one decision here: given a ``Snapshot`` of the queue
and an input, it returns an ``Outcome`` (see ``queue_model``): the new show state, the
row writes and audit records to persist, the events to emit once they are committed, and
the log lines to write. ``queue_store`` loads the snapshot and persists the outcome in
one transaction; this module decides. Why the split: these rules are the show's
behaviour on air, and they are tested with plain values, no SQLite
(tests/show/test_playorder.py).

What lies outside the queue comes in through ``World``: ``resolve`` fills and checks an
item against the catalogue as it is *now* (a price may have changed since the line was
queued), ``rotation`` is the playlist the schedule puts on air. Tests pass fakes.

The rules (the ``Queue`` module docstring tells them to callers):
- order of play: the row on air; inserts waiting, urgent before normal, each in the
  order they came (row id); then the rotation from its cursor, looping.
- an item compliance blocks is never started: it ends 'blocked', audited; a rotation
  whose every item is blocked is tried for one pass, then the show idles.
- paused: the row on air may end, nothing new starts.
- an urgent insert asks a normal row on air to stop (``InterruptRequested``); it never
  interrupts another urgent one, and nothing is interrupted while paused.
- ``start`` after a run that died (``running`` still set) counts a crash against the row
  on air; at ``CRASHES_BEFORE_QUARANTINE`` it ends 'quarantined' instead of resuming.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from studio.core.errors import InputError
from studio.show.compliance import describe
from studio.show.events import (
    Event,
    Inserted,
    InterruptRequested,
    ItemBlocked,
    ItemEnded,
    ItemStarted,
    PlaylistChanged,
    StateChanged,
    UpcomingChanged,
)
from studio.show.findings import Finding
from studio.show.items import ItemKind, ScriptItem
from studio.show.queue_model import (
    AddRow,
    Audit,
    CountCrash,
    Entry,
    MoveRow,
    Note,
    Outcome,
    QueueFull,
    Row,
    SetStatus,
    Snapshot,
    World,
    Write,
)
from studio.show.rotation import steps

CRASHES_BEFORE_QUARANTINE = 2  # deaths of the show with one entry on air, then it is skipped
HOWS = ("done", "skipped", "cut")  # how a caller may end the row on air

T = TypeVar("T")


def start(snap: Snapshot, world: World) -> Outcome[Entry | None]:
    """The engine starts: resume the row on air (unless the last run died on it once
    too often, or an urgent insert was waiting to cut in), else advance."""
    d = _Decision(snap, world)
    row = d.on_air
    if row is not None and d.state.running and d.crashed_on(row):
        row = None  # quarantined: it has left the air
    d.state = replace(d.state, running=True)
    if row is None or d.state.interrupt_by is not None:
        return d.done(d.advance("cut" if row is not None else "done"))
    entry, blocking = world.resolve(row)
    if blocking:
        d.block(row, entry, blocking)
        return d.done(d.advance("done"))
    d.put_on_air(entry, resumed=True)
    return d.done(entry)


def stopped(snap: Snapshot, world: World) -> Outcome[None]:
    """A clean stop: the row on air resumes at the next start without counting a crash."""
    d = _Decision(snap, world)
    d.state = replace(d.state, running=False)
    return d.done(None)


def advance(
    snap: Snapshot, world: World, how: str = "done", current_id: int | None = None
) -> Outcome[Entry | None]:
    """End the row on air (``how``) and start the next playable one. When ``current_id``
    is no longer on air (another call ended it), nothing changes."""
    if how not in HOWS:
        raise ValueError(f"how must be done, skipped or cut, not {how!r}")
    d = _Decision(snap, world)
    if current_id is not None and (d.on_air is None or d.on_air.id != current_id):
        return d.done(d.on_air_entry())
    return d.done(d.advance(how))


def next_if_idle(snap: Snapshot, world: World) -> Outcome[Entry | None]:
    """Start the next playable entry only when nothing is on air; else return that one."""
    d = _Decision(snap, world)
    if d.on_air is not None:
        return d.done(d.on_air_entry())
    return d.done(d.advance("done"))


def set_paused(snap: Snapshot, world: World, paused: bool) -> Outcome[None]:
    d = _Decision(snap, world)
    d.state = replace(d.state, paused=paused)
    return d.done(None)


def insert(
    snap: Snapshot,
    world: World,
    item: ScriptItem,
    *,
    urgent: bool = False,
    actor: str = "",
    limit: int,
) -> Outcome[Entry]:
    """Queue ``item`` (already checked by the caller); QueueFull when ``limit`` inserts wait."""
    if len(snap.pending) >= limit:
        raise QueueFull(len(snap.pending))
    d = _Decision(snap, world)
    row_id = d.new_id()
    source = f"insert by {actor}" if actor else "insert"
    row = Row(row_id, f"insert:{row_id}", "insert", item, urgent=urgent, source=source)
    entry, _ = world.resolve(row)
    d.writes.append(AddRow(row, "pending"))
    d.writes.append(
        Audit(
            "insert",
            text=entry.text or item.describe(),
            product=item.product,
            actor=actor,
            detail={"urgent": urgent, "key": entry.key},
        )
    )
    d.pending = sorted([*d.pending, row], key=_play_order)
    d.events += [Inserted(entry, urgent), UpcomingChanged()]
    on_air = d.on_air
    if (
        urgent
        and on_air is not None
        and not on_air.urgent
        and not d.state.paused
        and not world.held
    ):
        d.state = replace(d.state, interrupt_by=row_id)
        d.events.append(InterruptRequested(world.resolve(on_air)[0], entry))
    return d.done(entry)


def reorder(
    snap: Snapshot, world: World, keys: Sequence[str], *, actor: str = ""
) -> Outcome[list[Entry]]:
    """Put the inserts waiting in the order of ``keys`` (each named once, urgent ones
    still first). The rows keep their ids (play order) and their contents move, keys
    included, so speech made ahead still matches; an interrupt follows its line."""
    rows = snap.pending
    by_key = {r.key: r for r in rows}
    if len(set(keys)) != len(keys) or set(keys) != set(by_key):
        raise InputError(
            "the new order must name every pending insert exactly once",
            hint="the queue changed meanwhile: refresh it and move the line again",
        )
    wanted = [by_key[k] for k in keys]
    if any(not a.urgent and b.urgent for a, b in zip(wanted[:-1], wanted[1:], strict=True)):
        raise InputError(
            "a normal insert cannot go before an urgent one",
            hint="urgent lines always play first; move it below the urgent lines",
        )
    d = _Decision(snap, world)
    if [r.id for r in wanted] != [r.id for r in rows]:
        moved = [replace(src, id=slot.id) for slot, src in zip(rows, wanted, strict=True)]
        d.writes += [MoveRow(r) for r in moved]
        for slot, src in zip(rows, wanted, strict=True):
            if snap.state.interrupt_by == src.id:  # the interrupt follows its line
                d.state = replace(d.state, interrupt_by=slot.id)
        d.pending = moved
        d.writes.append(Audit("reorder", actor=actor, detail={"order": list(keys)}))
        d.events.append(UpcomingChanged())
    return d.done([world.resolve(r, False)[0] for r in d.pending])


def bring_forward(snap: Snapshot, world: World, product: str, *, actor: str = "") -> Outcome[str]:
    """Let the rotation present ``product`` next: when the cursor stands between two
    scripts of the playlist on air (the last item of a script has started), point it at
    the next script that shows ``product``, so it follows the script on air instead of
    waiting its turn. A script is never left midway. Returns the script's name, or ""
    when nothing moved (mid-script, no such script, or it is next or on air already)."""
    d = _Decision(snap, world)
    rotation = world.rotation()
    cursor = snap.state.cursor
    if rotation is None or rotation.size == 0 or rotation.name != cursor.playlist:
        return d.done("")
    scripts = rotation.scripts
    on_air = min(cursor.script_pos, len(scripts) - 1)
    if cursor.script_pos < len(scripts) and cursor.item_pos < len(scripts[on_air].items):
        return d.done("")  # midway through a script: it finishes first
    following = (on_air + 1) % len(scripts)
    order = [(following + k) % len(scripts) for k in range(len(scripts))]
    target = next(
        (i for i in order if any(item.product == product for item in scripts[i].items)), None
    )
    if target is None or target in (following, on_air):
        return d.done("")
    loop = cursor.loop if target > on_air else cursor.loop + 1  # keys stay unique
    d.state = replace(d.state, cursor=replace(cursor, loop=loop, script_pos=target, item_pos=0))
    name = scripts[target].name
    d.writes.append(
        Audit(
            "rotation",
            text=f"brought forward: {name}",
            product=product,
            actor=actor,
            detail={"playlist": rotation.name, "script": name},
        )
    )
    d.events.append(UpcomingChanged())
    d.note(logging.INFO, f"the audience asks about {product}: {name} plays next")
    return d.done(name)


def upcoming(snap: Snapshot, world: World, n: int) -> list[Entry]:
    """The next ``n`` playable entries after the row on air: what ``advance`` would start
    if nothing changed (inserts, then the rotation; blocked items left out)."""
    out: list[Entry] = []
    if n <= 0:
        return out
    for row in snap.pending:
        entry, blocking = world.resolve(row)
        if not blocking:
            out.append(entry)
            if len(out) >= n:
                return out
    rotation = world.rotation()
    if rotation is None:
        return out
    streak = 0
    for step in steps(rotation, snap.state.cursor):
        row = Row(None, step.key, "playlist", step.item, source=step.source)
        entry, blocking = world.resolve(row)
        if blocking:
            streak += 1
            if streak >= rotation.size:
                break
            continue
        streak = 0
        out.append(entry)
        if len(out) >= n:
            break
    return out


def _play_order(row: Row) -> tuple[bool, int]:
    return (not row.urgent, row.id or 0)


class _Decision:
    """The working copy one decision changes, and what it has decided so far."""

    def __init__(self, snap: Snapshot, world: World) -> None:
        self.world = world
        self.before = snap.mode
        self.state = snap.state
        self.on_air = snap.on_air
        self.pending = list(snap.pending)
        self.next_id = snap.next_id
        self.writes: list[Write] = []
        self.events: list[Event] = []
        self.notes: list[Note] = []

    def done(self, result: T) -> Outcome[T]:
        after = Snapshot(self.state, self.on_air, tuple(self.pending), self.next_id)
        if after.mode != self.before:
            self.events.append(StateChanged(self.before.value, after.mode.value))
        return Outcome(result, after, tuple(self.writes), tuple(self.events), tuple(self.notes))

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def on_air_entry(self) -> Entry | None:
        return self.world.resolve(self.on_air)[0] if self.on_air is not None else None

    def note(self, level: int, message: str) -> None:
        self.notes.append(Note(level, message))

    def audit_entry(self, kind: str, entry: Entry, **detail: object) -> None:
        """An audit record of what happened to ``entry`` (with its key and source)."""
        self.writes.append(
            Audit(
                kind,
                text=entry.item.text or entry.item.describe(),
                product=entry.item.product,
                avatar=self.world.avatar,
                output=self.world.output,
                detail={"key": entry.key, "source": entry.source, **detail},
            )
        )

    def block(self, row: Row, entry: Entry, blocking: tuple[Finding, ...]) -> None:
        """An existing row (waiting, or on air at a start) fails its check: it ends."""
        assert row.id is not None
        self.writes.append(SetStatus(row.id, "blocked"))
        if self.on_air is not None and self.on_air.id == row.id:
            self.on_air = None
        self.audit_entry("blocked", entry, findings=[f.to_json() for f in blocking])
        self.events.append(ItemBlocked(entry, blocking))
        why = "; ".join(describe(f) for f in blocking)
        self.note(logging.WARNING, f"blocked {entry.source or entry.key}: {why}")

    def crashed_on(self, row: Row) -> bool:
        """The last run died while ``row`` was on air: count it, and quarantine the row at
        ``CRASHES_BEFORE_QUARANTINE`` deaths (a line that kills the show must not kill it
        after every restart). True when quarantined."""
        assert row.id is not None
        crashes = row.crashes + 1
        entry = self.world.resolve(row, False)[0]
        what = entry.source or entry.key
        self.writes.append(CountCrash(row.id, crashes))
        if crashes < CRASHES_BEFORE_QUARANTINE:
            self.on_air = replace(row, crashes=crashes)
            self.note(
                logging.WARNING,
                f"the show stopped unexpectedly while {what} was on air; resuming it",
            )
            return False
        self.writes.append(SetStatus(row.id, "quarantined"))
        self.on_air = None
        self.audit_entry("quarantined", entry, crashes=crashes)
        self.events.append(ItemEnded(entry, "quarantined"))
        self.note(
            logging.ERROR,
            f"the show died {crashes} times while {what} was on air "
            f"({entry.describe()[:60]}); it is quarantined: skipped, "
            "kept in the history and the audit log",
        )
        return True

    def put_on_air(self, entry: Entry, resumed: bool = False) -> None:
        """``entry`` starts: a switch changes the context, a spoken line is audited."""
        if entry.kind is ItemKind.PRODUCT:
            self.state = replace(self.state, product=entry.item.product)
        elif entry.kind is ItemKind.SCENE:
            self.state = replace(self.state, scene=entry.item.scene)
        elif entry.kind in (ItemKind.TEXT, ItemKind.CLIP):
            text = (
                entry.text
                if entry.kind is ItemKind.TEXT
                else f"[clip] {entry.clip.path if entry.clip else ''}"
            )
            approved = [
                {"term": f.term, "by": f.approved_by} for f in entry.findings if f.approved_by
            ]
            detail: dict[str, Any] = {"key": entry.key, "source": entry.source}
            if approved:
                detail["approved"] = approved
            if resumed:
                detail["resumed"] = True
            self.writes.append(
                Audit(
                    "broadcast",
                    text=text,
                    product=entry.item.product,
                    avatar=self.world.avatar,
                    output=self.world.output,
                    detail=detail,
                )
            )
        self.events.append(ItemStarted(entry, resumed))

    def end(self, row: Row, how: str) -> None:
        assert row.id is not None
        self.writes.append(SetStatus(row.id, how))
        self.on_air = None
        ended = self.world.resolve(row)[0]
        self.events.append(ItemEnded(ended, how))
        if how == "cut" and ended.kind in (ItemKind.TEXT, ItemKind.CLIP):
            self.writes.append(
                Audit(
                    "cut",
                    text=ended.text or ended.item.text,
                    product=ended.item.product,
                    avatar=self.world.avatar,
                    output=self.world.output,
                    detail={"key": ended.key},
                )
            )

    def advance(self, how: str) -> Entry | None:
        """End the row on air (if any) and start the next playable entry (if not paused)."""
        if self.on_air is not None:
            self.end(self.on_air, how)
        self.state = replace(self.state, interrupt_by=None)
        if self.state.paused or self.world.held:
            return None
        while self.pending:
            row = self.pending.pop(0)
            entry, blocking = self.world.resolve(row)
            if blocking:
                self.block(row, entry, blocking)
                continue
            assert row.id is not None
            self.writes.append(SetStatus(row.id, "playing"))
            self.on_air = row
            self.put_on_air(entry)
            return entry
        return self.from_rotation()

    def from_rotation(self) -> Entry | None:
        """Start the rotation's next playable item; one pass of blocked items, then idle."""
        rotation = self.world.rotation()
        if rotation is None or rotation.size == 0:
            return None
        if rotation.name != self.state.cursor.playlist:
            self.events.append(PlaylistChanged(self.state.cursor.playlist, rotation.name))
        streak = 0
        for step in steps(rotation, self.state.cursor):
            self.state = replace(self.state, cursor=step.after)
            row = Row(self.new_id(), step.key, "playlist", step.item, source=step.source)
            entry, blocking = self.world.resolve(row)
            if blocking:
                self.writes.append(AddRow(row, "blocked"))
                self.audit_entry("blocked", entry, findings=[f.to_json() for f in blocking])
                self.events.append(ItemBlocked(entry, blocking))
                streak += 1
                if streak >= rotation.size:
                    self.note(
                        logging.WARNING,
                        f"every item of playlist {rotation.name} is blocked; the show idles",
                    )
                    return None
                continue
            self.writes.append(AddRow(row, "playing"))
            self.on_air = row
            self.put_on_air(entry)
            return entry
        return None  # pragma: no cover - steps are endless when the rotation has items
