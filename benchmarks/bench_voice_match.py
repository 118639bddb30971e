"""Voice matching (音色接近): speaker similarity to real presenters, cost, first audio.

Run: .venv/bin/python benchmarks/bench_voice_match.py
(needs ../shared/media; the speaker encoder is ``resemblyzer``'s, see below)

- Presenters: real speech from ``../shared/media`` -- "her" is the woman of
  ``latentsync_demo1_10s.mp4`` (10 s: her voice reference is most of it, so her
  embedding is taken over the whole clip), "him" the man of ``dfrf_french_50s.mp4``
  (voice reference from the clip as avatar creation picks it, similarity against the
  40 s outside it). Each one's profile is measured from the voice reference alone, as
  ``studio avatar create`` does.
- Similarity: cosine between speaker embeddings of Resemblyzer's GE2E voice encoder
  (Apache-2.0, weights in its PyPI wheel). Its two helpers that need librosa and
  webrtcvad (neither in Studio's environment; webrtcvad is an sdist) are replaced here:
  the mel spectrogram is reimplemented in numpy as librosa computes it (25 ms Hann,
  10 ms hop, 40 Slaney mel bands, power), and long silences are cut by energy instead of
  the WebRTC VAD. Install the encoder for this script only:
  ``.venv/bin/pip install --no-deps resemblyzer``.
- Conditions: stock eSpeak NG (zh and en), the same matched to the presenter, Piper joe,
  Piper joe matched; four shop lines each, embedded together. For scale, the other real
  speakers in ``../shared/media`` against the presenter.
- Cost: ``match_voice`` wall time per second of speech, one thread.
- First audio: ``synthesize_stream`` on a three-sentence line, cache off, until the first
  sentence is ready, stock and matched (the stock voice already measured; the one-off
  measurement of the stock voice and of the EQ, on a process's first matched line, is
  given apart).
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
from studio.speech.audio import read_audio_file
from studio.speech.engine import SpeechEngine, get_engine
from studio.speech.matched import MatchedEngine, stock_profile
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
    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path
        pcm = extract_audio(path) if path.suffix == ".mp4" else read_audio_file(path)
        ref = pick_voice_reference(pcm)
        if ref is None:
            raise SystemExit(f"{path.name}: no voice reference found")
        self.reference = pcm[ref.start : ref.end]
        rest = np.concatenate([pcm[: ref.start], pcm[ref.end :]])
        # too little outside the reference: the whole clip is her held-out speech
        self.held_out = rest if len(rest) >= 15 * SAMPLE_RATE else pcm
        self.held_out_is_rest = len(rest) >= 15 * SAMPLE_RATE
        profile = estimate_profile(self.reference)
        if profile is None:
            raise SystemExit(f"{path.name}: no voiced speech in the voice reference")
        self.profile: VoiceProfile = profile


def speak(engine: SpeechEngine, lang: str) -> np.ndarray:
    gap = np.zeros(SAMPLE_RATE // 4, np.int16)
    parts = []
    for line in LINES[lang]:
        parts += [engine.synthesize(line, language=lang).audio, gap]
    return np.concatenate(parts)


def engines() -> dict[str, tuple[SpeechEngine, str]]:
    out = {"eSpeak zh": (get_engine("espeak"), "zh"), "eSpeak en": (get_engine("espeak"), "en")}
    try:
        piper = get_engine("piper")
        piper.synthesize("hello", language="en")
        out["Piper joe"] = (piper, "en")
    except StudioError as exc:
        print(f"Piper left out: {exc}")
    return out


def similarity_table(encoder, presenters: list[Presenter]) -> None:
    others = sorted(p for p in (MEDIA / "video").glob("*.mp4")) + sorted(
        (MEDIA / "audio").glob("*.wav")
    )
    for her in presenters:
        target = encoder.embed_utterance(prepare(her.held_out))
        print(
            f"\n{her.name}: F0 {her.profile.f0_median_hz:.0f} Hz, spread "
            f"{her.profile.f0_spread_st:.1f} st, formants "
            f"{'/'.join(str(round(f)) for f in her.profile.formants_hz)} Hz, tilt "
            f"{her.profile.tilt_db_oct:.1f} dB/oct; held-out "
            f"{len(her.held_out) / SAMPLE_RATE:.0f} s"
            f"{'' if her.held_out_is_rest else ' (the whole clip, reference included)'}"
        )
        print(f"  {'speech':<26} {'cosine':>7}")
        if her.held_out_is_rest:
            own = cosine(encoder.embed_utterance(prepare(her.reference)), target)
            print(f"  {'own voice reference':<26} {own:7.3f}")
        for name, (engine, lang) in engines().items():
            stock_pcm = speak(engine, lang)
            matched = MatchedEngine(engine, her.profile)
            matched_pcm = speak(matched, lang)
            s = cosine(encoder.embed_utterance(prepare(stock_pcm)), target)
            m = cosine(encoder.embed_utterance(prepare(matched_pcm)), target)
            print(f"  {name + ' stock':<26} {s:7.3f}")
            print(f"  {name + ' voice matched':<26} {m:7.3f}")
            record("voice match", f"{her.name}: {name} stock", s, "cosine")
            record("voice match", f"{her.name}: {name} matched", m, "cosine", ">= 0.75")
        for path in others:
            if path == her.path:
                continue
            pcm = extract_audio(path) if path.suffix == ".mp4" else read_audio_file(path)
            if pcm is None or len(pcm) < SAMPLE_RATE:
                continue
            c = cosine(encoder.embed_utterance(prepare(pcm)), target)
            print(f"  {'other real: ' + path.stem:<26} {c:7.3f}")


def cost(presenter: Presenter, repeats: int) -> None:
    engine = get_engine("espeak")
    pcm = speak(engine, "zh")
    stock = stock_profile(engine, _settings())
    seconds = len(pcm) / SAMPLE_RATE
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        match_voice(pcm, stock, presenter.profile)
        times.append(time.perf_counter() - t0)
    rtf, median = min(times) / seconds, statistics.median(times) / seconds
    print(
        f"\nmatching cost: {1000 * rtf:.0f} ms per second of speech (RTF {rtf:.3f}, one "
        f"thread, best of {repeats}; median {median:.3f} on this shared machine)"
    )
    record("voice match", "matching cost, RTF (one thread)", rtf, "", "<= 0.2")


def _settings():
    from studio.speech.engine import DEFAULT_PITCH, DEFAULT_RATE, DEFAULT_VOLUME, Settings

    return Settings("auto", None, DEFAULT_RATE, DEFAULT_PITCH, DEFAULT_VOLUME)


def first_audio(presenter: Presenter, repeats: int) -> None:
    """First streamed sentence: stock, matched in a fresh process (the stock voice and the
    EQ measured first), and matched once they are known."""
    import studio.speech.matched as matched_mod

    matched_mod._stock.clear()
    matched_mod._colour.clear()
    stock_engine = get_engine("espeak")
    matched = MatchedEngine(stock_engine, presenter.profile)
    t0 = time.perf_counter()
    next(iter(matched.synthesize_stream(STREAM_TEXT, language="auto")))
    cold = time.perf_counter() - t0
    out = {}
    for name, engine in (("stock", stock_engine), ("matched", matched)):
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            next(iter(engine.synthesize_stream(STREAM_TEXT, language="auto")))
            times.append(time.perf_counter() - t0)
        out[name] = statistics.median(times)
    print(
        f"first audio (eSpeak, cache off): stock {1000 * out['stock']:.0f} ms, matched "
        f"{1000 * out['matched']:.0f} ms; the first matched line of a process (the stock "
        f"voice and the EQ measured first) {1000 * cold:.0f} ms"
    )
    record("voice match", "first audio, stock eSpeak", 1000 * out["stock"], "ms")
    record("voice match", "first audio, matched eSpeak", 1000 * out["matched"], "ms", "< 1000")
    record("voice match", "first matched line of a process", 1000 * cold, "ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not MEDIA.is_dir():
        print(f"{MEDIA} is not here: nothing to measure")
        return 0
    presenters = [
        Presenter("her (latentsync_demo1)", MEDIA / "video" / "latentsync_demo1_10s.mp4"),
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
