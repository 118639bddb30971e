"""Numbers read aloud: Mandarin and English readings a native listener accepts."""

from __future__ import annotations

import pytest

from studio.speech.numbers import (
    en_cardinal,
    en_fraction,
    en_model_number,
    en_number,
    en_ordinal,
    en_year,
    zh_cardinal,
    zh_digits,
    zh_number,
)


@pytest.mark.parametrize(
    ("n", "spoken"),
    [
        (0, "零"),
        (1, "一"),
        (2, "二"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (22, "二十二"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (199, "一百九十九"),
        (200, "两百"),
        (222, "两百二十二"),
        (300, "三百"),
        (1000, "一千"),
        (1005, "一千零五"),
        (1010, "一千零一十"),
        (1050, "一千零五十"),
        (1200, "一千二百"),
        (1299, "一千二百九十九"),
        (2000, "两千"),
        (2200, "两千二百"),
        (9999, "九千九百九十九"),
        (10000, "一万"),
        (10010, "一万零一十"),
        (10500, "一万零五百"),
        (12000, "一万两千"),
        (20000, "两万"),
        (22000, "两万两千"),
        (100000, "十万"),
        (100500, "十万零五百"),
        (150000, "十五万"),
        (220000, "二十二万"),
        (1000000, "一百万"),
        (1000500, "一百万零五百"),
        (2000000, "两百万"),
        (12345678, "一千二百三十四万五千六百七十八"),
        (100000000, "一亿"),
        (100000001, "一亿零一"),
        (120000000, "一亿两千万"),
        (200000000, "两亿"),
    ],
)
def test_zh_cardinal(n: int, spoken: str) -> None:
    assert zh_cardinal(n) == spoken


def test_zh_liang_only_for_a_bare_two() -> None:
    assert zh_cardinal(2, liang=True) == "两"
    assert zh_cardinal(12, liang=True) == "十二"
    assert zh_cardinal(22, liang=True) == "二十二"
    assert zh_number("2.5", liang=True) == "二点五"


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("199.9", "一百九十九点九"),
        ("0.5", "零点五"),
        ("3.14", "三点一四"),
        ("19.90", "十九点九零"),
        ("1,299", "一千二百九十九"),
        ("2.0", "二点零"),
    ],
)
def test_zh_number(text: str, spoken: str) -> None:
    assert zh_number(text) == spoken


def test_zh_digits() -> None:
    assert zh_digits("2025") == "二零二五"
    assert zh_digits("1998") == "一九九八"
    assert zh_digits("13812345678", yao=True) == "幺三八幺二三四五六七八"


@pytest.mark.parametrize(
    ("n", "spoken"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (21, "twenty-one"),
        (100, "one hundred"),
        (105, "one hundred five"),
        (1299, "one thousand two hundred ninety-nine"),
        (10010, "ten thousand ten"),
        (2_000_000, "two million"),
    ],
)
def test_en_cardinal(n: int, spoken: str) -> None:
    assert en_cardinal(n) == spoken


@pytest.mark.parametrize(
    ("n", "spoken"),
    [(1, "first"), (2, "second"), (3, "third"), (8, "eighth"), (12, "twelfth"),
     (20, "twentieth"), (22, "twenty-second"), (100, "one hundredth")],
)  # fmt: skip
def test_en_ordinal(n: int, spoken: str) -> None:
    assert en_ordinal(n) == spoken


def test_en_years_models_fractions() -> None:
    assert en_year(1999) == "nineteen ninety-nine"
    assert en_year(2025) == "twenty twenty-five"
    assert en_year(2005) == "two thousand five"
    assert en_year(1905) == "nineteen oh five"
    assert en_year(1900) == "nineteen hundred"
    assert en_model_number("16") == "sixteen"
    assert en_model_number("380") == "three eighty"
    assert en_model_number("505") == "five oh five"
    assert en_model_number("4090") == "forty ninety"
    assert en_model_number("12345") == "one two three four five"
    assert en_number("19.5") == "nineteen point five"
    assert en_fraction(1, 2) == "one half"
    assert en_fraction(3, 4) == "three quarters"
    assert en_fraction(2, 3) == "two thirds"
