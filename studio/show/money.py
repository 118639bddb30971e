"""Money as integer minor units (fen / cents): parsed from text exactly, never via float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

CURRENCIES = {"CNY": "元", "USD": "$"}
DEFAULT_CURRENCY = "CNY"

_PRICE_TEXT = re.compile(
    r"^\s*(?:[¥￥$]|RMB|CNY|USD)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(?:元|块|USD|CNY)?\s*$",
    re.IGNORECASE,
)


def parse_price(value: object) -> int:
    """A price written by a person ("99", "99.90", "¥1,299", "99元", Decimal) -> cents.

    Raises ValueError whose message is a whole clause naming the value ("'9x9' is not a
    price", "price '-5' cannot be negative"), for callers to show as it is; more than two
    decimals is an error, not a rounding, because a catalogue price must be exactly what
    the shop charges.
    """
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float, str)):
        raise ValueError(f"'{value}' is not a price")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"price '{value}' cannot be negative")
        return value * 100
    if isinstance(value, Decimal):
        value = format(value, "f")
    if isinstance(value, float):  # only reachable from callers that parsed JSON badly
        raise ValueError(f"price {value} is a float; write prices as text or whole numbers")
    text = value.strip().replace("，", ",")
    if text.startswith("-"):
        raise ValueError(f"price '{text}' cannot be negative")
    match = _PRICE_TEXT.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a price")
    whole = int(match.group(1).replace(",", ""))
    frac = (match.group(2) or "").ljust(2, "0")
    return whole * 100 + int(frac or "0")


def cents_from_fraction(value: Fraction) -> int | None:
    """Exact cents for an amount in yuan/dollars, or None when it has fractions of a cent."""
    cents = value * 100
    return int(cents) if cents.denominator == 1 else None


def format_amount(cents: int) -> str:
    """99 / 99.9 / 99.99: the shortest exact decimal (what a presenter would say)."""
    whole, frac = divmod(cents, 100)
    if frac == 0:
        return str(whole)
    return f"{whole}.{frac:02d}".rstrip("0")


def format_price(cents: int, currency: str, language: str) -> str:
    """The amount with its unit for a script line: 99元, 99 yuan, $19.99."""
    amount = format_amount(cents)
    if currency == "USD":
        return f"${amount}"
    return f"{amount}元" if language == "zh" else f"{amount} yuan"


def decimal_text(cents: int) -> str:
    """Cents as a plain decimal string with two places ("99.00") for CSV/JSON export."""
    try:
        return str(Decimal(cents).scaleb(-2).quantize(Decimal("0.01")))
    except InvalidOperation:  # pragma: no cover - ints always quantize
        raise ValueError(f"bad amount {cents}") from None
