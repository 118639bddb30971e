"""Voice matching (音色接近): speaker similarity to real presenters, cost, first audio.

Run: .venv/bin/python benchmarks/bench_voice_match.py
(needs ../shared/media; the speaker encoder is ``resemblyzer``'s, see below)

- Presenters: real speech from ``../shared/media`` -- "her" is the woman of
  ``latentsync_demo1_10s.mp4`` (10 s: her voice reference is most of it, so her
  embedding is taken over the whole clip: reference and target OVERLAP, which flatters
  the frame-by-frame match, whose frames come from that reference), "her, split" the
  same clip with the reference cut to its first half and the target its second half (no
  overlap, but only 5 s each), "him" the man of ``dfrf_french_50s.mp4`` (voice reference
  from the clip as avatar creation picks it, similarity against the 40 s outside it).
  Each one's profile and frame pool are measured from the voice reference alone, as
  ``studio avatar create`` and a show do.
- Similarity: cosine between speaker embeddings of Resemblyzer's GE2E voice encoder
  (Apache-2.0, weights in its PyPI wheel). Its two helpers that need librosa and
  webrtcvad (neither in Studio's environment; webrtcvad is an sdist) are replaced here:
  the mel spectrogram is reimplemented in numpy as librosa computes it (25 ms Hann,
  10 ms hop, 40 Slaney mel bands, power), and long silences are cut by energy instead of
  the WebRTC VAD. Install the encoder for this script only:
  ``.venv/bin/pip install --no-deps resemblyzer``.
- Conditions: stock eSpeak NG (zh and en) and Piper joe; each also matched globally
  (pitch, formant factor, EQ: a presenter without a voice reference) and matched frame
  by frame to her voice reference (:mod:`studio.speech.knn_match`, what a cloned
  presenter gets); four shop lines each, embedded together. Piper samples its noise
  afresh on each run, so its figures move by about +-0.02 between runs. For scale, the
  other real speakers in ``../shared/media`` against the presenter.
- Intelligibility, a proxy (no speech recogniser here): each line aligned to its text
  spoken by eSpeak NG at another pitch (:func:`studio.lipsync.align.align_recording`,
  what her own recordings are checked with): its mismatch score (the right text scores
  about 0.8 for a voice unlike eSpeak's, a wrong one about 1.5; refused above 1.28) and
  the median error of the word starts it finds, against the line's own.
- Cost: ``match_voice`` wall time per second of speech, one thread, global and frame by
  frame; the pool's analysis of a 10 s reference (once per presenter).
- First audio: ``synthesize_stream`` on a three-sentence line, cache off, until the first
  sentence is ready, stock and matched (the stock voice already measured; the one-off
  measurement of the stock voice, the EQ and its frame statistics, on a process's first
  matched line, is given apart; a live room does it when it starts).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: the matcher's cost as a room pays it

import argparse
import statistics
import sys
import time
import types
from pathlib import Path

import numpy as np
from scipy.signal import get_window, resample_poly
from summary import record

from studio.avatar.audio import extract_audio
from studio.avatar.voice import pick_voice_reference
from studio.core.errors import StudioError
from studio.core.timeline import SAMPLE_RATE
from studio.lipsync.align import align_recording
from studio.phonetics.utterance import Utterance
from studio.speech.audio import read_audio_file
from studio.speech.engine import SpeechEngine, get_engine
from studio.speech.knn_match import build_pool
from studio.speech.matched import MatchedEngine, stock_features, stock_profile
from studio.speech.voice_match import match_voice
from studio.speech.voice_profile import VoiceProfile, estimate_profile

MEDIA = Path(__file__).resolve().parents[1].parent / "shared" / "media"
ENC_RATE = 16_000

LINES = {
    "zh": [
        "大家好，欢迎来到直播间，新来的朋友点点关注。",
        "这款保温杯容量五百毫升，保温十二个小时，今天只要九十九元。",
        "库存不多了，喜欢的朋友赶紧下单，我们四十八小时内发货。",
        "有任何问题都可以在评论区问我，七天无理由退换。",
    ],
    "en": [
        "Hello everyone, and welcome to the live room. Follow us for more deals.",
        "This thermos keeps your coffee hot for twelve hours, and today it is only nineteen "
        "dollars.",
        "Stock is running low, so order now, and we ship within two days.",
        "Ask me anything in the comments, and returns are free for seven days.",
    ],
}
STREAM_TEXT = "欢迎来到直播间！这款保温杯今天只要九十九元。库存不多了，喜欢的朋友赶紧下单。"


# ------------------------------------------------------------------ the speaker encoder


def _mel_filters(sr: int, n_fft: int, n_mels: int) -> np.ndarray:
    """librosa.filters.mel(sr, n_fft, n_mels) with its defaults (Slaney scale and norm)."""

    def hz_to_mel(f: np.ndarray) -> np.ndarray:
        f = np.asarray(f, dtype=np.float64)
        lin = f / (200.0 / 3)
        log = 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
        return np.where(f >= 1000.0, log, lin)

    def mel_to_hz(m: np.ndarray) -> np.ndarray:
        lin = m * (200.0 / 3)
        log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
        return np.where(m >= 15.0, log, lin)

    fft_f = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_f[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    return weights * (2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels]))[:, None]


def _melspectrogram(y: np.ndarray, sr: int, n_fft: int, hop_length: int, n_mels: int):
    """librosa.feature.melspectrogram (center=True, constant padding, power 2)."""
    y = np.pad(np.asarray(y, dtype=np.float64), n_fft // 2)
    n = 1 + (len(y) - n_fft) // hop_length
    idx = np.arange(n)[:, None] * hop_length + np.arange(n_fft)[None, :]
    spec = np.abs(np.fft.rfft(y[idx] * get_window("hann", n_fft), axis=1)) ** 2
    return (_mel_filters(sr, n_fft, n_mels) @ spec.T).astype(np.float32)


def load_encoder():
    """Resemblyzer's VoiceEncoder (librosa's mel spectrogram supplied from numpy), or None
    when it is not installed."""
    librosa = types.ModuleType("librosa")
    librosa.feature = types.SimpleNamespace(melspectrogram=_melspectrogram)
    sys.modules.setdefault("librosa", librosa)
    sys.modules.setdefault("webrtcvad", types.ModuleType("webrtcvad"))  # not called here
    try:
        from resemblyzer import VoiceEncoder
    except ImportError:
        return None
    return VoiceEncoder(device="cpu", verbose=False)


def prepare(pcm: np.ndarray, rate: int = SAMPLE_RATE) -> np.ndarray:
    """int16 -> 16 kHz float at -30 dBFS (raised only), 30 ms frames 40 dB below the
    loudest cut (Resemblyzer's preprocessing, with energy in place of the WebRTC VAD)."""
    x = pcm.astype(np.float64) / 32768.0
    x = resample_poly(x, ENC_RATE // 1000, rate // 1000)
    rms_db = 10 * np.log10(np.mean(x**2) + 1e-12)
    if rms_db < -30:
        x = x * 10 ** ((-30 - rms_db) / 20)
    hop = ENC_RATE * 30 // 1000
    n = len(x) // hop
    frames = x[: n * hop].reshape(n, hop)
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    keep = level > level.max() - 40
    return frames[keep].reshape(-1).astype(np.float32)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


# ------------------------------------------------------------------ presenters


class Presenter:
    def __init__(self, name: str, path: Path, split: bool = False) -> None:
        """``split``: the reference is the clip's first half, the target its second."""
        self.name = name
        self.path = path
        pcm = extract_audio(path) if path.suffix == ".mp4" else read_audio_file(path)
        if split:
            half = len(pcm) // 2
            self.reference, self.held_out, self.held_out_is_rest = pcm[:half], pcm[half:], True
        else:
            ref = pick_voice_reference(pcm)
            if ref is None:
                raise SystemExit(f"{path.name}: no voice reference found")
            self.reference = pcm[ref.start : ref.end]
            rest = np.concatenate([pcm[: ref.start], pcm[ref.end :]])
            # too little outside the reference: the whole clip is her held-out speech
            self.held_out_is_rest = len(rest) >= 15 * SAMPLE_RATE
            self.held_out = rest if self.held_out_is_rest else pcm
        profile = estimate_profile(self.reference)
        if profile is None:
            raise SystemExit(f"{path.name}: no voiced speech in the voice reference")
        self.profile: VoiceProfile = profile
        t0 = time.perf_counter()
        self.pool = build_pool(self.reference, profile.f0_median_hz)
        self.pool_s = time.perf_counter() - t0


def speak(engine: SpeechEngine, lang: str) -> tuple[np.ndarray, list[Utterance]]:
    """The four shop lines, a quarter second apart, and each line's utterance."""
    gap = np.zeros(SAMPLE_RATE // 4, np.int16)
    utts = [engine.synthesize(line, language=lang) for line in LINES[lang]]
    return np.concatenate([part for u in utts for part in (u.audio, gap)]), utts


def engines() -> dict[str, tuple[SpeechEngine, str]]:
    out = {"eSpeak zh": (get_engine("espeak"), "zh"), "eSpeak en": (get_engine("espeak"), "en")}
    try:
        piper = get_engine("piper")
        piper.synthesize("hello", language="en")
        out["Piper joe"] = (piper, "en")
    except StudioError as exc:
        print(f"Piper left out: {exc}")
    return out


def intelligibility(utts: list[Utterance], lang: str) -> tuple[float, float]:
    """(mean mismatch, median word-start error in ms) of the lines aligned to their text
    spoken by eSpeak NG at another pitch (see the module docstring)."""
    reference = get_engine("espeak")
    mismatch, errors = [], []
    for utt, text in zip(utts, LINES[lang], strict=True):
        aligned = align_recording(utt.audio, reference.synthesize(text, language=lang, pitch=30))
        mismatch.append(aligned.mismatch)
        found = {w.char_start: w.start for w in aligned.utterance.words}  # the same text
        errors += [
            abs(found[w.char_start] - w.start) * 1000 / SAMPLE_RATE
            for w in utt.words
            if w.char_start in found
        ]
    return float(np.mean(mismatch)), float(np.median(errors))


def similarity_table(encoder, presenters: list[Presenter]) -> None:
    others = sorted(p for p in (MEDIA / "video").glob("*.mp4")) + sorted(
        (MEDIA / "audio").glob("*.wav")
    )
    for her in presenters:
        target = encoder.embed_utterance(prepare(her.held_out))
        pool = her.pool
        print(
            f"\n{her.name}: F0 {her.profile.f0_median_hz:.0f} Hz, spread "
            f"{her.profile.f0_spread_st:.1f} st, formants "
            f"{'/'.join(str(round(f)) for f in her.profile.formants_hz)} Hz, tilt "
            f"{her.profile.tilt_db_oct:.1f} dB/oct; reference "
            f"{len(her.reference) / SAMPLE_RATE:.1f} s ({0 if pool is None else pool.seconds:.1f}"
            f" s of it in the pool), held-out {len(her.held_out) / SAMPLE_RATE:.1f} s"
            f"{'' if her.held_out_is_rest else ' (the whole clip, reference included)'}"
        )
        print(f"  {'speech':<34} {'cosine':>7} {'mismatch':>9} {'word err':>9}")
        if her.held_out_is_rest:
            own = cosine(encoder.embed_utterance(prepare(her.reference)), target)
            print(f"  {'own voice reference':<34} {own:7.3f}")
        for name, (engine, lang) in engines().items():
            conditions = {
                "stock": engine,
                "matched, global": MatchedEngine(engine, her.profile),
                "matched frame by frame": MatchedEngine(engine, her.profile, pool),
            }
            for label, speaker in conditions.items():
                if label == "matched frame by frame" and pool is None:
                    continue
                pcm, utts = speak(speaker, lang)
                c = cosine(encoder.embed_utterance(prepare(pcm)), target)
                mismatch, error = intelligibility(utts, lang)
                print(f"  {name + ' ' + label:<34} {c:7.3f} {mismatch:9.2f} {error:7.0f}ms")
                want = ">= 0.75" if label.startswith("matched") else ""
                record("voice match", f"{her.name}: {name} {label}", c, "cosine", want)
        for path in others:
            if path == her.path:
                continue
            pcm = extract_audio(path) if path.suffix == ".mp4" else read_audio_file(path)
            if pcm is None or len(pcm) < SAMPLE_RATE:
                continue
            c = cosine(encoder.embed_utterance(prepare(pcm)), target)
            print(f"  {'other real: ' + path.stem:<34} {c:7.3f}")


def cost(presenter: Presenter, repeats: int) -> None:
    engine = get_engine("espeak")
    pcm, _ = speak(engine, "zh")
    settings = _settings()
    stock = stock_profile(engine, settings)
    seconds = len(pcm) / SAMPLE_RATE
    pool = presenter.pool
    stats = stock_features(engine, settings, presenter.profile, "bench", pool) if pool else None
    for label, kwargs in (
        ("global", {}),
        ("frame by frame", {"pool": pool, "pool_stats": stats}),
    ):
        if label == "frame by frame" and pool is None:
            continue
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            match_voice(pcm, stock, presenter.profile, **kwargs)
            times.append(time.perf_counter() - t0)
        rtf, median = min(times) / seconds, statistics.median(times) / seconds
        print(
            f"matching cost, {label}: {1000 * rtf:.0f} ms per second of speech (RTF {rtf:.3f}, "
            f"one thread, best of {repeats}; median {median:.3f} on this shared machine)"
        )
        record("voice match", f"matching cost, {label}, RTF (one thread)", rtf, "", "<= 0.2")
    print(
        f"her frame pool: {presenter.pool_s * 1000:.0f} ms to analyse "
        f"{len(presenter.reference) / SAMPLE_RATE:.1f} s of voice reference (once per presenter)"
    )
    record("voice match", "frame pool of a voice reference", 1000 * presenter.pool_s, "ms")


def _settings():
    from studio.speech.engine import DEFAULT_PITCH, DEFAULT_RATE, DEFAULT_VOLUME, Settings

    return Settings("auto", None, DEFAULT_RATE, DEFAULT_PITCH, DEFAULT_VOLUME)


def first_audio(presenter: Presenter, repeats: int) -> None:
    """First streamed sentence: stock, matched in a fresh process (the stock voice, the
    EQ and the frame statistics measured first), and matched once they are known."""
    import studio.speech.matched as matched_mod

    for cache in (matched_mod._stock, matched_mod._colour, matched_mod._features):
        cache.clear()
    stock_engine = get_engine("espeak")
    engines = {
        "stock": stock_engine,
        "matched, global": MatchedEngine(stock_engine, presenter.profile),
        "matched frame by frame": MatchedEngine(stock_engine, presenter.profile, presenter.pool),
    }
    t0 = time.perf_counter()
    next(iter(engines["matched frame by frame"].synthesize_stream(STREAM_TEXT, language="auto")))
    cold = time.perf_counter() - t0
    out = {}
    for name, engine in engines.items():
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            next(iter(engine.synthesize_stream(STREAM_TEXT, language="auto")))
            times.append(time.perf_counter() - t0)
        out[name] = statistics.median(times)
        record("voice match", f"first audio, eSpeak {name}", 1000 * out[name], "ms", "< 1000")
    print(
        "first audio (eSpeak, cache off): "
        + ", ".join(f"{name} {1000 * t:.0f} ms" for name, t in out.items())
        + f"; the first matched line of a process (the stock voice, the EQ and the frame "
        f"statistics measured first) {1000 * cold:.0f} ms"
    )
    record("voice match", "first matched line of a process", 1000 * cold, "ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not MEDIA.is_dir():
        print(f"{MEDIA} is not here: nothing to measure")
        return 0
    her_clip = MEDIA / "video" / "latentsync_demo1_10s.mp4"
    presenters = [
        Presenter("her (latentsync_demo1)", her_clip),
        Presenter("her, split (first half / second half)", her_clip, split=True),
        Presenter("him (dfrf_french)", MEDIA / "video" / "dfrf_french_50s.mp4"),
    ]
    cost(presenters[0], args.repeats)
    first_audio(presenters[0], args.repeats)
    encoder = load_encoder()
    if encoder is None:
        print("\nspeaker similarity left out: .venv/bin/pip install --no-deps resemblyzer")
        return 0
    similarity_table(encoder, presenters)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
