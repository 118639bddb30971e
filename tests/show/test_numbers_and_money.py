"""Chinese and Arabic numerals read exactly; money in integer cents, never floats."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from studio.show.money import format_amount, format_price, parse_price
from studio.show.numerals import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("九十九", 99),
        ("一百二十八", 128),
        ("一千零九十九", 1099),
        ("十五", 15),
        ("两万", 20000),
        ("二百五", 250),
        ("三千五", 3500),
        ("一万二", 12000),
        ("一九九", 199),
        ("三亿五千万", 350_000_000),
        ("99", 99),
        ("1,299", 1299),
        ("1.5万", 15000),
        ("3千", 3000),
    ],
)
def test_integers(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_decimals_are_exact() -> None:
    assert parse_number("三点五") == Fraction(7, 2)
    assert parse_number("9.9") == Fraction(99, 10)
    assert parse_number("零点零一") == Fraction(1, 100)


@pytest.mark.parametrize("bad", ["", "abc", "九九x", "1.2.3"])
def test_not_numbers(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_number(bad)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("99", 9900),
        ("99.9", 9990),
        ("99.90", 9990),
        ("¥1,299", 129900),
        ("99元", 9900),
        ("0.01", 1),
        (99, 9900),
        (Decimal("19.99"), 1999),
    ],
)
def test_parse_price(text: object, cents: int) -> None:
    assert parse_price(text) == cents


@pytest.mark.parametrize("bad", ["99.999", "-5", "9x9", "", 99.9, True])
def test_parse_price_rejects(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_price(bad)


def test_format() -> None:
    assert format_amount(9900) == "99"
    assert format_amount(9990) == "99.9"
    assert format_amount(1999) == "19.99"
    assert format_price(8900, "CNY", "zh") == "89元"
    assert format_price(8900, "CNY", "en") == "89 yuan"
    assert format_price(1999, "USD", "en") == "$19.99"
