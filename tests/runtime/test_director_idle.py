"""A show that has nothing to play must start what is added later: the merchant's first
steps (start the room, then type a line or load the shop), a resume after a pause, a
playlist coming into its hours. Real queue, eSpeak look-ahead, photo avatar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np

from studio.core.paths import assets_dir
from studio.show import ShowStore
from studio.show.importer import import_file
from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.schedule import TimeWindow


def loud_frames(director, start: int, stop: int) -> int:
    n = 0
    for i in range(start, stop):
        pcm = director.audio(i).astype(np.float64)
        n += float(np.sqrt(np.mean(pcm**2))) > 500
        if i % 25 == 0:
            director.video(i)
    return n


def test_a_line_added_to_an_empty_show_is_played(tmp_path: Path, make_director) -> None:
    d = make_director(ShowStore(tmp_path / "show.db"))
    assert loud_frames(d, 0, 50) == 0  # nothing to say: the avatar idles
    d.queue.insert("大家好，欢迎来到直播间！")
    assert loud_frames(d, 50, 200) > 25
    assert d.items_played == 1 and d.queue.history(1)[0][1] == "done"


def test_an_urgent_line_added_to_an_empty_show_is_played(tmp_path: Path, make_director) -> None:
    d = make_director(ShowStore(tmp_path / "show.db"))
    loud_frames(d, 0, 30)
    d.queue.insert("插播：新来的朋友点个关注", urgent=True)
    assert loud_frames(d, 30, 180) > 25


def test_loading_the_shop_into_an_empty_show_starts_the_playlist(
    tmp_path: Path, make_director
) -> None:
    """The GUI's "load the demo shop" writes the catalogue through the running show's
    own store, which raises no queue event."""
    store = ShowStore(tmp_path / "show.db")
    d = make_director(store)
    loud_frames(d, 0, 30)
    import_file(store, assets_dir() / "demo" / "products.csv")
    import_file(store, assets_dir() / "demo" / "script.toml")
    assert loud_frames(d, 30, 250) > 50


def test_a_line_written_by_another_process_is_played(tmp_path: Path, make_director) -> None:
    """`studio show insert` from another process writes the same database."""
    d = make_director(ShowStore(tmp_path / "show.db"))
    loud_frames(d, 0, 30)
    from studio.show.queue import Queue

    with ShowStore(tmp_path / "show.db") as other:
        Queue(other).insert("另一个进程加的一句")
    assert loud_frames(d, 30, 200) > 25


def test_resume_after_a_pause_plays_again(tmp_path: Path, make_director) -> None:
    d = make_director(ShowStore(tmp_path / "show.db"))
    d.queue.pause()
    d.queue.insert("暂停之后才说")
    assert loud_frames(d, 0, 60) == 0
    d.queue.resume()
    assert loud_frames(d, 60, 220) > 25


def test_a_playlist_coming_into_its_hours_starts(tmp_path: Path, make_director) -> None:
    store = ShowStore(tmp_path / "show.db")
    store.save_scripts(
        [Script("N", (ScriptItem(ItemKind.TEXT, text="晚上好，夜场开始了"),))],
        [Playlist("night", ("N",), (TimeWindow.parse("22:00-06:00"),))],
    )
    now = [datetime(2025, 1, 1, 21, 59, 50)]
    d = make_director(store, clock=lambda: now[0])
    assert loud_frames(d, 0, 40) == 0
    now[0] = datetime(2025, 1, 1, 22, 0, 0)
    assert loud_frames(d, 40, 200) > 25


def test_an_all_blocked_playlist_is_not_rechecked_every_frame(
    tmp_path: Path, make_director
) -> None:
    """Idle rechecks must not re-resolve and re-audit blocked lines twice a second."""
    store = ShowStore(tmp_path / "show.db")
    store.save_scripts(
        [Script("S", (ScriptItem(ItemKind.TEXT, text="全网最低价，买到就是赚到"),))],
        [Playlist("p", ("S",))],
    )
    d = make_director(store)
    loud_frames(d, 0, 500)  # 20 s idle
    blocked = store.audit_rows(kind="blocked")
    assert 1 <= len(blocked) <= 2
    d.queue.insert("这句可以说")  # and the show still takes new lines
    assert loud_frames(d, 500, 650) > 25


def test_a_line_about_another_product_presents_it(tmp_path: Path, make_director) -> None:
    """A script's lines name their product: when the show reaches a line about another
    product, that product goes on the card (and she changes into its try-on asset)."""
    store = ShowStore(tmp_path / "show.db")
    import_file(store, assets_dir() / "demo" / "products.csv")
    d = make_director(store)
    d.queue.insert("这款保温杯很好用。", product="316不锈钢保温杯")
    d.queue.insert("这件羽绒服很轻。", product="轻薄羽绒服")
    shown = set()
    for i in range(400):
        d.audio(i)
        if d._product is not None:
            shown.add(d._product.name)
    assert shown == {"316不锈钢保温杯", "轻薄羽绒服"}
    assert any(what == "outfit" for _, what, _ in d._changes) or d.outfits.active
