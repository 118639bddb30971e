"""Speech speed: real-time factor per engine and language, time to first audio, cache.

Run: .venv/bin/python benchmarks/bench_tts.py [--repeats N]

- RTF: synthesis wall time / audio duration, cache off, engine already loaded (median
  of N runs over a product pitch).
- First audio: a long script through ``synthesize_stream``; time until the first
  sentence's Utterance is ready (target <= 150 ms with eSpeak).
- Cache: time of ``synthesize`` for a line already in the memory layer, and in the
  disk layer only (a fresh process would see the latter).
- Normalise: text normalisation alone, per sentence.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from summary import record

from studio.core.timeline import SAMPLE_RATE
from studio.speech.cache import SynthesisCache
from studio.speech.engine import SpeechEngine, get_engine
from studio.speech.normalize import normalize

ZH = (
    "大家好，欢迎来到我们的直播间！今天给大家推荐这款保温杯，容量500ml，保温12个小时。"
    "现在下单只要¥99，满300减50，2件8折，数量有限。"
)
EN = (
    "Welcome back to the live room! This thermos keeps your coffee hot for 12 hours. "
    "Today it is only $19.99, and the second one is half price."
)
LONG_ZH = ZH * 6
LONG_EN = EN * 6


def median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def rtf(engine: SpeechEngine, text: str, language: str, repeats: int) -> tuple[float, float]:
    """(median RTF, audio seconds) for ``text``, cache off."""
    audio_s = engine.synthesize(text, language=language).num_samples / SAMPLE_RATE
    wall = median_time(lambda: engine.synthesize(text, language=language), repeats)
    return wall / audio_s, audio_s


def first_audio(engine: SpeechEngine, text: str, language: str, repeats: int) -> float:
    """Median seconds until the first streamed sentence is ready."""
    return median_time(lambda: next(engine.synthesize_stream(text, language=language)), repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    n = args.repeats

    rows: list[tuple[str, str, str, str]] = []
    t0 = time.perf_counter()
    espeak = get_engine("espeak")
    load_espeak = time.perf_counter() - t0
    t0 = time.perf_counter()
    piper = get_engine("piper")
    piper.synthesize("Hello.")  # loads and patches the ONNX model
    load_piper = time.perf_counter() - t0

    for name, engine, lang, text in (
        ("espeak", espeak, "zh", ZH),
        ("espeak", espeak, "en", EN),
        ("piper", piper, "en", EN),
    ):
        factor, audio_s = rtf(engine, text, lang, n)
        first = first_audio(engine, LONG_ZH if lang == "zh" else LONG_EN, lang, n)
        rows.append((f"{name} {lang}", f"{factor:.4f}", f"{audio_s:.1f}", f"{first * 1000:.0f}"))
        record("speech", f"{name} {lang} real-time factor", factor, "x", "< 0.2")
        record("speech", f"{name} {lang} first audio", first * 1000, "ms", "<= 150 (eSpeak)")

    with tempfile.TemporaryDirectory() as tmp:
        disk = Path(tmp) / "tts"
        cache = SynthesisCache(disk_dir=disk)
        cached = get_engine("espeak", cache=cache)
        cached.synthesize(ZH, language="zh")  # fill memory and disk
        memory_hit = median_time(lambda: cached.synthesize(ZH, language="zh"), n)

        def disk_hit() -> None:
            cache.clear()
            cached.synthesize(ZH, language="zh")

        disk_hit_s = median_time(disk_hit, n)
    sentences = [s + "。" for s in ZH.split("。") if s] + [s + "." for s in EN.split(". ") if s]
    norm = median_time(lambda: [normalize(s) for s in sentences], n) / len(sentences)

    print(f"# bench_tts  ({platform.processor() or platform.machine()}, repeats={n})")
    print(f"engine load: espeak {load_espeak * 1000:.0f} ms, piper {load_piper * 1000:.0f} ms")
    print()
    print(f"{'engine/lang':<12} {'RTF':>8} {'audio s':>8} {'first audio ms':>15}")
    for row in rows:
        print(f"{row[0]:<12} {row[1]:>8} {row[2]:>8} {row[3]:>15}")
    print()
    print(f"cache hit, memory: {memory_hit * 1000:.2f} ms   disk: {disk_hit_s * 1000:.2f} ms")
    print(f"normalise one sentence: {norm * 1000:.2f} ms")
    print("target: first audio <= 150 ms with eSpeak")
    record(
        "speech",
        "cache hit (memory / disk)",
        f"{memory_hit * 1000:.2f} / {disk_hit_s * 1000:.2f}",
        "ms",
    )


if __name__ == "__main__":
    main()
