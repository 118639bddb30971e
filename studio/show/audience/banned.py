"""Banned words in viewers' comments, with the spellings people use to get past a list.

The list is ``assets/audience/banned_words.toml`` (its header says how to write one)
plus the user's files in ``STUDIO_HOME/audience/``. A word is found when, after
``textnorm.fold`` and ``squeeze`` (no spacing, symbols or look-alikes):

- the word or one of its variants is in the comment (Latin variants only as a whole
  run of letters and digits: "sb" in "s b主播" counts, in "usb" it does not);
- the word's pinyin is typed in letters (weixin, sha bi) -- for words of two or more
  syllables;
- Han characters that sound like it follow each other (薇信 for 微信): with the same
  tones, or any tones, as the word's ``sound`` says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from studio.core.errors import ConfigError
from studio.core.paths import assets_dir, studio_home
from studio.core.textfile import read_text_file
from studio.show.audience.textnorm import fold, is_han, is_kept, sounds, squeeze

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

log = logging.getLogger(__name__)

SHIPPED = Path("audience") / "banned_words.toml"
CATEGORIES = ("contact", "platform", "ad", "abuse", "adult", "gambling")
SOUNDS = ("tone", "any", "off")


@dataclass(frozen=True)
class BannedWord:
    term: str
    category: str
    forms: tuple[str, ...]  # squeezed written forms: the term and its variants
    tones: tuple[str, ...]  # pinyin with tones of a Han term (wei1, xin4), else ()
    sound: str = "tone"

    @property
    def toneless(self) -> tuple[str, ...]:
        return tuple(s.rstrip("012345") for s in self.tones)


@dataclass(frozen=True)
class Hit:
    term: str
    category: str
    how: str  # written | pinyin | homophone


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _whole_run(text: str, start: int, end: int) -> bool:
    """A Latin/digit match must not be part of a longer Latin/digit run."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return not (before and _latin(before)) and not (after and _latin(after))


def _find_written(text: str, form: str) -> bool:
    latin_edges = _latin(form[0]) or _latin(form[-1])
    at = text.find(form)
    while at >= 0:
        if not latin_edges or _whole_run(text, at, at + len(form)):
            return True
        at = text.find(form, at + 1)
    return False


def _runs(syllables: list[str], flags: list[bool]) -> list[list[str]]:
    """Maximal runs of Han syllables (a non-Han character breaks a run)."""
    runs: list[list[str]] = []
    current: list[str] = []
    for syl, han in zip(syllables, flags, strict=True):
        if han:
            current.append(syl)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _contains(run: list[str], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(tuple(run[i : i + n]) == part for i in range(len(run) - n + 1))


@dataclass(frozen=True)
class BannedList:
    words: tuple[BannedWord, ...]

    def scan(self, text: str) -> Hit | None:
        """The first banned word in ``text`` and how it was written, or None."""
        flat = squeeze(text)
        if not flat:
            return None
        # Separators kept as spaces too: "vx：shop1" has "vx" as a run of its own there
        spaced = "".join(ch if is_kept(ch) else " " for ch in fold(text))
        for w in self.words:
            if any(_find_written(flat, f) or _find_written(spaced, f) for f in w.forms):
                return Hit(w.term, w.category, "written")
        latin = "".join(ch if _latin(ch) and ch.isalpha() else " " for ch in flat).split()
        syllables = sounds(flat) if any(is_han(ch) for ch in flat) else []
        flags = [is_han(ch) for ch in flat]
        runs_toned = _runs(syllables, flags) if syllables else []
        runs_plain = [[s.rstrip("012345") for s in run] for run in runs_toned]
        for w in self.words:
            if len(w.tones) >= 2 and any("".join(w.toneless) in run for run in latin):
                return Hit(w.term, w.category, "pinyin")
            if not w.tones or w.sound == "off":
                continue
            if w.sound == "tone" and any(_contains(r, w.tones) for r in runs_toned):
                return Hit(w.term, w.category, "homophone")
            if w.sound == "any" and any(_contains(r, w.toneless) for r in runs_plain):
                return Hit(w.term, w.category, "homophone")
        return None


def parse_banned_file(text: str, source: str) -> list[BannedWord]:
    """The words of one TOML list; ConfigError naming the entry at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {exc}", hint="fix the TOML syntax") from None
    words: list[BannedWord] = []
    for i, entry in enumerate(data.get("word", []), start=1):
        where = f"{source}: word {i}"
        if not isinstance(entry, dict) or not str(entry.get("term", "")).strip():
            raise ConfigError(f"{where}: needs a 'term'", hint='write term = "..." in [[word]]')
        term = str(entry["term"]).strip()
        category = str(entry.get("category", "abuse"))
        if category not in CATEGORIES:
            raise ConfigError(
                f"{where}: unknown category {category!r}",
                hint=f"use one of {', '.join(CATEGORIES)}",
            )
        sound = str(entry.get("sound", "off"))
        if sound not in SOUNDS:
            raise ConfigError(f"{where}: sound must be one of {', '.join(SOUNDS)}")
        variants = entry.get("variants", [])
        if not isinstance(variants, list):
            raise ConfigError(f"{where}: 'variants' must be a list of strings")
        forms = tuple(dict.fromkeys(f for v in [term, *variants] if (f := squeeze(str(v)))))
        if not forms:
            raise ConfigError(f"{where}: {term!r} has no letters or digits to look for")
        folded = fold(term)
        tones = tuple(sounds(folded)) if all(is_han(ch) for ch in folded) else ()
        words.append(BannedWord(term, category, forms, tones, sound))
    return words


def user_banned_dir() -> Path:
    return studio_home() / "audience"


def load_banned(shipped: Path | None = None, user_dir: Path | None = None) -> BannedList:
    """The shipped list plus every ``*.toml`` in the user's audience folder."""
    shipped = shipped or assets_dir() / SHIPPED
    user_dir = user_dir if user_dir is not None else user_banned_dir()
    files = [shipped, *sorted(user_dir.glob("*.toml"))] if user_dir.is_dir() else [shipped]
    return _load(tuple((str(p), p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, int], ...]) -> BannedList:
    words: list[BannedWord] = []
    for name, _mtime in files:
        path = Path(name)
        words += parse_banned_file(read_text_file(path, "banned word list"), path.name)
    log.debug("banned words: %d from %d file(s)", len(words), len(files))
    return BannedList(tuple(words))
