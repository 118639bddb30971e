"""Phoneme -> viseme tables for eSpeak mnemonics and IPA, Mandarin and English."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from studio.phonetics.phoneme_map import (
    fallback_viseme,
    is_marker,
    is_pause,
    table_language,
    viseme_for,
    viseme_or_fallback,
)
from studio.phonetics.viseme import Viseme as V


# fmt: off
@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        # bilabials, labiodental (eSpeak mnemonic and IPA)
        ("p", V.PP), ("ph", V.PP), ("pʰ", V.PP), ("m", V.PP), ("f", V.FF),
        # alveolars, velars
        ("t", V.DD), ("th", V.DD), ("tʰ", V.DD), ("n", V.DD), ("l", V.DD),
        ("k", V.KK), ("kh", V.KK), ("kʰ", V.KK), ("X", V.KK), ("x", V.KK), ("N", V.KK),
        # palatals and retroflexes
        ("tS;", V.CH), ("tS;h", V.CH), ("S;", V.CH), ("tɕ", V.CH), ("tɕʰ", V.CH), ("ɕ", V.CH),
        ("ts.", V.CH), ("ts.h", V.CH), ("s.", V.CH), ("z.", V.CH),
        ("ʈʂ", V.CH), ("ʈʂʰ", V.CH), ("ʂ", V.CH), ("ʐ", V.CH),
        # dental sibilants
        ("ts", V.SS), ("tsh", V.SS), ("tsʰ", V.SS), ("s", V.SS),
        # vowels and diphthongs by nucleus
        ("a", V.AA), ("A", V.AA), ("ai", V.AA), ("Au", V.AA), ("ua", V.AA), ("iA", V.AA),
        ("@", V.E), ("o-", V.E), ("ɤ", V.E), ("ə", V.E), ("iE", V.E), ("uei", V.E),
        ("i", V.I), ("i.", V.I), ("i[", V.I),
        ("o", V.O), ("uo", V.O), ("iou", V.O), ("ou", V.O),
        ("u", V.U), ("y", V.U), ("yu", V.U),
    ],
)
def test_mandarin_symbols(symbol: str, expected: V) -> None:
    assert viseme_for(symbol, "zh") is expected


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        ("b", V.PP), ("p", V.PP), ("m", V.PP), ("f", V.FF), ("v", V.FF),
        ("T", V.TH), ("D", V.TH), ("θ", V.TH), ("ð", V.TH),
        ("d", V.DD), ("t#", V.DD), ("@L", V.DD), ("g", V.KK), ("N", V.KK), ("h", V.KK),
        ("tS", V.CH), ("dZ", V.CH), ("S", V.CH), ("Z", V.CH), ("ʃ", V.CH),
        ("s", V.SS), ("z", V.SS), ("r", V.RR), ("ɹ", V.RR), ("3:", V.RR),
        ("a", V.AA), ("aI", V.AA), ("V", V.AA), ("A:", V.AA), ("æ", V.AA), ("ʌ", V.AA),
        ("E", V.E), ("eI", V.E), ("@", V.E),
        ("I", V.I), ("i:", V.I), ("ɪ", V.I),
        ("0", V.O), ("O:", V.O), ("oU", V.O), ("ɔ", V.O),
        ("U", V.U), ("u:", V.U), ("w", V.U), ("ʊ", V.U),
    ],
)
# fmt: on
def test_english_symbols(symbol: str, expected: V) -> None:
    assert viseme_for(symbol, "en-us") is expected


@pytest.mark.parametrize(
    ("symbol", "language", "expected"),
    [
        ("'Au", "zh", V.AA),  # eSpeak primary stress
        (",iou", "zh", V.O),  # eSpeak secondary stress
        ("ˈa", "zh", V.AA),  # IPA stress
        ("a55", "zh", V.AA),  # tone number
        ("a˥˩", "zh", V.AA),  # IPA tone letters
        ("iː", "en", V.I),  # IPA length
        ("u:", "zh", V.U),  # eSpeak length, not a Mandarin name
        ("i̪", "zh", V.I),  # combining diacritic
        ("iau", "zh", V.AA),  # unlisted cluster: most open vowel
        ("'aI", "en", V.AA),
    ],
)
def test_marks_are_stripped_before_lookup(symbol: str, language: str, expected: V) -> None:
    assert viseme_for(symbol, language) is expected


@pytest.mark.parametrize("symbol", ["_", "_:", "_|", "_!", "||", "", "_::"])
def test_pauses_are_silence(symbol: str) -> None:
    assert is_pause(symbol)
    assert viseme_for(symbol, "zh") is V.SIL
    assert viseme_for(symbol, "en") is V.SIL


def test_markers_are_not_phonemes() -> None:
    assert is_marker("(en)") and is_marker("(cmn)") and is_marker("˥˩") and is_marker("'")
    assert not is_marker("a") and not is_marker("_") and not is_marker("t2")
    assert not is_marker("0") and not is_marker("'3")  # English vowels ɒ and ə, not tones


def test_language_aliases() -> None:
    assert table_language("cmn") == table_language("zh-CN") == "zh"
    assert table_language("en-us") == table_language("EN_GB") == "en"
    assert viseme_for("a", "de") is V.AA  # other languages use the generic table


# fmt: off
@pytest.mark.parametrize(
    ("symbol", "language", "expected"),
    [
        # French: front rounded vowels are rounded, nasal vowels shaped like their oral
        # vowel, uvular r has no lip rounding, palatal n is a tongue sound
        ("'y", "fr", V.U), ("'Y", "fr", V.O), ("W", "fr", V.O), ("'W~", "fr", V.O),
        ("'E~", "fr", V.E), ("A~", "fr", V.AA), ("O~", "fr", V.O), ("r", "fr", V.KK),
        ("n^", "fr", V.DD), ("ø", "fr", V.O), ("œ", "fr", V.O), ("ɛ̃", "fr", V.E),
        ("ʁ", "fr", V.KK),
        # German: ø: and ɔʏ rounded, ʏ close rounded
        ("'Y:", "de", V.O), ("'OY", "de", V.O), ("Y", "de", V.U), ("pF", "de", V.PP),
        # Spanish / Italian: tapped and trilled r, palatal n and l are tongue-tip sounds
        ("**", "es", V.DD), ("R2", "es", V.DD), ("l^", "es", V.DD), ("n^", "it", V.DD),
        ("ɲ", "it", V.DD), ("ʎ", "it", V.DD),
        # Portuguese: ɐ and its nasal diphthongs open, nasal u rounded, coda s# like ʃ
        ("&", "pt", V.AA), ("'&U~", "pt", V.AA), ("u~", "pt", V.U), ("s#", "pt", V.CH),
        # Dutch
        ("'VU", "nl", V.AA), ("8", "nl", V.U), ("Wy", "nl", V.O),
        # the lips close for p/b/m in every language
        ("p", "fr", V.PP), ("b", "de", V.PP), ("m", "pt", V.PP),
    ],
)
# fmt: on
def test_other_language_symbols(symbol: str, language: str, expected: V) -> None:
    assert viseme_for(symbol, language) is expected


def test_other_language_voice_names_pick_their_table() -> None:
    assert table_language("fr-be+m1") == table_language("fr") == "fr"
    assert table_language("pt-br") == table_language("pt+f2") == "pt"
    assert table_language("es-419") == "es"
    assert table_language("sv") == "sv"  # no table: the generic one
    assert viseme_for("W", "fr-ch+klatt") is V.O
    assert viseme_for("r", "sv") is V.RR  # generic table unchanged
    # Mandarin and English are untouched by the other languages' tables
    assert viseme_for("y", "zh") is V.U and viseme_for("r", "en") is V.RR
    assert viseme_for("W", "en") is None and viseme_for("&", "zh") is None


def test_unknown_symbol_falls_back_and_is_counted() -> None:
    unknown: dict[str, int] = {}
    assert viseme_for("ɵ", "en") is None
    assert viseme_for("ʕ", "zh") is None
    assert viseme_or_fallback("ɵ", "en", unknown) is V.E  # vowel-like
    assert viseme_or_fallback("ʕ", "zh", unknown) is V.DD  # consonant-like
    assert viseme_or_fallback("'ʕ", "zh", unknown) is V.DD  # counted without the stress
    assert viseme_or_fallback("p", "zh", unknown) is V.PP  # known: not counted
    assert unknown == {"ɵ": 1, "ʕ": 2}


def test_fallback_classes() -> None:
    assert fallback_viseme("Q^") is V.DD
    assert fallback_viseme("@7") is V.E


def _phontab_entries(table: str) -> list[tuple[str, int]]:
    """(mnemonic, type) of the phonemes a table in eSpeak's phontab defines itself."""
    loader = pytest.importorskip("espeakng_loader")
    data = (Path(loader.get_data_path()) / "phontab").read_bytes()
    pos = 4
    for _ in range(data[0]):
        count = data[pos]
        name = data[pos + 4 : pos + 36].split(b"\0")[0].decode()
        pos += 36
        entries = []
        for i in range(count):
            mnemonic, _flags, _prog, _code, kind = struct.unpack_from("<IIHBB", data, pos + 16 * i)
            symbol = struct.pack("<I", mnemonic).rstrip(b"\0").decode("latin-1")
            entries.append((symbol, kind))
        pos += 16 * count
        if name == table:
            return entries
    raise AssertionError(f"phoneme table {table} not in phontab")


_PAUSE, _STRESS, _VIRTUAL = 0, 1, 9


@pytest.mark.parametrize(("table", "language"), [("cmn", "zh"), ("en", "en"), ("en-us", "en")])
def test_every_phoneme_of_the_espeak_table_is_mapped(table: str, language: str) -> None:
    """Every sound the bundled eSpeak table defines has a real viseme, no fallback."""
    sounds = [s for s, kind in _phontab_entries(table) if s and kind not in (_STRESS, _VIRTUAL)]
    assert len(sounds) > 20
    missing = [s for s in sounds if viseme_for(s, language) is None]
    assert missing == []
    for s, kind in _phontab_entries(table):
        if s and kind == _PAUSE:
            assert viseme_for(s, language) is V.SIL


@pytest.mark.parametrize(
    ("table", "language"),
    [("fr", "fr"), ("de", "de"), ("es", "es"), ("es-la", "es"), ("it", "it"), ("pt", "pt"),
     ("pt-pt", "pt"), ("nl", "nl")],
)  # fmt: skip
def test_every_phoneme_of_the_other_espeak_tables_is_mapped(table: str, language: str) -> None:
    """The languages the pretraining corpus may add (tables over eSpeak's base tables,
    which the generic table covers): no fallback either."""
    entries = _phontab_entries(table)
    sounds = [s for s, kind in entries if s and kind not in (_STRESS, _VIRTUAL, _PAUSE)]
    assert sounds
    assert [s for s in sounds if viseme_for(s, language) is None] == []
    for s, kind in entries:
        if s and kind == _PAUSE:
            assert viseme_for(s, language) is V.SIL
