"""Piper neural English: real synthesis with the bundled voice, alignments as timelines."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.utterance import Utterance
from studio.phonetics.viseme import Viseme
from studio.speech.engine import get_engine
from studio.speech.ipa_timeline import align_words, timed_units
from studio.speech.piper import PiperEngine

VOWELS = {Viseme.AA, Viseme.E, Viseme.I, Viseme.O, Viseme.U}
MS = SAMPLE_RATE // 1000


@pytest.fixture(scope="module")
def piper() -> PiperEngine:
    engine = get_engine("piper")
    assert isinstance(engine, PiperEngine)
    return engine


@pytest.fixture(scope="module")
def apples(piper: PiperEngine) -> Utterance:
    return piper.synthesize("Hello, buy more apples.")


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) if x.size else 0.0


def _assert_timeline(utt: Utterance) -> None:
    assert utt.sample_rate == SAMPLE_RATE and utt.audio.dtype == np.int16
    assert utt.phonemes[0].start == 0 and utt.phonemes[-1].end == utt.num_samples
    for p, q in zip(utt.phonemes, utt.phonemes[1:], strict=False):
        assert p.start < p.end == q.start
    for w, v in zip(utt.words, utt.words[1:], strict=False):
        assert w.start <= w.end <= v.start and w.char_end <= v.char_start
    for w in utt.words:
        assert utt.text[w.char_start : w.char_end] == w.text


def test_words_phonemes_and_visemes(apples: Utterance) -> None:
    _assert_timeline(apples)
    assert apples.language == "en" and apples.unknown_phonemes == {}
    assert [(w.text, w.char_start, w.char_end) for w in apples.words] == [
        ("Hello", 0, 5),
        ("buy", 7, 10),
        ("more", 11, 15),
        ("apples", 16, 22),
    ]
    sounds = [p.phoneme.lstrip("ˈˌ") for p in apples.phonemes if p.viseme is not Viseme.SIL]
    assert sounds[:4] == ["h", "ə", "l", "o"]
    pp = [p for p in apples.phonemes if p.viseme is Viseme.PP]
    assert [p.phoneme for p in pp] == ["b", "m", "p"]
    for p, word in zip(pp, apples.words[1:], strict=True):  # b in buy, m in more, p in apples
        assert word.start <= p.start < word.end
    assert 1.0 < apples.num_samples / SAMPLE_RATE < 3.0


def test_alignment_matches_the_audio(piper: PiperEngine) -> None:
    """Pauses are silent and voiceless stops quiet: fails if the times drift."""
    utt = piper.synthesize(
        "Pick a pretty cup, put it up. Take the pink top, tap it, keep it. Stop, pop, tip."
    )
    _assert_timeline(utt)
    vowel = np.median(
        [_rms(utt.audio[p.start : p.end]) for p in utt.phonemes if p.viseme in VOWELS]
    )
    pauses = [p for p in utt.phonemes[1:-1] if p.viseme is Viseme.SIL and p.end - p.start > 80 * MS]
    assert len(pauses) >= 5  # the commas and full stops
    for p in pauses:
        assert _rms(utt.audio[p.start : p.end]) < 0.3 * vowel
    stops = [p for p in utt.phonemes if p.phoneme.lstrip("ˈˌ") in ("p", "t", "k")]
    assert len(stops) >= 20
    assert np.median([_rms(utt.audio[p.start : p.end]) for p in stops]) < 0.5 * vowel


def test_merged_words_are_split_back(piper: PiperEngine) -> None:
    """espeak phonemizes "of the" as one word (ʌvðə); each still gets its own time."""
    text = "A cup of the best coffee in the world."
    utt = piper.synthesize(text)
    _assert_timeline(utt)
    assert [w.text for w in utt.words] == text.rstrip(".").split()
    for w in utt.words:
        assert w.end - w.start > 20 * MS, w


def test_numbers_are_normalised_and_mapped_back(piper: PiperEngine) -> None:
    text = "The iPhone 16 Pro costs only $19.99 today."
    utt = piper.synthesize(text)
    _assert_timeline(utt)
    words = {w.text: w for w in utt.words}
    assert set(words) >= {"iPhone", "16", "Pro", "$19.99", "today"}
    price = words["$19.99"]
    assert price.end - price.start > 1500 * MS  # nineteen dollars and ninety-nine cents
    assert (price.char_start, price.char_end) == (text.index("$"), text.index(" today"))


def test_rate_and_volume(piper: PiperEngine, apples: Utterance) -> None:
    fast = piper.synthesize("Hello, buy more apples.", rate=300)
    assert fast.num_samples < 0.8 * apples.num_samples
    quiet = piper.synthesize("Hello, buy more apples.", volume=50)
    assert np.abs(quiet.audio).max() < 0.6 * np.abs(apples.audio).max()


def test_stream_per_sentence(piper: PiperEngine) -> None:
    parts = list(piper.synthesize_stream("Hi there. Buy two, get one free!"))
    assert [p.text for p in parts] == ["Hi there.", "Buy two, get one free!"]
    assert parts[1].text_offset == 10
    for p in parts:
        _assert_timeline(p)


def test_piper_refuses_what_it_cannot_do(piper: PiperEngine) -> None:
    with pytest.raises(InputError, match="does not speak Chinese"):
        piper.synthesize("你好，欢迎")
    with pytest.raises(InputError, match="speaks 'en' only"):
        piper.synthesize("hello", language="zh")
    with pytest.raises(InputError, match="pitch"):
        piper.synthesize("hello", pitch=80)
    with pytest.raises(InputError, match="rate"):
        piper.synthesize("hello", rate=10)
    assert piper.list_voices() == ["joe"]


def test_align_words_handles_merges_and_splits() -> None:
    sentence = list("ɐ kˈʌp ʌvðə bˈɛst.")
    words = [list("ɐ"), list("kˈʌp"), list("ʌv"), list("ðə"), list("bˈɛst")]
    labels = align_words(sentence, words)
    by_word: dict[int, str] = {}
    for ch, lab in zip(sentence, labels, strict=True):
        if lab is not None:
            by_word[lab] = by_word.get(lab, "") + ch
    assert by_word == {0: "ɐ", 1: "kˈʌp", 2: "ʌv", 3: "ðə", 4: "bˈɛst"}
    split = align_words(list("ˈaɪ fˈoʊn"), [list("ˈaɪfoʊn")])
    assert [lab for ch, lab in zip("ˈaɪ fˈoʊn", split, strict=True) if ch != " "] == [0] * 8


def test_timed_units_merge_marks_and_share_short_gaps() -> None:
    phonemes = list("bˈaɪ mˈɔːɹ,")
    labels = [0, 0, 0, 0, None, 1, 1, 1, 1, 1, None]
    samples = [100, 10, 200, 100, 300, 100, 10, 200, 50, 100, 4000]
    units = timed_units(phonemes, labels, samples, lead=500, tail=1000, rate=22050)
    assert [(u.symbol, u.start, u.end) for u in units] == [
        ("_", 0, 500),
        ("b", 500, 600),
        ("ˈa", 600, 810),
        ("ɪ", 810, 1060),  # + half of the 300-sample word gap
        ("m", 1060, 1310),  # the other half, before the stressed vowel's mark
        ("ˈɔː", 1310, 1570),
        ("ɹ", 1570, 1670),
        ("_", 1670, 6670),  # the comma and the tail
    ]
