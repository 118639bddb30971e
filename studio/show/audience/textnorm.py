"""Comment text as the filters and the matcher read it.

Viewers write fast and some write to get past filters: full-width letters (ｗｅｉｘｉｎ),
circled ones (ⓥⓧ), Cyrillic and Greek look-alikes (ν х), spaces and symbols between the
characters (微 信, 微❤信), traditional characters (多少錢), Chinese or circled digits for
phone numbers (一三八…, ①③⑧…) and pinyin or homophones for words (weixin, 薇信).

``fold`` gives one comparable form (NFKC, lower case, look-alikes and traditional
characters mapped); ``squeeze`` keeps only letters and digits of it, so spacing and
symbols disappear; ``sounds`` gives each character's pinyin with its tone (pypinyin's
dictionary, shipped inside the package: nothing is downloaded).
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

#: Latin look-alikes from Cyrillic and Greek (lower case, after NFKC).
HOMOGLYPHS = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j",
        "ԛ": "q", "ԝ": "w", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    }
)  # fmt: skip

#: Traditional characters common in shopping questions -> simplified.
TRADITIONAL = str.maketrans(
    {
        "錢": "钱", "麼": "么", "買": "买", "賣": "卖", "貨": "货", "碼": "码", "顏": "颜",
        "幾": "几", "價": "价", "嗎": "吗", "運": "运", "費": "费", "發": "发", "換": "换",
        "條": "条", "號": "号", "寬": "宽", "長": "长", "紅": "红", "藍": "蓝", "綠": "绿",
        "黃": "黄", "優": "优", "庫": "库", "還": "还", "沒": "没", "們": "们", "這": "这",
        "個": "个", "麽": "么", "絲": "丝", "絨": "绒", "質": "质", "裡": "里", "為": "为",
        "會": "会", "應": "应", "選": "选", "遞": "递", "與": "与", "點": "点", "鏈": "链",
        "門": "门", "開": "开", "關": "关", "種": "种", "樣": "样", "適": "适", "時": "时",
        "間": "间", "機": "机", "親": "亲", "愛": "爱", "謝": "谢", "讓": "让", "說": "说",
    }
)  # fmt: skip

#: Digits written as Chinese numerals (the ones used to spell out phone numbers).
CHINESE_DIGITS = str.maketrans(
    {
        "零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3",
        "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "壹": "1",
        "贰": "2", "叁": "3", "肆": "4", "伍": "5", "陆": "6", "柒": "7", "捌": "8",
        "玖": "9",
    }
)  # fmt: skip

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DIGIT_RUN = re.compile(r"\d{7,}")


def fold(text: str) -> str:
    """NFKC, lower case, look-alikes to Latin, traditional to simplified."""
    return unicodedata.normalize("NFKC", text).lower().translate(HOMOGLYPHS).translate(TRADITIONAL)


def is_kept(ch: str) -> bool:
    """Letters (incl. Han) and digits: what is left when spacing and symbols go."""
    return unicodedata.category(ch)[0] in "LN"


def squeeze(text: str) -> str:
    """The folded text without spaces, punctuation, symbols or emoji: 微 ❤ 信 -> 微信."""
    return "".join(ch for ch in fold(text) if is_kept(ch))


def is_han(ch: str) -> bool:
    return bool(_HAN.match(ch))


def sounds(text: str) -> list[str]:
    """One entry per character of ``text``: pinyin with tone number for Han characters
    (wei1, xin4; neutral tone 5), the character itself otherwise."""
    out = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=list)
    if len(out) != len(text):  # a phrase reading that merged characters: go one by one
        out = [
            lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True, errors=list)[0]
            if is_han(ch)
            else ch
            for ch in text
        ]
    return out


def contact_digits(text: str) -> bool:
    """A phone, QQ or account number: seven or more digits in a row once spacing is gone
    and Chinese, circled or full-width digits are read as digits."""
    digits = "".join(ch for ch in fold(text).translate(CHINESE_DIGITS) if is_kept(ch))
    return bool(_DIGIT_RUN.search(digits))
