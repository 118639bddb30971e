"""Read numbers the way a script writes them: 99, 1,299.5, 九十九, 一百二十八, 两千, 三点五.

The fact checker must see that 九十九元, ¥99 and 99元 are the same claim. Values are
exact ``Fraction``s (money is never a float). This module is deliberately independent
of the speech normaliser (which goes the other way, numbers -> words).

Chinese rules:
- digits 零〇一二两三四五六七八九 (and 幺, and the financial forms 壹贰叁…), units 十百千,
  groups 万亿: 一百二十八 = 128, 一千零九十九 = 1099, 十五 = 15, 两万 = 20000;
- a trailing digit right after a unit is one unit lower, as people say it:
  二百五 = 250, 三千五 = 3500, 一万二 = 12000;
- a run of digits with no unit is read digit by digit: 一九九 = 199;
- 点 starts the decimals: 三点五 = 3.5;
- Arabic with a Chinese group: 1.5万 = 15000, 3千 = 3000.
"""

from __future__ import annotations

import re
from fractions import Fraction

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "幺": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_GROUPS = {"万": 10**4, "萬": 10**4, "亿": 10**8}

_CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_GROUPS)
_CN_DIGIT_CHARS = "".join(CN_DIGITS)

#: One number as written in a script (Arabic, Chinese, or Arabic with a Chinese group).
NUMBER = (
    r"(?:\d+(?:,\d{3})*(?:\.\d+)?[万萬千百]?"
    rf"|[{_CN_CHARS}]+(?:点[{_CN_DIGIT_CHARS}]+)?)"
)
_NUMBER_RE = re.compile(rf"^{NUMBER}$")


def parse_cn_integer(text: str) -> int:
    """A Chinese integer (no decimals). Raises ValueError when ``text`` is not one."""
    if not text or any(ch not in _CN_CHARS for ch in text):
        raise ValueError(f"not a Chinese number: {text!r}")
    if all(ch in CN_DIGITS for ch in text):
        if len(text) == 1:
            return CN_DIGITS[text]
        return int("".join(str(CN_DIGITS[ch]) for ch in text))  # 一九九 = 199
    total = 0  # completed 亿/万 groups
    section = 0  # inside the current group
    digit: int | None = None
    last_unit = 0  # value of the last 十/百/千/万 seen, for 二百五 = 250
    zero_seen = False
    for ch in text:
        if ch in CN_DIGITS:
            value = CN_DIGITS[ch]
            if value == 0:
                zero_seen = True
                digit = None
                continue
            if digit is not None:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = value
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit, last_unit, zero_seen = None, unit, False
        else:  # 万 / 亿
            group = CN_GROUPS[ch]
            section += digit or 0
            if section == 0 and total == 0:
                section = 1
            total = (total + section) * group if group > 10**4 else total + section * group
            section, digit, last_unit, zero_seen = 0, None, group, False
    if digit is not None:
        if last_unit >= 10 and not zero_seen:
            section += digit * last_unit // 10  # 二百五 = 250, 一万二 = 12000
        else:
            section += digit
    return total + section


def parse_number(text: str) -> Fraction:
    """Any number of :data:`NUMBER` as an exact Fraction; ValueError when it is none."""
    text = text.strip()
    if not _NUMBER_RE.match(text):
        raise ValueError(f"not a number: {text!r}")
    if text[0].isdigit():
        scale = 1
        if text[-1] in "万萬千百":
            scale = {"万": 10**4, "萬": 10**4, "千": 1000, "百": 100}[text[-1]]
            text = text[:-1]
        return Fraction(text.replace(",", "")) * scale
    whole, _, decimals = text.partition("点")
    value = Fraction(parse_cn_integer(whole)) if whole else Fraction(0)
    if decimals:
        value += Fraction(int("".join(str(CN_DIGITS[c]) for c in decimals)), 10 ** len(decimals))
    return value
