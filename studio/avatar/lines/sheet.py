"""The prompt sheet: the lines a presenter reads once, with ids and kinds.

A TOML file (``assets/voice/prompt_sheet.toml`` is the one Studio ships) of
``[[line]]`` tables: ``id`` (names the file of that line when she records one file per
line), ``text`` (Chinese as it is said, no digits: the show's numbers are spoken as
words, and her number words are matched to those words) and ``kind``: ``phrase`` (said
as it is, or in pieces cut at its commas), ``number`` (a digit or power of ten), ``unit``
(said after a number: 元 件 折) or ``lead`` (said before one: 满 减 打).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from studio.core.config import load_toml_model
from studio.core.errors import ConfigError
from studio.core.paths import assets_dir

KINDS = ("phrase", "number", "unit", "lead")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: Punctuation and spaces: not spoken, not matched (a pause mark at most).
PUNCTUATION = set("，。！？、；：,.!?;:\"'“”‘’()（）[]【】《》「」『』…—-~～· \t\n")
MAX_LINE_CHARS = 60


def default_sheet_path() -> Path:
    """The prompt sheet Studio ships."""
    return assets_dir() / "voice" / "prompt_sheet.toml"


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    kind: Literal["phrase", "number", "unit", "lead"] = "phrase"

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(
                f"line id {value!r} must be letters, digits, '.', '-' or '_' (at most 64)"
            )
        return value

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not key_text(value):
            raise ValueError("the line has no words to read")
        if any(ch.isdigit() for ch in value):
            raise ValueError(
                f"{value!r} has digits: write numbers as they are said (四十八, not 48)"
            )
        if len(value) > MAX_LINE_CHARS:
            raise ValueError(f"{value[:12]!r}... is longer than {MAX_LINE_CHARS} characters")
        return value


class _SheetFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(1, ge=1, le=1)
    language: Literal["zh"] = "zh"
    line: list[_Line] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> _SheetFile:
        seen: dict[str, int] = {}
        for i, line in enumerate(self.line):
            if line.id in seen:
                raise ValueError(
                    f"line id {line.id!r} is used twice (lines {seen[line.id] + 1} and {i + 1})"
                )
            seen[line.id] = i
        return self


@dataclass(frozen=True)
class SheetLine:
    """One line of the sheet."""

    id: str
    text: str
    kind: str = "phrase"

    @property
    def key(self) -> str:
        """The text as matched: without punctuation and spaces."""
        return key_text(self.text)


@dataclass(frozen=True)
class PromptSheet:
    """The lines in reading order."""

    lines: tuple[SheetLine, ...]
    language: str = "zh"
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.lines)

    def get(self, line_id: str) -> SheetLine | None:
        return next((line for line in self.lines if line.id == line_id), None)

    def subset(self, ids: list[str]) -> PromptSheet:
        """Only the lines ``ids`` (in the sheet's order); an unknown id is an error."""
        unknown = [i for i in ids if self.get(i) is None]
        if unknown:
            raise ConfigError(
                f"the prompt sheet has no line {unknown[0]!r}",
                "use the ids written in the sheet (see `studio voice lines list`)",
            )
        wanted = set(ids)
        return PromptSheet(tuple(x for x in self.lines if x.id in wanted), self.language)

    def to_toml(self, header: str = "") -> str:
        """The sheet as a TOML file (a subset of it for a shorter reading); ``header``:
        comment lines put before it."""
        comment = "".join(f"# {x}".rstrip() + "\n" for x in header.splitlines())
        out = [f"{comment}version = 1\nlanguage = {self.language!r}\n"]
        for line in self.lines:
            text = json.dumps(line.text, ensure_ascii=False)  # a valid TOML basic string
            out.append(f'[[line]]\nid = "{line.id}"\nkind = "{line.kind}"\ntext = {text}\n')
        return "\n".join(out)


def key_text(text: str) -> str:
    """``text`` as matched: punctuation and spaces left out."""
    return "".join(ch for ch in text if ch not in PUNCTUATION)


def load_sheet(path: str | Path | None = None) -> PromptSheet:
    """The prompt sheet at ``path`` (default: the one Studio ships), checked.

    ConfigError (with file:line where it can) for bad TOML, an unknown key or kind, a
    bad or repeated id, a line with digits or nothing to read.
    """
    path = Path(path) if path is not None else default_sheet_path()
    if not path.is_file():
        raise ConfigError(
            f"there is no prompt sheet {path}",
            f"give the sheet the reading follows (Studio's: {default_sheet_path()})",
        )
    data = load_toml_model(path, _SheetFile, "prompt sheet", str(default_sheet_path()))
    lines = tuple(SheetLine(x.id, x.text, x.kind) for x in data.line)
    return PromptSheet(lines, data.language, path)
