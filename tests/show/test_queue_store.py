"""The queue's store persists exactly what ``playorder`` decided, in one transaction.

Real SQLite, the real catalogue check: after every decision the database, read back,
holds the very snapshot the decision said it would (``Outcome.after``); a decision that
raises leaves nothing behind; the history is pruned and ids are never reused.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from studio.show import playorder, queue_store
from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.queue_model import Snapshot, World
from studio.show.queue_store import QueueStore
from studio.show.resolve import Resolver, rotation_on_air
from studio.show.store import ShowStore


def text(t: str, product: str = "") -> ScriptItem:
    return ScriptItem(ItemKind.TEXT, text=t, product=product)


@pytest.fixture
def rows(store: ShowStore, catalogue, terms) -> QueueStore:
    store.upsert_products(catalogue.values())
    store.save_scripts(
        [
            Script(
                "A",
                (
                    text("一"),
                    ScriptItem(ItemKind.PRODUCT, product="保温杯"),
                    text("只要{price}", "保温杯"),
                    text("全网最低价"),  # blocked: an absolute term
                ),
            )
        ],
        [Playlist("all", ("A",))],
    )
    return QueueStore(store)


def world(rows: QueueStore, terms) -> World:
    return World(Resolver(rows.store, terms), lambda: rotation_on_air(rows.store, datetime.now()))


def test_the_database_holds_what_each_decision_said(rows: QueueStore, terms) -> None:
    w = world(rows, terms)
    decisions = [
        lambda s: playorder.start(s, w),
        lambda s: playorder.insert(s, w, text("普通"), limit=10),
        lambda s: playorder.insert(s, w, text("紧急一"), urgent=True, actor="gui", limit=10),
        lambda s: playorder.insert(s, w, text("紧急二"), urgent=True, limit=10),
        lambda s: playorder.reorder(s, w, [s.pending[1].key, s.pending[0].key, s.pending[2].key]),
        lambda s: playorder.start(s, w),  # the run died: counted, and the interrupt honoured
        lambda s: playorder.advance(s, w, "skipped"),
        lambda s: playorder.set_paused(s, w, True),
        lambda s: playorder.advance(s, w),
        lambda s: playorder.set_paused(s, w, False),
        lambda s: playorder.next_if_idle(s, w),
        lambda s: playorder.stopped(s, w),
        lambda s: playorder.start(s, w),
        *[lambda s: playorder.advance(s, w) for _ in range(5)],  # past the blocked line
        lambda s: playorder.start(s, w),
        lambda s: playorder.start(s, w),  # died twice on it: quarantined
    ]
    for decide in decisions:
        outcome = rows.change(decide)
        assert rows.read(lambda s: s) == outcome.after
    # every way a row can end went through the store
    assert {how for _, how in rows.finished(50)} == {
        "cut",
        "skipped",
        "done",
        "blocked",
        "quarantined",
    }
    assert rows.store.audit_rows(kind="quarantined")


def test_a_decision_that_raises_leaves_nothing_behind(rows: QueueStore, terms) -> None:
    w = world(rows, terms)
    rows.change(lambda s: playorder.start(s, w))
    before = rows.read(lambda s: s)
    audits = len(rows.store.audit_rows())

    def half_then_fail(snap: Snapshot):
        rows.change(lambda s: playorder.insert(s, w, text("插播"), limit=10))  # nested: joins
        raise RuntimeError("the decision failed")

    with pytest.raises(RuntimeError):
        rows.change(half_then_fail)
    assert rows.read(lambda s: s) == before and len(rows.store.audit_rows()) == audits


def test_history_is_pruned_and_ids_are_never_reused(
    rows: QueueStore, terms, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue_store, "HISTORY_KEEP", 3)
    w = world(rows, terms)
    rows.change(lambda s: playorder.start(s, w))
    for _ in range(8):
        rows.change(lambda s: playorder.advance(s, w))
    finished = rows.finished(100)
    assert len(finished) == 3
    highest = max(row.id for row, _ in finished)
    entry = rows.change(lambda s: playorder.insert(s, w, text("新的"), limit=10)).result
    assert entry.id > highest + 1  # past the row on air too, never a pruned id
    assert entry.key == f"insert:{entry.id}"
