"""eSpeak NG engine: real synthesis, exact phoneme/word timing, mixed-language joins."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.phoneme_map import viseme_for
from studio.phonetics.utterance import Utterance
from studio.phonetics.viseme import Viseme
from studio.speech.espeak import EspeakEngine, list_voices, voice_info
from studio.speech.segment import split_language_runs

GREETING = "你好，欢迎来到直播间"
MIXED = "这款 iPhone 16 Pro 手机壳只要九十九元 OK"
VOWELS = {Viseme.AA, Viseme.E, Viseme.I, Viseme.O, Viseme.U}
MS = SAMPLE_RATE // 1000


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


@pytest.fixture(scope="module")
def greeting(engine: EspeakEngine) -> Utterance:
    return engine.synthesize(GREETING)


@pytest.fixture(scope="module")
def mixed(engine: EspeakEngine) -> Utterance:
    return engine.synthesize(MIXED)


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) if x.size else 0.0


def _assert_timeline(utt: Utterance) -> None:
    """Phonemes are ordered, non-empty, contiguous and cover exactly the audio."""
    assert utt.phonemes
    assert utt.phonemes[0].start == 0
    assert utt.phonemes[-1].end == utt.num_samples
    for p, q in zip(utt.phonemes, utt.phonemes[1:], strict=False):
        assert p.start < p.end == q.start
    for w, v in zip(utt.words, utt.words[1:], strict=False):
        assert w.start <= w.end <= v.start
        assert w.char_end <= v.char_start
    for w in utt.words:
        assert 0 <= w.start <= w.end <= utt.num_samples
        assert utt.text[w.char_start : w.char_end] == w.text


def test_mandarin_greeting_timeline(greeting: Utterance) -> None:
    assert greeting.sample_rate == SAMPLE_RATE
    assert greeting.audio.dtype == np.int16 and greeting.audio.ndim == 1
    assert 0.8 <= greeting.num_samples / SAMPLE_RATE <= 5.0
    assert greeting.language == "zh"
    _assert_timeline(greeting)
    assert "".join(w.text for w in greeting.words) == "你好欢迎来到直播间"
    assert greeting.unknown_phonemes == {}


def test_mandarin_greeting_phonemes_in_order(greeting: Utterance) -> None:
    sounds = [p.phoneme.lstrip("',") for p in greeting.phonemes if p.viseme is not Viseme.SIL]
    # 你 n-i, 好 X-Au, 欢 X-ua-n, 迎 j-i-N, 来 l-ai, 到 t-Au, 直 ts.-i., 播 p-o, 间 tS;-iE-n
    expected = "n i X Au X ua n j i N l ai t Au ts. i. p o tS; iE n"
    assert sounds == expected.split(" ")


def test_audio_is_speech_like(greeting: Utterance) -> None:
    audio = greeting.audio
    vowels = np.concatenate(
        [audio[p.start : p.end] for p in greeting.phonemes if p.viseme in VOWELS]
    )
    pauses = [audio[p.start : p.end] for p in greeting.phonemes if p.viseme is Viseme.SIL]
    comma = max(pauses, key=len)  # the pause at "，"
    assert len(comma) > 50 * MS
    assert _rms(vowels) > 1000
    assert _rms(comma) < _rms(vowels) / 30


def test_bilabials_give_pp(engine: EspeakEngine) -> None:
    utt = engine.synthesize("买爸爸")
    sounds = [
        (p.phoneme.lstrip("',"), p.viseme) for p in utt.phonemes if p.viseme is not Viseme.SIL
    ]
    assert sounds[0] == ("m", Viseme.PP)
    assert [s for s, v in sounds if v is Viseme.PP] == ["m", "p", "p"]
    assert all(utt.text[w.char_start : w.char_end] in ("买", "爸爸", "爸") for w in utt.words)


def test_plosive_closures_are_quiet(engine: EspeakEngine) -> None:
    """p/ph spans fall on the closure: far quieter than vowels. Fails if times drift."""
    utt = engine.synthesize("爸爸买苹果，妈妈不怕，跑步排队，宝贝便宜，拍照片")
    vowel_rms = np.median(
        [_rms(utt.audio[p.start : p.end]) for p in utt.phonemes if p.viseme in VOWELS]
    )
    stops = [p for p in utt.phonemes if p.phoneme.lstrip("',") in ("p", "ph")]
    assert len(stops) >= 10
    for p in stops:
        assert _rms(utt.audio[p.start : p.end]) < 0.3 * vowel_rms, p
    # the vowel right after each stop is loud: the spans are not just all quiet
    nexts = [utt.phonemes[utt.phonemes.index(p) + 1] for p in stops]
    assert np.median([_rms(utt.audio[q.start : q.end]) for q in nexts]) > 0.6 * vowel_rms


def test_english_words_and_bilabials(engine: EspeakEngine) -> None:
    text = "Hello, buy more apples"
    utt = engine.synthesize(text)
    _assert_timeline(utt)
    assert utt.language == "en"
    assert [w.text for w in utt.words] == ["Hello", "buy", "more", "apples"]
    assert [(w.char_start, w.char_end) for w in utt.words] == [(0, 5), (7, 10), (11, 15), (16, 22)]
    pp = [p.phoneme for p in utt.phonemes if p.viseme is Viseme.PP]
    assert pp == ["b", "m", "p"]
    buy = utt.words[1]
    assert any(p.phoneme == "b" and buy.start <= p.start < buy.end for p in utt.phonemes)


def test_digit_named_vowels_are_kept(engine: EspeakEngine) -> None:
    """eSpeak names English ɒ "0" and ə "3": they are sounds, not tone numbers."""
    utt = engine.synthesize("hot dog, better", language="en")
    sounds = [(p.phoneme.lstrip("',"), p.viseme) for p in utt.phonemes]
    assert ("0", Viseme.O) in sounds
    assert ("3", Viseme.E) in sounds
    for w in utt.words:
        assert w.end > w.start


def test_mixed_text_uses_both_voices(mixed: Utterance) -> None:
    assert mixed.language == "zh+en"
    _assert_timeline(mixed)
    by_text = {w.text: w for w in mixed.words}
    assert MIXED[by_text["Pro"].char_start : by_text["Pro"].char_end] == "Pro"
    assert by_text["OK"].char_start == MIXED.index("OK")
    assert by_text["手"].char_start == MIXED.index("手")
    symbols = {p.phoneme.lstrip("',") for p in mixed.phonemes}
    assert {"ts.", "tS;"} <= symbols  # Mandarin voice: 这, 九
    assert {"aI", "oU"} <= symbols  # English voice: i(Phone), Pro
    assert mixed.unknown_phonemes == {}


def test_run_joins_are_seamless_but_punctuation_pauses(
    engine: EspeakEngine, mixed: Utterance
) -> None:
    words = {w.text: w for w in mixed.words}
    assert words["手"].start - words["Pro"].end < 30 * MS  # no eSpeak lead-out at the join
    utt = engine.synthesize("你好！Hello")
    first, second = utt.words
    assert 50 * MS <= second.start - first.end <= 150 * MS


def test_forced_language_uses_one_voice(engine: EspeakEngine) -> None:
    utt = engine.synthesize(MIXED, language="zh")
    assert utt.language == "zh"
    _assert_timeline(utt)
    assert engine.synthesize("Hello", language="en-us").language == "en"


def test_rate_changes_duration(engine: EspeakEngine) -> None:
    slow = engine.synthesize(GREETING, rate=120)
    fast = engine.synthesize(GREETING, rate=300)
    assert fast.num_samples < 0.7 * slow.num_samples


def test_long_passages_have_no_unknown_phonemes(engine: EspeakEngine) -> None:
    zh = engine.synthesize(
        "今天给大家带来一款非常实用的手机壳，采用环保材料，手感细腻，防摔耐磨，"
        "支持无线充电。日出时分，我们去公园散步，吃鱼，喝绿茶，耳机和雪花。"
    )
    en = engine.synthesize(
        "The thin judge was sure of the pleasure: a father's cup, bird, boy, cow, hair, "
        "tour, fire, hour, butter, button, little, water, vision, church, yes, ring."
    )
    assert zh.unknown_phonemes == {}
    assert en.unknown_phonemes == {}


def test_unknown_phonemes_are_counted_not_dropped(engine: EspeakEngine) -> None:
    utt = engine.synthesize("مرحبا بكم", voice="ar")  # Arabic: sounds outside zh/en tables
    _assert_timeline(utt)
    missing = [p.phoneme.lstrip("',") for p in utt.phonemes if viseme_for(p.phoneme, "ar") is None]
    assert missing, "expected Arabic phonemes outside the tables"
    assert sum(utt.unknown_phonemes.values()) == len(missing)
    assert set(utt.unknown_phonemes) == set(missing)


def test_voices(engine: EspeakEngine) -> None:
    names = list_voices()
    assert {"cmn", "en", "en-us"} <= set(names)
    assert any("zh" in v.languages for v in voice_info())
    utt = engine.synthesize("Hello", voice="en")  # British English for English runs
    assert utt.language == "en" and utt.num_samples > 0


def test_bad_input_is_reported(engine: EspeakEngine) -> None:
    for text in ("", "   \n"):
        with pytest.raises(InputError):
            engine.synthesize(text)
    with pytest.raises(InputError, match="voice"):
        engine.synthesize("hello", voice="en-nowhere")
    with pytest.raises(InputError):
        engine.synthesize("hello", rate=1000)
    with pytest.raises(InputError):
        engine.synthesize("hello", language="fr")


def test_concurrent_calls_are_serialised(engine: EspeakEngine) -> None:
    """The C library is global; concurrent calls must not mix their audio or events."""
    texts = [GREETING, "Hello, buy more apples", MIXED, "买爸爸"]
    expected = {t: engine.synthesize(t) for t in texts}
    results: dict[tuple[int, str], Utterance] = {}

    def work(k: int) -> None:
        for t in texts:
            results[(k, t)] = engine.synthesize(t)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(results) == 4 * len(texts)
    for (_, t), utt in results.items():
        ref = expected[t]
        assert [p.phoneme for p in utt.phonemes] == [p.phoneme for p in ref.phonemes]
        # eSpeak carries generator state between calls: lengths jitter by ~2 %
        assert abs(utt.num_samples - ref.num_samples) < 0.05 * ref.num_samples


# ------------------------------------------------------------------ segmentation


def _runs(text: str) -> list[tuple[str, str]]:
    runs = split_language_runs(text)
    assert "".join(r.text for r in runs) == text
    for r in runs:
        assert text[r.char_start : r.char_end] == r.text
    return [(r.text, r.language) for r in runs]


def test_split_mixed_product_line() -> None:
    assert _runs(MIXED) == [
        ("这款 ", "zh"),
        ("iPhone 16 Pro ", "en"),
        ("手机壳只要九十九元 ", "zh"),
        ("OK", "en"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("只要99元", [("只要99元", "zh")]),
        ("OK 99元", [("OK ", "en"), ("99元", "zh")]),
        ("A4纸", [("A4", "en"), ("纸", "zh")]),
        ("你好！Hello！", [("你好！", "zh"), ("Hello！", "en")]),
        ("“iPhone”很好", [("“iPhone”", "en"), ("很好", "zh")]),
        ("(限时) Sale 50% off", [("(限时) ", "zh"), ("Sale 50% off", "en")]),
        ("2024", [("2024", "zh")]),
        ("", []),
    ],
)
def test_split_rules(text: str, expected: list[tuple[str, str]]) -> None:
    assert _runs(text) == expected
