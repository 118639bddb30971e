"""The queue takes a bounded number of inserts: a runaway script cannot queue days of lines."""

from __future__ import annotations

import pytest

from studio.core.errors import InputError
from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.queue import MAX_PENDING_INSERTS, Queue, QueueFull
from studio.show.store import ShowStore


@pytest.fixture
def queue(store: ShowStore, catalogue, terms) -> Queue:
    store.upsert_products(catalogue.values())
    opening = Script("A", (ScriptItem(ItemKind.TEXT, text="开场"),))
    store.save_scripts([opening], [Playlist("all", ("A",))])
    q = Queue(store, terms=terms)
    q.start()
    return q


def test_inserts_beyond_the_bound_are_refused_and_nothing_is_lost(
    queue: Queue, store: ShowStore
) -> None:
    assert MAX_PENDING_INSERTS == Queue.max_pending_inserts == 200
    queue.max_pending_inserts = 3
    for i in range(3):
        queue.insert(f"第{i}句")
    with pytest.raises(QueueFull) as err:
        queue.insert("第四句")
    assert isinstance(err.value, InputError)
    assert "the queue is full" in err.value.message and "3" in err.value.message
    assert err.value.hint
    # A product switch is an insert too.
    with pytest.raises(QueueFull):
        queue.insert_item(ScriptItem(ItemKind.PRODUCT, product="保温杯"))
    assert [e.describe() for e in queue.pending_inserts()] == ["第0句", "第1句", "第2句"]
    assert [r["text"] for r in store.audit_rows(kind="insert")] == ["第0句", "第1句", "第2句"]
    # Once one has played there is room again.
    queue.advance()
    assert queue.insert("第四句").describe() == "第四句"
