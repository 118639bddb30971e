"""Script files: TOML (scripts and playlists) and plain text (one script, a line per item).

TOML::

    [[script]]
    name = "保温杯讲解"
    product = "316不锈钢保温杯"     # optional: a product switch at the start

      [[script.item]]
      text = "这款{name}只要{price}，[pause 300ms]*保温12小时*。"
      [[script.item]]
      pause = "800ms"               # or 1.5s, or a whole number of ms
      [[script.item]]
      clip = "clips/hello.m4a"      # relative to the script file
      [[script.item]]
      clip = "clips/welcome.m4a"    # a clip with its text (what it says, word for word):
      text = "欢迎来到直播间"         # her lips follow the words, subtitles show them
      [[script.item]]
      product = "真丝围巾"           # product switch
      [[script.item]]
      scene = "closeup"             # scene switch

    [[playlist]]
    name = "夜间轮播"
    scripts = ["开场", "保温杯讲解"]
    windows = ["22:00-06:00"]        # optional; see studio.show.schedule
    priority = 0                     # optional

Plain text (``.txt``): every non-empty line is a text item; ``#`` starts a comment line;
directives start with ``@``: ``@script NAME`` (starts a new script; the first one is
named after the file), ``@product NAME``, ``@scene NAME``, ``@pause 800ms``,
``@clip PATH`` or ``@clip PATH | WHAT IT SAYS``. Write ``\\@`` or ``\\#`` to start a
spoken line with those characters.

A clip's text is its transcript: what the recording says, word for word (no placeholders
or pause marks). The recording is aligned to it, so the mouth follows its words as it
does for synthesised lines (closing on every p/b/m) and the subtitles show them.

Parsing collects every structural problem with its line and column; the caller decides
whether anything may be stored (import: nothing if any problem).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from studio.core.errors import InputError
from studio.core.textfile import read_text_file
from studio.core.timeline import SAMPLE_RATE
from studio.show.clips import probe_clip
from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.markup import MAX_PAUSE_SAMPLES
from studio.show.schedule import TimeWindow
from studio.show.tomlpos import LocatedString, header_lines, locate_strings
from studio.speech.chunk import too_long

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ITEM_KEYS = ("text", "clip", "pause", "product", "scene")
_MARKUP = re.compile(r"[{}\[\]]")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|毫秒|秒)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """A mistake in a file at line:col (1-based, characters)."""

    file: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}:{self.col}: {self.message}{hint}"


@dataclass
class ParsedFile:
    """What a script file defines, with positions for messages."""

    path: Path
    scripts: list[Script] = field(default_factory=list)
    playlists: list[Playlist] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: (script index, item index) -> located text of that text item
    texts: dict[tuple[int, int], LocatedString] = field(default_factory=dict)
    playlist_lines: list[int] = field(default_factory=list)

    def position(self, script: int, item: int, offset: int) -> tuple[int, int]:
        located = self.texts.get((script, item))
        if located is not None:
            return located.position(offset)
        return self.scripts[script].items[item].line or 1, 1

    def problem(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path.name, line, col, message, hint))


def parse_duration(value: Any) -> int:
    """'800ms' / '1.5s' / 800 (ms) -> samples at 48 kHz; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a duration; write 800ms or 1.5s")
    if isinstance(value, int):
        seconds = Fraction(value, 1000)
    else:
        m = _DURATION.match(str(value))
        if not m:
            raise ValueError(f"'{value}' is not a duration; write 800ms or 1.5s")
        amount = Fraction(m.group(1))
        seconds = amount / 1000 if m.group(2).lower() in ("ms", "毫秒") else amount
    samples = round(seconds * SAMPLE_RATE)
    if not 0 < samples <= MAX_PAUSE_SAMPLES:
        raise ValueError(f"pause '{value}' is out of range (1 ms to 60 s)")
    return int(samples)


class _ScriptBuilder:
    """Turns a sequence of steps into items, tracking the product in context."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[ScriptItem] = []
        self.context = ""

    def add(
        self,
        kind: ItemKind,
        value: Any,
        line: int,
        base: Path,
        parsed: ParsedFile,
        transcript: str | None = None,
    ) -> None:
        """One step; ``transcript``: a clip's text (what the recording says)."""
        if kind is ItemKind.TEXT:
            text = str(value)
            if not text.strip():
                parsed.problem(line, 1, "empty text item", "remove it or write the line")
                return
            self.items.append(ScriptItem(ItemKind.TEXT, text=text, product=self.context, line=line))
        elif kind is ItemKind.PRODUCT:
            name = str(value).strip()
            if not name:
                parsed.problem(line, 1, "product switch without a product name")
                return
            self.context = name
            self.items.append(ScriptItem(ItemKind.PRODUCT, product=name, line=line))
        elif kind is ItemKind.SCENE:
            name = str(value).strip()
            if not name:
                parsed.problem(line, 1, "scene switch without a scene name")
                return
            self.items.append(ScriptItem(ItemKind.SCENE, scene=name, line=line))
        elif kind is ItemKind.PAUSE:
            try:
                samples = parse_duration(value)
            except ValueError as exc:
                parsed.problem(line, 1, str(exc), "write e.g. 800ms or 1.5s")
                return
            self.items.append(ScriptItem(ItemKind.PAUSE, samples=samples, line=line))
        elif kind is ItemKind.CLIP:
            text = "" if transcript is None else " ".join(str(transcript).split())
            if transcript is not None and not text:
                parsed.problem(line, 1, "empty text for a clip", "write what the clip says")
                return
            if reason := too_long(text):
                parsed.problem(line, 1, reason, "split the clip and its text into shorter ones")
                return
            if _MARKUP.search(text):
                parsed.problem(
                    line,
                    1,
                    "a clip's text is what the recording says: it has no {placeholders} or "
                    "[pause] marks",
                    "write the words exactly as she says them",
                )
                return
            path = Path(str(value)).expanduser()
            path = path if path.is_absolute() else base / path
            try:
                clip = probe_clip(path)
            except InputError as exc:
                parsed.problem(line, 1, exc.message, exc.hint)
                return
            self.items.append(
                ScriptItem(ItemKind.CLIP, text=text, clip=clip, product=self.context, line=line)
            )

    def build(self, source: str) -> Script:
        return Script(self.name, tuple(self.items), source)


def _parse_toml(path: Path, source: str, parsed: ParsedFile) -> None:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        parsed.problem(line, col, f"TOML syntax: {exc}", "fix the syntax")
        return
    for key in data:
        if key not in ("script", "playlist", "schema"):
            parsed.problem(
                1, 1, f"unknown top-level key '{key}'", "use [[script]] and [[playlist]]"
            )
    script_lines = header_lines(source, "script")
    item_lines = iter(header_lines(source, "script.item"))
    located_texts = iter(locate_strings(source, "text"))
    base = path.parent
    for s_index, entry in enumerate(data.get("script", [])):
        line = script_lines[s_index] if s_index < len(script_lines) else 1
        if not isinstance(entry, dict):
            parsed.problem(line, 1, "a script must be a [[script]] table")
            continue
        name = str(entry.get("name", "")).strip()
        if not name:
            parsed.problem(line, 1, "script without a name", 'add name = "…"')
            name = f"script {s_index + 1}"
        for key in entry:
            if key not in ("name", "product", "item"):
                parsed.problem(
                    line,
                    1,
                    f"unknown key '{key}' in script '{name}'",
                    "a script has name, product and [[script.item]] tables",
                )
        builder = _ScriptBuilder(name)
        if entry.get("product"):
            builder.add(ItemKind.PRODUCT, entry["product"], line, base, parsed)
        items = entry.get("item", [])
        if not isinstance(items, list) or not items:
            parsed.problem(line, 1, f"script '{name}' has no items", "add [[script.item]] tables")
            items = []
        for item in items:
            item_line = next(item_lines, line)
            if not isinstance(item, dict):
                parsed.problem(item_line, 1, "an item must be a table")
                continue
            keys = [k for k in item if k in ITEM_KEYS]
            unknown = [k for k in item if k not in ITEM_KEYS]
            transcript = None
            if sorted(keys) == ["clip", "text"]:  # a recording and what it says
                keys = ["clip"]
                transcript = item["text"]
                next(located_texts, None)  # keep the text positions in step
            if unknown or len(keys) != 1:
                parsed.problem(
                    item_line,
                    1,
                    f"an item needs exactly one of {', '.join(ITEM_KEYS)}, or a clip with its "
                    f"text (found: {', '.join(item) or 'nothing'})",
                    "split it into one item per step",
                )
                continue
            kind = ItemKind(keys[0])
            located: LocatedString | None = None
            if kind is ItemKind.TEXT:
                located = next(located_texts, None)
                if located is not None and located.value != item["text"]:
                    located = None
                if located is not None:
                    item_line = located.line
            before = len(builder.items)
            builder.add(kind, item[keys[0]], item_line, base, parsed, transcript)
            if located is not None and len(builder.items) > before:
                parsed.texts[(len(parsed.scripts), len(builder.items) - 1)] = located
        parsed.scripts.append(builder.build(str(path)))
    playlist_lines = header_lines(source, "playlist")
    for p_index, entry in enumerate(data.get("playlist", [])):
        line = playlist_lines[p_index] if p_index < len(playlist_lines) else 1
        parsed.playlist_lines.append(line)
        _parse_playlist(entry, line, parsed)


def _parse_playlist(entry: Any, line: int, parsed: ParsedFile) -> None:
    if not isinstance(entry, dict):
        parsed.problem(line, 1, "a playlist must be a [[playlist]] table")
        return
    name = str(entry.get("name", "")).strip()
    if not name:
        parsed.problem(line, 1, "playlist without a name", 'add name = "…"')
        return
    for key in entry:
        if key not in ("name", "scripts", "windows", "window", "priority"):
            parsed.problem(
                line,
                1,
                f"unknown key '{key}' in playlist '{name}'",
                "a playlist has name, scripts, windows and priority",
            )
    scripts = entry.get("scripts")
    if not isinstance(scripts, list) or not scripts or not all(isinstance(s, str) for s in scripts):
        parsed.problem(line, 1, f"playlist '{name}' needs scripts = [\"name\", …]")
        return
    raw_windows = entry.get("windows", [])
    if "window" in entry:
        raw_windows = [entry["window"], *raw_windows]
    if isinstance(raw_windows, str):
        raw_windows = [raw_windows]
    windows = []
    for raw in raw_windows:
        try:
            windows.append(TimeWindow.parse(str(raw)))
        except ValueError as exc:
            parsed.problem(line, 1, f"playlist '{name}': {exc}")
    priority = entry.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        parsed.problem(line, 1, f"playlist '{name}': priority must be a whole number")
        priority = 0
    parsed.playlists.append(Playlist(name, tuple(scripts), tuple(windows), priority))


def _parse_text(path: Path, source: str, parsed: ParsedFile) -> None:
    builder = _ScriptBuilder(path.stem)
    base = path.parent
    directives = {
        "product": ItemKind.PRODUCT,
        "scene": ItemKind.SCENE,
        "pause": ItemKind.PAUSE,
        "clip": ItemKind.CLIP,
    }
    started = False
    for number, raw in enumerate(source.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip())
        if stripped.startswith("@"):
            word, _, rest = stripped[1:].partition(" ")
            word = word.lower()
            if word == "script":
                if started or builder.items:
                    parsed.scripts.append(builder.build(str(path)))
                builder = _ScriptBuilder(rest.strip() or f"{path.stem} {len(parsed.scripts) + 1}")
                started = True
                continue
            if word not in directives:
                parsed.problem(
                    number,
                    indent + 1,
                    f"unknown directive @{word}",
                    "use @script, @product, @scene, @pause or @clip",
                )
                continue
            transcript = None
            if directives[word] is ItemKind.CLIP and "|" in rest:  # @clip PATH | its text
                rest, _, transcript = rest.partition("|")
            builder.add(directives[word], rest.strip(), number, base, parsed, transcript)
            continue
        text = stripped
        if text.startswith(("\\@", "\\#")):
            text = text[1:]
            indent += 1
        before = len(builder.items)
        builder.add(ItemKind.TEXT, text, number, base, parsed)
        if len(builder.items) > before:
            positions = tuple((number, indent + 1 + k) for k in range(len(text)))
            key = (len(parsed.scripts), len(builder.items) - 1)
            parsed.texts[key] = LocatedString(text, positions, number, indent + 1)
    if started or builder.items or not parsed.scripts:
        parsed.scripts.append(builder.build(str(path)))
    for script in parsed.scripts:
        if not script.items:
            parsed.problem(1, 1, f"script '{script.name}' has no items")


def parse_script_file(path: Path) -> ParsedFile:
    """Parse a .toml or .txt script file; problems are collected, not raised."""
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file", hint="check the path")
    source = read_text_file(path, "script")
    parsed = ParsedFile(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        _parse_toml(path, source, parsed)
    elif suffix in (".txt", ".text", ".md"):
        _parse_text(path, source, parsed)
    else:
        raise InputError(
            f"{path.name}: unknown script format '{suffix}'",
            hint="scripts are .toml or .txt files; products are .csv or .json",
        )
    names = [s.name for s in parsed.scripts]
    for name in {n for n in names if names.count(n) > 1}:
        parsed.problem(1, 1, f"script '{name}' is defined twice in this file")
    pnames = [p.name for p in parsed.playlists]
    for name in {n for n in pnames if pnames.count(n) > 1}:
        parsed.problem(1, 1, f"playlist '{name}' is defined twice in this file")
    return parsed
