"""The audience desk over a real show database and queue, and its endpoints on the real
control server: events in, checked answers queued, nothing personal kept."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest

from studio.core.paths import assets_dir
from studio.runtime.audience import AudienceDesk, DeskOptions, add_routes
from studio.runtime.control import ControlServer, call
from studio.show.audience.events import EventKind, ViewerEvent
from studio.show.audience.respond import Settings
from studio.show.queue import Queue
from studio.show.store import ShowStore

DEMO = assets_dir() / "demo"
CARD = "轻薄羽绒服"
TOKEN = "desk-token"


@pytest.fixture
def shop(tmp_path: Path):
    store = ShowStore(tmp_path / "show.db")
    from studio.show.importer import import_file

    import_file(store, DEMO / "products.csv")
    yield store, Queue(store)
    store.close()


def desk_for(store, queue, clock=None, **options) -> AudienceDesk:
    opts = DeskOptions(faq_path=options.pop("faq_path", DEMO / "faq.toml"), **options)
    now = clock or (lambda: 0.0)
    return AudienceDesk(queue, store, Settings(), opts, card=lambda: CARD, clock=now)


def comment(text: str, viewer: str, name: str) -> ViewerEvent:
    return ViewerEvent(EventKind.COMMENT, platform="douyin", viewer=viewer, name=name, text=text)


def test_answers_go_into_the_queue_checked_and_audited(shop, tmp_path: Path) -> None:
    store, queue = shop
    desk = desk_for(store, queue)
    desk.offer(
        [
            ViewerEvent(EventKind.ENTER, platform="douyin", viewer="dy_777001", name="小可爱呀"),
            comment("有XL码吗", "dy_123456", "张晓雨"),
            comment("加我薇信 abc123", "dy_999999", "王先生"),
        ]
    )
    desk.pump()
    pending = queue.peek(5)
    assert [(e.urgent, e.text) for e in pending] == [
        (True, "张**，有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。")
    ]  # the welcome waits until nothing of the desk's is waiting: it never delays an answer
    assert pending[0].product is not None and pending[0].product.name == CARD
    record = store.audit_rows(kind="audience")[-1]
    detail = json.loads(record["detail"])
    assert detail["intent"] == "size" and detail["facts"] == ["sizes"]
    assert detail["viewers"][0].startswith("v:") and detail["question"] == "有XL码吗"
    snapshot = desk.snapshot()
    assert snapshot["outcomes"]["banned"] == 1 and snapshot["lines"] == {"answer": 1}
    store.close()
    raw = (tmp_path / "show.db").read_bytes() + b"".join(
        p.read_bytes() for p in tmp_path.glob("show.db-*")
    )
    for personal in ("张晓雨", "dy_123456", "王先生", "dy_999999", "小可爱呀"):
        assert personal.encode() not in raw


def test_without_showing_the_product_the_facts_stay_checked(shop) -> None:
    store, queue = shop
    desk = desk_for(store, queue, show_product=False)
    desk.offer([comment("丝巾多少钱", "a", "李四")])
    desk.pump()
    (entry,) = queue.peek(5)
    assert entry.product is None  # the card stays as it is ...
    template = entry.item.text
    assert "{price:桑蚕丝印花丝巾}" in template and "{price}" not in template
    assert entry.text.startswith("李**，桑蚕丝印花丝巾")  # ... and the facts are still checked
    assert "199元" in entry.text and "299元" in entry.text


def test_the_faq_file_is_read_again_when_it_changes(shop, tmp_path: Path) -> None:
    store, queue = shop
    faq = tmp_path / "faq.toml"
    faq.write_text('[[product]]\nname = "轻薄羽绒服"\nsizes = ["S", "M"]\n', encoding="utf-8")
    now = [0.0]
    desk = desk_for(store, queue, clock=lambda: now[0], faq_path=faq)
    desk.offer([comment("有XL码吗", "a", "甲")])
    desk.pump()
    assert "没有XL" in queue.peek(5)[-1].text
    queue.skip()
    queue.advance()  # the answer has played
    faq.write_text(
        '[[product]]\nname = "轻薄羽绒服"\nsizes = ["S", "M", "L", "XL"]\n', encoding="utf-8"
    )
    now[0] = 100.0
    desk.offer([comment("XL码还有吗", "b", "乙")])
    desk.pump()
    assert "XL可以放心拍" in queue.peek(5)[-1].text


def test_a_comment_right_after_the_shop_is_loaded_is_read_against_it(tmp_path: Path) -> None:
    """A merchant starts empty, loads the demo shop, and the first viewer asks at once:
    the desk must not answer from the empty catalogue it read a moment before."""
    store = ShowStore(tmp_path / "show.db")
    queue = Queue(store)
    faq = tmp_path / "faq.toml"
    desk = desk_for(store, queue, faq_path=faq)  # the clock never moves: no timed reload
    from studio.show.importer import import_file

    import_file(ShowStore(tmp_path / "show.db"), DEMO / "products.csv")  # another connection
    faq.write_bytes((DEMO / "faq.toml").read_bytes())
    desk.offer([comment("有XL码吗", "a", "甲")])
    desk.pump()
    assert queue.peek(5)[-1].text == "甲**，有的，轻薄羽绒服有S、M、L、XL，XL可以放心拍。"
    store.close()


def test_the_desk_accounts_for_every_asker_on_the_way_to_the_air(shop) -> None:
    store, queue = shop
    desk = desk_for(store, queue, max_waiting=2)
    queue.max_pending_inserts = 1  # the queue takes one line: the second answer is refused
    desk.offer([comment("有XL码吗", "a", "甲"), comment("能退吗", "b", "乙")])
    desk.pump()
    entry = queue.start()
    assert entry is not None and "XL" in entry.text
    desk.placed(entry, 5)
    desk.offer_frame(5, None)  # its first frame leaves for the outputs
    desk.offer([comment("有黑色吗", "c", "丙")])
    desk.pump(100.0)
    queue.advance("done")  # the XL answer ends, the colour answer starts ...
    queue.skip()  # ... and is skipped before its first frame
    askers = desk.summary()["askers"]
    assert askers == {"asked": 3, "answered": 3, "refused": 1, "aired": 1, "unaired": 1}
    assert 'studio_audience_askers_total{room="r",what="aired"} 1' in desk.prometheus("r")


@pytest.fixture
def served(shop):
    store, queue = shop
    desk = desk_for(store, queue)
    server = ControlServer(TOKEN, port=0)
    add_routes(server, desk, burst=3, per_second=0.5, max_batch=5)
    server.start()
    yield server.port, desk, queue
    server.stop()


def test_the_ingest_endpoint_takes_batches_and_keeps_the_good_events(served) -> None:
    port, desk, queue = served
    body = {
        "events": [
            {"kind": "comment", "viewer": "1", "name": "张三", "text": "多少钱"},
            {"kind": "dance", "viewer": "2"},
            {"kind": "follow", "viewer": "3", "name": "李四"},
        ]
    }
    reply = call(port, "POST", "/audience/events", token=TOKEN, body=body)
    assert reply["accepted"] == 2 and [r["index"] for r in reply["rejected"]] == [1]
    assert "unknown kind" in reply["rejected"][0]["error"]
    desk.pump()
    listing = call(port, "GET", "/audience", token=TOKEN)
    assert [(r["kind"], r["name"]) for r in listing["recent"]] == [
        ("comment", "张**"),
        ("follow", "李**"),
    ]
    assert "张三" not in json.dumps(listing, ensure_ascii=False)
    said = queue.peek(5)[0].text
    assert said.startswith("张**，轻薄羽绒服") and "399元" in said


def test_the_ingest_endpoint_keeps_the_control_api_rules(served) -> None:
    port, desk, _ = served
    assert call(port, "POST", "/audience/events", body={"text": "x"})["status"] == 401
    too_many = {"events": [{"text": f"问题{i}"} for i in range(6)]}
    reply = call(port, "POST", "/audience/events", token=TOKEN, body=too_many)
    assert reply["status"] == 422 and "at most 5" in reply["error"]
    single_bad = call(port, "POST", "/audience/events", token=TOKEN, body={"kind": "x"})
    assert single_bad["status"] == 422 and single_bad["hint"]
    statuses = [
        call(port, "POST", "/audience/events", token=TOKEN, body={"text": "hi"}).get("status", 200)
        for _ in range(4)
    ]
    assert 429 in statuses  # burst 3, then 0.5 a second
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/audience/events",
        data=b"x" * 70_000,
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 413


def test_the_operator_answers_and_ignores_through_the_api(served) -> None:
    port, desk, queue = served
    call(port, "POST", "/audience/events", token=TOKEN,
         body={"events": [{"viewer": "1", "name": "甲", "text": "主播今天真好看"},
                          {"viewer": "2", "name": "乙", "text": "有黑色吗"}]})  # fmt: skip
    deadline = time.monotonic() + 5
    while desk.snapshot()["inbox"] and time.monotonic() < deadline:
        time.sleep(0.05)
    desk.pump()
    recent = {r["text"]: r for r in desk.snapshot()["recent"]}
    assert recent["主播今天真好看"]["outcome"] == "ignored"
    reply = call(port, "POST", "/audience/answer", token=TOKEN,
                 body={"seq": recent["主播今天真好看"]["seq"]})  # fmt: skip
    assert reply["answered"] == recent["主播今天真好看"]["seq"] and reply["says"]
    missing = call(port, "POST", "/audience/ignore", token=TOKEN, body={"seq": 999})
    assert missing["status"] == 422
    assert any(e.text == reply["says"] for e in queue.peek(5))
