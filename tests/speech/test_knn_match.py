"""Voice matching frame by frame from her own speech, on real eSpeak NG speech.

"Her" is eSpeak NG's female variant at a higher pitch: another vocal tract and source
than the stock voice, and -- unlike a recording -- she can also be asked to say the line
itself, which is the ground truth a matched line is measured against (per phoneme, on
each rendering's own timings). Her voice reference is another text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from scipy.signal import butter, sosfiltfilt

from studio.core.timeline import SAMPLE_RATE
from studio.lipsync.features import mel_filterbank, power_spectrogram, to_feature_rate
from studio.phonetics.utterance import Utterance
from studio.speech.cache import SynthesisCache
from studio.speech.engine import DEFAULT_PITCH, DEFAULT_RATE, DEFAULT_VOLUME, Settings, get_engine
from studio.speech.knn_match import N_FFT, VoicePool, build_pool, knn_recolour
from studio.speech.matched import MatchedEngine, matched, stock_profile
from studio.speech.voice_match import match_voice
from studio.speech.voice_profile import VoiceProfile, estimate_profile, to_analysis_rate, track_f0

LINE = "大家好，欢迎来到直播间。今天这款面霜只要九十九元，库存不多了，喜欢的朋友赶紧下单。"
HER_TEXT = (
    "这件外套是今年的新款，面料很舒服，颜色也很好看。我自己穿了一个星期，洗了两次也没有变形。"
    "小个子的姑娘选小码就可以，下单以后四十八小时之内发货，七天无理由退换。"
)
HER_VOICE, HER_PITCH = "cmn+f3", 70


@dataclass(frozen=True)
class Her:
    reference: np.ndarray  # her voice reference (another text)
    line: Utterance  # her saying LINE: the ground truth
    profile: VoiceProfile
    pool: VoicePool


@pytest.fixture(scope="module")
def her() -> Her:
    engine = get_engine("espeak")
    reference = engine.synthesize(HER_TEXT, language="zh", voice=HER_VOICE, pitch=HER_PITCH)
    line = engine.synthesize(LINE, language="zh", voice=HER_VOICE, pitch=HER_PITCH)
    profile = estimate_profile(reference.audio)
    assert profile is not None
    pool = build_pool(reference.audio, profile.f0_median_hz)
    assert pool is not None and pool.seconds > 10
    return Her(reference.audio, line, profile, pool)


def _phone_shapes(utt: Utterance) -> np.ndarray:
    """Each phoneme's mean log-mel spectrum (dB, its own mean over bands taken out: the
    shape, not the level), on the utterance's own phoneme times; NaN rows for phonemes
    quieter than 60 dB below full scale (pauses)."""
    mel = power_spectrogram(to_feature_rate(utt.audio, utt.sample_rate)) @ mel_filterbank().T
    db = 10 * np.log10(mel + 1e-10)
    hop = utt.sample_rate // 100  # the features' 10 ms
    rows = []
    for p in utt.phonemes:
        seg = db[p.start // hop : max(p.start // hop + 1, p.end // hop)]
        loud = seg.size and float(seg.max(axis=1).mean()) > -60
        rows.append(seg.mean(axis=0) - seg.mean() if loud else np.full(db.shape[1], np.nan))
    return np.asarray(rows)


def _distance_to_her(utt: Utterance, her: Her) -> float:
    """RMS dB between the line's phonemes and hers, over the phonemes she voices."""
    mine, hers = _phone_shapes(utt), _phone_shapes(her.line)
    assert mine.shape == hers.shape  # the same text: the same phonemes
    keep = ~np.isnan(hers[:, 0]) & ~np.isnan(mine[:, 0])
    assert keep.sum() > 50
    return float(np.mean(np.sqrt(np.mean((mine[keep] - hers[keep]) ** 2, axis=1))))


def test_her_frames_bring_each_phone_closer_to_her_than_the_global_match(her: Her) -> None:
    """Her line said by the stock voice, matched globally (pitch, formant factor, EQ) and
    then frame by frame to her reference: the phones' spectra move toward hers, and the
    timings (lips, subtitles) and the length stay exactly as the global match made them."""
    engine = get_engine("espeak")
    stock = engine.synthesize(LINE, language="zh")
    globally = MatchedEngine(engine, her.profile).synthesize(LINE, language="zh")
    framed = MatchedEngine(engine, her.profile, her.pool).synthesize(LINE, language="zh")
    d = {
        name: _distance_to_her(u, her)
        for name, u in (("stock", stock), ("global", globally), ("frames", framed))
    }
    assert d["global"] < d["stock"], d
    assert d["frames"] < 0.9 * d["global"], d
    # eSpeak NG's timing drifts a little with what the process spoke before (espeak.py):
    # each matched line keeps the timeline the engine gave it
    for u in (globally, framed):
        assert u.phonemes[-1].end == len(u.audio)
    assert [p.phoneme for p in framed.phonemes] == [p.phoneme for p in stock.phonemes]
    assert [w.text for w in framed.words] == [w.text for w in stock.words]
    rms = [np.sqrt(np.mean(u.audio.astype(np.float64) ** 2)) for u in (globally, framed)]
    assert abs(rms[1] / rms[0] - 1) < 0.05


def test_the_frame_step_keeps_every_sample_and_silence(her: Her) -> None:
    """The same samples in, the same number out, and silence around the speech (farther
    than one analysis window from it) stays digital silence; a silent line stays silent."""
    engine = get_engine("espeak")
    speech = engine.synthesize(LINE, language="zh").audio
    pad = np.zeros(SAMPLE_RATE // 2, np.int16)
    line = np.concatenate([pad, speech, pad])
    stock = stock_profile(engine, Settings("zh", None, DEFAULT_RATE, DEFAULT_PITCH, DEFAULT_VOLUME))
    out = match_voice(line, stock, her.profile, pool=her.pool)
    assert out.dtype == np.int16 and len(out) == len(line)
    assert not np.any(out[: len(pad) - N_FFT]) and not np.any(out[-(len(pad) - N_FFT) :])
    assert not np.array_equal(out, match_voice(line, stock, her.profile))  # it did something
    silent = np.zeros(SAMPLE_RATE, np.int16)
    assert not np.any(match_voice(silent, stock, her.profile, pool=her.pool))
    # quiet hiss (-80 dBFS) is not speech: the frame step leaves it exactly as it was
    hiss = np.random.default_rng(1).normal(0, 3e-5 * 32768, SAMPLE_RATE) / 32768
    voiced = track_f0(to_analysis_rate(hiss)).voiced
    np.testing.assert_allclose(knn_recolour(hiss, voiced, her.pool), hiss, atol=1e-7)


def _hiss(pcm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per 20 ms frame: the share of its energy above 3 kHz, and its level (both dB)."""
    hop = SAMPLE_RATE // 50
    frames = pcm[: len(pcm) // hop * hop].astype(np.float64).reshape(-1, hop)
    power = np.abs(np.fft.rfft(frames * np.hanning(hop), axis=1)) ** 2
    high = np.fft.rfftfreq(hop, 1 / SAMPLE_RATE) >= 3000
    share = power[:, high].sum(axis=1) / (power.sum(axis=1) + 1e-9)
    return 10 * np.log10(share + 1e-12), 10 * np.log10(np.mean(frames**2, axis=1) + 1e-9)


def test_a_fricative_keeps_its_hiss(her: Her) -> None:
    """Her reference muffled above 2 kHz (a dull microphone): none of her frames has the
    hiss of an "s" or "sh", yet the line's fricatives keep theirs within a few dB -- a
    fricative turned into a hum is a lost word (四 / 十)."""
    muffled = sosfiltfilt(butter(8, 2000, fs=SAMPLE_RATE, output="sos"), her.reference)
    pool = build_pool(np.rint(muffled).astype(np.int16), her.profile.f0_median_hz)
    assert pool is not None
    engine = get_engine("espeak")
    settings = Settings("zh", None, DEFAULT_RATE, DEFAULT_PITCH, DEFAULT_VOLUME)
    line = engine.synthesize("四十四块，是十四号发货，谢谢。", language="zh").audio
    stock = stock_profile(engine, settings)
    plain, level = _hiss(match_voice(line, stock, her.profile))
    framed, _ = _hiss(match_voice(line, stock, her.profile, pool=pool))
    fricative = (plain > -3) & (level > level.max() - 30)  # loud, and mostly hiss
    assert fricative.sum() >= 5
    assert float(np.median(plain[fricative] - framed[fricative])) < 8.0, (plain, framed)


def test_a_tiny_or_empty_reference_falls_back_to_the_global_match(her: Her) -> None:
    """No pool from nothing, from 0.3 s of her, or from silence; the engine is then the
    global match (the same cache key, so the same lines) and still speaks."""
    assert build_pool(np.zeros(0, np.int16), 200.0) is None
    assert build_pool(her.reference[: int(0.3 * SAMPLE_RATE)], 200.0) is None
    assert build_pool(np.zeros(3 * SAMPLE_RATE, np.int16), 200.0) is None
    engine = get_engine("espeak")
    fallback = matched(engine, her.profile, build_pool(her.reference[:9000], 200.0))
    assert isinstance(fallback, MatchedEngine) and fallback.pool is None
    assert fallback.model_id() == MatchedEngine(engine, her.profile).model_id()
    utt = fallback.synthesize("欢迎来到直播间，今天全场包邮。", language="zh")
    assert utt.phonemes[-1].end == len(utt.audio) and np.any(utt.audio)


def test_frame_matched_lines_are_cached_apart(her: Her, tmp_path) -> None:
    """A line matched to her frames never comes from a cache entry of the global match
    (or of another reference), and comes back from its own."""
    cache = SynthesisCache(disk_dir=tmp_path / "tts")
    engine = get_engine("espeak", cache=cache)
    text = "喜欢的朋友点点关注。"
    other = build_pool(her.line.audio, her.profile.f0_median_hz)
    assert other is not None and other.digest != her.pool.digest
    globally = MatchedEngine(engine, her.profile).synthesize(text, language="zh")
    framed = MatchedEngine(engine, her.profile, her.pool).synthesize(text, language="zh")
    framed_other = MatchedEngine(engine, her.profile, other).synthesize(text, language="zh")
    again = MatchedEngine(get_engine("espeak", cache=cache), her.profile, her.pool)
    keys = {MatchedEngine(engine, her.profile, pool).model_id() for pool in (None, her.pool, other)}
    assert len(keys) == 3
    assert not np.array_equal(framed.audio, globally.audio)
    assert not np.array_equal(framed.audio, framed_other.audio)
    assert np.array_equal(again.synthesize(text, language="zh").audio, framed.audio)
