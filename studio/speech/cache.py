"""A bounded synthesis cache: the same line in the same voice is made once.

Live shows repeat themselves (greetings, prices, calls to action), so synthesis results
are kept, keyed by engine, model, voice, language, settings and the *normalised* text.
Two layers:

- memory: least recently used first out, bounded in entries and in bytes;
- disk (optional, e.g. ``STUDIO_HOME/cache/tts``): survives restarts. Each entry is an
  ``.npy`` file (audio, loaded with ``allow_pickle=False``) plus a ``.json`` file
  (key, timeline); both are written to a temp file and renamed, and the JSON is written
  last, so a half-written entry is never read. Bounded in entries and bytes, oldest
  (least recently used) removed first. No pickle anywhere.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from studio.core.paths import private_dir, studio_home
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


@dataclass(frozen=True)
class CacheKey:
    """Everything that changes the audio of one synthesis."""

    engine: str
    model: str
    voice: str
    language: str
    settings: tuple[tuple[str, str], ...]
    text: str

    def as_json(self) -> dict:
        data = asdict(self)
        data["settings"] = [list(kv) for kv in self.settings]
        return data

    def digest(self) -> str:
        blob = json.dumps(self.as_json(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    disk_hits: int = 0
    misses: int = 0
    entries: int = 0
    bytes: int = 0


@dataclass
class _Entry:
    utterance: Utterance
    nbytes: int


@dataclass
class SynthesisCache:
    """Memory LRU with an optional disk layer; safe to share between threads."""

    max_entries: int = 512
    max_bytes: int = 64 * 2**20
    disk_dir: Path | None = None
    disk_max_entries: int = 4096
    disk_max_bytes: int = 512 * 2**20
    stats: CacheStats = field(default_factory=CacheStats)

    def __post_init__(self) -> None:
        if self.max_entries < 0 or self.max_bytes < 0:
            raise ValueError("cache bounds must not be negative")
        self._memory: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        if self.disk_dir is not None:
            self.disk_dir = Path(self.disk_dir)

    # ------------------------------------------------------------------ public

    def get(self, key: CacheKey) -> Utterance | None:
        """A private copy of the cached utterance, or None."""
        digest = key.digest()
        with self._lock:
            entry = self._memory.get(digest)
            if entry is not None:
                self._memory.move_to_end(digest)
                self.stats.hits += 1
                return _copy(entry.utterance)
        utt = self._disk_get(key, digest)
        with self._lock:
            if utt is None:
                self.stats.misses += 1
                return None
            self.stats.disk_hits += 1
            self._remember(digest, utt)
        return _copy(utt)

    def put(self, key: CacheKey, utt: Utterance) -> None:
        """Keep a copy of ``utt`` in memory (and on disk when a folder is set)."""
        digest = key.digest()
        stored = _copy(utt)
        with self._lock:
            self._remember(digest, stored)
        self._disk_put(key, digest, stored)

    def clear(self) -> None:
        """Forget everything in memory (the disk layer stays)."""
        with self._lock:
            self._memory.clear()
            self.stats.entries = self.stats.bytes = 0

    def __len__(self) -> int:
        return len(self._memory)

    # ------------------------------------------------------------------ memory

    def _remember(self, digest: str, utt: Utterance) -> None:
        size = _size(utt)
        old = self._memory.pop(digest, None)
        if old is not None:
            self.stats.bytes -= old.nbytes
        if size > self.max_bytes or self.max_entries == 0:
            self.stats.entries = len(self._memory)
            return
        self._memory[digest] = _Entry(utt, size)
        self.stats.bytes += size
        while len(self._memory) > self.max_entries or self.stats.bytes > self.max_bytes:
            _, evicted = self._memory.popitem(last=False)
            self.stats.bytes -= evicted.nbytes
        self.stats.entries = len(self._memory)

    # ------------------------------------------------------------------ disk

    def _paths(self, digest: str) -> tuple[Path, Path]:
        assert self.disk_dir is not None
        return self.disk_dir / f"{digest}.npy", self.disk_dir / f"{digest}.json"

    def _disk_get(self, key: CacheKey, digest: str) -> Utterance | None:
        if self.disk_dir is None:
            return None
        npy, meta = self._paths(digest)
        if not meta.is_file():
            return None
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            if data.get("version") != FORMAT_VERSION or data.get("key") != key.as_json():
                return None  # a different key with the same hash prefix: not ours
            audio = np.load(npy, allow_pickle=False)
            if audio.dtype != np.int16 or audio.ndim != 1 or len(audio) != data["num_samples"]:
                raise ValueError("audio does not match its timeline")
            utt = _from_json(data, audio)
            os.utime(meta)  # recently used: evicted last
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("dropping unreadable TTS cache entry %s: %s", digest, exc)
            npy.unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
            return None
        return utt

    def _disk_put(self, key: CacheKey, digest: str, utt: Utterance) -> None:
        if self.disk_dir is None:
            return
        npy, meta = self._paths(digest)
        try:
            private_dir(self.disk_dir)
            _atomic_write(npy, lambda f: np.save(f, utt.audio, allow_pickle=False))
            blob = json.dumps(_to_json(key, utt), ensure_ascii=False).encode("utf-8")
            _atomic_write(meta, lambda f: f.write(blob))
            self._disk_evict()
        except OSError as exc:  # a full or read-only disk must not stop the show
            log.warning("cannot write TTS cache entry to %s: %s", self.disk_dir, exc)

    def _disk_evict(self) -> None:
        assert self.disk_dir is not None
        entries = []
        for meta in self.disk_dir.glob("*.json"):
            npy = meta.with_suffix(".npy")
            try:
                st = meta.stat()
                size = st.st_size + (npy.stat().st_size if npy.exists() else 0)
            except OSError:
                continue
            entries.append((st.st_mtime_ns, size, meta, npy))
        entries.sort()
        total = sum(e[1] for e in entries)
        count = len(entries)
        for _, size, meta, npy in entries:
            if count <= self.disk_max_entries and total <= self.disk_max_bytes:
                break
            meta.unlink(missing_ok=True)  # JSON first: the entry stops existing at once
            npy.unlink(missing_ok=True)
            total -= size
            count -= 1


def default_cache(disk: bool = True) -> SynthesisCache:
    """A cache with its disk layer under ``STUDIO_HOME/cache/tts``."""
    return SynthesisCache(disk_dir=studio_home() / "cache" / "tts" if disk else None)


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _size(utt: Utterance) -> int:
    return int(utt.audio.nbytes) + 64 * (len(utt.phonemes) + len(utt.words)) + 4 * len(utt.text)


def _copy(utt: Utterance) -> Utterance:
    return Utterance(
        text=utt.text,
        audio=np.array(utt.audio, dtype=np.int16, copy=True),
        sample_rate=utt.sample_rate,
        phonemes=list(utt.phonemes),
        words=list(utt.words),
        language=utt.language,
        unknown_phonemes=dict(utt.unknown_phonemes),
        text_offset=utt.text_offset,
        own=tuple(utt.own),
    )


def _to_json(key: CacheKey, utt: Utterance) -> dict:
    return {
        "version": FORMAT_VERSION,
        "key": key.as_json(),
        "text": utt.text,
        "sample_rate": utt.sample_rate,
        "language": utt.language,
        "num_samples": utt.num_samples,
        "phonemes": [[p.phoneme, p.viseme.value, p.start, p.end] for p in utt.phonemes],
        "words": [[w.text, w.char_start, w.char_end, w.start, w.end] for w in utt.words],
        "unknown_phonemes": utt.unknown_phonemes,
        "own": [list(span) for span in utt.own],
    }


def _from_json(data: dict, audio: np.ndarray) -> Utterance:
    return Utterance(
        text=str(data["text"]),
        audio=audio,
        sample_rate=int(data["sample_rate"]),
        phonemes=[Phoneme(str(p), Viseme(v), int(s), int(e)) for p, v, s, e in data["phonemes"]],
        words=[Word(str(t), int(a), int(b), int(s), int(e)) for t, a, b, s, e in data["words"]],
        language=str(data["language"]),
        unknown_phonemes={str(k): int(v) for k, v in data["unknown_phonemes"].items()},
        own=tuple((int(a), int(b)) for a, b in data.get("own", ())),
    )
