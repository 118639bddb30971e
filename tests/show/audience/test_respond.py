"""The desk's decisions: what is dropped and why, what is grouped, what goes stale."""

from __future__ import annotations

from studio.show.audience.events import EventKind, ViewerEvent
from studio.show.audience.respond import Settings

CARD = "轻薄羽绒服"


def comment(text: str, viewer: str = "u1", name: str = "张三丰") -> ViewerEvent:
    return ViewerEvent(EventKind.COMMENT, platform="douyin", viewer=viewer, name=name, text=text)


def test_each_comment_is_filed_under_one_outcome(make_responder) -> None:
    r = make_responder()
    cases = {
        "加我薇信 abc123": "banned",
        "看这里 www.example.com": "spam",
        "一三八一二三四五六七八 联系我": "spam",  # a phone number in Chinese digits
        "全网最低价，冲！": "rule",  # an absolute claim, not a question
        "主播好漂亮": "ignored",
        "有XL码吗": "question",
    }
    for i, (text, outcome) in enumerate(cases.items()):
        rec = r.receive(comment(text, viewer=f"v{i}"), float(i), CARD)
        assert rec.outcome == outcome, (text, rec)
    assert r.waiting() == 1


def test_records_hold_masked_names_and_hashed_ids_only(make_responder) -> None:
    r = make_responder()
    rec = r.receive(comment("多少钱", viewer="10086", name="王小明"), 0.0, CARD)
    assert rec.name == "王**" and rec.viewer.startswith("v:") and "10086" not in rec.viewer
    line = r.next_answer(0.0)
    assert line is not None and line.spoken.startswith("王**，")
    assert "王小明" not in str(r.recent()) and "10086" not in str(r.recent())
    assert line.viewers == (rec.viewer,)


def test_the_same_question_from_many_viewers_gets_one_answer(make_responder) -> None:
    r = make_responder()
    for i, name in enumerate(["张三", "李四", "王五", "赵六"]):
        r.receive(comment("多少钱呀" if i % 2 else "多少钱", viewer=f"v{i}", name=name), 0.0, CARD)
    line = r.next_answer(0.5)
    assert line is not None and line.spoken.startswith("张**等4位朋友，")
    assert r.next_answer(0.5) is None
    assert [r.records[s].outcome for s in line.seqs] == ["answered"] * 4
    late = r.receive(comment("多少钱", viewer="v9", name="孙七"), 3.0, CARD)
    assert late.outcome == "answered" and "just answered" in late.reason  # not said twice


def test_a_question_that_waited_too_long_is_stale(make_responder) -> None:
    r = make_responder(Settings(stale_s=30))
    old = r.receive(comment("有XL码吗", viewer="a"), 0.0, CARD)
    new = r.receive(comment("能退吗", viewer="b"), 25.0, CARD)
    line = r.next_answer(31.0)  # the show was busy until now
    assert r.records[old.seq].outcome == "stale"
    assert line is not None and line.seqs == (new.seq,)


def test_floods_and_chatty_viewers_are_limited(make_responder) -> None:
    r = make_responder(Settings(viewer_burst=2, viewer_per_minute=6, room_burst=5,
                                room_per_second=1))  # fmt: skip
    outcomes = [r.receive(comment(f"问题{i}吗", viewer="same"), 0.0, CARD).outcome
                for i in range(3)]  # fmt: skip
    assert outcomes == ["question", "question", "rate"]
    assert r.receive(comment("还有货吗", viewer="same"), 10.0, CARD).outcome == "question"
    outcomes = [r.receive(comment("多少钱", viewer=f"x{i}"), 10.0, CARD).outcome
                for i in range(8)]  # fmt: skip
    assert outcomes.count("flood") == 4  # the room-wide bucket (5 at once) ran dry


def test_a_repeated_comment_is_a_duplicate(make_responder) -> None:
    r = make_responder()
    assert r.receive(comment("有XL码吗"), 0.0, CARD).outcome == "question"
    assert r.receive(comment("有 XL 码吗"), 5.0, CARD).outcome == "duplicate"
    assert r.receive(comment("有XL码吗"), 100.0, CARD).outcome == "question"


def test_welcomes_and_thanks_are_capped_per_minute(make_responder) -> None:
    r = make_responder(Settings(welcome_per_minute=2))
    enters = [ViewerEvent(EventKind.ENTER, viewer=f"e{i}", name=f"小{i}号") for i in range(4)]
    outcomes = [r.receive(e, 0.0, CARD).outcome for e in enters]
    assert outcomes == ["welcome", "welcome", "capped", "capped"]
    again = r.receive(enters[0], 120.0, CARD)
    assert again.outcome == "ignored"  # welcomed once a session
    line = r.next_courtesy(0.0)
    assert line is not None and line.spoken == "欢迎小**来到直播间，喜欢的话点个关注哦。"
    gift = ViewerEvent(EventKind.GIFT, viewer="g", name="李阿姨", gift="加我微信")
    r.receive(gift, 1.0, CARD)
    while (line := r.next_courtesy(1.0)) is not None and line.kind != "thanks":
        pass
    assert line is not None and line.spoken == "谢谢李**送的礼物！"  # a gift name is checked too


def test_the_operator_can_answer_or_ignore(make_responder) -> None:
    r = make_responder()
    smalltalk = r.receive(comment("主播今天穿得真好看"), 0.0, CARD)
    assert smalltalk.outcome == "ignored"
    line = r.answer_now(smalltalk.seq, 1.0, CARD)
    assert line is not None and line.urgent and line.kind == "deflect"
    asked = r.receive(comment("有黑色吗", viewer="b"), 2.0, CARD)
    assert r.ignore(asked.seq) and r.records[asked.seq].outcome == "ignored"
    assert r.next_answer(2.0) is None


def test_every_asker_is_accounted_for_once(make_responder) -> None:
    r = make_responder(Settings(stale_s=30, max_groups=2))
    r.receive(comment("多少钱", viewer="a"), 0.0, CARD)
    r.receive(comment("多少钱呀", viewer="b"), 0.0, CARD)  # the same question: one group
    r.receive(comment("有XL码吗", viewer="c"), 1.0, CARD)
    r.receive(comment("能退吗", viewer="d"), 2.0, CARD)  # a third group: the oldest goes
    assert r.askers == {"asked": 4, "crowded": 2}
    line = r.next_answer(3.0)
    assert line is not None and line.askers == 1 and "XL" in line.spoken
    r.receive(comment("有XL码吗", viewer="e"), 4.0, CARD)  # said a second ago: not again
    assert r.next_answer(40.0) is None  # 能退吗 waited 38 s
    assert r.askers == {
        "asked": 4, "crowded": 2, "answered": 1, "just_answered": 1, "stale": 1,
    }  # fmt: skip
    assert r.waiting() == 0
