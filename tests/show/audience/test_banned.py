"""Banned words are found however a viewer spells them, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.core.errors import ConfigError
from studio.show.audience.banned import load_banned, parse_banned_file

CAUGHT = [
    ("加我微信", "微信", "written"),
    ("加我薇信 abc123", "微信", "homophone"),  # same sound and tones
    ("ｗｅｉｘｉｎ：ａｂ１２３", "微信", "written"),  # full width letters of a listed spelling
    ("qu si ba", "去死", "pinyin"),  # typed pinyin of a word with no Latin spelling listed
    ("wei xin 同款便宜", "微信", "written"),  # spaced pinyin is a variant once squeezed
    ("加ν х 送小样", "微信", "written"),  # Greek nu and Cyrillic ha look like "vx"
    ("VX：shop2025", "微信", "written"),
    ("加微❤信领福利", "微信", "written"),  # a symbol between the characters
    ("傻 逼", "傻逼", "written"),
    ("煞笔主播", "傻逼", "homophone"),  # other tones: this word counts any tone
    ("sha bi", "傻逼", "pinyin"),
    ("ｓｂ主播", "傻逼", "written"),
    ("拼夕夕上才三十", "拼多多", "written"),
]
ALLOWED = [
    "作为新人想问一下",  # wei2 xin1: other tones than 微信
    "usb接口能充电吗",  # "sb" inside a longer Latin run
    "能用滚筒洗衣机洗吗",
    "V领有吗",
    "有XL码吗",
]


@pytest.mark.parametrize(("text", "term", "how"), CAUGHT)
def test_evasions_are_caught(text: str, term: str, how: str) -> None:
    hit = load_banned().scan(text)
    assert hit is not None and (hit.term, hit.how) == (term, how)


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_comments_pass(text: str) -> None:
    assert load_banned().scan(text) is None


def test_a_user_list_adds_words(studio_home: Path) -> None:
    assert load_banned().scan("竞品小店更好") is None
    folder = studio_home / "audience"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[[word]]\nterm = "竞品小店"\ncategory = "platform"\n', encoding="utf-8"
    )
    hit = load_banned().scan("竞 品 小 店更好")
    assert hit is not None and hit.category == "platform"


def test_a_bad_list_names_the_entry() -> None:
    with pytest.raises(ConfigError, match="word 2: unknown category 'rude'"):
        parse_banned_file(
            '[[word]]\nterm = "a"\n[[word]]\nterm = "b"\ncategory = "rude"\n', "x.toml"
        )
    with pytest.raises(ConfigError, match="needs a 'term'"):
        parse_banned_file('[[word]]\ncategory = "abuse"\n', "x.toml")
