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
Text not in the catalogue comes back unchanged (logged once, at debug).

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


def catalogue_path(language: str = "zh_CN") -> Path:
    return assets_dir() / "messages" / f"{language}.toml"


def slots(template: str) -> list[str | None]:
    """The slot fields of a template in order: None for ``{}``, else the field (``0``)."""
    return [field for _lit, field, _spec, _conv in string.Formatter().parse(template)
            if field is not None]  # fmt: skip


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
    entry, match = _find(text, language)
    if entry is not None and match is not None:
        target = (entry.gui if surface == "gui" else "") or entry.zh
        if not target:
            return text
        values = [
            _translate(v, language, surface, depth + 1) if depth < 3 else v for v in match.groups()
        ]
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


def _find(text: str, language: str) -> tuple[Entry | None, re.Match[str] | None]:
    for entry in load(language):  # sorted: the longest fixed text first
        match = entry.pattern.fullmatch(text)
        if match is not None:
            return entry, match
    return None, None


def missing() -> list[str]:
    """Templates in the source with no catalogue entry (for a maintainer adding messages)."""
    from studio.core.message_sources import sites  # only this tool reads the source

    known = {e.en for e in load("zh_CN")}
    return sorted({s.template for s in sites() if s.template and s.template not in known})


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    for template in missing():
        print(template)
    sys.exit(0)
