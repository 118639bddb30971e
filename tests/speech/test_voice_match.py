"""Voice profiles and voice matching on real eSpeak NG speech (no recordings needed)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from studio.core.timeline import SAMPLE_RATE
from studio.speech.cache import SynthesisCache
from studio.speech.engine import get_engine
from studio.speech.matched import CALIBRATION, MatchedEngine
from studio.speech.voice_match import colour_correction, match_voice, psola
from studio.speech.voice_profile import (
    LTAS_BANDS,
    VoiceProfile,
    estimate_profile,
    hz_to_st,
    to_analysis_rate,
    track_f0,
)

LINE = "大家好，欢迎来到直播间。今天这款面霜只要九十九元，库存不多了，喜欢的朋友赶紧下单。"


@pytest.fixture(scope="module")
def stock_pcm() -> np.ndarray:
    return get_engine("espeak").synthesize(LINE, language="auto").audio


def _shift(pcm: np.ndarray, semitones: float) -> np.ndarray:
    """The line with every voiced frame raised by ``semitones`` (our own PSOLA)."""
    x = pcm.astype(np.float64) / 32768
    track = track_f0(to_analysis_rate(x))
    y = psola(x, track, np.full(len(track.f0), 2 ** (semitones / 12)), SAMPLE_RATE)
    return np.clip(np.rint(y * 32767), -32768, 32767).astype(np.int16)


def test_profile_recovers_a_known_pitch_shift(stock_pcm: np.ndarray) -> None:
    before = estimate_profile(stock_pcm)
    shifted = _shift(stock_pcm, 4.0)
    after = estimate_profile(shifted)
    assert before is not None and after is not None
    assert len(shifted) == len(stock_pcm)
    moved = float(hz_to_st(after.f0_median_hz) - hz_to_st(before.f0_median_hz))
    assert abs(moved - 4.0) < 0.5, (before, after)
    # the spread is compared with the same line through the shifter at +0 st, so what
    # PSOLA itself does to a tracker's spread (which varies with the input) cancels
    unshifted = estimate_profile(_shift(stock_pcm, 0.0))
    assert unshifted is not None
    assert abs(after.f0_spread_st - unshifted.f0_spread_st) < 0.5, (unshifted, after)
    # PSOLA moves the pitch, not the vocal tract: the voice's colour above 500 Hz (the
    # long-term spectrum's third-octave bands) stays within 2 dB on average of the same line
    # through the shifter at +0 st (an LPC formant pick is not steady enough for this: with
    # the harmonics 4 st further apart, F2 jumped 1422 -> 1709 Hz on one eSpeak rendering)
    bands = np.array(LTAS_BANDS) >= 500
    moved_db = np.abs(np.array(after.ltas_db) - np.array(unshifted.ltas_db))[bands]
    assert float(np.mean(moved_db)) < 2.0, (unshifted.ltas_db, after.ltas_db)


def test_profile_needs_voiced_speech() -> None:
    rng = np.random.default_rng(0)
    assert estimate_profile(np.zeros(SAMPLE_RATE * 2, np.int16)) is None
    assert estimate_profile(rng.normal(0, 3000, SAMPLE_RATE * 2).astype(np.int16)) is None


def test_matching_lands_on_her_median_and_keeps_every_sample(stock_pcm: np.ndarray) -> None:
    stock = estimate_profile(stock_pcm)
    assert stock is not None
    her = VoiceProfile(
        f0_median_hz=220.0,
        f0_spread_st=2.0,
        formants_hz=tuple(f * 1.15 for f in stock.formants_hz),
        tilt_db_oct=stock.tilt_db_oct + 2.0,
        voiced_s=8.0,
    )
    out = match_voice(stock_pcm, stock, her)
    assert out.dtype == np.int16 and len(out) == len(stock_pcm)
    got = estimate_profile(out)
    assert got is not None
    assert abs(float(hz_to_st(got.f0_median_hz) - hz_to_st(220.0))) < 1.0, got
    # the vocal tract moved her way (F2, F3 up), and the loudness did not change
    assert got.formants_hz[1] > stock.formants_hz[1] * 1.04, (stock, got)
    assert got.formants_hz[2] > stock.formants_hz[2] * 1.04, (stock, got)
    rms = [np.sqrt(np.mean(a.astype(np.float64) ** 2)) for a in (stock_pcm, out)]
    assert abs(rms[1] / rms[0] - 1) < 0.05


def test_matched_engine_keeps_timings_and_caches_apart(tmp_path) -> None:
    """Matched and stock lines of the same text keep their timelines but never share a
    cache entry (the key carries the target profile)."""
    cache = SynthesisCache(disk_dir=tmp_path / "tts")
    stock_engine = get_engine("espeak", cache=cache)
    her = VoiceProfile(230.0, 2.5, (650.0, 1750.0, 2900.0), -9.0, 8.0)
    other = VoiceProfile(120.0, 2.0, (500.0, 1450.0, 2500.0), -12.0, 8.0)
    text = "欢迎来到直播间，今天全场包邮。"
    plain = stock_engine.synthesize(text, language="auto")
    hers = MatchedEngine(stock_engine, her).synthesize(text, language="auto")
    again = MatchedEngine(get_engine("espeak", cache=cache), her).synthesize(text, "auto")
    his = MatchedEngine(stock_engine, other).synthesize(text, language="auto")
    # eSpeak NG's timing drifts a little with what the process spoke before (espeak.py),
    # so each line is checked against its own timeline: the audio still ends where the
    # last phoneme does, and the same phonemes and words are there
    for u in (plain, hers, his):
        assert u.phonemes[-1].end == len(u.audio)
    assert [p.phoneme for p in hers.phonemes] == [p.phoneme for p in plain.phonemes]
    assert [w.text for w in hers.words] == [w.text for w in plain.words]
    assert np.array_equal(again.audio, hers.audio)  # from the cache
    f0 = {
        name: estimate_profile(u.audio).f0_median_hz
        for name, u in (("plain", plain), ("hers", hers), ("his", his))
    }
    assert abs(hz_to_st(f0["hers"]) - hz_to_st(230.0)) < 1.0, f0
    assert abs(hz_to_st(f0["his"]) - hz_to_st(120.0)) < 1.0, f0
    assert abs(hz_to_st(f0["plain"]) - hz_to_st(230.0)) > 5.0, f0
    # and a stock line asked for after the matched ones is still the stock voice
    assert np.array_equal(stock_engine.synthesize(text, language="auto").audio, plain.audio)


def test_colour_correction_brings_her_long_term_spectrum(stock_pcm: np.ndarray) -> None:
    """A presenter whose voice (or microphone) is 8 dB brighter above 2 kHz: the matched
    line's long-term spectrum follows, measured on a calibration text and applied to
    another line."""
    stock = estimate_profile(stock_pcm)
    assert stock is not None and len(stock.ltas_db) == len(LTAS_BANDS)
    bright = np.asarray(stock.ltas_db) + np.where(np.asarray(LTAS_BANDS) >= 2000, 8.0, 0.0)
    her = replace(stock, f0_median_hz=200.0, ltas_db=tuple(bright - bright.mean()))
    calibration = get_engine("espeak").synthesize(CALIBRATION["zh"], language="zh").audio
    eq = colour_correction(calibration, stock, her)
    high = np.asarray(LTAS_BANDS) >= 2000

    def brightness(pcm: np.ndarray) -> float:
        bands = np.asarray(estimate_profile(pcm).ltas_db)
        return float(bands[high].mean() - bands[~high].mean())

    plain = match_voice(stock_pcm, stock, her, colour_db=np.zeros(len(LTAS_BANDS)))
    coloured = match_voice(stock_pcm, stock, her, colour_db=eq)
    assert brightness(coloured) - brightness(plain) > 4.0, eq
    assert len(coloured) == len(stock_pcm)


def test_warming_measures_the_stock_voice_before_the_first_line() -> None:
    """A live room warms its matched engine at start: the stock voice is spoken and
    measured then, and the first line asked for only speaks itself."""
    import studio.speech.matched as matched_mod

    matched_mod._stock.clear()
    matched_mod._colour.clear()
    cache = SynthesisCache()
    engine = MatchedEngine(
        get_engine("espeak", cache=cache),
        VoiceProfile(220.0, 2.0, (600.0, 1700.0, 2800.0), -12.0, 8.0),
    )
    engine.warm()
    assert (cache.stats.misses, cache.stats.hits) == (1, 0)  # the calibration text
    engine.synthesize("欢迎来到直播间。", language="auto")
    assert (cache.stats.misses, cache.stats.hits) == (2, 0)  # the line, nothing else
