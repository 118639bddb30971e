"""Live-commerce script text -> the words a presenter says, with an offset map back.

Scripts are written for the eye: ¥199.9, 满300减50, 2件8折, 13812345678, 12:30, 50%,
iPhone 16 Pro, emoji. TTS engines read many of these wrongly (eSpeak says 二件, not
两件) or not at all, so the text is rewritten into plain spoken words first.

Every spoken character remembers the span of the original text it came from
(:class:`NormalizedText`), so word times measured on the spoken text can be reported
with character offsets into the *original* text, which is what subtitles show.

Each number is read in the language of its context: the letters it touches, else the
nearest letters in the same clause (``这款 iPhone 16 Pro`` -> sixteen; ``只要99元`` ->
九十九元). A forced language ("zh" / "en") reads every number in that language; any
other language leaves digits to the engine and only removes symbols.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from studio.speech.numbers import (
    en_cardinal,
    en_digits,
    en_fraction,
    en_model_number,
    en_number,
    en_ordinal,
    en_year,
    zh_cardinal,
    zh_digits,
    zh_number,
)
from studio.speech.segment import EN, ZH, is_cjk

#: Words after which a bare 2 is read 两 (两件, 两个小时, 两点), longest first where one
#: is a prefix of another. Not here on purpose: 号 月 日 楼 级 代 期 折 两 (二号, 二月 ...).
LIANG_MEASURES: tuple[str, ...] = (
    "个月", "个", "件", "只", "台", "瓶", "盒", "包", "袋", "双", "条", "张", "支", "套",
    "块", "斤", "公斤", "千克", "克", "毫升", "升", "公里", "厘米", "毫米", "米", "种",
    "款", "色", "份", "杯", "箱", "罐", "颗", "粒", "片", "根", "把", "顶", "副", "对",
    "位", "人", "名", "次", "天", "周", "年", "小时", "分钟", "秒", "岁", "点", "元",
    "毛", "角", "分", "万", "千", "百", "亿", "倍", "遍", "页", "本", "部", "辆", "枚",
    "架", "家", "间", "碗", "盘", "层", "瓦", "伏", "毫安",
)  # fmt: skip

#: Measure-like words that a number of 8+ digits may precede and still be a quantity.
_QUANTITY_AFTER = re.compile("|".join(LIANG_MEASURES + ("元", "美元", "人民币")))

_CURRENCY = {
    "¥": ("元", "yuan", "yuan"),
    "￥": ("元", "yuan", "yuan"),
    "$": ("美元", "dollar", "dollars"),
    "€": ("欧元", "euro", "euros"),
    "£": ("英镑", "pound", "pounds"),
}
_MINOR = {"$": ("cent", "cents"), "€": ("cent", "cents"), "£": ("penny", "pence")}

#: Unit symbols after a number: Mandarin word, English singular, English plural.
_UNITS: dict[str, tuple[str, str, str]] = {
    "mAh": ("毫安时", "milliamp hour", "milliamp hours"),
    "ml": ("毫升", "milliliter", "milliliters"),
    "mL": ("毫升", "milliliter", "milliliters"),
    "ML": ("毫升", "milliliter", "milliliters"),
    "L": ("升", "liter", "liters"),
    "kg": ("公斤", "kilogram", "kilograms"),
    "KG": ("公斤", "kilogram", "kilograms"),
    "Kg": ("公斤", "kilogram", "kilograms"),
    "mg": ("毫克", "milligram", "milligrams"),
    "g": ("克", "gram", "grams"),
    "km": ("公里", "kilometer", "kilometers"),
    "cm": ("厘米", "centimeter", "centimeters"),
    "mm": ("毫米", "millimeter", "millimeters"),
    "m": ("米", "meter", "meters"),
    "kW": ("千瓦", "kilowatt", "kilowatts"),
    "W": ("瓦", "watt", "watts"),
    "V": ("伏", "volt", "volts"),
    "Hz": ("赫兹", "hertz", "hertz"),
    "GB": ("G", "gigabyte", "gigabytes"),
    "TB": ("T", "terabyte", "terabytes"),
    "MB": ("兆", "megabyte", "megabytes"),
    "min": ("分钟", "minute", "minutes"),
    "h": ("小时", "hour", "hours"),
    "℃": ("摄氏度", "degree Celsius", "degrees Celsius"),
    "°C": ("摄氏度", "degree Celsius", "degrees Celsius"),
    "°": ("度", "degree", "degrees"),
}

#: Fullwidth forms read as their ASCII twins (one character each: offsets are kept).
#: Chinese punctuation (，。！？：；（）) is left alone: it gives the pauses.
_FULLWIDTH_KEEP = set("，！？：；（）")

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_TIME = r"(?:[01]?\d|2[0-4])[:：][0-5]\d(?:[:：][0-5]\d)?"
_CUR = r"[¥￥$€£]"
_UNIT_RE = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_QTY = rf"(?:{_TIME}|{_CUR}?\s?{_NUM}[%％‰]?)"
_BREAKS = set("。！？!?；;\n")
_YEAR_WORDS = {"in", "since", "from", "year", "until", "by", "of", "before", "after", "to"}


@dataclass(frozen=True)
class NormalizedText:
    """The spoken form of ``source`` and, per spoken character, its source span."""

    source: str
    text: str
    origin: tuple[tuple[int, int], ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span ``[s, e)`` that spoken characters ``[start, end)`` came from."""
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        if start == end:
            pos = self.origin[start][0] if start < len(self.origin) else len(self.source)
            return pos, pos
        spans = self.origin[start:end]
        return min(s for s, _ in spans), max(e for _, e in spans)

    @property
    def is_speakable(self) -> bool:
        """True when something is left to say (a letter or a digit)."""
        return any(ch.isalnum() for ch in self.text)


def _letter_language(ch: str) -> str | None:
    """zh for Han/kana, en for Latin letters, None for other scripts and non-letters."""
    if not ch.isalpha():
        return None
    if is_cjk(ch):
        return ZH
    return EN if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF else None


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_tag_letter(s: str, i: int) -> bool:
    """A lone capital after a number (5G, 4K, 3D): read in the language around it."""
    after = s[i + 1] if i + 1 < len(s) else ""
    return s[i].isascii() and s[i].isupper() and not (after.isascii() and after.isalpha())


def _is_removable(ch: str) -> bool:
    """Emoji and other symbols, their modifiers and joiners: never spoken."""
    cat = unicodedata.category(ch)
    code = ord(ch)
    if cat in ("So", "Sk", "Sm", "Co", "Cs", "Cf", "Me"):
        return True
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors


def _prepare(text: str) -> str:
    """Fullwidth digits, letters and symbols -> ASCII, one character for one."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch not in _FULLWIDTH_KEEP:
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


class _Normalizer:
    """One pass over one text: patterns tried at each position, pieces with spans."""

    def __init__(self, source: str, language: str) -> None:
        self.source = source
        self.s = _prepare(source)
        self.forced = None if language == "auto" else language
        langs = {_letter_language(c) for c in self.s}
        self.default = EN if EN in langs and ZH not in langs else ZH
        self.pieces: list[tuple[str, int, int]] = []
        self.rules: list[tuple[re.Pattern[str], Callable[[re.Match[str]], bool]]] = [
            (re.compile(p), h)
            for p, h in (
                (r"(?<![\d.])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)", self._phone),
                (r"(?<![\d.])[48]00[-\s]?\d{3}[-\s]?\d{4}(?!\d)", self._phone),
                (r"(?<![\d.])0\d{2,3}-\d{7,8}(?!\d)", self._phone),
                (r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)", self._iso_date),
                (
                    r"(?<!\d)(618|520)(?=大促|活动|节|狂欢|购物|当天|期间|专场|预售|年中)",
                    self._event,
                ),
                (r"(?<![\d.])(\d{4})(?=\s?年)", self._year),
                (r"(?<![\d.])(\d{2})(?=年(?:新|款|春|夏|秋|冬|最新|爆款|限定))", self._year),
                (r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])", self._version),
                (rf"(?<![\d.])({_QTY})\s?([-~～—–]|至|到)\s?({_QTY})(?![\d:：])", self._range),
                (rf"(?<![\d.])({_TIME}|\d{{1,2}})\s?([aApP])\.?[mM]\.?(?![A-Za-z])", self._ampm),
                (rf"(?<![\d.])({_TIME})(?![\d:：])", self._time),
                (r"(?<![\d.])(\d+)[:：](\d+)(?![\d:：])", self._ratio),
                (r"(?<![\d/.])(\d+)/(\d+)(?![\d/])", self._fraction),
                (rf"(?<![\w.])-({_NUM})\s?(℃|°C|°)", self._negative_temperature),
                (rf"({_CUR})\s?({_NUM})(元|块)?", self._money),
                (rf"({_NUM})\s?([%‰])", self._percent),
                (r"(?<![\d.])(\d)\.(\d)(?=折)", self._discount),
                (rf"({_NUM})\s?([wW万])\+", self._wan_plus),
                (rf"({_NUM})\s?({_UNIT_RE})(?![A-Za-z])", self._unit),
                (r"(\d+)(st|nd|rd|th)(?![A-Za-z])", self._en_ordinal),
                (_NUM, self._number),
            )
        ]

    # ------------------------------------------------------------------ driving

    def run(self) -> NormalizedText:
        i, n = 0, len(self.s)
        while i < n:
            end = self._try_rules(i) if self._may_start(self.s[i]) else None
            if end is not None:
                i = end
                continue
            i = self._plain(i)
        return self._finish()

    @staticmethod
    def _may_start(ch: str) -> bool:
        return ch.isdigit() or ch in "¥￥$€£+-"

    def _try_rules(self, i: int) -> int | None:
        for pattern, handler in self.rules:
            m = pattern.match(self.s, i)
            if m and handler(m):
                return m.end()
        return None

    def emit(self, spoken: str, start: int, end: int) -> None:
        """Add spoken text for source ``[start, end)``; spaces it apart from letters."""
        if not spoken:
            return
        if _ascii_alnum(spoken[0]) and _ascii_alnum(self._last_char()):
            self.pieces.append((" ", start, start))
        self.pieces.append((spoken, start, end))
        after = self.s[end] if end < len(self.s) else ""
        if _ascii_alnum(spoken[-1]) and _ascii_alnum(after):
            self.pieces.append((" ", end, end))

    def _last_char(self) -> str:
        return self.pieces[-1][0][-1] if self.pieces else ""

    def _finish(self) -> NormalizedText:
        text: list[str] = []
        origin: list[tuple[int, int]] = []
        for spoken, start, end in self.pieces:
            for ch in spoken:
                if ch == " " and (not text or text[-1] == " "):
                    continue  # collapse spaces (and drop leading ones)
                text.append(ch)
                origin.append((start, max(end, start)))
        while text and text[-1] == " ":
            text.pop()
            origin.pop()
        return NormalizedText(self.source, "".join(text), tuple(origin))

    # ------------------------------------------------------------------ context

    def lang(self, start: int, end: int) -> str | None:
        """Language to read ``s[start:end]`` in: forced, touching letters, nearest letters."""
        if self.forced is not None:
            return self.forced if self.forced in (ZH, EN) else None
        s = self.s
        left = s[start - 1] if start > 0 else ""
        right = s[end] if end < len(s) else ""
        if left.isalpha():  # touching letters decide, left first: A4纸, 99元
            return _letter_language(left)
        if right.isalpha() and not _is_tag_letter(s, end):
            return _letter_language(right)
        for i in range(start - 1, -1, -1):  # nearest letter to the left in this clause
            if s[i] in _BREAKS:
                break
            if s[i].isalpha():
                return _letter_language(s[i])
        skip = end + 1 if right.isalpha() else end  # 5G手机: G does not decide
        for i in range(skip, len(s)):
            if s[i] in _BREAKS:
                break
            if s[i].isalpha():
                return _letter_language(s[i])
        return self.default

    def _liang(self, end: int) -> bool:
        """A bare 2 ending at ``end`` is 两: a measure word follows and 第 does not precede."""
        return self.s.startswith(LIANG_MEASURES, end) and not self.s.startswith("两", end)

    def _ordinal_before(self, start: int) -> bool:
        return start > 0 and self.s[start - 1] == "第"

    def _previous_word(self, start: int) -> str:
        m = re.search(r"([A-Za-z][\w'-]*)\s+$", self.s[max(0, start - 64) : start])
        return m.group(1) if m else ""

    def _model_like(self, start: int, end: int) -> bool:
        """Digits in a product name: touching a letter, or after a word like iPhone/RTX."""
        s = self.s
        if (start > 0 and s[start - 1].isalpha()) or (end < len(s) and s[end].isalpha()):
            return True
        word = self._previous_word(start)
        return bool(word) and (any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word))

    # ------------------------------------------------------------------ readers

    def _read_number(self, text: str, lang: str, start: int, end: int, *, liang: bool) -> str:
        """A number in context: long digit strings and codes are read digit by digit."""
        plain = text.replace(",", "")
        if "." not in plain and len(plain) > 1 and plain.startswith("0"):
            return zh_digits(plain, yao=True) if lang == ZH else en_digits(plain)
        if "." not in plain and len(plain) >= 8 and not _QUANTITY_AFTER.match(self.s, end):
            return zh_digits(plain, yao=True) if lang == ZH else en_digits(plain)
        if lang == ZH:
            return zh_number(text, liang=liang)
        if "." not in plain and "," not in text and self._model_like(start, end):
            return en_model_number(plain)
        if "." not in plain and "," not in text and 1900 <= int(plain) <= 2099:
            word = self._previous_word(start).lower()
            tail = self.s[end : end + 1]
            if word in _YEAR_WORDS or not tail or tail in ".,;!?)":
                return en_year(int(plain))
        return en_number(text)

    # ------------------------------------------------------------------ rules

    def _phone(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        for part in re.finditer(r"\+?\d+", m.group(0)):
            digits = part.group(0).lstrip("+")
            spoken = zh_digits(digits, yao=True) if lang == ZH else en_digits(digits)
            if self.pieces and part.start() > 0:
                self.pieces.append((" ", m.start() + part.start() - 1, m.start() + part.start()))
            self.emit(spoken, m.start() + part.start(), m.start() + part.end())
        return True

    def _iso_date(self, m: re.Match[str]) -> bool:
        year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(4))
        lang = self.lang(m.start(), m.end())
        if lang is None or not (1 <= month <= 12 and 1 <= day <= 31):
            return False
        if lang == ZH:
            spoken = f"{zh_digits(m.group(1))}年{zh_cardinal(month)}月{zh_cardinal(day)}日"
        else:
            month_name = _MONTHS[month - 1]
            spoken = f"{month_name} {en_ordinal(day)}, {en_year(year)}"
        self.emit(spoken, m.start(), m.end())
        return True

    def _event(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        self.emit(zh_digits(m.group(1)) if lang == ZH else en_digits(m.group(1)), *m.span())
        return True

    def _year(self, m: re.Match[str]) -> bool:
        if self.forced not in (None, ZH):
            return False
        self.emit(zh_digits(m.group(1)), *m.span())
        return True

    def _version(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        parts = m.group(0).split(".")
        if lang == ZH:
            spoken = "点".join(zh_cardinal(int(p)) for p in parts)
        else:
            spoken = " point ".join(en_cardinal(int(p)) for p in parts)
        self.emit(spoken, *m.span())
        return True

    def _range(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        left, right = m.group(1), m.group(3)
        left_cur, right_cur = _currency_of(left), _currency_of(right)
        cur = right_cur or left_cur
        left_pct, right_pct = left.rstrip()[-1] in "%％‰", right.rstrip()[-1] in "%％‰"
        a = self._quantity(left, lang, m.start(1), m.end())
        b = self._quantity(right, lang, m.start(3), m.end())
        if a is None or b is None:
            return False
        if lang == ZH:
            if right_pct and not left_pct:
                a = "百分之" + a
            spoken_a, spoken_b = a, b + (_CURRENCY[cur][0] if cur else "")
            sep = "到"
        else:
            if left_pct and right_pct:
                a = a.removesuffix(" percent")
            spoken_a = a
            spoken_b = b + (" " + _CURRENCY[cur][2] if cur else "")
            sep = "to"
        self.emit(spoken_a, m.start(1), m.end(1))
        self.emit(f" {sep} " if lang == EN else sep, m.end(1), m.start(3))
        self.emit(spoken_b, m.start(3), m.end(3))
        return True

    def _quantity(self, text: str, lang: str, start: int, outer_end: int) -> str | None:
        """One side of a range: a time, or [currency] number [%] (currency said after)."""
        body = text.strip()
        if re.fullmatch(_TIME, body):
            return _read_time(body, lang)
        cur = _currency_of(body)
        body = body.lstrip("¥￥$€£ ").strip()
        pct = body[-1] in "%％‰"
        number = body.rstrip("%％‰").strip()
        liang = not pct and self._liang(outer_end) and not cur
        reading = self._read_number(number, lang, start, start + len(text), liang=liang)
        if pct:
            per_mille = body[-1] == "‰"
            if lang == ZH:
                reading = ("千分之" if per_mille else "百分之") + reading
            else:
                reading += " per mille" if per_mille else " percent"
        return reading

    def _ampm(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        clock = m.group(1)
        pm = m.group(2).lower() == "p"
        if lang == ZH:
            hour_text = clock if ":" in clock or "：" in clock else f"{clock}:00"
            spoken = ("下午" if pm else "上午") + _read_time(hour_text, ZH)
        else:
            hour = (
                _read_time(clock, EN)
                if (":" in clock or "：" in clock)
                else en_cardinal(int(clock))
            )
            spoken = hour.removesuffix(" o'clock") + (" P M" if pm else " A M")
        self.emit(spoken, *m.span())
        return True

    def _time(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        self.emit(_read_time(m.group(1), lang), *m.span())
        return True

    def _ratio(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        a, b = int(m.group(1)), int(m.group(2))
        if lang == ZH:
            spoken = f"{zh_cardinal(a)}比{zh_cardinal(b)}"
        else:
            spoken = f"{en_cardinal(a)} to {en_cardinal(b)}"
        self.emit(spoken, *m.span())
        return True

    def _fraction(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        num, den = int(m.group(1)), int(m.group(2))
        if lang is None or den == 0:
            return False
        if lang == ZH:
            spoken = f"{zh_cardinal(den)}分之{zh_cardinal(num)}"
        else:
            spoken = en_fraction(num, den)
        self.emit(spoken, *m.span())
        return True

    def _negative_temperature(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        zh_unit, _, en_plural = _UNITS[m.group(2)]
        if lang == ZH:
            spoken = f"零下{zh_number(m.group(1))}{zh_unit}"
        else:
            spoken = f"minus {en_number(m.group(1))} {en_plural}"
        self.emit(spoken, *m.span())
        return True

    def _money(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        sign, number, suffix = m.group(1), m.group(2), m.group(3)
        if lang == ZH:
            unit = _CURRENCY[sign][0]
            spoken = zh_number(number, liang=unit == "元") + unit
            if suffix and sign not in "¥￥":  # "$5元" is odd; keep the written 元
                spoken += suffix
        else:
            spoken = _en_money(sign, number)
        self.emit(spoken, *m.span())
        return True

    def _percent(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        number, sign = m.group(1), m.group(2)
        if lang == ZH:
            head = "千分之" if sign == "‰" else "百分之"
            spoken = head + ("百" if number == "100" and sign == "%" else zh_number(number))
        else:
            spoken = en_number(number) + (" per mille" if sign == "‰" else " percent")
        self.emit(spoken, *m.span())
        return True

    def _discount(self, m: re.Match[str]) -> bool:
        if self.lang(m.start(), m.end()) != ZH:
            return False
        self.emit(zh_digits(m.group(1) + m.group(2)), *m.span())  # 8.5折 -> 八五折
        return True

    def _wan_plus(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        if lang == ZH:
            spoken = zh_number(m.group(1)) + "万多"
        else:
            value = float(m.group(1).replace(",", "")) * 10000
            spoken = en_cardinal(int(value)) + " plus"
        self.emit(spoken, *m.span())
        return True

    def _unit(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())  # the unit's own letters do not decide
        if lang is None:
            return False
        number, unit = m.group(1), m.group(2)
        zh_unit, en_one, en_many = _UNITS[unit]
        if lang == ZH:
            spoken = zh_number(number, liang=zh_unit.startswith(LIANG_MEASURES)) + zh_unit
        else:
            many = number.replace(",", "") not in ("1", "1.0")
            spoken = f"{en_number(number)} {en_many if many else en_one}"
        self.emit(spoken, *m.span())
        return True

    def _en_ordinal(self, m: re.Match[str]) -> bool:
        if self.forced == ZH:
            return False
        self.emit(en_ordinal(int(m.group(1))), *m.span())
        return True

    def _number(self, m: re.Match[str]) -> bool:
        lang = self.lang(m.start(), m.end())
        if lang is None:
            return False
        liang = self._liang(m.end()) and not self._ordinal_before(m.start())
        self.emit(self._read_number(m.group(0), lang, m.start(), m.end(), liang=liang), *m.span())
        return True

    # ------------------------------------------------------------------ plain text

    def _plain(self, i: int) -> int:
        """Copy, map or drop one stretch of text that no rule claimed; return the next index."""
        s = self.s
        ch = s[i]
        if ch.isspace():
            j = i
            while j < len(s) and s[j].isspace():
                j += 1
            self.pieces.append((" ", i, j))
            return j
        if ch in "—–" or (ch == "-" and i + 1 < len(s) and s[i + 1] == "-"):
            j = i
            while j < len(s) and s[j] in "—–-":
                j += 1
            self.pieces.append(("，" if self._zh_at(i) else ",", i, j))
            return j
        if ch in "|｜":
            self.pieces.append(("，" if self._zh_at(i) else ",", i, i + 1))
            return i + 1
        if ch == "&":
            self.emit("和" if self._zh_at(i) else "and", i, i + 1)
            return i + 1
        if ch == "+" and 0 < i < len(s) - 1 and s[i - 1].isalnum() and s[i + 1].isalnum():
            self.emit("加" if self._zh_at(i) else "plus", i, i + 1)
            return i + 1
        if ch == "/":
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if _letter_language(nxt) == ZH:
                self.pieces.append(("每", i, i + 1))  # 元/件 -> 元每件
            else:
                self._drop(i)
            return i + 1
        if ch == "*" and s[i : i + 2] == "**" and i > 0 and s[i - 1].isalpha():
            # 张** / 小*** (a viewer's name, masked) is read 张某某, as it is masked aloud
            j = i
            while j < len(s) and s[j] == "*":
                j += 1
            self.pieces.append(("某某" if self._zh_at(i - 1) else "", i, j))
            return j
        if ch in "#@*~^_`\\<>=[]{}%‰¥￥$€£+" or _is_removable(ch):
            self._drop(i)
            return i + 1
        self.pieces.append((ch, i, i + 1))
        return i + 1

    def _drop(self, i: int) -> None:
        """Remove a symbol; keep neighbouring Latin words or numbers apart with a space."""
        before = self._last_char()
        j = i + 1
        while j < len(self.s) and _is_removable(self.s[j]):
            j += 1
        after = self.s[j] if j < len(self.s) else ""
        if _ascii_alnum(before) and _ascii_alnum(after):
            self.pieces.append((" ", i, i + 1))

    def _zh_at(self, i: int) -> bool:
        return (self.forced or self.lang(i, i + 1)) == ZH


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _currency_of(text: str) -> str | None:
    body = text.strip()
    return body[0] if body and body[0] in _CURRENCY else None


def _read_time(clock: str, lang: str) -> str:
    """12:30 -> 十二点三十分 / twelve thirty; 8:05 -> 八点零五分 / eight oh five."""
    parts = [int(p) for p in re.split("[:：]", clock)]
    hour, minute = parts[0], parts[1]
    second = parts[2] if len(parts) > 2 else 0
    if lang == ZH:
        spoken = zh_cardinal(hour, liang=True) + "点"
        if minute:
            spoken += ("零" if minute < 10 else "") + zh_cardinal(minute) + "分"
        if second:
            spoken += zh_cardinal(second) + "秒"
        return spoken
    if minute == 0 and not second:
        return f"{en_cardinal(hour)} o'clock"
    spoken = f"{en_cardinal(hour)} " + (
        f"oh {en_cardinal(minute)}" if minute < 10 else en_cardinal(minute)
    )
    if second:
        spoken += f" and {en_cardinal(second)} second" + ("s" if second != 1 else "")
    return spoken


def _en_money(sign: str, number: str) -> str:
    """$19.99 -> nineteen dollars and ninety-nine cents; ¥199.9 -> ... point nine yuan."""
    _, one, many = _CURRENCY[sign]
    plain = number.replace(",", "")
    whole, _, frac = plain.partition(".")
    minor = _MINOR.get(sign)
    if minor and frac and len(frac) <= 2:
        cents = int(frac.ljust(2, "0"))
        units = int(whole or "0")
        parts = []
        if units:
            parts.append(f"{en_cardinal(units)} {one if units == 1 else many}")
        if cents:
            parts.append(f"{en_cardinal(cents)} {minor[0] if cents == 1 else minor[1]}")
        return " and ".join(parts) or f"zero {many}"
    value_is_one = plain in ("1", "1.0")
    return f"{en_number(number)} {one if value_is_one else many}"


def normalize(text: str, language: str = "auto") -> NormalizedText:
    """The spoken form of ``text`` with an offset map back to it.

    ``language``: "auto" reads each number in the language around it; "zh" or "en"
    reads every number in that language; any other code only removes symbols.
    """
    code = language.strip().lower()
    if code.startswith(("zh", "cmn")):
        code = ZH
    elif code.startswith("en"):
        code = EN
    return _Normalizer(text, code).run()


def normalize_text(text: str, language: str = "auto") -> str:
    """Just the spoken form (``studio text normalize``)."""
    return normalize(text, language).text
