"""Her own recorded lines (issue 21, item 2): how much of the demo show she says herself
after reading the prompt sheet, how smooth the joins are, and first audio.

Run: .venv/bin/python benchmarks/bench_voice_lines.py

- Her reading: synthetic -- the whole shipped prompt sheet read by eSpeak NG at a
  shifted pitch and rate (pitch 78, rate 150; the alignment's reference speaks at 50 and
  175), one WAV with a 0.8 s pause after each line and faint hiss, as the tests make it.
  ``../shared/media`` has no one reading this sheet (its Mandarin clip is 8 s of news),
  so there is no real figure for the note.
- Import: ``import_reading`` of that WAV into a photo presenter (lines kept, wall time).
- Share: the demo show (``assets/demo/script.toml``, facts from ``products.csv``), every
  text line spoken as the show speaks it (``runtime.prepared.speak``), with her lines
  first; the share of its spoken seconds in her voice (target >= 60 %).
- Joins: at every join of two parts (her piece / TTS run), the speech level step (dB:
  the 80th percentile of 10 ms frame levels over 200 ms on each side, the cross-fade
  left out) and the F0 step (semitones, median F0 of 120 ms on each side, where both
  are voiced); median and 90th percentile, with level and pitch matching on and off.
  Then again after she has also read her shop's sheet (``studio.runtime.shopsheet``:
  the demo show's own lines that the generic sheet does not say, made from the demo
  shop's store -- what ``studio voice lines sheet`` writes), read the same way.
- First audio: ``synthesize_stream`` of two three-sentence lines, cache off, until the
  first sentence is ready, eSpeak alone and her lines first: one whose first sentence
  is one of her phrases (no TTS at all), one whose first sentence is a price in her
  number words with a TTS run in it (TTS, pitch and level matching, the join).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np
from summary import record

from studio.avatar.lines.clip import median_f0
from studio.avatar.lines.cover import plan_cover
from studio.avatar.lines.engine import OwnLinesEngine, with_own_lines
from studio.avatar.lines.reading import import_reading
from studio.avatar.lines.sheet import load_sheet
from studio.core.paths import assets_dir
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.core.wav import write_wav
from studio.runtime.prepared import speak
from studio.runtime.shopsheet import shop_sheet
from studio.show import Queue, ShowStore
from studio.show.importer import checked_script_file, import_file
from studio.show.items import ItemKind
from studio.speech.engine import Settings, get_engine
from studio.speech.normalize import normalize
from studio.speech.voice_profile import hz_to_st

HER_PITCH, HER_RATE, GAP_S = 78, 150, 0.8
EDGE_MS, FADE_MS, F0_MS = 200, 15, 120
STREAMS = {
    "her phrase": "欢迎来到直播间！今天直播间只要八十九元。库存不多了，喜欢的抓紧下单。",
    "price + TTS": "原价一百二十九元，这款杯子今天只要八十九元。库存不多了，喜欢的抓紧下单。",
}


def her_reading(lines) -> np.ndarray:
    engine = get_engine("espeak")
    rng = np.random.default_rng(0)
    gap = np.zeros(int(GAP_S * SAMPLE_RATE), np.int16)
    parts = [gap]
    for line in lines:
        parts += [engine.synthesize(line.text, language="zh", pitch=HER_PITCH, rate=HER_RATE).audio]
        parts.append(gap)
    audio = np.concatenate(parts).astype(np.float64) + rng.normal(0, 20.0, sum(map(len, parts)))
    return np.clip(np.rint(audio), -32768, 32767).astype(np.int16)


def make_presenter(home: Path) -> None:
    from skimage import data

    from studio.avatar.create_photo import create_from_photo

    photo = home / "face.png"
    cv2.imwrite(str(photo), cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR))
    create_from_photo(photo, "her")


@contextmanager
def demo_store(save: bool = False) -> Iterator[tuple[ShowStore, list]]:
    """The demo shop in a fresh show store, with the scripts of its show (``save``: kept
    in the store as `studio show import` keeps them, playlists and all)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = ShowStore(Path(tmp) / "show.db")
        import_file(store, assets_dir() / "demo" / "products.csv")
        report = checked_script_file(store, assets_dir() / "demo" / "script.toml")
        if save:
            store.save_scripts(report.parsed.scripts, report.parsed.playlists)
        try:
            yield store, report.parsed.scripts
        finally:
            store.close()


def demo_lines() -> list[tuple[str, tuple]]:
    """(text, pauses) of every text line of the demo show, facts filled."""
    with demo_store() as (store, scripts):
        queue = Queue(store)
        for script in scripts:
            for item in script.items:
                queue.insert_item(item, actor="bench")
        out = []
        for entry in queue.peek(1000):
            if entry.kind is ItemKind.TEXT and entry.spoken is not None:
                out.append((entry.text, entry.spoken.pauses))
    return out


def _speech_db(x: np.ndarray) -> float:
    """The level of the speech in ``x``: the 80th percentile of its 10 ms frame levels
    (a syllable's onset or decay at the very edge does not count as a step)."""
    hop = SAMPLE_RATE // 100
    n = len(x) // hop
    frames = x[: n * hop].astype(np.float64).reshape(n, hop) / 32768.0
    return float(np.percentile(10 * np.log10(np.mean(frames**2, axis=1) + 1e-12), 80))


def join_steps(audio: np.ndarray, placed: list[tuple[int, int]]) -> tuple[list[float], list[float]]:
    """Level (dB) and F0 (semitone) steps at every join of consecutive parts."""
    edge, fade, f0w = (SAMPLE_RATE * ms // 1000 for ms in (EDGE_MS, FADE_MS, F0_MS))
    level, pitch = [], []
    for (a0, a1), (b0, b1) in zip(placed, placed[1:], strict=False):
        before = audio[max(a0, a1 - fade - edge) : a1 - fade]
        after = audio[b0 + fade : min(b1, b0 + fade + edge)]
        if len(before) < edge // 2 or len(after) < edge // 2:
            continue
        level.append(abs(_speech_db(before) - _speech_db(after)))
        fa = median_f0(audio[max(a0, a1 - fade - f0w) : a1 - fade])
        fb = median_f0(audio[b0 + fade : min(b1, b0 + fade + f0w)])
        if fa > 0 and fb > 0:
            pitch.append(abs(float(hz_to_st(fa) - hz_to_st(fb))))
    return level, pitch


def _q(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def demo_share(engine: OwnLinesEngine, verbose: bool) -> float:
    """The share of the demo show's spoken seconds in her voice."""
    fps = FrameRate(25)
    total = own = 0
    if verbose:
        print("\ndemo show, line by line (share in her voice):")
    for text, pauses in demo_lines():
        item = speak(engine, "k", text, pauses, fps)
        total += item.num_samples
        own += item.own_samples
        if verbose:
            print(f"  {item.own_share:4.0%}  {item.num_samples / SAMPLE_RATE:5.1f} s  {text[:40]}")
    share = own / max(1, total)
    print(
        f"her share of the demo show's spoken seconds: {share:.1%} "
        f"({own / SAMPLE_RATE:.1f} of {total / SAMPLE_RATE:.1f} s)"
    )
    return share


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="bench-lines-"))
    os.environ["STUDIO_HOME"] = str(home)
    make_presenter(home)
    sheet = load_sheet()
    t0 = time.perf_counter()
    reading = write_wav(home / "reading.wav", her_reading(sheet.lines))
    made = time.perf_counter() - t0
    seconds = reading.stat().st_size / 2 / SAMPLE_RATE
    t0 = time.perf_counter()
    report = import_reading(reading, sheet, "her")
    took = time.perf_counter() - t0
    print(f"her reading (synthetic): {len(sheet)} lines, {seconds:.0f} s, made in {made:.1f} s")
    print(f"import: kept {len(report.kept)}, refused {len(report.refused)} in {took:.1f} s")
    for line_id, why in report.refused:
        print(f"  refused {line_id}: {why}")
    record(
        "voice lines", "sheet lines kept (synthetic reading)", f"{len(report.kept)}/{len(sheet)}"
    )
    record("voice lines", "import wall time (synthetic reading)", took, "s")

    plain = get_engine("espeak")
    engine = with_own_lines(get_engine("espeak"), "her")
    assert isinstance(engine, OwnLinesEngine)
    share = demo_share(engine, verbose=True)
    record("voice lines", "demo show seconds in her voice (synthetic)", 100 * share, "%", ">= 60")
    # and after she also reads her shop's sheet (the show's own lines the generic sheet
    # does not say: `studio voice lines sheet`), made from the demo shop's store
    with demo_store(save=True) as (store, _):
        products = shop_sheet(store)
    extra = write_wav(home / "shop.wav", her_reading(products.lines))
    more = import_reading(extra, products, "her")
    print(f"\nshop sheet: {len(products)} lines, kept {len(more.kept)}")
    for line_id, why in more.refused:
        print(f"  refused {line_id}: {why}")
    record(
        "voice lines",
        "shop sheet lines kept (synthetic reading)",
        f"{len(more.kept)}/{len(products)}",
    )
    both = with_own_lines(get_engine("espeak"), "her")
    share2 = demo_share(both, verbose=True)  # line by line: what is still TTS
    record(
        "voice lines", "demo show seconds in her voice, + shop sheet", 100 * share2, "%", ">= 60"
    )

    settings = Settings("auto", None, 175, 50, 100)
    for match in (True, False):
        levels, pitches = [], []
        for text, _ in demo_lines():
            norm = normalize(text, "auto")
            pieces = plan_cover(norm.text, engine.inventory)
            if not any(p.unit is not None for p in pieces):
                continue
            utt, placed = engine.compose(norm.text, pieces, settings, match=match)
            lv, pt = join_steps(utt.audio, placed)
            levels += lv
            pitches += pt
        label = "matched" if match else "unmatched"
        print(
            f"joins ({label}): {len(levels)}; level step median {_q(levels, 50):.1f} dB, "
            f"p90 {_q(levels, 90):.1f} dB; F0 step ({len(pitches)} voiced) median "
            f"{_q(pitches, 50):.1f} st, p90 {_q(pitches, 90):.1f} st"
        )
        record("voice lines", f"join level step median ({label})", _q(levels, 50), "dB")
        record("voice lines", f"join F0 step median ({label})", _q(pitches, 50), "st")

    for line, stream_text in STREAMS.items():
        for name, eng in (("eSpeak", plain), ("her lines first", engine)):
            eng.cache = None
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                next(iter(eng.synthesize_stream(stream_text)))
                times.append(time.perf_counter() - t0)
            first = statistics.median(times)
            print(f"first audio ({line}), {name}: {1000 * first:.0f} ms")
            record("voice lines", f"first audio ({line}), {name}", 1000 * first, "ms", "< 1000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
