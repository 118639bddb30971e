"""Numbers read aloud in Mandarin and English, as a presenter would say them.

Mandarin rules (the ones a native listener notices when they are wrong):
- 10-19 at the head of a number drop the 一 (十, 十二, 十五万) but keep it inside
  (一百一十, 一万零一十).
- One 零 stands for any run of zeros inside a number (105 一百零五, 10010 一万零一十,
  100500 十万零五百), none at the end (1000 一千).
- 2 is 两 before 千 anywhere (两千, 一万两千), before 百/万/亿 at the head of the number
  (两百, 两万, 两亿; but 一千二百, 二十二万), and alone before a measure word (两件,
  handled by the caller with ``liang=True``). Everywhere else it is 二 (十二, 二点五).
- Digits are read one by one for years (二零二五) and codes; in phone numbers and codes
  1 is read 幺, as people say it on the phone.
"""

from __future__ import annotations

ZH_DIGITS = "零一二三四五六七八九"
_ZH_GROUP_UNITS = ("", "万", "亿", "万亿")
#: Above this an integer is read digit by digit (no one says 万亿亿).
_ZH_MAX = 10**16

_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_EN_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


# --------------------------------------------------------------------------- Mandarin


def _zh_group(n: int, head: bool) -> str:
    """0 < n < 10000; ``head``: this group starts the whole number."""
    out: list[str] = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        if unit == "十" and d == 1 and head and not out:
            out.append("十")  # 十二, not 一十二, at the head
        elif d == 2 and (unit == "千" or (unit == "百" and head and not out)):
            out.append("两" + unit)
        else:
            out.append(ZH_DIGITS[d] + unit)
    return "".join(out)


def zh_cardinal(n: int, *, liang: bool = False) -> str:
    """An integer in Mandarin; ``liang``: a bare 2 is 两 (before a measure word)."""
    if n < 0:
        return "负" + zh_cardinal(-n)
    if n == 0:
        return "零"
    if n == 2 and liang:
        return "两"
    if n >= _ZH_MAX:
        return zh_digits(str(n))
    groups: list[int] = []
    while n:
        n, g = divmod(n, 10000)
        groups.append(g)
    out = ""
    gap = False  # a zero group (or leading zeros of a group) since the last output
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            gap = bool(out)
            continue
        head = not out
        if out and (gap or g < 1000):
            out += "零"
        if g == 2 and head and idx > 0:
            out += "两"  # 两万, 两亿
        else:
            out += _zh_group(g, head)
        out += _ZH_GROUP_UNITS[idx]
        gap = False
    return out


def zh_digits(digits: str, *, yao: bool = False) -> str:
    """Digit by digit (二零二五); ``yao``: 1 is 幺, as in phone numbers and codes."""
    table = ZH_DIGITS.replace("一", "幺") if yao else ZH_DIGITS
    return "".join(table[int(ch)] for ch in digits if ch.isdigit())


def zh_number(text: str, *, liang: bool = False) -> str:
    """A written number ("199.9", "1,299", "0.5") in Mandarin: 一百九十九点九."""
    whole, _, frac = text.replace(",", "").partition(".")
    reading = zh_cardinal(int(whole or "0"), liang=liang and not frac)
    if frac:
        reading += "点" + zh_digits(frac)
    return reading


# --------------------------------------------------------------------------- English


def _en_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_EN_ONES[hundreds]} hundred")
    if rest:
        if rest < 20:
            parts.append(_EN_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            parts.append(_EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else ""))
    return " ".join(parts)


def en_cardinal(n: int) -> str:
    """An integer in English words (American style, no "and"): 1299 -> one thousand ..."""
    if n < 0:
        return "minus " + en_cardinal(-n)
    if n == 0:
        return "zero"
    if n >= 10**15:
        return en_digits(str(n))
    parts = []
    for value, name in _EN_SCALES:
        if n >= value:
            parts.append(f"{_en_below_1000(n // value)} {name}")
            n %= value
    if n:
        parts.append(_en_below_1000(n))
    return " ".join(parts)


def en_ordinal(n: int) -> str:
    """1 -> first, 22 -> twenty-second, 100 -> one hundredth."""
    words = en_cardinal(n)
    cut = max(words.rfind(" "), words.rfind("-")) + 1
    head, last = words[:cut], words[cut:]
    if last in _EN_ORDINAL_WORDS:
        return head + _EN_ORDINAL_WORDS[last]
    if last.endswith("y"):
        return head + last[:-1] + "ieth"
    return head + last + "th"


def en_digits(digits: str) -> str:
    """Digit by digit: "138" -> one three eight."""
    return " ".join(_EN_ONES[int(ch)] for ch in digits if ch.isdigit())


def en_number(text: str) -> str:
    """A written number ("19.5", "1,299") in English: nineteen point five."""
    whole, _, frac = text.replace(",", "").partition(".")
    reading = en_cardinal(int(whole or "0"))
    if frac:
        reading += " point " + en_digits(frac)
    return reading


def _pair(n: int) -> str:
    """Two digits as said inside a year or a model number: 5 -> oh five, 0 -> hundred."""
    if n == 0:
        return "hundred"
    return f"oh {_EN_ONES[n]}" if n < 10 else en_cardinal(n)


def en_year(n: int) -> str:
    """1999 -> nineteen ninety-nine, 2005 -> two thousand five, 2025 -> twenty twenty-five."""
    if not 1000 <= n <= 9999:
        return en_cardinal(n)
    if 2000 <= n <= 2009 or n % 1000 == 0:
        return en_cardinal(n)
    return f"{en_cardinal(n // 100)} {_pair(n % 100)}"


def en_model_number(digits: str) -> str:
    """Numbers in product names: 16 -> sixteen, 380 -> three eighty, 4090 -> forty ninety."""
    n = int(digits)
    if len(digits) <= 2 or (len(digits) == 3 and n % 100 == 0):
        return en_cardinal(n)
    if len(digits) == 3 and digits[0] != "0":
        return f"{_EN_ONES[n // 100]} {_pair(n % 100)}"
    if len(digits) == 4 and digits[0] != "0":
        return en_year(n) if n % 100 else en_cardinal(n)
    return en_digits(digits)


def en_fraction(num: int, den: int) -> str:
    """3/4 -> three quarters, 1/2 -> one half, 2/3 -> two thirds, 5/16 -> five sixteenths."""
    if den == 2:
        name = "half" if num == 1 else "halves"
    elif den == 4:
        name = "quarter" if num == 1 else "quarters"
    elif den >= 3:
        name = en_ordinal(den) + ("" if num == 1 else "s")
    else:
        return f"{en_cardinal(num)} over {en_cardinal(den)}"
    return f"{en_cardinal(num)} {name}"
