"""Known text -> phoneme timing: how well a recording is aligned to its script.

Run: .venv/bin/python benchmarks/bench_align.py [--quick]

NOT MEASURED: alignment error on real speech. Nobody here can transcribe the shared real
clips (no speech recogniser, no listening), so their words have no trusted times.
Ground truth instead comes from "recordings" whose every phoneme and word time is known:

- English: the bundled Piper voice (``joe``, a neural voice: another engine than the
  eSpeak NG reference the aligner speaks the script with), at three speaking rates, with
  Piper's own phoneme and word times as truth;
- Mandarin and mixed Mandarin/English: eSpeak NG with other voices (variants), speeds
  and pitches than the reference, with their own times as truth. Same engine family as
  the reference, so weaker evidence than the English cases;

each three ways: clean, noise at 15 dB SNR, reverb (RT60 0.5 s) plus noise at 25 dB;
all with silence and a breath-like noise burst before the first word and silence after
the last (what a phone recording of a read line has).

Measured per case and overall: the error of every word's start and end (ms; median
and 90th percentile; target median <= 40 ms), the share of p/b/m whose truth midpoint
falls on a closed frame of the mouth track (25 fps; target >= 95 %) and within one
frame of one, the same for a plain linear stretch (no alignment: the floor), how many
wrong scripts are caught (each recording aligned to another line's text) and how many
right ones are wrongly rejected, and the runtime for a 30 s line on one core.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from scipy.signal import fftconvolve  # noqa: E402
from summary import record  # noqa: E402

from studio.core.timeline import SAMPLE_RATE, FrameRate  # noqa: E402
from studio.lipsync.align import (  # noqa: E402
    MAX_MISMATCH,
    Alignment,
    align_transcript,
    stretch_linearly,
)
from studio.lipsync.trajectory import mouth_track  # noqa: E402
from studio.phonetics.utterance import Utterance  # noqa: E402
from studio.phonetics.viseme import Viseme  # noqa: E402
from studio.runtime.prepared import transcript_alignment  # noqa: E402
from studio.speech.audio import read_audio_file  # noqa: E402
from studio.speech.engine import DEFAULT_RATE, RATE_RANGE, SpeechEngine, get_engine  # noqa: E402
from studio.speech.espeak import EspeakEngine  # noqa: E402

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media" / "audio"

EN = [
    "Hello everyone, welcome back to the live room.",
    "This thermos keeps your coffee hot for twelve hours.",
    "Buy one today and get a second one for half the price.",
    "The bamboo lid is simple to clean and made to last.",
    "Please tap the button below the video to place your order.",
    "My mother uses this blanket every morning on the balcony.",
    "Remember, the promotion ends tonight at midnight.",
    "Pink, purple and bright blue are back in stock.",
]
ZH = [
    "大家好，欢迎来到我们的直播间。",
    "这款保温杯可以保温十二个小时。",
    "买一送一，数量有限，先买先得。",
    "宝宝们点击下方链接马上抢购。",
    "面料柔软，不起球，穿起来非常舒服。",
    "今天的福利很多，别忘了关注主播。",
    "这款包包是明星同款，颜色很漂亮。",
    "满三百减五十，全场包邮。",
]
MIXED = [
    "这款 iPhone 手机壳，颜色有 pink 和 blue。",
    "点击 buy now，马上下单。",
    "我们的 brand 主打 simple 和 comfortable。",
    "Hello 大家好，今天的 promotion 非常棒。",
]
#: Mandarin / mixed "speakers": (zh voice, en voice, rate, pitch), none the reference's.
ESPEAK_SPEAKERS = [
    ("cmn+f2", "en-us+f2", 150, 70),
    ("cmn+m3", "en-gb-x-rp+m3", 205, 35),
    ("cmn+klatt4", "en-us+klatt4", 170, 60),
]
PIPER_RATES = [150, 175, 210]
PERTURBATIONS = ["clean", "noise 15 dB", "reverb+noise 25 dB"]
FPS = FrameRate(25)
CLOSED = 0.02  # the mouth track's opening under which the lips meet (tests use the same)


# ---------------------------------------------------------------- the "recordings"


def _noise(rng: np.random.Generator, n: int, pink: bool) -> np.ndarray:
    white = rng.standard_normal(n)
    if not pink:
        return white
    spec = np.fft.rfft(white)
    f = np.maximum(np.fft.rfftfreq(n, 1.0 / SAMPLE_RATE), 20.0)
    return np.fft.irfft(spec / np.sqrt(f), n)


def _speech_power(x: np.ndarray) -> float:
    frames = x[: len(x) // 480 * 480].reshape(-1, 480)
    p = (frames**2).mean(axis=1)
    return float(p[p > p.max() * 1e-3].mean())


def perturb(audio: np.ndarray, kind: str, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """The recording, and where the original's sample 0 lies in it."""
    x = audio.astype(np.float64) / 32768.0
    level = np.sqrt(_speech_power(x))
    lead = int(rng.uniform(0.3, 0.8) * SAMPLE_RATE)
    breath_n = int(0.25 * SAMPLE_RATE)
    breath = _noise(rng, breath_n, pink=True) * np.hanning(breath_n)
    breath *= 0.06 * level / (np.sqrt((breath**2).mean()) + 1e-12)
    head = np.zeros(lead)
    at = int(rng.uniform(0.0, 0.2) * SAMPLE_RATE)
    head[at : at + breath_n] = breath[: lead - at]
    y = np.concatenate([head, x, np.zeros(int(rng.uniform(0.3, 0.9) * SAMPLE_RATE))])
    if kind.startswith("reverb"):
        rt60 = 0.5
        t = np.arange(int(rt60 * SAMPLE_RATE)) / SAMPLE_RATE
        ir = rng.standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
        ir[: int(0.002 * SAMPLE_RATE)] = 0.0
        ir = ir / np.sqrt((ir**2).sum()) * 0.5
        ir[0] = 1.0
        y = fftconvolve(y, ir)[: len(y)]
        y *= level / np.sqrt(_speech_power(y))
    if "noise" in kind:
        snr = 15.0 if "15" in kind else 25.0
        n = _noise(rng, len(y), pink=bool(rng.integers(0, 2)))
        y = y + n * np.sqrt(_speech_power(y) / (n**2).mean() / 10 ** (snr / 10))
    peak = np.abs(y).max()
    if peak > 0.99:
        y *= 0.99 / peak
    return np.rint(y * 32767).astype(np.int16), lead


def shifted(utt: Utterance, audio: np.ndarray, offset: int) -> Utterance:
    """``utt``'s timelines moved by ``offset`` samples, over ``audio``."""
    from dataclasses import replace

    return Utterance(
        utt.text,
        audio,
        phonemes=[replace(p, start=p.start + offset, end=p.end + offset) for p in utt.phonemes],
        words=[replace(w, start=w.start + offset, end=w.end + offset) for w in utt.words],
        language=utt.language,
    )


# ---------------------------------------------------------------- scoring


def word_errors_ms(truth: Utterance, got: Utterance) -> list[float]:
    """|start| and |end| errors of every truth word that the result has (same chars)."""
    by_span = {(w.char_start, w.char_end): w for w in got.words}
    out: list[float] = []
    for w in truth.words:
        g = by_span.get((w.char_start, w.char_end))
        if g is None:  # the engines split differently: match by overlap
            over = [v for v in got.words if v.char_start < w.char_end and w.char_start < v.char_end]
            if len(over) != 1:
                continue
            g = over[0]
        out += [
            abs(g.start - w.start) * 1000 / SAMPLE_RATE,
            abs(g.end - w.end) * 1000 / SAMPLE_RATE,
        ]
    return out


def closures(truth: Utterance, got: Utterance) -> tuple[int, int, int]:
    """(p/b/m spoken, closed at their midpoint frame, closed within one frame)."""
    track = mouth_track(got.phonemes, got.num_samples, FPS)
    closed = track.open < CLOSED
    n = exact = near = 0
    for p in truth.phonemes:
        if p.viseme is not Viseme.PP:
            continue
        f = FPS.frame_at_sample((p.start + p.end) // 2)
        if f >= len(closed):
            continue
        n += 1
        exact += bool(closed[f])
        near += bool(closed[max(0, f - 1) : f + 2].any())
    return n, exact, near


class Tally:
    def __init__(self) -> None:
        self.errors: list[float] = []
        self.pp = [0, 0, 0]
        self.linear_errors: list[float] = []
        self.linear_pp = [0, 0, 0]
        self.rejected = 0
        self.cases = 0
        self.ratios: list[float] = []
        self.ranks: list[float] = []
        self.coverages: list[float] = []
        self.mismatches: list[float] = []

    def add(self, truth: Utterance, al: Alignment, linear: Utterance) -> None:
        self.cases += 1
        self.ratios.append(al.cost_ratio)
        self.ranks.append(al.word_rank)
        self.coverages.append(al.coverage)
        self.mismatches.append(al.mismatch)
        if not al.matches:
            self.rejected += 1
        self.errors += word_errors_ms(truth, al.utterance)
        self.linear_errors += word_errors_ms(truth, linear)
        for k, v in enumerate(closures(truth, al.utterance)):
            self.pp[k] += v
        for k, v in enumerate(closures(truth, linear)):
            self.linear_pp[k] += v

    def row(self, name: str) -> tuple:
        e, le = np.asarray(self.errors), np.asarray(self.linear_errors)
        pct = 100.0 / max(1, self.pp[0])
        lpct = 100.0 / max(1, self.linear_pp[0])
        return (
            name,
            self.cases,
            float(np.median(e)),
            float(np.percentile(e, 90)),
            self.pp[1] * pct,
            self.pp[2] * pct,
            float(np.median(le)),
            float(np.percentile(le, 90)),
            self.linear_pp[1] * lpct,
            self.rejected,
        )


# ---------------------------------------------------------------- the run


def recordings(quick: bool):
    """(group, text, truth utterance) for every synthetic speaker and line."""
    piper = get_engine("piper")
    en = EN[:3] if quick else EN
    zh = ZH[:3] if quick else ZH
    mixed = MIXED[:2] if quick else MIXED
    for rate in PIPER_RATES[:: 2 if quick else 1]:
        for text in en:
            yield "en (Piper)", text, piper.synthesize(text, rate=rate)
    for zh_voice, en_voice, rate, pitch in ESPEAK_SPEAKERS[: 2 if quick else 3]:
        voice = EspeakEngine(voices={"zh": zh_voice, "en": en_voice})
        for text in zh:
            yield "zh (eSpeak variants)", text, voice.synthesize(text, rate=rate, pitch=pitch)
        for text in mixed:
            yield "zh+en (eSpeak variants)", text, voice.synthesize(text, rate=rate, pitch=pitch)


def runtime_30s(reference: EspeakEngine, piper: SpeechEngine) -> tuple[float, float, float]:
    """(seconds of audio, reference synthesis s, alignment s) for one ~30 s English line."""
    text = " ".join(EN)
    truth = piper.synthesize(text)
    rec, _ = perturb(truth.audio, "noise 15 dB", np.random.default_rng(0))
    t = time.perf_counter()
    reference.synthesize(text, language="auto")
    synth = time.perf_counter() - t
    cached: dict[float, Utterance] = {}

    def speak(speed: float) -> Utterance:
        if speed not in cached:
            rate = int(np.clip(round(DEFAULT_RATE * speed), *RATE_RANGE))
            cached[speed] = reference.synthesize(text, language="auto", rate=rate)
        return cached[speed]

    align_transcript(rec, speak)  # fills the cache at the matched speed
    times = []
    for _ in range(3):
        t = time.perf_counter()
        align_transcript(rec, speak)
        times.append(time.perf_counter() - t)
    return len(rec) / SAMPLE_RATE, synth, min(times)


def real_voices_wrong_script(reference: EspeakEngine) -> list[tuple[str, str, Alignment]]:
    """The shared real recordings (not transcribed) aligned to scripts they do not say."""
    out = []
    scripts = {
        "zh": "".join(ZH[:3]),
        "en": " ".join(EN[:4]),
        "zh+en": "".join(MIXED[:3]),
    }
    for wav in sorted(MEDIA.glob("*.wav")) if MEDIA.is_dir() else []:
        pcm = read_audio_file(wav)
        for lang, text in scripts.items():
            out.append((wav.name, lang, transcript_alignment(pcm, text, reference)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer lines and speakers")
    args = parser.parse_args()
    reference = EspeakEngine()
    rng = np.random.default_rng(20)
    groups: dict[str, Tally] = {}
    total = Tally()
    by_kind: dict[str, Tally] = {k: Tally() for k in PERTURBATIONS}
    wrong: list[Alignment] = []
    cases = list(recordings(args.quick))
    for k, (group, text, utt) in enumerate(cases):
        for kind in PERTURBATIONS:
            audio, lead = perturb(utt.audio, kind, rng)
            truth = shifted(utt, audio, lead)
            al = transcript_alignment(audio, text, reference)
            linear = stretch_linearly(audio, reference.synthesize(text, language="auto"))
            for tally in (groups.setdefault(group, Tally()), total, by_kind[kind]):
                tally.add(truth, al, linear)
            # the same recording with another line's script (same language and group)
            same = [c for c in cases if c[0] == group and c[1] != text]
            wrong.append(transcript_alignment(audio, same[k % len(same)][1], reference))

    print("# bench_align: recording + its script -> phoneme and word times")
    print()
    print("NOT MEASURED: real speech. The shared real clips are not transcribed (no ASR, no")
    print("listening here), so alignment error on real voices is unknown. Truth below is")
    print("synthetic: Piper (another engine) for English, eSpeak variants for Mandarin/mixed.")
    print()
    head = (
        f"{'case':<24} {'n':>3} {'word err ms':>12} {'p90':>6} {'p/b/m closed':>13} "
        f"{'+-1 frame':>10} | {'linear ms':>9} {'p90':>6} {'closed':>7} | {'rejected':>8}"
    )
    print(head)
    print("-" * len(head))
    rows = [t.row(name) for name, t in groups.items()]
    rows += [t.row(f"  {name}") for name, t in by_kind.items()]
    rows.append(total.row("all"))
    for r in rows:
        print(
            f"{r[0]:<24} {r[1]:>3} {r[2]:>12.0f} {r[3]:>6.0f} {r[4]:>12.1f}% {r[5]:>9.1f}% | "
            f"{r[6]:>9.0f} {r[7]:>6.0f} {r[8]:>6.1f}% | {r[9]:>8}"
        )
    print()
    print("does the recording say its script? (right script / another line's script)")
    for name, got, bad, worst in (
        ("cost ratio", total.ratios, [a.cost_ratio for a in wrong], max),
        ("word rank", total.ranks, [a.word_rank for a in wrong], max),
        ("coverage", total.coverages, [a.coverage for a in wrong], min),
        (
            f"mismatch (refused > {MAX_MISMATCH})",
            total.mismatches,
            [a.mismatch for a in wrong],
            max,
        ),
    ):
        best = min if worst is max else max
        print(
            f"  {name:<28} right: median {np.median(got):.3f}, worst {worst(got):.3f} | "
            f"wrong: median {np.median(bad):.3f}, best {best(bad):.3f}"
        )
    wrong_caught = sum(not a.matches for a in wrong)
    print(
        f"wrong scripts caught: {wrong_caught}/{len(wrong)}; right scripts rejected: "
        f"{total.rejected}/{total.cases} (thresholds chosen on these same cases)"
    )
    real = real_voices_wrong_script(reference)
    if real:
        caught = sum(not al.matches for _, _, al in real)
        print(
            f"real voices (../shared/media/audio, not transcribed) with a script they do not "
            f"say: {caught}/{len(real)} refused"
        )
        for name, lang, al in real:
            print(
                f"  {name:<28} {lang:<6} mismatch {al.mismatch:.2f} (cost ratio "
                f"{al.cost_ratio:.2f}, word rank {al.word_rank:.2f}, coverage {al.coverage:.2f})"
            )
        record("known text", "real voices, wrong script refused", f"{caught}/{len(real)}", "")
    else:
        print("real voices: ../shared/media/audio is absent, skipped")
    seconds, synth, align_s = runtime_30s(reference, get_engine("piper"))
    print(
        f"runtime, one core, {seconds:.1f} s line: reference synthesis {synth * 1000:.0f} ms, "
        f"alignment (features + DTW + mapping) {align_s * 1000:.0f} ms"
    )
    a = total.row("all")
    record("known text", "word boundary error median / p90", f"{a[2]:.0f} / {a[3]:.0f}", "ms",
           "median <= 40")  # fmt: skip
    record("known text", "linear stretch (no alignment) median", a[6], "ms")
    record("known text", "p/b/m closed at the truth midpoint", a[4], "%", ">= 95")
    record("known text", "wrong scripts caught", f"{wrong_caught}/{len(wrong)}", "")
    record("known text", "right scripts rejected", f"{total.rejected}/{total.cases}", "")
    record("known text", f"align a {seconds:.0f} s line (1 core)", align_s * 1000, "ms")
    record("known text", "real-speech alignment error", "not measured (no transcripts)", "")


if __name__ == "__main__":
    main()
