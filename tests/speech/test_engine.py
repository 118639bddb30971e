"""The shared speech pipeline, driven through the real eSpeak NG engine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.core.errors import DependencyError, InputError
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.utterance import Utterance
from studio.phonetics.viseme import Viseme
from studio.speech.cache import SynthesisCache
from studio.speech.engine import (
    LONG_TEXT_CHARS,
    SENTENCE_GAP_MS,
    SpeechEngine,
    available_engines,
    get_engine,
)
from studio.speech.espeak import EspeakEngine

MS = SAMPLE_RATE // 1000
PRICE_LINE = "只要¥199.9，满300减50！"


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def assert_timeline(utt: Utterance) -> None:
    """Phonemes cover the audio contiguously; words are ordered slices of ``utt.text``."""
    assert utt.phonemes[0].start == 0 and utt.phonemes[-1].end == utt.num_samples
    for p, q in zip(utt.phonemes, utt.phonemes[1:], strict=False):
        assert p.start < p.end == q.start
    for w, v in zip(utt.words, utt.words[1:], strict=False):
        assert w.end <= v.start and w.char_end <= v.char_start
    for w in utt.words:
        assert utt.text[w.char_start : w.char_end] == w.text
        assert 0 <= w.start <= w.end <= utt.num_samples


def test_engines_share_one_interface() -> None:
    assert available_engines() == ["espeak", "piper", "coqui"]
    engine = get_engine("espeak")
    assert isinstance(engine, SpeechEngine) and isinstance(engine, EspeakEngine)
    assert "cmn" in engine.list_voices()
    with pytest.raises(InputError, match="Unknown speech engine"):
        get_engine("festival")


def test_numbers_are_spoken_and_words_point_into_the_original(engine: EspeakEngine) -> None:
    utt = engine.synthesize(PRICE_LINE)
    assert utt.text == PRICE_LINE
    assert_timeline(utt)
    assert [w.text for w in utt.words] == ["只", "要", "¥199.9", "满", "300", "减", "50"]
    price = utt.words[2]
    assert (price.char_start, price.char_end) == (2, 8)
    # 一百九十九点九元: 7 syllables, far longer than eSpeak reading digits one by one
    assert price.end - price.start > 1000 * MS
    raw = engine.synthesize(PRICE_LINE, normalize=False)
    assert raw.text == PRICE_LINE
    assert utt.num_samples != raw.num_samples


def test_two_before_a_measure_word_is_liang(engine: EspeakEngine) -> None:
    """两件 starts with l (liang), 二件 with the vowel @r: heard in the phonemes."""
    liang = engine.synthesize("2件")
    er = engine.synthesize("2件", normalize=False)
    first = [p.phoneme.lstrip("',") for p in liang.phonemes if p.viseme is not Viseme.SIL]
    raw_first = [p.phoneme.lstrip("',") for p in er.phonemes if p.viseme is not Viseme.SIL]
    assert first[0] == "l" and raw_first[0] != "l"
    assert [w.text for w in liang.words] == ["2", "件"]


def test_english_model_number_is_read_by_the_english_voice(engine: EspeakEngine) -> None:
    text = "这款 iPhone 16 Pro 手机壳"
    utt = engine.synthesize(text)
    assert_timeline(utt)
    sixteen = next(w for w in utt.words if w.text == "16")
    assert text[sixteen.char_start : sixteen.char_end] == "16"
    inside = [p.phoneme for p in utt.phonemes if sixteen.start <= p.start < sixteen.end]
    assert "s" in inside and "k" in inside  # s-I-k-s-t-i:-n, English phonemes


def test_emoji_are_silent_and_offsets_skip_them(engine: EspeakEngine) -> None:
    text = "🔥爆款🔥来了！"
    utt = engine.synthesize(text)
    assert_timeline(utt)
    assert "".join(w.text for w in utt.words) == "爆款来了"
    assert utt.words[0].char_start == 1


def test_stream_yields_sentences_with_their_offsets(engine: EspeakEngine) -> None:
    text = "大家好！今天的价格是¥99。Thank you for watching."
    parts = list(engine.synthesize_stream(text))
    assert [p.text for p in parts] == ["大家好！", "今天的价格是¥99。", "Thank you for watching."]
    assert [p.text_offset for p in parts] == [0, 4, 14]
    for part in parts:
        assert_timeline(part)
        assert part.phonemes[0].start == 0  # times relative to the sentence
        for w in part.words:
            assert text[part.text_offset + w.char_start : part.text_offset + w.char_end] == w.text
    assert parts[1].words[-1].text == "¥99"


def test_stream_is_lazy(engine: EspeakEngine) -> None:
    calls: list[str] = []

    class Counting(EspeakEngine):
        def speak(self, text, settings):  # type: ignore[override]
            calls.append(text)
            return super().speak(text, settings)

    stream = Counting().synthesize_stream("一。二。三。")
    assert calls == []
    next(stream)
    assert calls == ["一。"]


def test_long_text_is_split_and_joined(engine: EspeakEngine) -> None:
    sentence = "这款保温杯容量三百毫升，保温十二个小时。"
    text = sentence * (LONG_TEXT_CHARS // len(sentence) + 2)
    assert len(text) > LONG_TEXT_CHARS
    progress: list[tuple[str, int, int]] = []
    utt = engine.synthesize(text, progress=lambda *a: progress.append(a))
    assert utt.text == text
    assert_timeline(utt)
    n = text.count("。")
    assert progress[-1] == ("speech", n, n) and len(progress) == n + 1
    assert utt.words[-1].char_end == len(text) - 1
    gaps = [p for p in utt.phonemes if p.end - p.start >= SENTENCE_GAP_MS * MS]
    assert len(gaps) >= n - 1
    one = engine.synthesize(sentence)
    assert abs(utt.num_samples - n * one.num_samples - (n - 1) * SENTENCE_GAP_MS * MS) < (
        0.05 * utt.num_samples
    )


def test_cache_serves_repeats_with_the_callers_offsets(engine: EspeakEngine) -> None:
    cache = SynthesisCache()
    cached = EspeakEngine(cache=cache)
    first = cached.synthesize("¥99")
    second = cached.synthesize("99元")  # same spoken text: 九十九元
    assert cache.stats.hits == 1 and cache.stats.misses == 1
    assert np.array_equal(first.audio, second.audio)
    assert [w.text for w in first.words] == ["¥99"]
    assert [w.text for w in second.words] == ["99", "元"]
    cached.synthesize("¥99", rate=200)
    assert cache.stats.misses == 2  # settings are part of the key
    EspeakEngine(voices={"zh": "cmn"}, cache=cache).synthesize("¥99")
    assert cache.stats.hits == 2


def test_disk_cache_is_used_by_a_new_engine(tmp_path: Path) -> None:
    folder = tmp_path / "tts"
    first = EspeakEngine(cache=SynthesisCache(disk_dir=folder)).synthesize("你好，世界")
    cache = SynthesisCache(disk_dir=folder)
    again = EspeakEngine(cache=cache).synthesize("你好，世界")
    assert cache.stats.disk_hits == 1
    assert np.array_equal(first.audio, again.audio) and first.phonemes == again.phonemes


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"text": ""}, "empty"),
        ({"text": "  \n"}, "empty"),
        ({"text": "🔥🔥👍"}, "only emoji"),
        ({"text": "！！……"}, "only emoji"),
        ({"text": "hi", "voice": "en-nowhere"}, "voice"),
        ({"text": "hi", "rate": 5}, "rate"),
        ({"text": "hi", "rate": 100000}, "rate"),
        ({"text": "hi", "volume": -1}, "volume"),
        ({"text": "hi", "language": "fr"}, "Language"),
    ],
)
def test_bad_input_fails_early_and_clearly(engine: EspeakEngine, kwargs: dict, match: str) -> None:
    with pytest.raises(InputError, match=match) as info:
        engine.synthesize(**kwargs)
    assert info.value.hint
    with pytest.raises(InputError, match=match):
        engine.synthesize_stream(**kwargs)  # before the first sentence is made


def test_missing_piper_voice_file_is_an_input_error(tmp_path: Path) -> None:
    piper = get_engine("piper")
    with pytest.raises(InputError, match="no voice"):
        piper.synthesize("hello", voice="nobody")
    onnx = tmp_path / "v.onnx"
    onnx.write_bytes(b"")
    with pytest.raises(InputError, match="json"):
        piper.synthesize("hello", voice=str(onnx))


def test_coqui_without_a_model_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(DependencyError, match="folder"):
        get_engine("coqui")
