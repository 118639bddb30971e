"""The queue state machine: order, inserts, interrupts, skip, pause, events, persistence."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest

from studio.show.events import (
    Inserted,
    InterruptRequested,
    ItemBlocked,
    ItemEnded,
    ItemStarted,
    PlaylistChanged,
    StateChanged,
    UpcomingChanged,
)
from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.products import Product
from studio.show.queue import ComplianceError, Queue, QueueState
from studio.show.schedule import TimeWindow
from studio.show.store import ShowStore


def text(t: str, product: str = "") -> ScriptItem:
    return ScriptItem(ItemKind.TEXT, text=t, product=product)


@pytest.fixture
def show(store: ShowStore, catalogue) -> ShowStore:
    store.upsert_products(catalogue.values())
    store.save_scripts(
        [
            Script("A", (text("一"), text("二"), text("三"))),
            Script(
                "B", (ScriptItem(ItemKind.PRODUCT, product="保温杯"), text("只要{price}", "保温杯"))
            ),
        ],
        [Playlist("all", ("A", "B"))],
    )
    return store


def texts(entries) -> list[str]:
    return [e.describe() for e in entries]


def test_plays_the_playlist_in_order_and_loops(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    assert q.state is QueueState.IDLE and q.current() is None
    seen = [q.start().describe()]
    seen += [q.advance().describe() for _ in range(6)]
    assert seen == ["一", "二", "三", "[product 保温杯]", "只要89元", "一", "二"]
    assert q.state is QueueState.PLAYING
    assert q.product == "保温杯"  # the product switch on air set the live context
    assert q.current().key == "pl:all:2:0:1"  # loop 2 (loop 1 was the first pass)


def test_peek_looks_ahead_without_changing_anything(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    q.start()
    ahead = q.peek(4)
    assert texts(ahead) == ["二", "三", "[product 保温杯]", "只要89元"]
    assert texts(q.peek(4)) == texts(ahead)
    assert [q.advance().key for _ in range(4)] == [e.key for e in ahead]


def test_inserts_normal_after_current_urgent_first(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    events = []
    q.subscribe(events.append)
    q.start()
    q.insert("普通一", actor="小王")
    q.insert("普通二")
    cur = q.current()
    urgent = q.insert("紧急插播", urgent=True)
    assert texts(q.peek(4)) == ["紧急插播", "普通一", "普通二", "二"]
    interrupts = [e for e in events if isinstance(e, InterruptRequested)]
    assert len(interrupts) == 1 and interrupts[0].current.key == cur.key
    assert interrupts[0].by.key == urgent.key
    # the engine cuts at a word boundary, then advances
    assert q.advance("cut", current_id=cur.id).key == urgent.key
    assert [q.advance().describe() for _ in range(3)] == ["普通一", "普通二", "二"]
    ended = [e for e in events if isinstance(e, ItemEnded)]
    assert ended[0].how == "cut" and ended[0].entry.key == cur.key


def test_urgent_does_not_cut_an_urgent_insert(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    q.start()
    q.insert("紧急一", urgent=True)
    q.advance("cut")
    events = []
    q.subscribe(events.append)
    q.insert("紧急二", urgent=True)
    assert not any(isinstance(e, InterruptRequested) for e in events)
    assert texts(q.peek(1)) == ["紧急二"]


def test_stale_advance_is_ignored(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    first = q.start()
    second = q.skip()  # the GUI skips while the engine is finishing `first`
    assert q.advance(current_id=first.id).key == second.key  # engine's late call changes nothing
    assert q.current().key == second.key


def test_pause_and_resume(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    events = []
    q.subscribe(events.append)
    q.start()
    q.pause()
    assert q.state is QueueState.PAUSED
    assert q.advance() is None  # the item on air ended; nothing new starts
    assert q.current() is None and q.state is QueueState.PAUSED
    q.resume()
    assert q.state is QueueState.IDLE
    assert q.advance().describe() == "二"
    states = [(e.old, e.new) for e in events if isinstance(e, StateChanged)]
    assert states == [
        ("idle", "playing"),
        ("playing", "paused"),
        ("paused", "idle"),
        ("idle", "playing"),
    ]


def test_a_hold_ends_the_line_on_air_and_starts_nothing_until_released(
    tmp_path: Path, show: ShowStore, terms
) -> None:
    """The room's hold while the stream is down: not the operator's pause, not persisted."""
    q = Queue(show, terms=terms)
    events = []
    q.subscribe(events.append)
    q.start()
    q.hold("stream down")
    q.insert("插播一句", urgent=True)
    assert not [e for e in events if isinstance(e, InterruptRequested)]  # nobody would hear
    assert q.advance() is None and q.current() is None  # "一" ended, nothing new
    assert q.held == ("stream down",) and q.state is not QueueState.PAUSED
    assert Queue(ShowStore(tmp_path / "other.db"), terms=terms).held == ()
    q.release("stream down")
    assert isinstance(events[-1], UpcomingChanged)  # an idle engine asks again
    assert q.held == () and q.next_if_idle().describe() == "插播一句"
    q.release("stream down")  # twice is harmless


def test_history_shows_a_said_line_with_its_figures_filled_in(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    q.start()
    while q.current().describe() != "只要89元":
        q.advance()
    q.advance()
    entry, how = q.history(1)[0]
    assert how == "done" and entry.describe() == "只要89元"  # not "只要{price}"


def test_everything_survives_reopening(tmp_path: Path, show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    q.start()
    q.advance()
    q.insert("还没播的插播")
    q.pause()
    show.close()
    again = ShowStore(tmp_path / "show.db")
    q2 = Queue(again, terms=terms)
    assert q2.current().describe() == "二" and q2.state is QueueState.PAUSED
    assert texts(q2.pending_inserts()) == ["还没播的插播"]
    q2.resume()
    events = []
    q2.subscribe(events.append)
    assert q2.start().describe() == "二"  # resumed, from the start of that line
    assert isinstance(events[0], ItemStarted) and events[0].resumed
    assert q2.advance().describe() == "还没播的插播"
    again.close()


def test_blocked_lines_are_never_started(show: ShowStore, terms) -> None:
    show.save_scripts(
        [Script("C", (text("这是全网最低价"), text("只要七十九元", "保温杯"), text("好")))],
        [Playlist("all", ("C",))],
    )
    q = Queue(show, terms=terms)
    events = []
    q.subscribe(events.append)
    assert q.peek(1)[0].describe() == "好"
    assert q.start().describe() == "好"
    blocked = [e for e in events if isinstance(e, ItemBlocked)]
    assert [b.findings[0].rule for b in blocked] == ["absolute-term", "price"]
    assert [r["kind"] for r in show.audit_rows()] == ["blocked", "blocked", "broadcast"]


def test_a_price_change_blocks_a_typed_price_at_air_time(show: ShowStore, terms) -> None:
    show.save_scripts(
        [Script("C", (text("只要八十九元", "保温杯"), text("只要{price}", "保温杯")))],
        [Playlist("all", ("C",))],
    )
    show.upsert_products(
        [Product("保温杯", price=7900, original_price=12900, stock=120, promotions=("满300减50",))]
    )
    q = Queue(show, terms=terms)
    assert q.start().text == "只要79元"  # the typed 八十九元 no longer matches: skipped


def test_approval_unblocks_and_is_recorded(show: ShowStore, terms) -> None:
    show.save_scripts([Script("C", (text("最好看的是这款"),))], [Playlist("all", ("C",))])
    q = Queue(show, terms=terms)
    assert q.start() is None  # only a blocked item: the show idles
    show.approve("最好看的是这款", "最好", "店长李", "只和本店同款的其他颜色比较")
    entry = q.advance()
    assert entry.text == "最好看的是这款" and entry.findings[0].approved_by == "店长李"
    broadcast = show.audit_rows(kind="broadcast")[-1]
    assert "店长李" in broadcast["detail"]


def test_insert_is_checked_before_queueing(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    with pytest.raises(ComplianceError) as err:
        q.insert("销量第一，只要九十九", product="保温杯")
    assert err.value.findings[0].term == "第一"
    with pytest.raises(ComplianceError):
        q.insert("只要99元", product="保温杯")  # the price is 89
    assert q.pending_inserts() == []
    assert [r["kind"] for r in show.audit_rows()] == ["refused", "refused"]
    entry = q.insert("只要{price}", product="保温杯")
    assert entry.text == "只要89元"


def test_schedule_switches_playlists_at_item_boundaries(store: ShowStore, terms) -> None:
    store.save_scripts(
        [Script("D", (text("白天一"), text("白天二"))), Script("N", (text("夜里"),))],
        [
            Playlist("day", ("D",), (TimeWindow.parse("08:00-20:00"),)),
            Playlist("night", ("N",), (TimeWindow.parse("20:00-08:00"),)),
        ],
    )
    now = [datetime(2025, 1, 1, 19, 59)]
    q = Queue(store, terms=terms, clock=lambda: now[0])
    events = []
    q.subscribe(events.append)
    assert q.start().describe() == "白天一"
    now[0] = datetime(2025, 1, 1, 20, 0)
    assert q.peek(1)[0].describe() == "夜里"
    assert q.advance().describe() == "夜里"
    assert [(e.old, e.new) for e in events if isinstance(e, PlaylistChanged)] == [
        ("", "day"),
        ("day", "night"),
    ]
    now[0] = datetime(2025, 1, 2, 8, 0)
    assert q.advance().describe() == "白天一"  # a rotation starts from its top


def test_nothing_scheduled_means_idle(store: ShowStore, terms) -> None:
    store.save_scripts(
        [Script("N", (text("夜里"),))],
        [Playlist("night", ("N",), (TimeWindow.parse("22:00-06:00"),))],
    )
    q = Queue(store, terms=terms, clock=lambda: datetime(2025, 1, 1, 12, 0))
    assert q.start() is None and q.peek(3) == []
    q.insert("插播")
    assert q.advance().describe() == "插播"


def test_threads_can_share_one_queue(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    q.start()
    inserted = []
    errors = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                inserted.append(q.insert(f"线程{n}第{i}条").key)
                q.peek(2)
        except Exception as exc:  # pragma: no cover - the assertion reports it
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    played = [q.advance().key for _ in range(40)]
    assert sorted(played) == sorted(inserted) and len(set(played)) == 40


def test_events_reach_subscribers_in_order(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    events = []
    unsubscribe = q.subscribe(events.append)
    q.start()
    q.insert("插播")
    q.advance()
    kinds = [type(e).__name__ for e in events]
    assert kinds == [
        "PlaylistChanged",
        "ItemStarted",
        "StateChanged",
        "Inserted",
        "UpcomingChanged",
        "ItemEnded",
        "ItemStarted",
    ]
    assert isinstance(events[3], Inserted) and events[-1].entry.text == "插播"
    unsubscribe()
    q.advance()
    assert len(events) == 7


def test_an_urgent_insert_pending_at_a_crash_still_cuts_in(
    tmp_path: Path, show: ShowStore, terms
) -> None:
    q = Queue(show, terms=terms)
    q.start()
    q.insert("紧急：三号链接补货了", urgent=True)
    show.close()  # the process dies before the engine could cut the line on air
    again = ShowStore(tmp_path / "show.db")
    q2 = Queue(again, terms=terms)
    events = []
    q2.subscribe(events.append)
    assert q2.start().text == "紧急：三号链接补货了"
    assert [e.how for e in events if isinstance(e, ItemEnded)] == ["cut"]
    again.close()


def test_cut_lines_are_audited_with_what_was_on_air(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms, avatar="a", output="o")
    for _ in range(5):  # 一 二 三 [product] 只要89元
        q.advance()
    assert q.current().text == "只要89元"
    q.insert("插播", urgent=True)
    q.advance("cut")
    cut = show.audit_rows(kind="cut")
    assert [(r["text"], r["product"]) for r in cut] == [("只要89元", "保温杯")]


def test_next_if_idle_starts_what_was_added_to_an_empty_queue(store: ShowStore, terms) -> None:
    q = Queue(store, terms=terms)
    assert q.start() is None and q.next_if_idle() is None  # nothing to play yet
    q.insert("后来加的一句")
    first = q.next_if_idle()
    assert first is not None and first.describe() == "后来加的一句"
    assert q.state is QueueState.PLAYING
    q.insert("再加一句")
    assert q.next_if_idle().key == first.key  # something is on air: it is not ended
    assert q.history(5) == []  # nothing was ended to make room


def test_next_if_idle_never_ends_an_entry_started_meanwhile(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    started = q.skip()  # e.g. the GUI's skip on an idle show starts the playlist
    assert started is not None
    assert q.next_if_idle().key == started.key
    assert q.history(5) == []  # nothing ended


def test_next_if_idle_waits_for_a_resume(store: ShowStore, terms) -> None:
    q = Queue(store, terms=terms)
    q.pause()
    q.insert("暂停时加的")
    assert q.next_if_idle() is None and q.state is QueueState.PAUSED
    q.resume()
    assert q.next_if_idle().describe() == "暂停时加的"


def test_a_playlist_coming_into_its_hours_is_seen_by_name(store: ShowStore, terms) -> None:
    store.save_scripts(
        [Script("N", (text("夜里"),))],
        [Playlist("night", ("N",), (TimeWindow.parse("22:00-06:00"),))],
    )
    now = [datetime(2025, 1, 1, 21, 59)]
    q = Queue(store, terms=terms, clock=lambda: now[0])
    assert q.start() is None and q.active_playlist_name() == ""
    now[0] = datetime(2025, 1, 1, 22, 0)
    assert q.active_playlist_name() == "night"
    assert q.next_if_idle().describe() == "夜里"


def test_an_entry_the_show_keeps_dying_on_is_quarantined(show: ShowStore, terms) -> None:
    """A run that dies (no ``stopped``) with an entry on air resumes it once; the second
    death with the same entry on air takes it off the air, audited and in the history."""
    q = Queue(show, terms=terms)
    events = []
    q.subscribe(events.append)
    first = q.start()
    assert q.start().key == first.key  # died once: resumed
    second = q.start()  # died again with it on air: quarantined, the show goes on
    assert second is not None and second.key != first.key
    assert [e.key for e in q.quarantined()] == [first.key]
    assert q.history(1)[0][1] == "quarantined"
    assert any(isinstance(e, ItemEnded) and e.how == "quarantined" for e in events)
    audit = show.audit_rows(kind="quarantined")
    assert len(audit) == 1 and audit[0]["text"] == "一"


def test_clean_stops_never_count_as_deaths(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    first = q.start()
    for _ in range(3):
        q.stopped()
        assert Queue(show, terms=terms).start().key == first.key
    assert q.quarantined() == []


def test_a_line_longer_than_a_line_may_be_is_refused(show: ShowStore, terms) -> None:
    q = Queue(show, terms=terms)
    with pytest.raises(ComplianceError) as info:
        q.insert("很长的一句话。" * 8000)
    assert "56,000 characters" in info.value.message and "split" in str(info.value)
    assert q.pending_inserts() == []
    assert show.audit_rows(kind="refused")
