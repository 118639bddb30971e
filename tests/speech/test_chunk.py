"""Sentence splitting for streamed synthesis: spans of the original text."""

from __future__ import annotations

import pytest

from studio.speech.chunk import split_sentences


def _pieces(text: str, max_chars: int = 120) -> list[str]:
    spans = split_sentences(text, max_chars)
    for (s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert s1 < e1 <= s2  # ordered, non-overlapping, non-empty
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("你好！欢迎来到直播间。今天199.9元。", ["你好！", "欢迎来到直播间。", "今天199.9元。"]),
        ("Hello there. It costs $19.99! Really?", ["Hello there.", "It costs $19.99!", "Really?"]),
        ('He said "hi." Then left', ['He said "hi."', "Then left"]),
        ("“真的吗？”她问。", ["“真的吗？”", "她问。"]),
        ("第一行\n第二行\n\n", ["第一行", "第二行"]),
        ("等一下……好的", ["等一下……", "好的"]),
        ("no end mark", ["no end mark"]),
        ("  \n ", []),
        ("", []),
    ],
)
def test_sentences(text: str, pieces: list[str]) -> None:
    assert _pieces(text) == pieces


def test_long_sentence_is_cut_at_commas_then_spaces() -> None:
    clause = "这款保温杯容量三百毫升，"
    text = clause * 20 + "数量有限。"
    pieces = _pieces(text, max_chars=40)
    assert all(len(p) <= 40 for p in pieces)
    assert all(p.endswith("，") for p in pieces[:-1])
    assert "".join(pieces) == text
    words = "word " * 60
    pieces = _pieces(words, max_chars=50)
    assert all(len(p) <= 50 for p in pieces)
    assert " ".join(pieces).split() == words.split()


def test_unbreakable_text_is_cut_but_not_inside_a_number() -> None:
    text = "一" * 35 + "1234567" + "二" * 10
    pieces = _pieces(text, max_chars=40)
    assert "".join(pieces) == text
    assert all(len(p) <= 40 for p in pieces)
    assert any("1234567" in p for p in pieces)


def test_decimal_points_and_thousands_do_not_split() -> None:
    assert _pieces("It is 19.99 dollars, or 1,299 yuan.") == ["It is 19.99 dollars, or 1,299 yuan."]
