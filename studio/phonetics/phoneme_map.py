"""Phoneme symbol -> viseme class, for Mandarin and English (and French, German,
Spanish, Italian, Portuguese and Dutch eSpeak voices, for the pretraining corpus).

The symbols are what eSpeak NG reports in its phoneme events (its ASCII mnemonics,
e.g. ``tS;h`` for Mandarin tɕʰ or ``'aI`` for English /aɪ/) and what IPA-emitting
engines report (eSpeak's IPA mode, Piper). Both spellings live in the tables, so one
lookup serves every engine. Stress marks, length marks and tone numbers carry no
mouth-shape information and are stripped before lookup.

A symbol the tables do not know is never dropped: :func:`viseme_or_fallback` gives it a
safe class (vowel-like -> ``E``, consonant-like -> ``DD``) and counts it, so a new voice
or engine shows up as a measurable gap instead of a silent mouth.
"""

from __future__ import annotations

import unicodedata

from studio.phonetics.viseme import Viseme

V = Viseme

#: Symbols meaning "no sound here" in every language (eSpeak pauses, IPA breaks).
_PAUSES: frozenset[str] = frozenset(
    {"", "_", "_:", "_::", "_!", "_|", "||", "|", "_^_", "_;_", "_X1"}
)

#: Stress marks: eSpeak's ' , % = and IPA's ˈ ˌ. Prefixes only; they never change shape.
_STRESS = "'\",%=ˈˌ"
#: Length marks: eSpeak's ':' (only after a failed exact lookup: "i:" is a name) and IPA.
_LENGTH = ":ːˑ"
#: Tone digits (eSpeak tone phonemes are named 11, 214, 55 ...) and IPA tone letters.
_TONE_LETTERS = "˥˦˧˨˩"
_TONES = "0123456789" + _TONE_LETTERS

#: Letters that make a symbol vowel-like (IPA plus eSpeak's ASCII vowel mnemonics).
_VOWEL_CHARS = frozenset("aeiouyæɑɒɐəɘɛɜɞɪʊʌɔɤɯøœɶɵʏɨʉɚɝ@3AEIOUVY&")

# fmt: off
# Consonants shared by both languages, in eSpeak mnemonics and IPA.
_COMMON: dict[str, Viseme] = {
    # lips closed
    "p": V.PP, "b": V.PP, "m": V.PP, "ph": V.PP, "pʰ": V.PP, "m-": V.PP,
    # lower lip to teeth
    "f": V.FF, "v": V.FF, "ɱ": V.FF, "ɸ": V.FF, "β": V.FF, "B": V.FF,
    # tongue between teeth
    "T": V.TH, "D": V.TH, "θ": V.TH, "ð": V.TH,
    # tongue tip at the ridge
    "t": V.DD, "d": V.DD, "n": V.DD, "l": V.DD, "th": V.DD, "tʰ": V.DD,
    "n-": V.DD, "l-": V.DD, "ɾ": V.DD, "ɫ": V.DD, "t[": V.DD, "d[": V.DD, "*": V.DD,
    # back of the tongue, glottal
    "k": V.KK, "g": V.KK, "ɡ": V.KK, "N": V.KK, "ŋ": V.KK, "h": V.KK, "x": V.KK,
    "X": V.KK, "kh": V.KK, "kʰ": V.KK, "ɣ": V.KK, "χ": V.KK, "Q": V.KK, "?": V.KK,
    "ʔ": V.KK, "N-": V.KK, "ɦ": V.KK, "c": V.KK, "J": V.KK,
    # post-alveolar / palatal / retroflex sibilants
    "S": V.CH, "Z": V.CH, "tS": V.CH, "dZ": V.CH, "ʃ": V.CH, "ʒ": V.CH, "tʃ": V.CH,
    "dʒ": V.CH, "tS;": V.CH, "tS;h": V.CH, "S;": V.CH, "Z;": V.CH, "dZ;": V.CH,
    "ts.": V.CH, "ts.h": V.CH, "s.": V.CH, "z.": V.CH, "tɕ": V.CH, "tɕʰ": V.CH,
    "ɕ": V.CH, "ʑ": V.CH, "tɕh": V.CH, "ʈʂ": V.CH, "ʈʂʰ": V.CH, "ʂ": V.CH, "ʐ": V.CH, "C": V.CH,
    "ç": V.CH,
    # alveolar / dental sibilants
    "s": V.SS, "z": V.SS, "ts": V.SS, "tsh": V.SS, "tsʰ": V.SS, "dz": V.SS,
    # r-sounds
    "r": V.RR, "r/": V.RR, "R": V.RR, "ɹ": V.RR, "ɻ": V.RR, "r-": V.RR, "ɝ": V.RR,
    # glides: shaped like the vowel they start from
    "j": V.I, "w": V.U, "ɥ": V.U,
}

# Mandarin (eSpeak voice `cmn`, phoneme table "cmn" over "base1"). Diphthongs and
# triphthongs take the class of their nucleus, the most open part of the syllable.
_MANDARIN: dict[str, Viseme] = {
    "a": V.AA, "A": V.AA, "ai": V.AA, "Au": V.AA, "iA": V.AA, "iAu": V.AA,
    "ua": V.AA, "uA": V.AA, "uai": V.AA,
    "ɑ": V.AA, "aɪ": V.AA, "ɑu": V.AA, "ɑʊ": V.AA, "aʊ": V.AA,
    "@": V.E, "@r": V.E, "E": V.E, "e": V.E, "ei": V.E, "iE": V.E, "o-": V.E,
    "uei": V.E, "u@": V.E, "y&": V.E, "yE": V.E, "y@": V.E,
    "ə": V.E, "ɤ": V.E, "ɛ": V.E, "ɚ": V.E, "ər": V.E, "eɪ": V.E, "iɛ": V.E, "yɛ": V.E,
    "i": V.I, "i[": V.I, "i.": V.I, "yi": V.I, "ɿ": V.I, "ʅ": V.I, "ɨ": V.I,
    "o": V.O, "ou": V.O, "uo": V.O, "io": V.O, "iou": V.O, "ɔ": V.O, "oʊ": V.O,
    "u": V.U, "y": V.U, "yu": V.U, "ong": V.U, "ʊ": V.U, "ʊŋ": V.U,
}

# English (eSpeak voices `en`, `en-us`; also eSpeak/Piper IPA).
_ENGLISH: dict[str, Viseme] = {
    "a": V.AA, "aa": V.AA, "a2": V.AA, "a#": V.AA, "a#2": V.AA, "A:": V.AA, "A@": V.AA,
    "A#": V.AA, "A~": V.AA, "V": V.AA, "aI": V.AA, "aU": V.AA, "aI@": V.AA, "aI3": V.AA,
    "aU@": V.AA, "VR": V.AA,
    "æ": V.AA, "ɑ": V.AA, "ɐ": V.AA, "ʌ": V.AA, "aɪ": V.AA, "aʊ": V.AA, "ɑɹ": V.AA,
    "E": V.E, "E#": V.E, "E2": V.E, "e": V.E, "e:": V.E, "e#": V.E, "e@": V.E, "eI": V.E,
    "@": V.E, "@2": V.E, "@5": V.E, "@#": V.E, "@-": V.E, "3": V.E,
    "ɛ": V.E, "ə": V.E, "ɚ": V.E, "eɪ": V.E, "ɛɹ": V.E, "ᵻ": V.E,
    "I": V.I, "I#": V.I, "I2": V.I, "I2#": V.I, "i": V.I, "i:": V.I, "i@": V.I,
    "i@3": V.I, "IR": V.I,
    "ɪ": V.I, "ɪɹ": V.I, "iə": V.I,
    "0": V.O, "0#": V.O, "02": V.O, "O": V.O, "O:": V.O, "O2": V.O, "O@": V.O, "o@": V.O,
    "o:": V.O, "OI": V.O, "oU": V.O, "oU#": V.O, "O~": V.O,
    "ɒ": V.O, "ɔ": V.O, "o": V.O, "oʊ": V.O, "ɔɪ": V.O, "ɔɹ": V.O, "oɹ": V.O, "əʊ": V.O,
    "U": V.U, "u:": V.U, "U@": V.U, "u": V.U, "ʊ": V.U, "ʊɹ": V.U, "w#": V.U,
    "3:": V.RR, "ɜ": V.RR, "ɜː": V.RR,
    "t#": V.DD, "t2": V.DD, "d#": V.DD, "@L": V.DD, "əl": V.DD, "z#": V.SS, "z/2": V.SS,
}

#: For a language without its own table: the shared consonants, then English vowels.
_GENERIC: dict[str, Viseme] = {**_MANDARIN, **_ENGLISH, **_COMMON}

# Other eSpeak NG languages (the pretraining corpus may include them, see synth_corpus).
# Each is the generic table plus what the generic one lacks or gets wrong for it: front
# rounded vowels are rounded (close ones like U, mid/open ones like O), a nasal vowel
# takes its oral vowel's shape, uvular r is a back-of-tongue sound (no lip rounding, KK),
# trilled/tapped r and palatal n/l are tongue-tip sounds (DD). IPA spellings included.
# ";" is eSpeak's palatalisation of the consonant before it: a tongue gesture, like DD.
_ROUNDED_FRONT: dict[str, Viseme] = {"ø": V.O, "œ": V.O, "ʏ": V.U, "ʁ": V.KK, "ɲ": V.DD,
                                     "ʎ": V.DD, ";": V.DD}
_FRENCH: dict[str, Viseme] = {
    "Y": V.O, "W": V.O, "W~": V.O, "E~": V.E, "A~": V.AA, "O~": V.O, "y": V.U, "H": V.U,
    "r": V.KK, "R": V.KK, "n^": V.DD, "e-": V.E, "a-": V.AA, "E-": V.E, "y-": V.U,
    "l/": V.DD, "l/2": V.DD, "j/": V.I, "j.": V.I, "w/": V.U,
    "œ̃": V.O, "ɛ̃": V.E, "ɑ̃": V.AA, "ɔ̃": V.O,
}
_GERMAN: dict[str, Viseme] = {
    "Y:": V.O, "Y": V.U, "y": V.U, "W": V.O, "OY": V.O, "UR": V.U, "r": V.KK, "R": V.KK,
    "C": V.CH, "W~": V.O, "iR": V.I, "l/": V.DD, "g#": V.KK, "pF": V.PP, "ɔʏ": V.O,
}
_SPANISH: dict[str, Viseme] = {
    "r": V.DD, "R": V.DD, "R2": V.DD, "**": V.DD, "n^": V.DD, "l^": V.DD, "J^": V.CH,
    "x": V.KK, "v#": V.FF, "a/": V.AA, "e/": V.E, "o/": V.O,
}
_ITALIAN: dict[str, Viseme] = {
    "r": V.DD, "R": V.DD, "n^": V.DD, "l^": V.DD, "ss": V.SS, "a/": V.AA, "e/": V.E,
    "i/": V.I, "o/": V.O, "i#": V.I, "k~": V.KK, "g~": V.KK, "Q~": V.KK, "tS~": V.CH,
    "dZ~": V.CH, "S~": V.CH,
}
_PORTUGUESE: dict[str, Viseme] = {
    "&": V.AA, "&~": V.AA, "&U~": V.AA, "&I~": V.AA, "a~": V.AA, "e~": V.E, "E~": V.E,
    "i~": V.I, "o~": V.O, "O~": V.O, "u~": V.U, "U~": V.U, "oI~": V.O, "u~I~": V.U,
    "&/": V.AA, "i/": V.I, "s#": V.CH, "z#": V.CH, "r": V.DD, "R": V.KK, "n^": V.DD, "l^": V.DD, ";": V.DD,
    "ɐ̃": V.AA, "ɐ̃w̃": V.AA,
}
_DUTCH: dict[str, Viseme] = {
    "Y": V.O, "Y:": V.O, "Wy": V.O, "W": V.O, "8": V.U, "VU": V.AA, "v#": V.FF, "!": V.SIL,
    "n^": V.DD,
    "œy": V.O, "ʌu": V.AA,
}

_LANGUAGE_TABLES: dict[str, dict[str, Viseme]] = {
    "zh": {**_COMMON, **_MANDARIN},
    "en": {**_COMMON, **_ENGLISH},
    "fr": {**_GENERIC, **_ROUNDED_FRONT, **_FRENCH},
    "de": {**_GENERIC, **_ROUNDED_FRONT, **_GERMAN},
    "es": {**_GENERIC, **_ROUNDED_FRONT, **_SPANISH},
    "it": {**_GENERIC, **_ROUNDED_FRONT, **_ITALIAN},
    "pt": {**_GENERIC, **_ROUNDED_FRONT, **_PORTUGUESE},
    "nl": {**_GENERIC, **_ROUNDED_FRONT, **_DUTCH},
}

#: Openness rank of single vowel letters, to classify an unlisted vowel cluster by its
#: nucleus (the most open vowel), the way the tables above treat diphthongs.
_NUCLEUS: dict[str, tuple[int, Viseme]] = {
    "a": (3, V.AA), "ɑ": (3, V.AA), "æ": (3, V.AA), "ɐ": (3, V.AA), "ʌ": (3, V.AA),
    "A": (3, V.AA), "o": (2, V.O), "ɔ": (2, V.O), "ɒ": (2, V.O), "O": (2, V.O),
    "e": (2, V.E), "ɛ": (2, V.E), "ə": (2, V.E), "ɤ": (2, V.E), "E": (2, V.E),
    "@": (2, V.E), "i": (1, V.I), "ɪ": (1, V.I), "ɨ": (1, V.I), "I": (1, V.I),
    "u": (1, V.U), "ʊ": (1, V.U), "y": (1, V.U), "ʏ": (1, V.U), "ɯ": (1, V.U), "U": (1, V.U),
}
# fmt: on


def table_language(language: str) -> str:
    """The table key for a language or voice name: "cmn", "zh-CN" -> "zh"; "en-us" -> "en"."""
    code = language.strip().lower().replace("_", "-")
    if code.startswith(("zh", "cmn")):
        return "zh"
    if code.startswith("en"):
        return "en"
    # "fr-be", "pt-br+m1": a voice (and variant) of a language with its own table
    base = code.split("+", 1)[0].split("-", 1)[0]
    return base if base in _LANGUAGE_TABLES else code


def is_marker(symbol: str) -> bool:
    """True for events that are not sounds: eSpeak voice switches "(en)", bare IPA tone
    letters or stress marks. Digits alone are *not* markers: "0" and "3" are English vowels."""
    s = symbol.strip()
    if s.startswith("(") and s.endswith(")"):
        return True
    return bool(s) and all(ch in _TONE_LETTERS or ch in _STRESS for ch in s)


def is_pause(symbol: str) -> bool:
    """True for pause symbols ("_", "_:", "_|", "||" ...), which map to silence."""
    s = symbol.strip().lstrip(_STRESS)
    return s in _PAUSES or s.startswith("_")


def _strip_marks(symbol: str) -> str:
    """Drop length marks, tone numbers/letters, combining tone diacritics."""
    kept = [ch for ch in symbol if ch not in _LENGTH and ch not in _TONES]
    return unicodedata.normalize("NFC", "".join(kept))


def _strip_diacritics(symbol: str) -> str:
    """Drop combining marks and superscript modifiers (ʰ ʲ ʷ ̃ ̪): they barely move the lips."""
    decomposed = unicodedata.normalize("NFD", symbol)
    kept = [
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch) != "Lm"
    ]
    return "".join(kept)


def _by_nucleus(symbol: str) -> Viseme | None:
    """Class of an unlisted all-vowel cluster (e.g. IPA "iau") by its most open vowel."""
    if not symbol or any(ch not in _NUCLEUS for ch in symbol):
        return None
    return max((_NUCLEUS[ch] for ch in symbol), key=lambda rank_viseme: rank_viseme[0])[1]


def viseme_for(phoneme: str, language: str) -> Viseme | None:
    """The viseme of an eSpeak mnemonic or IPA symbol, or None when the tables lack it.

    Tries the symbol as written (minus stress), then without length/tone marks, then
    without diacritics, then by the nucleus of a vowel cluster.
    """
    if is_pause(phoneme):
        return Viseme.SIL
    table = _LANGUAGE_TABLES.get(table_language(language), _GENERIC)
    bare = phoneme.strip().lstrip(_STRESS)
    for candidate in (bare, _strip_marks(bare), _strip_diacritics(_strip_marks(bare))):
        if candidate in table:
            return table[candidate]
    return _by_nucleus(_strip_diacritics(_strip_marks(bare)))


def fallback_viseme(phoneme: str) -> Viseme:
    """A safe class for an unknown symbol: half-open ``E`` if vowel-like, else ``DD``."""
    return Viseme.E if any(ch in _VOWEL_CHARS for ch in phoneme) else Viseme.DD


def normalize_symbol(phoneme: str) -> str:
    """The symbol without stress marks: the key under which unknowns are counted."""
    return phoneme.strip().lstrip(_STRESS)


def viseme_or_fallback(
    phoneme: str, language: str, unknown: dict[str, int] | None = None
) -> Viseme:
    """:func:`viseme_for`, falling back to :func:`fallback_viseme` and counting the miss.

    ``unknown`` (e.g. ``Utterance.unknown_phonemes``) gets ``symbol -> count`` for each
    symbol that needed the fallback, so gaps in the tables are visible, not silent.
    """
    viseme = viseme_for(phoneme, language)
    if viseme is not None:
        return viseme
    if unknown is not None:
        key = normalize_symbol(phoneme)
        unknown[key] = unknown.get(key, 0) + 1
    return fallback_viseme(phoneme)
