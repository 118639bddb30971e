"""Her recorded lines, kept in her avatar folder: ``lines/index.json`` and a WAV per line.

Each line is her reading of one prompt-sheet line, cut to its speech (plus a short
margin), at 48 kHz mono int16, with the phoneme and word times the alignment put on it
(what the lips and subtitles follow when the show speaks it) and the measures the join
needs (speech level, median F0). The index is written last and atomically, so a line
whose WAV is there but not in the index is never read; re-reading a line replaces it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

import numpy as np

from studio.avatar.lines.sheet import key_text
from studio.avatar.names import avatar_dir
from studio.core.errors import InputError
from studio.core.paths import private_dir, write_private
from studio.core.timeline import SAMPLE_RATE
from studio.core.wav import read_wav, write_wav
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme

log = logging.getLogger(__name__)

LINES_DIR = "lines"
INDEX = "index.json"
FORMAT_VERSION = 1


@dataclass
class OwnLine:
    """One line in her voice with its timings and measures."""

    id: str
    text: str
    kind: str
    utterance: Utterance  # her audio; phoneme and word times on its clock
    level_db: float  # speech loudness (dBFS of the frames within 30 dB of the loudest)
    f0_hz: float  # median F0 of its voiced frames (0: none found)
    mismatch: float = 0.0  # the alignment's score (lower: surer it says the text)
    source: str = ""  # the file it came from
    imported: str = ""

    @property
    def key(self) -> str:
        return key_text(self.text)

    @property
    def seconds(self) -> float:
        return self.utterance.num_samples / SAMPLE_RATE

    def to_json(self) -> dict:
        u = self.utterance
        return {
            "text": self.text,
            "kind": self.kind,
            "file": f"{self.id}.wav",
            "samples": u.num_samples,
            "level_db": round(self.level_db, 2),
            "f0_hz": round(self.f0_hz, 1),
            "mismatch": round(self.mismatch, 3),
            "source": self.source,
            "imported": self.imported,
            "phonemes": [[p.phoneme, p.viseme.value, p.start, p.end] for p in u.phonemes],
            "words": [[w.text, w.char_start, w.char_end, w.start, w.end] for w in u.words],
        }


@dataclass
class OwnLines:
    """Every line she has read, by id; ``digest`` changes whenever any line does."""

    lines: dict[str, OwnLine] = field(default_factory=dict)
    digest: str = ""

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def level_db(self) -> float:
        """Her usual speech level: the median over her lines."""
        levels = [x.level_db for x in self.lines.values()]
        return float(np.median(levels)) if levels else -20.0

    @cached_property
    def f0_hz(self) -> float:
        """Her usual pitch: the median over her phrase lines (else every line)."""
        f0 = [x.f0_hz for x in self.lines.values() if x.f0_hz > 0 and x.kind == "phrase"]
        f0 = f0 or [x.f0_hz for x in self.lines.values() if x.f0_hz > 0]
        return float(np.median(f0)) if f0 else 0.0


def lines_dir(avatar: str) -> Path:
    return avatar_dir(avatar) / LINES_DIR


def require_avatar(avatar: str) -> Path:
    """Her avatar folder; InputError when there is no such avatar."""
    folder = avatar_dir(avatar)
    if not (folder / "manifest.json").is_file():
        raise InputError(
            f"There is no avatar {avatar!r}.",
            "see them with `studio avatar list`, or make one with `studio avatar create`",
        )
    return folder


def _read_index(folder: Path) -> dict:
    path = folder / INDEX
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return {}
    if data.get("version") != FORMAT_VERSION or not isinstance(data.get("lines"), dict):
        log.warning("ignoring %s: not a version %d index", path, FORMAT_VERSION)
        return {}
    return data["lines"]


def _line_from_json(folder: Path, line_id: str, data: dict) -> OwnLine:
    audio, rate = read_wav(folder / str(data["file"]))
    if rate != SAMPLE_RATE or len(audio) != int(data["samples"]):
        raise ValueError("its audio does not match the index")
    utt = Utterance(
        text=str(data["text"]),
        audio=audio,
        phonemes=[Phoneme(str(p), Viseme(v), int(s), int(e)) for p, v, s, e in data["phonemes"]],
        words=[Word(str(t), int(a), int(b), int(s), int(e)) for t, a, b, s, e in data["words"]],
        language="zh",
        own=((0, len(audio)),),
    )
    return OwnLine(
        line_id,
        str(data["text"]),
        str(data["kind"]),
        utt,
        float(data["level_db"]),
        float(data["f0_hz"]),
        float(data.get("mismatch", 0.0)),
        str(data.get("source", "")),
        str(data.get("imported", "")),
    )


def index_stamp(avatar: str) -> tuple[int, int] | None:
    """When and how big her lines' index was last written (None: no index): a show
    compares it before each line to pick up lines she read while it runs."""
    try:
        st = (lines_dir(avatar) / INDEX).stat()
    except (OSError, InputError):
        return None
    return st.st_mtime_ns, st.st_size


def load_lines(avatar: str) -> OwnLines:
    """Her lines (empty when she has none, or for "demo" and paths); a line whose file
    cannot be read is left out with a warning."""
    if not avatar or avatar == "demo":
        return OwnLines()
    try:
        folder = lines_dir(avatar)
    except InputError:  # a path or an odd name: no lines
        return OwnLines()
    index_path = folder / INDEX
    entries = _read_index(folder)
    out: dict[str, OwnLine] = {}
    for line_id, data in entries.items():
        try:
            out[line_id] = _line_from_json(folder, line_id, data)
        except (OSError, ValueError, KeyError, TypeError, InputError) as exc:
            log.warning(
                "avatar %s: her line %s cannot be read (%s); left out", avatar, line_id, exc
            )
    digest = ""
    if out:
        digest = hashlib.sha256(index_path.read_bytes()).hexdigest()[:16]
    return OwnLines(out, digest)


def save_lines(avatar: str, new: list[OwnLine]) -> OwnLines:
    """Add (or replace) ``new`` among her lines; the index is written last."""
    folder = private_dir(lines_dir(avatar)) if new else lines_dir(avatar)
    entries = _read_index(folder)
    stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    for line in new:
        line.imported = line.imported or stamp
        write_wav(folder / f"{line.id}.wav", line.utterance.audio)
        os.chmod(folder / f"{line.id}.wav", 0o600)
        entries[line.id] = line.to_json()
    if new:
        _write_index(folder, entries)
    return load_lines(avatar)


def remove_lines(avatar: str, ids: list[str] | None = None) -> list[str]:
    """Forget her lines ``ids`` (all of them for None); returns the ids removed."""
    require_avatar(avatar)
    folder = lines_dir(avatar)
    entries = _read_index(folder)
    if ids is None:
        gone = sorted(entries)
    else:
        unknown = [i for i in ids if i not in entries]
        if unknown:
            raise InputError(
                f"avatar {avatar!r} has no recorded line {unknown[0]!r}",
                f"see them with `studio voice lines list --avatar {avatar}`",
            )
        gone = list(ids)
    kept = {k: v for k, v in entries.items() if k not in set(gone)}
    if gone:
        _write_index(folder, kept)  # first: a line stops existing at once
        for line_id in gone:
            (folder / f"{line_id}.wav").unlink(missing_ok=True)
    if not kept and folder.is_dir():
        (folder / INDEX).unlink(missing_ok=True)
    return gone


def _write_index(folder: Path, entries: dict) -> None:
    blob = {"version": FORMAT_VERSION, "lines": dict(sorted(entries.items()))}
    write_private(folder / INDEX, json.dumps(blob, ensure_ascii=False, indent=1))
