"""The queue's order of play and state machine, decided on plain values: no SQLite.

A fake ``World`` stands for the catalogue (lines named in ``blocked`` fail their check)
and the schedule (whatever ``rotation`` is set to). Each decision returns the queue after
it (``Outcome.after``), so a test plays a show by feeding that to the next decision.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import pytest

from studio.core.errors import InputError
from studio.show import playorder
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
from studio.show.findings import Finding
from studio.show.items import ItemKind, Script, ScriptItem
from studio.show.markup import Spoken
from studio.show.queue_model import (
    AddRow,
    Audit,
    CountCrash,
    Entry,
    MoveRow,
    Outcome,
    QueueFull,
    QueueState,
    Resolved,
    Row,
    SetStatus,
    ShowState,
    Snapshot,
    World,
)
from studio.show.rotation import Cursor, Rotation


def text(t: str) -> ScriptItem:
    return ScriptItem(ItemKind.TEXT, text=t)


@dataclass
class Fake:
    """The catalogue and the schedule, as a test wants them: a checked line has its
    ``{price}`` filled (89元); a line in ``blocked`` fails its check."""

    rotation: Rotation | None = None
    blocked: set[str] = field(default_factory=set)

    def resolve(self, row: Row, check: bool = True) -> Resolved:
        spoken = None
        if check and row.item.kind is ItemKind.TEXT:
            spoken = Spoken(row.item.text.replace("{price}", "89元"), ())
        entry = Entry(row.key, row.item, row.origin, row.urgent, row.id, spoken, source=row.source)
        if check and row.item.text in self.blocked:
            return entry, (Finding("absolute-term", row.item.text, 0, 1, "blocked"),)
        return entry, ()

    @property
    def world(self) -> World:
        return World(self.resolve, lambda: self.rotation, avatar="ava", output="rtmp")


def rotation(name: str = "all", *scripts: tuple[str, ...]) -> Rotation:
    scripts = scripts or (("一", "二", "三"), ("四",))
    return Rotation(
        name, tuple(Script(f"s{i}", tuple(map(text, s))) for i, s in enumerate(scripts))
    )


def said(entry: Entry | None) -> str | None:
    return entry.item.text if entry is not None else None


class Show:
    """Feeds each decision the queue the last one left."""

    def __init__(self, fake: Fake, snap: Snapshot | None = None) -> None:
        self.fake = fake
        self.snap = snap or Snapshot()
        self.last: Outcome | None = None

    def __call__(self, decide, *args, **kwargs):
        self.last = decide(self.snap, self.fake.world, *args, **kwargs)
        self.snap = self.last.after
        return self.last.result

    def events(self, kind: type) -> list:
        assert self.last is not None
        return [e for e in self.last.events if isinstance(e, kind)]

    def writes(self, kind: type) -> list:
        assert self.last is not None
        return [w for w in self.last.writes if isinstance(w, kind)]


def test_the_playlist_plays_in_order_and_loops() -> None:
    show = Show(Fake(rotation()))
    seen = [said(show(playorder.start))]
    seen += [said(show(playorder.advance)) for _ in range(5)]
    assert seen == ["一", "二", "三", "四", "一", "二"]
    assert show.snap.on_air.key == "pl:all:2:0:1"  # loop 2: the first pass was loop 1
    assert show.snap.state.cursor == Cursor("all", 2, 0, 2)
    assert show.snap.mode is QueueState.PLAYING


def test_each_start_is_one_new_row_with_a_new_id() -> None:
    show = Show(Fake(rotation()), Snapshot(next_id=41))
    show(playorder.start)
    assert show.writes(AddRow) == [AddRow(show.snap.on_air, "playing")]
    assert show.snap.on_air.id == 41 and show.snap.next_id == 42
    show(playorder.advance)
    assert show.writes(SetStatus) == [SetStatus(41, "done")]
    assert show.snap.on_air.id == 42


def test_urgent_inserts_come_before_normal_ones_each_in_arrival_order() -> None:
    show = Show(Fake(rotation()))
    show(playorder.start)
    for line, urgent in (("普通一", False), ("紧急一", True), ("普通二", False), ("紧急二", True)):
        show(playorder.insert, text(line), urgent=urgent, limit=10)
    expected = ["紧急一", "紧急二", "普通一", "普通二", "二"]
    assert [said(e) for e in playorder.upcoming(show.snap, show.fake.world, 5)] == expected
    played = [said(show(playorder.advance)) for _ in range(5)]
    assert played == expected


def test_an_urgent_insert_interrupts_a_normal_line_which_is_cut() -> None:
    show = Show(Fake(rotation()))
    on_air = show(playorder.start)
    urgent = show(playorder.insert, text("紧急"), urgent=True, actor="小王", limit=10)
    assert urgent.key == f"insert:{urgent.id}" and urgent.source == "insert by 小王"
    (interrupt,) = show.events(InterruptRequested)
    assert interrupt.current.key == on_air.key and interrupt.by.key == urgent.key
    assert show.snap.state.interrupt_by == urgent.id
    assert [type(e) for e in show.last.events] == [Inserted, UpcomingChanged, InterruptRequested]
    assert said(show(playorder.advance, "cut", on_air.id)) == "紧急"
    assert [(e.entry.key, e.how) for e in show.events(ItemEnded)] == [(on_air.key, "cut")]
    (cut,) = [a for a in show.writes(Audit) if a.kind == "cut"]
    assert (cut.text, cut.avatar, cut.output) == ("一", "ava", "rtmp")
    assert show.snap.state.interrupt_by is None


def test_an_urgent_insert_never_interrupts_an_urgent_one_nor_a_paused_show() -> None:
    show = Show(Fake(rotation()))
    show(playorder.start)
    show(playorder.insert, text("紧急一"), urgent=True, limit=10)
    show(playorder.advance, "cut")
    assert show.snap.on_air.urgent
    show(playorder.insert, text("紧急二"), urgent=True, limit=10)
    assert show.events(InterruptRequested) == [] and show.snap.state.interrupt_by is None
    assert [said(e) for e in playorder.upcoming(show.snap, show.fake.world, 1)] == ["紧急二"]
    show(playorder.advance)  # 紧急二 on air
    show(playorder.advance)  # back to the playlist
    show(playorder.set_paused, True)
    show(playorder.insert, text("紧急三"), urgent=True, limit=10)
    assert show.events(InterruptRequested) == []


def test_pause_lets_the_line_end_and_starts_nothing_until_resume() -> None:
    show = Show(Fake(rotation()))
    show(playorder.start)
    assert show.events(StateChanged) == [StateChanged("idle", "playing")]
    show(playorder.set_paused, True)
    assert show.snap.mode is QueueState.PAUSED
    assert show(playorder.advance) is None and show.snap.on_air is None
    assert show(playorder.next_if_idle) is None
    show(playorder.set_paused, False)
    assert show.events(StateChanged) == [StateChanged("paused", "idle")]
    assert said(show(playorder.next_if_idle)) == "二"
    assert show.events(StateChanged) == [StateChanged("idle", "playing")]


def test_skip_ends_the_line_on_air_and_a_late_advance_changes_nothing() -> None:
    show = Show(Fake(rotation()))
    first = show(playorder.start)
    second = show(playorder.advance, "skipped")
    assert [(e.entry.key, e.how) for e in show.events(ItemEnded)] == [(first.key, "skipped")]
    before = show.snap
    assert show(playorder.advance, "done", first.id).key == second.key  # the engine, late
    assert show.last.writes == () and show.last.events == () and show.snap == before


def test_how_must_be_known() -> None:
    with pytest.raises(ValueError, match="done, skipped or cut"):
        playorder.advance(Snapshot(), Fake().world, "finished")


def test_next_if_idle_never_ends_what_is_on_air() -> None:
    fake = Fake()
    show = Show(fake)
    assert show(playorder.next_if_idle) is None  # nothing to play at all
    show(playorder.insert, text("后来加的"), limit=10)
    first = show(playorder.next_if_idle)
    assert said(first) == "后来加的"
    assert show(playorder.next_if_idle).key == first.key
    assert show.last.writes == ()


def test_a_run_that_died_counts_against_the_line_on_air_then_quarantines_it() -> None:
    show = Show(Fake(rotation()))
    first = show(playorder.start)
    assert show.snap.state.running
    assert show(playorder.start).key == first.key  # died once: resumed, counted
    assert show.writes(CountCrash) == [CountCrash(first.id, 1)]
    assert [e.resumed for e in show.events(ItemStarted)] == [True]
    assert [n.level for n in show.last.notes] == [logging.WARNING]
    second = show(playorder.start)  # died again on it: quarantined, the show goes on
    assert said(second) == "二"
    assert show.writes(SetStatus)[:1] == [SetStatus(first.id, "quarantined")]
    assert [(e.entry.key, e.how) for e in show.events(ItemEnded)] == [(first.key, "quarantined")]
    (quarantine,) = [a for a in show.writes(Audit) if a.kind == "quarantined"]
    assert quarantine.detail == {"key": first.key, "source": first.source, "crashes": 2}
    assert logging.ERROR in [n.level for n in show.last.notes]


def test_clean_stops_never_count_as_deaths() -> None:
    show = Show(Fake(rotation()))
    first = show(playorder.start)
    for _ in range(3):
        show(playorder.stopped)
        assert not show.snap.state.running
        assert show(playorder.start).key == first.key
        assert show.writes(CountCrash) == []


def test_an_urgent_insert_waiting_at_a_crash_cuts_in_at_the_start() -> None:
    show = Show(Fake(rotation()))
    first = show(playorder.start)
    show(playorder.insert, text("紧急"), urgent=True, limit=10)
    assert said(show(playorder.start)) == "紧急"  # the run died before the engine cut
    assert [(e.entry.key, e.how) for e in show.events(ItemEnded)] == [(first.key, "cut")]


def test_blocked_lines_are_skipped_audited_and_never_started() -> None:
    fake = Fake(rotation("all", ("坏一", "好")), blocked={"坏一", "坏插播"})
    show = Show(fake)
    assert [said(e) for e in playorder.upcoming(show.snap, fake.world, 1)] == ["好"]
    show(playorder.insert, text("坏插播"), limit=10)  # the catalogue changed since
    assert said(show(playorder.start)) == "好"
    assert [said(e.entry) for e in show.events(ItemBlocked)] == ["坏插播", "坏一"]
    assert [a.kind for a in show.writes(Audit)] == ["blocked", "blocked", "broadcast"]
    assert show.writes(AddRow)[0].status == "blocked"  # the playlist item's row ends at once
    assert show.snap.pending == ()


def test_a_line_blocked_while_on_air_is_not_resumed() -> None:
    fake = Fake(rotation("all", ("一", "二")))
    show = Show(fake)
    first = show(playorder.start)
    fake.blocked.add("一")  # an approval withdrawn, a price changed
    show(playorder.stopped)
    assert said(show(playorder.start)) == "二"
    assert show.writes(SetStatus)[0] == SetStatus(first.id, "blocked")


def test_a_playlist_of_blocked_lines_is_tried_for_one_pass_then_the_show_idles() -> None:
    fake = Fake(rotation("all", ("坏一", "坏二"), ("坏三",)), blocked={"坏一", "坏二", "坏三"})
    show = Show(fake)
    assert show(playorder.start) is None and show.snap.mode is QueueState.IDLE
    assert [w.status for w in show.writes(AddRow)] == ["blocked"] * 3
    assert "every item of playlist all is blocked" in show.last.notes[-1].message
    assert playorder.upcoming(show.snap, fake.world, 3) == []
    fake.blocked.discard("坏二")  # approved meanwhile
    assert said(show(playorder.next_if_idle)) == "坏二"


def test_a_schedule_switch_starts_a_rotation_from_its_top() -> None:
    day, night = rotation("day", ("白一", "白二", "白三")), rotation("night", ("夜一", "夜二"))
    fake = Fake(day)
    show = Show(fake)
    show(playorder.start)
    assert show.events(PlaylistChanged) == [PlaylistChanged("", "day")]
    fake.rotation = night
    assert show(playorder.advance).key == "pl:night:2:0:0"
    assert show.events(PlaylistChanged) == [PlaylistChanged("day", "night")]
    fake.rotation = day
    assert show(playorder.advance).key == "pl:day:3:0:0"  # from its top, not from 白二
    fake.rotation = None  # outside every window: the show idles
    assert show(playorder.advance) is None and show.snap.mode is QueueState.IDLE


def test_switches_set_the_product_and_scene_in_context_and_only_lines_are_broadcast() -> None:
    switches = (
        ScriptItem(ItemKind.PRODUCT, product="保温杯"),
        ScriptItem(ItemKind.SCENE, scene="close-up"),
        ScriptItem(ItemKind.TEXT, text="只要{price}", product="保温杯"),
    )
    show = Show(Fake(Rotation("p", (Script("s", switches),))))
    show(playorder.start)
    show(playorder.advance)
    assert show.writes(Audit) == []
    assert (show.snap.state.product, show.snap.state.scene) == ("保温杯", "close-up")
    show(playorder.advance)
    (broadcast,) = show.writes(Audit)
    assert (broadcast.kind, broadcast.text, broadcast.product) == (
        "broadcast",
        "只要89元",
        "保温杯",
    )


def test_the_bound_on_inserts_waiting_refuses_the_next_one() -> None:
    show = Show(Fake())
    for i in range(3):
        show(playorder.insert, text(f"第{i}句"), limit=3)
    with pytest.raises(QueueFull, match="3 inserted lines"):
        show(playorder.insert, text("第四句"), limit=3)
    assert len(show.snap.pending) == 3


def test_reorder_moves_contents_between_rows_and_the_interrupt_follows_its_line() -> None:
    show = Show(Fake(rotation()))
    show(playorder.start)
    u1 = show(playorder.insert, text("紧急一"), urgent=True, limit=10)
    u2 = show(playorder.insert, text("紧急二"), urgent=True, limit=10)
    n1 = show(playorder.insert, text("普通"), limit=10)
    assert show.snap.state.interrupt_by == u2.id  # the latest urgent line asked last
    order = show(playorder.reorder, [u2.key, u1.key, n1.key], actor="gui")
    assert [e.key for e in order] == [u2.key, u1.key, n1.key]
    assert [e.id for e in order] == [u1.id, u2.id, n1.id]  # rows keep their ids
    assert show.writes(MoveRow)[0].row.key == u2.key
    assert show.snap.state.interrupt_by == u1.id  # the row that holds 紧急二 now
    assert [a.actor for a in show.writes(Audit)] == ["gui"]
    for bad, why in (([n1.key, u1.key, u2.key], "urgent"), ([u1.key], "exactly once")):
        with pytest.raises(InputError, match=why):
            playorder.reorder(show.snap, show.fake.world, bad)


def test_upcoming_changes_nothing_and_gives_playlist_items_no_row() -> None:
    fake = Fake(rotation())
    snap = Snapshot(ShowState(cursor=Cursor("all", 1, 0, 1)))
    ahead = playorder.upcoming(snap, fake.world, 4)
    assert [said(e) for e in ahead] == ["二", "三", "四", "一"]
    assert [e.id for e in ahead] == [None] * 4
    assert ahead[3].key == "pl:all:2:0:0"
    assert playorder.upcoming(snap, fake.world, 0) == []


def test_events_come_in_the_order_of_the_changes() -> None:
    show = Show(Fake(rotation()))
    show(playorder.start)
    assert [type(e) for e in show.last.events] == [PlaylistChanged, ItemStarted, StateChanged]
    show(playorder.insert, text("插播"), limit=10)
    show(playorder.advance)
    assert [type(e) for e in show.last.events] == [ItemEnded, ItemStarted]


def test_a_decision_never_changes_the_snapshot_it_was_given() -> None:
    fake = Fake(rotation())
    snap = Snapshot(ShowState(running=True), Row(7, "insert:7", "insert", text("在播")))
    frozen = replace(snap)
    playorder.start(snap, fake.world)
    playorder.insert(snap, fake.world, text("紧急"), urgent=True, limit=5)
    assert snap == frozen and snap.on_air.crashes == 0
