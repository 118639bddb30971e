"""Reordering pending inserts (the GUI's drag and drop): order, urgency, keys, persistence."""

from __future__ import annotations

import pytest

from studio.core.errors import InputError
from studio.show.events import UpcomingChanged
from studio.show.queue import Queue
from studio.show.store import ShowStore


def texts(entries) -> list[str]:
    return [e.describe() for e in entries]


def test_reorder_changes_the_play_order_and_survives_a_restart(store: ShowStore, terms) -> None:
    q = Queue(store, terms=terms)
    a, b, c = (q.insert(t) for t in ("一号", "二号", "三号"))
    events = []
    q.subscribe(events.append)
    order = q.reorder([c.key, a.key, b.key], actor="gui")
    assert texts(order) == ["三号", "一号", "二号"]
    assert [e.key for e in order] == [c.key, a.key, b.key]  # keys travel with their lines
    assert any(isinstance(e, UpcomingChanged) for e in events)
    assert store.audit_rows(kind="reorder")[-1]["actor"] == "gui"
    # another Queue on the same file (a restart) sees the new order and plays it
    with ShowStore(store.path) as other:
        again = Queue(other, terms=terms)
        assert texts(again.pending_inserts()) == ["三号", "一号", "二号"]
        played = [again.start(), again.advance(), again.advance()]
        assert texts(played) == ["三号", "一号", "二号"]


def test_urgent_inserts_stay_ahead(store: ShowStore, terms) -> None:
    q = Queue(store, terms=terms)
    n1 = q.insert("普通一")
    u1 = q.insert("紧急一", urgent=True)
    u2 = q.insert("紧急二", urgent=True)
    assert texts(q.pending_inserts()) == ["紧急一", "紧急二", "普通一"]
    with pytest.raises(InputError, match="urgent"):
        q.reorder([n1.key, u1.key, u2.key])
    assert texts(q.pending_inserts()) == ["紧急一", "紧急二", "普通一"]  # nothing changed
    order = q.reorder([u2.key, u1.key, n1.key])
    assert texts(order) == ["紧急二", "紧急一", "普通一"]
    assert [e.urgent for e in order] == [True, True, False]


def test_reorder_needs_every_pending_key_once(store: ShowStore, terms) -> None:
    q = Queue(store, terms=terms)
    a, b = q.insert("甲"), q.insert("乙")
    for bad in ([a.key], [a.key, a.key], [a.key, b.key, "insert:999"]):
        with pytest.raises(InputError):
            q.reorder(bad)
    assert texts(q.pending_inserts()) == ["甲", "乙"]


def test_an_interrupt_follows_its_line(store: ShowStore, terms) -> None:
    q = Queue(store, terms=terms)
    q.insert("正在播")
    q.start()
    u1 = q.insert("紧急一", urgent=True)  # asks the line on air to stop
    u2 = q.insert("紧急二", urgent=True)
    q.reorder([u2.key, u1.key])
    # after a crash, start() honours the interrupt: the line on air is cut and the
    # first urgent line in the new order plays
    with ShowStore(store.path) as other:
        again = Queue(other, terms=terms)
        assert again.start().describe() == "紧急二"
        assert again.history(1)[0][1] == "cut"
