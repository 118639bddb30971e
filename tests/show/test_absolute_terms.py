"""Advertising Law art. 9(3): absolute terms in realistic scripts, and the words that
look like them but are not claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.show.terms import TermList, load_terms


def terms_in(terms: TermList, text: str) -> list[str]:
    return [f.term for f in terms.scan(text)]


def test_realistic_chinese_pitch(terms: TermList) -> None:
    text = (
        "家人们，这款保温杯是全网最低价，销量第一，国家级工艺，顶级316不锈钢，"
        "极品好物，万能杯，史无前例的优惠，绝无仅有，喝了100%有效！这是最好的杯子。"
    )
    found = terms.scan(text)
    assert [f.term for f in found] == [
        "全网最低",
        "第一",
        "国家级",
        "顶级",
        "极品",
        "万能",
        "史无前例",
        "绝无仅有",
        "100%有效",
        "最好",
    ]
    first = found[0]
    assert text[first.start : first.end] == "全网最低"
    assert first.category == "price" and "直播间专享价" in first.suggestion


def test_realistic_english_pitch(terms: TermList) -> None:
    text = (
        "This is the best thermos on the market, No.1 in sales, the cheapest you will find, "
        "lowest price ever, 100% effective and guaranteed to last. The most comfortable lid."
    )
    assert terms_in(terms, text) == [
        "best",
        "No.1",
        "cheapest",
        "lowest price ever",
        "100% effective",
        "guaranteed",
        "most comfortable",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "最近很多宝宝问这款杯子",  # recently
        "最后一件了，手慢无",  # last one (stock talk; checked as a stock claim)
        "最后提醒一下，今晚十点结束",  # finally
        "第一次来直播间的宝宝点个关注",  # the first time
        "第一步，打开杯盖；第二步，倒入热水",  # step one
        "第一天下单，第二天就到",  # day one
        "第一时间给大家发货",  # right away
        "第一款是保温杯，第二款是围巾",  # the first item of the lineup
        "第一名下单的宝宝送杯套",  # whoever orders first
        "最多能装500毫升，最长保温12小时",  # spec bounds
        "最少买两件才包邮",  # numeric bound
        "最低只要89元",  # a price bound (the price itself is fact-checked)
        "最好提前下单，最好别错过",  # advice
        "最佳饮用温度是60度",  # usage advice
        "最早明天发货，最晚周五到",  # delivery bounds
        "我最喜欢这个颜色",  # first-person taste
        "最终解释权归商家所有",
        "Best before June. Do your best. It is best to order early.",
        "Most people pick the blue one. The first time you use it, rinse it.",
    ],
)
def test_false_positives_are_not_flagged(terms: TermList, text: str) -> None:
    assert terms_in(terms, text) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        (
            "最好看的是这款",
            "最好",
        ),  # decided: a subjective superlative is a claim (approve if lawful)
        ("这款是最先进的技术", "最先"),
        ("全网第一", "第一"),
        ("销量第1", "第1"),
        ("今年拿了第一名", "第一"),
        ("最受欢迎的款式", "最受"),
        ("ＮＯ．１ seller", "ＮＯ．１"),  # fullwidth is normalised, offsets are the original's
        ("这是最佳选择", "最佳"),
    ],
)
def test_claims_are_flagged(terms: TermList, text: str, term: str) -> None:
    assert terms_in(terms, text) == [term]


def test_overlapping_terms_report_once(terms: TermList) -> None:
    assert terms_in(terms, "全网最低价") == ["全网最低"]
    assert terms_in(terms, "best-selling") == ["best-selling"]


def test_user_list_adds_terms_and_allowed_phrases(studio_home: Path) -> None:
    folder = studio_home / "compliance"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[[term]]\nterm = "爆款之王"\ncategory = "ranking"\nsuggestion = "改为“热卖款”"\n'
        '[[allow]]\nphrase = "最美逆行者"\nwhy = "a title"\n',
        encoding="utf-8",
    )
    terms = load_terms()
    assert [f.term for f in terms.scan("这是爆款之王")] == ["爆款之王"]
    assert terms.scan("致敬最美逆行者") == []
    assert [f.term for f in terms.scan("最美的杯子")] == ["最美"]  # shipped rules still apply


def test_bad_user_list_is_a_clear_error(studio_home: Path) -> None:
    from studio.core.errors import ConfigError

    folder = studio_home / "compliance"
    folder.mkdir(parents=True)
    (folder / "bad.toml").write_text('[[term]]\nterm = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="needs a 'suggestion'"):
        load_terms()
