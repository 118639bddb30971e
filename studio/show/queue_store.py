"""The queue's persistence: load a ``playorder.Snapshot``, write an ``Outcome``, in SQL.

One decision is one SQLite transaction (``BEGIN IMMEDIATE`` … ``COMMIT`` with
``synchronous=FULL``, see ``store``): the snapshot is read under the write lock, so no
other process can change the queue between reading and writing, and after a crash or a
power cut the database holds either all of a decision or none of it. The row on air is
the one ``queue_entries`` row with status 'playing' (a unique index allows only one);
inserts waiting are 'pending' rows; the playlist cursor, pause and the crash flag are
the ``queue_state`` row. Nothing here decides anything: ``playorder`` does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from studio.show.items import ScriptItem
from studio.show.queue_model import (
    AddRow,
    Audit,
    CountCrash,
    MoveRow,
    Outcome,
    Row,
    SetStatus,
    ShowState,
    Snapshot,
)
from studio.show.rotation import Cursor
from studio.show.store import ShowStore, now_iso

HISTORY_KEEP = 2000  # finished rows kept for the GUI's history; the audit log keeps all
_OPEN = ("pending", "playing")  # every other status is a finished row

T = TypeVar("T")


class QueueStore:
    """Reads and writes the queue tables of one show database."""

    def __init__(self, store: ShowStore) -> None:
        self.store = store

    def change(self, decide: Callable[[Snapshot], Outcome[T]]) -> Outcome[T]:
        """Load the snapshot, let ``decide`` decide, persist its outcome: one transaction
        (rolled back, nothing written, when ``decide`` raises)."""
        with self.store.transaction() as conn:
            before = self._load(conn)
            outcome = decide(before)
            self._apply(conn, before, outcome)
        return outcome

    def read(self, look: Callable[[Snapshot], T]) -> T:
        """``look`` at one consistent snapshot (changes nothing)."""
        with self.store.reading() as conn:
            return look(self._load(conn))

    def finished(self, n: int, status: str | None = None) -> list[tuple[Row, str]]:
        """The last ``n`` finished rows (only those that ended ``status``), newest first."""
        if status is None:
            sql = "SELECT * FROM queue_entries WHERE status NOT IN (?, ?) ORDER BY id DESC LIMIT ?"
            args: tuple[object, ...] = (*_OPEN, n)
        else:
            sql = "SELECT * FROM queue_entries WHERE status = ? ORDER BY id DESC LIMIT ?"
            args = (status, n)
        with self.store.reading() as conn:
            return [(_row(r), r["status"]) for r in conn.execute(sql, args).fetchall()]

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _load(conn: sqlite3.Connection) -> Snapshot:
        s = conn.execute("SELECT * FROM queue_state WHERE id = 1").fetchone()
        state = ShowState(
            paused=bool(s["paused"]),
            running=bool(s["running"]),
            interrupt_by=s["interrupt_by"],
            cursor=Cursor(s["playlist"], s["loop"], s["script_pos"], s["item_pos"]),
            product=s["product"],
            scene=s["scene"],
        )
        on_air = conn.execute("SELECT * FROM queue_entries WHERE status = 'playing'").fetchone()
        pending = conn.execute(
            "SELECT * FROM queue_entries WHERE status = 'pending' ORDER BY urgent DESC, id"
        ).fetchall()
        # AUTOINCREMENT's own rule: past the highest id ever used, even a pruned one
        last = conn.execute(
            "SELECT max(ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'queue_entries'),"
            " 0), ifnull((SELECT max(id) FROM queue_entries), 0))"
        ).fetchone()[0]
        return Snapshot(
            state,
            _row(on_air) if on_air is not None else None,
            tuple(_row(r) for r in pending),
            int(last) + 1,
        )

    def _apply(self, conn: sqlite3.Connection, before: Snapshot, outcome: Outcome[T]) -> None:
        stamp = now_iso()
        ended = False
        for write in outcome.writes:
            if isinstance(write, AddRow):
                row, status = write.row, write.status
                conn.execute(
                    "INSERT INTO queue_entries (id, key, origin, urgent, status, source, item,"
                    " created_at, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (row.id, row.key, row.origin, int(row.urgent), status, row.source,
                     _item_json(row.item), row.created_at or stamp,
                     stamp if status != "pending" else None,
                     stamp if status not in _OPEN else None),
                )  # fmt: skip
                ended = ended or status not in _OPEN
            elif isinstance(write, SetStatus):
                column = "started_at" if write.status == "playing" else "ended_at"
                conn.execute(
                    f"UPDATE queue_entries SET status = ?, {column} = ? WHERE id = ?",
                    (write.status, stamp, write.id),
                )
                ended = ended or write.status not in _OPEN
            elif isinstance(write, CountCrash):
                conn.execute(
                    "UPDATE queue_entries SET crashes = ? WHERE id = ?", (write.crashes, write.id)
                )
            elif isinstance(write, MoveRow):
                row = write.row
                conn.execute(
                    "UPDATE queue_entries SET key = ?, urgent = ?, source = ?, item = ?,"
                    " created_at = ? WHERE id = ?",
                    (row.key, int(row.urgent), row.source, _item_json(row.item),
                     row.created_at, row.id),
                )  # fmt: skip
            elif isinstance(write, Audit):
                self.store.audit(
                    write.kind,
                    text=write.text,
                    product=write.product,
                    avatar=write.avatar,
                    output=write.output,
                    actor=write.actor,
                    detail=write.detail,
                    conn=conn,
                )
        if outcome.after.state != before.state:
            self._write_state(conn, outcome.after.state, stamp)
        if ended:
            self._prune(conn)

    @staticmethod
    def _write_state(conn: sqlite3.Connection, state: ShowState, stamp: str) -> None:
        cursor = state.cursor
        conn.execute(
            "UPDATE queue_state SET paused = ?, running = ?, interrupt_by = ?, playlist = ?,"
            " loop = ?, script_pos = ?, item_pos = ?, product = ?, scene = ?, updated_at = ?"
            " WHERE id = 1",
            (int(state.paused), int(state.running), state.interrupt_by, cursor.playlist,
             cursor.loop, cursor.script_pos, cursor.item_pos, state.product, state.scene,
             stamp),
        )  # fmt: skip

    @staticmethod
    def _prune(conn: sqlite3.Connection) -> None:
        """Keep the newest ``HISTORY_KEEP`` finished rows (the audit log keeps everything)."""
        row = conn.execute(
            "SELECT id FROM queue_entries WHERE status NOT IN (?, ?)"
            " ORDER BY id DESC LIMIT 1 OFFSET ?",
            (*_OPEN, HISTORY_KEEP),
        ).fetchone()
        if row is not None:
            conn.execute(
                "DELETE FROM queue_entries WHERE id <= ? AND status NOT IN (?, ?)",
                (row["id"], *_OPEN),
            )


def _row(r: sqlite3.Row) -> Row:
    return Row(
        r["id"],
        r["key"],
        r["origin"],
        ScriptItem.from_json(json.loads(r["item"])),
        urgent=bool(r["urgent"]),
        source=r["source"],
        crashes=int(r["crashes"]),
        created_at=r["created_at"],
    )


def _item_json(item: ScriptItem) -> str:
    return json.dumps(item.to_json(), ensure_ascii=False)
