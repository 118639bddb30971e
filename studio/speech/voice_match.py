"""Move a TTS line toward a presenter's voice ("voice matched", 音色接近), same length.

Three changes, each from the two voices' :class:`~studio.speech.voice_profile.VoiceProfile`:

1. pitch: every voiced 10 ms frame is moved in semitones so that the line's median lands
   on hers and its excursions are scaled by her spread over the stock voice's
   (``st_out = her_median + (st - line_median) * her_spread / stock_spread``);
   done by TD-PSOLA (pitch-synchronous overlap-add), which keeps the spectral envelope
   and every sample's time, so phoneme and word timings stay exact;
2. formants: the spectral envelope (cepstrum liftered below the pitch period) of each
   STFT frame is warped in frequency by her/stock formant ratio (vocal-tract length);
3. colour: the same STFT gain is a fixed EQ from the stock voice's long-term average
   spectrum (third-octave bands, moved by the formant warp) to hers -- her spectral tilt
   and the colour of her voice and microphone (older profiles without bands: the tilt
   difference in dB per octave around 1 kHz).

With her voice reference analysed (a :class:`~studio.speech.knn_match.VoicePool`), a
fourth step follows PSOLA: each frame's envelope is moved to that of her nearest frames
(:func:`~studio.speech.knn_match.knn_recolour`), which reaches the per-phone colour that
the three global changes cannot.

The output has exactly the input's length and loudness (RMS). Real-time factor is about
0.02-0.05 on one core, 0.04-0.07 with her frames (benchmarks/bench_voice_match.py).
"""

from __future__ import annotations

import numpy as np
from scipy import fft as sfft
from scipy.ndimage import maximum_filter1d, minimum_filter1d, uniform_filter1d
from scipy.signal import butter, sosfiltfilt

from studio.core.timeline import SAMPLE_RATE
from studio.speech.knn_match import FeatureStats, VoicePool, knn_recolour
from studio.speech.voice_profile import (
    ANALYSIS_RATE,
    HOP,
    LTAS_BANDS,
    MIN_VOICED_FRAMES,
    F0Track,
    VoiceProfile,
    estimate_profile,
    hz_to_st,
    to_analysis_rate,
    track_f0,
)

SPREAD_LIMITS = (0.5, 2.0)  # how far the pitch excursions may be scaled
SHIFT_LIMIT_ST = 19.0  # at most this far (a deep stock voice to a high presenter)
FORMANT_LIMITS = (0.8, 1.3)
TILT_LIMIT = 6.0  # dB per octave
EQ_LIMIT = 10.0  # dB, per third-octave band
N_FFT, STFT_HOP = 1024, 256  # 21 ms / 5 ms at 48 kHz
UNVOICED_PERIOD = 240  # 5 ms marks where there is no pitch
MAX_GAIN_DB = 18.0


def formant_factor(stock: VoiceProfile, target: VoiceProfile) -> float:
    """Geometric mean of the F1-F3 ratios, clamped (F1 moves with the vowel; F2/F3 with
    the length of the vocal tract)."""
    ratios = [t / s for s, t in zip(stock.formants_hz, target.formants_hz, strict=True)]
    f = float(np.exp(np.mean(np.log(ratios))))
    return float(np.clip(f, *FORMANT_LIMITS))


def match_voice(
    pcm: np.ndarray,
    stock: VoiceProfile,
    target: VoiceProfile,
    sample_rate: int = SAMPLE_RATE,
    colour_db: np.ndarray | None = None,
    pool: VoicePool | None = None,
    pool_stats: FeatureStats | None = None,
) -> np.ndarray:
    """``pcm`` (int16, one line of the stock voice) moved toward ``target``; same length.

    ``colour_db``: the EQ in dB per LTAS band, measured (:func:`colour_correction`);
    None predicts it from the two profiles. ``pool``: her analysed voice reference, for
    the frame-by-frame step; ``pool_stats``: the stock voice's feature statistics there
    (:func:`~studio.speech.knn_match.feature_stats`; None measures them on the line)."""
    if pcm.size == 0:
        return pcm.copy()
    x = pcm.astype(np.float64) / 32768.0
    track = track_f0(to_analysis_rate(x, sample_rate))
    line_st = track.semitones()
    line_median = (
        float(np.median(line_st))
        if len(line_st) >= MIN_VOICED_FRAMES
        else hz_to_st(stock.f0_median_hz).item()
    )
    scale = float(np.clip(target.f0_spread_st / max(stock.f0_spread_st, 0.1), *SPREAD_LIMITS))
    shift = float(
        np.clip(hz_to_st(target.f0_median_hz) - line_median, -SHIFT_LIMIT_ST, SHIFT_LIMIT_ST)
    )
    factor = formant_factor(stock, target)
    freqs = np.arange(N_FFT // 2 + 1) * sample_rate / N_FFT
    gain = colour_gain_db(stock, target, factor, freqs, colour_db)
    y = envelope_stage(x, factor, gain, track, sample_rate)
    ratios = np.ones_like(track.f0)
    v = track.voiced
    st = hz_to_st(track.f0[v])
    ratios[v] = 2 ** ((line_median + shift + (st - line_median) * scale - st) / 12)
    y = psola(y, track, ratios, sample_rate)
    if pool is not None:  # PSOLA keeps every sample's time: the voicing is the line's
        y = knn_recolour(y, track.voiced, pool, pool_stats, sample_rate)
    rms_in, rms_out = np.sqrt(np.mean(x**2)), np.sqrt(np.mean(y**2))
    if rms_out > 0:
        y *= rms_in / rms_out
    y = _limit(y, sample_rate)
    return np.rint(y * 32767).astype(np.int16)


def _limit(y: np.ndarray, sample_rate: int, ceiling: float = 0.98) -> np.ndarray:
    """Turn down only the few peaks above ``ceiling`` (a 10 ms look-ahead limiter), so a
    matched line is as loud as the stock one without clipping."""
    if np.max(np.abs(y), initial=0.0) <= ceiling:
        return y
    width = sample_rate // 100
    peak = maximum_filter1d(np.abs(y), width)
    gain = np.minimum(1.0, ceiling / np.maximum(peak, 1e-9))
    gain = uniform_filter1d(minimum_filter1d(gain, width), width)
    return np.clip(y * gain, -ceiling, ceiling)


def colour_correction(
    calibration: np.ndarray, stock: VoiceProfile, target: VoiceProfile
) -> np.ndarray:
    """The EQ (dB per LTAS band) that takes the stock voice, once matched in pitch and
    formants, to her long-term spectrum: measured on ``calibration`` (a few sentences of
    the stock voice) rather than predicted, which leaves out what PSOLA and the warp do
    to the spectrum. Zeros when either side has no bands."""
    zero = np.zeros(len(LTAS_BANDS))
    if len(target.ltas_db) != len(LTAS_BANDS):
        return zero
    moved = estimate_profile(match_voice(calibration, stock, target, colour_db=zero))
    if moved is None or len(moved.ltas_db) != len(LTAS_BANDS):
        return zero
    diff = np.asarray(target.ltas_db) - np.asarray(moved.ltas_db)
    return np.clip(diff - diff.mean(), -EQ_LIMIT, EQ_LIMIT)


def colour_gain_db(
    stock: VoiceProfile,
    target: VoiceProfile,
    factor: float,
    freqs: np.ndarray,
    colour_db: np.ndarray | None = None,
) -> np.ndarray:
    """The fixed EQ (dB at ``freqs``) from the stock voice's long-term spectrum, moved by
    the formant warp, to hers: third-octave band differences, level-neutral, limited to
    +-EQ_LIMIT dB, held below 315 Hz and faded out above 8 kHz (her reference says
    nothing reliable there). Profiles without bands fall back to the tilt difference."""
    octaves = np.log2(np.maximum(freqs, 1.0))
    centres = np.log2(np.asarray(LTAS_BANDS, dtype=np.float64))
    if colour_db is not None:
        gain = np.interp(octaves, centres, np.asarray(colour_db))
    elif stock.ltas_db and len(stock.ltas_db) == len(target.ltas_db) == len(LTAS_BANDS):
        moved = np.interp(centres, centres + np.log2(factor), np.asarray(stock.ltas_db))
        diff = np.asarray(target.ltas_db) - moved
        diff = np.clip(diff - diff.mean(), -EQ_LIMIT, EQ_LIMIT)
        gain = np.interp(octaves, centres, diff)
    else:
        delta = float(np.clip(target.tilt_db_oct - stock.tilt_db_oct, -TILT_LIMIT, TILT_LIMIT))
        gain = delta * np.clip(octaves - np.log2(1000.0), -2.0, 3.0)
    fade = np.clip((12_000.0 - freqs) / 4_000.0, 0.0, 1.0)
    return gain * fade


def envelope_stage(
    x: np.ndarray, factor: float, gain_db: np.ndarray, track: F0Track, sample_rate: int
) -> np.ndarray:
    """Warp each frame's spectral envelope by ``factor`` and add the fixed ``gain_db`` (one
    value per STFT bin) -- weighted overlap-add, same length."""
    if abs(factor - 1) < 1e-3 and not np.any(np.abs(gain_db) > 1e-2):
        return x.copy()
    n = len(x)
    win = np.hanning(N_FFT + 1)[:-1].astype(np.float32)
    pad = N_FFT
    xp = np.concatenate([np.zeros(pad), x, np.zeros(pad + STFT_HOP)]).astype(np.float32)
    count = (len(xp) - N_FFT) // STFT_HOP + 1
    idx = np.arange(count)[:, None] * STFT_HOP + np.arange(N_FFT)[None, :]
    spec = sfft.rfft(xp[idx] * win, axis=1, workers=1)
    logmag = np.log(np.abs(spec) + 1e-6)
    # the envelope: the cepstrum liftered below the highest pitch period in the line (not
    # the harmonics), summed as cosines at each bin -- and at each bin / factor, which is
    # the warped envelope without interpolating
    f0_max = float(np.percentile(track.f0[track.voiced], 95)) if track.voiced.any() else 200.0
    lifter = int(np.clip(0.7 * sample_rate / max(f0_max, 60.0), 30, 200))
    ceps = sfft.irfft(logmag, N_FFT, axis=1, workers=1)[:, :lifter]
    ceps[:, 1:] *= 2
    bins = np.arange(N_FFT // 2 + 1, dtype=np.float64)
    q = np.arange(lifter, dtype=np.float64)[:, None]
    cos_here = np.cos(2 * np.pi * q * bins[None, :] / N_FFT).astype(np.float32)
    cos_warp = np.cos(2 * np.pi * q * (bins / factor)[None, :] / N_FFT).astype(np.float32)
    diff = ceps @ (cos_warp - cos_here)
    colour = (np.asarray(gain_db) * np.log(10) / 20).astype(np.float32)
    limit = MAX_GAIN_DB / 8.686
    gain = np.exp(np.clip(diff + colour, -limit, limit))
    frames = sfft.irfft(spec * gain, N_FFT, axis=1, workers=1) * win
    out = _overlap_add(frames, len(xp))
    norm = _overlap_add(np.broadcast_to(win**2, frames.shape), len(xp))
    y = out / np.maximum(norm, 1e-3)
    return y[pad : pad + n].astype(np.float64)


def _overlap_add(frames: np.ndarray, length: int) -> np.ndarray:
    """Frames ``STFT_HOP`` apart summed into one signal (N_FFT is a multiple of the hop)."""
    parts = N_FFT // STFT_HOP
    count = len(frames)
    blocks = np.zeros((count + parts, STFT_HOP))
    for q in range(parts):
        blocks[q : q + count] += frames[:, q * STFT_HOP : (q + 1) * STFT_HOP]
    out = blocks.reshape(-1)
    return np.concatenate([out, np.zeros(max(0, length - len(out)))])[:length]


def _pitch_marks(x: np.ndarray, track: F0Track, sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """Analysis marks (sample positions) and the local period at each: peaks of the
    low-passed wave one period apart where voiced, every 5 ms elsewhere."""
    scale = sample_rate / ANALYSIS_RATE
    frame_len = HOP * scale
    f0 = track.f0
    sos = butter(2, 1000, fs=sample_rate, output="sos")
    lp = sosfiltfilt(sos, x) if len(x) > 15 else x
    marks: list[int] = []
    periods: list[int] = []
    n = len(x)
    t = 0
    while t < n:
        k = min(int(t / frame_len), len(f0) - 1)
        if f0[k] > 0:
            period = int(round(sample_rate / f0[k]))
            lo, hi = (
                (t, t + period)
                if not marks or periods[-1] == UNVOICED_PERIOD
                else (t - period // 4, t + period // 4 + 1)
            )
            lo, hi = max(lo, 0), min(hi, n)
            if hi <= lo:
                break
            p = lo + int(np.argmax(lp[lo:hi]))
            if marks and p <= marks[-1]:
                p = marks[-1] + period
            if p >= n:
                break
            marks.append(p)
            periods.append(period)
            t = p + period
        else:
            marks.append(t)
            periods.append(UNVOICED_PERIOD)
            t += UNVOICED_PERIOD
    return np.asarray(marks, dtype=np.int64), np.asarray(periods, dtype=np.int64)


def psola(x: np.ndarray, track: F0Track, ratios: np.ndarray, sample_rate: int) -> np.ndarray:
    """TD-PSOLA: the same times, pitch multiplied by ``ratios`` (one per 10 ms frame)."""
    n = len(x)
    marks, periods = _pitch_marks(x, track, sample_rate)
    if len(marks) == 0:
        return x.copy()
    frame_len = HOP * sample_rate / ANALYSIS_RATE
    out = np.zeros(n + 2 * 2000)
    norm = np.zeros_like(out)
    off = 2000
    windows: dict[int, np.ndarray] = {}
    t = float(marks[0])
    j = 0
    while t < n:
        while j + 1 < len(marks) and abs(marks[j + 1] - t) <= abs(marks[j] - t):
            j += 1
        period = int(periods[j])
        k = min(int(t / frame_len), len(ratios) - 1)
        ratio = ratios[k] if period != UNVOICED_PERIOD else 1.0
        m = int(marks[j])
        w = windows.get(period)
        if w is None:
            w = windows[period] = np.hanning(2 * period + 1)
        a, b = m - period, m + period + 1
        seg_lo, seg_hi = max(a, 0), min(b, n)
        ti = int(round(t))
        lo = off + ti - (m - seg_lo)
        ww = w[seg_lo - a : seg_hi - a]
        out[lo : lo + len(ww)] += x[seg_lo:seg_hi] * ww
        norm[lo : lo + len(ww)] += ww
        t += period / ratio
    # denser marks (a higher pitch) overlap more: normalise by the window sum; sparser
    # ones (a lower pitch) leave gaps between periods, as PSOLA should
    return out[off : off + n] / np.maximum(norm[off : off + n], 1.0)
