"""The synthesis cache: bounded in memory, atomic and pickle-free on disk."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme
from studio.speech.cache import CacheKey, SynthesisCache, default_cache


def _key(text: str, rate: int = 175, voice: str = "") -> CacheKey:
    return CacheKey("espeak", "espeak-ng:en=en-us", voice, "auto", (("rate", str(rate)),), text)


def _utt(text: str, n: int = 4800, seed: int = 0) -> Utterance:
    rng = np.random.default_rng(seed)
    audio = rng.integers(-3000, 3000, n).astype(np.int16)
    return Utterance(
        text=text,
        audio=audio,
        phonemes=[Phoneme("m", Viseme.PP, 0, n // 2), Phoneme("'a", Viseme.AA, n // 2, n)],
        words=[Word(text, 0, len(text), 10, n - 10)],
        language="en",
        unknown_phonemes={"X1": 2},
    )


def _same(a: Utterance, b: Utterance) -> bool:
    return (
        a.text == b.text
        and np.array_equal(a.audio, b.audio)
        and a.phonemes == b.phonemes
        and a.words == b.words
        and a.language == b.language
        and a.unknown_phonemes == b.unknown_phonemes
    )


def test_key_covers_every_setting() -> None:
    digests = {
        _key("hi").digest(),
        _key("hi", rate=200).digest(),
        _key("hi", voice="en-gb").digest(),
        _key("hi!").digest(),
        CacheKey("piper", "x", "", "auto", (), "hi").digest(),
    }
    assert len(digests) == 5
    assert _key("hi").digest() == _key("hi").digest()


def test_memory_hit_returns_a_private_copy() -> None:
    cache = SynthesisCache()
    assert cache.get(_key("a")) is None
    cache.put(_key("a"), _utt("a"))
    got = cache.get(_key("a"))
    assert got is not None and _same(got, _utt("a"))
    got.audio[:] = 0
    got.phonemes.clear()
    again = cache.get(_key("a"))
    assert again is not None and _same(again, _utt("a"))
    assert cache.stats.hits == 2 and cache.stats.misses == 1


def test_memory_is_bounded_by_entries_lru() -> None:
    cache = SynthesisCache(max_entries=3)
    for t in "abc":
        cache.put(_key(t), _utt(t))
    assert cache.get(_key("a")) is not None  # a is now most recent
    cache.put(_key("d"), _utt("d"))
    assert len(cache) == 3
    assert cache.get(_key("b")) is None  # least recently used went first
    assert all(cache.get(_key(t)) is not None for t in "acd")


def test_memory_is_bounded_by_bytes() -> None:
    one = _utt("x").audio.nbytes
    cache = SynthesisCache(max_entries=100, max_bytes=int(one * 2.5))
    for t in "abcde":
        cache.put(_key(t), _utt(t))
    assert len(cache) == 2
    assert cache.stats.bytes <= cache.max_bytes
    assert cache.get(_key("e")) is not None and cache.get(_key("a")) is None
    huge = SynthesisCache(max_bytes=100)
    huge.put(_key("big"), _utt("big"))
    assert len(huge) == 0  # larger than the whole budget: not kept


def test_disk_layer_survives_a_new_cache(tmp_path: Path) -> None:
    folder = tmp_path / "tts"
    SynthesisCache(disk_dir=folder).put(_key("hello"), _utt("hello"))
    files = sorted(p.suffix for p in folder.iterdir())
    assert files == [".json", ".npy"]  # no pickle files
    fresh = SynthesisCache(disk_dir=folder)
    got = fresh.get(_key("hello"))
    assert got is not None and _same(got, _utt("hello"))
    assert fresh.stats.disk_hits == 1
    assert fresh.get(_key("hello")) is not None and fresh.stats.hits == 1  # now in memory
    meta = json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))
    assert meta["key"]["text"] == "hello" and meta["num_samples"] == 4800
    assert not list(folder.glob(".*"))  # no temp files left


def test_disk_entries_are_checked_and_bad_ones_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "tts"
    SynthesisCache(disk_dir=folder).put(_key("x"), _utt("x"))
    npy = next(folder.glob("*.npy"))
    np.save(npy, np.zeros(10, np.int16))  # audio that does not match its timeline
    assert SynthesisCache(disk_dir=folder).get(_key("x")) is None
    assert not list(folder.iterdir())
    SynthesisCache(disk_dir=folder).put(_key("y"), _utt("y"))
    next(folder.glob("*.json")).write_text("{not json", encoding="utf-8")
    assert SynthesisCache(disk_dir=folder).get(_key("y")) is None
    SynthesisCache(disk_dir=folder).put(_key("z"), _utt("z"))
    next(folder.glob("*.npy")).unlink()  # half an entry: JSON without audio
    assert SynthesisCache(disk_dir=folder).get(_key("z")) is None


def test_disk_is_bounded_oldest_out(tmp_path: Path) -> None:
    folder = tmp_path / "tts"
    cache = SynthesisCache(disk_dir=folder, disk_max_entries=3)
    for i, t in enumerate("abcde"):
        cache.put(_key(t), _utt(t, seed=i))
    assert len(list(folder.glob("*.json"))) == 3
    assert len(list(folder.glob("*.npy"))) == 3
    fresh = SynthesisCache(disk_dir=folder)
    assert fresh.get(_key("a")) is None and fresh.get(_key("e")) is not None
    entry = (4800 * 2 + 128) + 700  # audio + npy header + JSON, roughly
    small = SynthesisCache(disk_dir=tmp_path / "small", disk_max_bytes=2 * entry)
    for t in "abcd":
        small.put(_key(t), _utt(t))
    total = sum(p.stat().st_size for p in (tmp_path / "small").iterdir())
    assert total <= 2 * entry
    assert len(list((tmp_path / "small").glob("*.json"))) in (1, 2)


def test_bad_bounds_and_default_location(studio_home: Path) -> None:
    with pytest.raises(ValueError):
        SynthesisCache(max_entries=-1)
    assert default_cache().disk_dir == studio_home / "cache" / "tts"
    assert default_cache(disk=False).disk_dir is None
