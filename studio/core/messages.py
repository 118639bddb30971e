"""One translation path for the engine's messages: errors and hints, avatar checks and
notes, compliance findings and remedies, reconnect reasons.

The engine keeps building its messages in English where they happen (``raise
InputError(f"the video is only {d:.1f} s long", hint=...)``); the CLI's error printer
and the GUI's error paths pass them through :func:`translate` on the way out. The
catalogue, ``assets/messages/zh_CN.toml``, is a list of entries::

    [[message]]
    en = "the video is only {} s long; at least {} s are needed"  # the English, as built
    zh = "视频只有 {} 秒；至少需要 {} 秒"                          # may reorder: {1} ... {0}
    gui = "..."        # optional: the window's wording where zh names a command or flag
    source = "..."     # optional: the module, for texts the source scan cannot see

``en`` is the text exactly as the code builds it with ``{}`` for each f-string slot
(``{{``/``}}`` for a literal brace); ``zh`` puts the slot values back, in order with
``{}`` or by number with ``{0}``, ``{1}``; `backticks` mark what is typed as is (a
column or file name: quoted in the window; a command needs a ``gui`` wording). A slot
value that is itself a catalogued message is translated too, and a text with several
lines is translated line by line.
Text not in the catalogue comes back unchanged (logged once, at debug). A template of
slots and punctuation only (``"{}: {}"``: a file name and the message about it) applies
only where one of its values is a catalogued message, split where that message starts:
a value that merely holds ": " (an exception's text, ``rtmp://host:1935: refused``) is
nobody's message and keeps its colons.

To add a message: write it in the code as usual, then run ``python -m studio.core.messages``
-- it lists the templates found in the source (studio.core.message_sources) that have no
entry -- and add an entry for each. tests/core/test_messages.py fails on a missing, stale
or untranslated entry, and on a ``zh`` that names a command without a ``gui`` variant.

The language: :func:`set_language` (the CLI's ``--lang``, the GUI's setting), else
``STUDIO_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``zh*`` is
Chinese), else English.
"""

from __future__ import annotations

import logging
import os
import re
import string
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from studio.core.paths import assets_dir

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

log = logging.getLogger(__name__)

LANG_ENV = "STUDIO_LANG"
LANGUAGES = ("zh_CN", "en")
Surface = Literal["cli", "gui"]

_CODE = re.compile(r"`([^`]*)`")
_LETTER = re.compile(r"[^\W\d_]")
MAX_SPLITS = 32  # ways to cut a text at a generic template's punctuation: enough for any message
_chosen: str | None = None
_unknown: set[str] = set()


@dataclass(frozen=True)
class Entry:
    """One catalogue entry; ``pattern`` matches the English with a group per slot."""

    en: str
    zh: str
    gui: str
    source: str
    pattern: re.Pattern[str]
    literal: int  # characters of fixed text: the most specific match wins
    #: the fixed text between the slots (one more than the slots): splits a generic match
    pieces: tuple[str, ...] = ()

    @property
    def generic(self) -> bool:
        """Slots and punctuation only (``"{}: {}"``): says nothing of its own, so it
        translates only a text that holds a catalogued message (see :func:`_find`)."""
        return not any(_LETTER.search(piece) for piece in self.pieces)


def catalogue_path(language: str = "zh_CN") -> Path:
    return assets_dir() / "messages" / f"{language}.toml"


def slots(template: str) -> list[str | None]:
    """The slot fields of a template in order: None for ``{}``, else the field (``0``)."""
    return [field for _lit, field, _spec, _conv in string.Formatter().parse(template)
            if field is not None]  # fmt: skip


def pieces(template: str) -> tuple[str, ...]:
    """The fixed text of ``template`` between its slots: ``("", ": ", "")`` for ``{}: {}``."""
    out, text = [], ""
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        text += literal
        if field is not None:
            out.append(text)
            text = ""
    return (*out, text)


def compile_template(template: str) -> tuple[re.Pattern[str], int]:
    """An anchored regex for ``template`` (each slot: any text, as little as possible)
    and the length of its fixed text."""
    parts, literal = [], 0
    for text, field, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(text))
        literal += len(text)
        if field is not None:
            parts.append("(.*?)")
    return re.compile("".join(parts), re.DOTALL), literal


@cache
def load(language: str = "zh_CN") -> tuple[Entry, ...]:
    """The catalogue's entries, compiled (read once per process)."""
    path = catalogue_path(language)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("message catalogue %s unreadable (%s); messages stay English", path, exc)
        return ()
    entries = []
    for item in data.get("message", []):
        pattern, literal = compile_template(item["en"])
        entries.append(
            Entry(
                en=item["en"],
                zh=item.get("zh", ""),
                gui=item.get("gui", ""),
                source=item.get("source", ""),
                pattern=pattern,
                literal=literal,
                pieces=pieces(item["en"]),
            )
        )
    # most fixed text first: "the video is only {} s long" before "{}"
    entries.sort(key=lambda e: -e.literal)
    return tuple(entries)


def set_language(language: str | None) -> None:
    """Choose the language for this process (None: back to the environment's)."""
    global _chosen
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")
    _chosen = language


def current_language() -> str:
    """The language in use, "zh_CN" or "en": the chosen language, else STUDIO_LANG, else the locale."""
    if _chosen:
        return _chosen
    studio = os.environ.get(LANG_ENV, "")
    if studio in LANGUAGES:
        return studio
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


def fill(template: str, values: list[str]) -> str:
    """``template`` with ``values`` put in its slots (``{}`` in order, ``{0}`` by number)."""
    auto = iter(range(len(values)))
    out = []
    for text, field, _spec, _conv in string.Formatter().parse(template):
        out.append(text)
        if field is not None:
            index = next(auto) if field == "" else int(field)
            out.append(values[index] if index < len(values) else "")
    return "".join(out)


def translate(text: str, language: str | None = None, surface: Surface = "cli") -> str:
    """``text`` in ``language`` (default: :func:`current_language`); unchanged when English
    or not in the catalogue. ``surface="gui"``: the window's wording where there is one
    (a hint that names a command says what to do in the window instead)."""
    language = language or current_language()
    if language == "en" or not text:
        return text
    out = _translate(text, language, surface, 0)
    # `code` marks what is typed as is (a column name, a file name): quoted in the window
    return _CODE.sub(r"“\1”", out) if surface == "gui" else out


def gui_text(text: str) -> str:
    """:func:`translate` for the window: its wording, never a command to type."""
    return translate(text, surface="gui")


def _translate(text: str, language: str, surface: Surface, depth: int) -> str:
    entry, found = _find(text, language)
    if entry is not None:
        target = (entry.gui if surface == "gui" else "") or entry.zh
        if not target:
            return text
        values = [_translate(v, language, surface, depth + 1) if depth < 3 else v for v in found]
        return fill(target, values)
    if "\n" in text:
        lines = text.split("\n")
        return "\n".join(_line(line, language, surface, depth) for line in lines)
    if depth == 0 and text not in _unknown and len(_unknown) < 1000:
        _unknown.add(text)
        log.debug("no %s translation for message %r", language, text)
    return text


def _line(line: str, language: str, surface: Surface, depth: int) -> str:
    body = line.lstrip()
    indent = line[: len(line) - len(body)]
    return indent + _translate(body, language, surface, depth + 1) if body else line


def _find(text: str, language: str) -> tuple[Entry | None, list[str]]:
    """The entry that translates ``text`` and its slot values (None: no entry does)."""
    for entry in load(language):  # sorted: the longest fixed text first
        if entry.generic:
            values = _generic_split(entry, text, language)
            if values is not None:
                return entry, values
            continue
        match = entry.pattern.fullmatch(text)
        if match is not None:
            return entry, list(match.groups())
    return None, []


def _generic_split(entry: Entry, text: str, language: str) -> list[str] | None:
    """The values of a slots-and-punctuation template (``"{}: {}"``) in ``text``, cut where
    the most specific catalogued message fits as a value; None where no value is one."""
    best, best_score = None, 0
    for values in _splits(entry.pieces, text):
        score = sum(_direct(value, language) for value in values)
        if score > best_score:  # ties: the first (shortest leading value) wins
            best, best_score = values, score
    return best


def _direct(value: str, language: str) -> int:
    """The fixed text of the non-generic entry that matches ``value`` (0: none does)."""
    for entry in load(language):
        if not entry.generic and entry.pattern.fullmatch(value):
            return entry.literal
    return 0


def _splits(fixed: tuple[str, ...], text: str) -> list[list[str]]:
    """Every way (up to MAX_SPLITS) to read ``text`` as the slots between ``fixed``."""
    if not fixed or not text.startswith(fixed[0]):
        return []
    found: list[list[str]] = []

    def walk(at: int, rest: tuple[str, ...], values: list[str]) -> None:
        if len(found) >= MAX_SPLITS:
            return
        if len(rest) == 1:  # the last slot takes everything up to the closing text
            end = len(text) - len(rest[0])
            if end >= at and text.endswith(rest[0]):
                found.append([*values, text[at:end]])
            return
        cut = text.find(rest[0], at)
        while cut != -1 and len(found) < MAX_SPLITS:
            walk(cut + len(rest[0]), rest[1:], [*values, text[at:cut]])
            cut = text.find(rest[0], cut + 1)

    walk(len(fixed[0]), fixed[1:], [])
    return found


def missing() -> list[str]:
    """Templates in the source with no catalogue entry (for a maintainer adding messages)."""
    from studio.core.message_sources import sites  # only this tool reads the source

    known = {e.en for e in load("zh_CN")}
    return sorted({s.template for s in sites() if s.template and s.template not in known})


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    for template in missing():
        print(template)
    sys.exit(0)
