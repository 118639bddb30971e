"""TOML configuration files validated into typed (pydantic) models.

Every problem is reported as ``file:line: [section.key] message``, with a "did you
mean" for misspelt keys, so a user can fix a scene or a room file without guessing.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from studio.core.errors import ConfigError
from studio.core.textfile import read_text_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

M = TypeVar("M", bound=BaseModel)


def find_line(text: str, loc: tuple) -> int | None:
    """Line number (1-based) of the key at ``loc`` (section, key) in TOML ``text``."""
    lines = text.splitlines()
    if not loc:  # an error about the whole file (a model-level check)
        return None
    if len(loc) == 1:  # an error about a whole section: point at its header
        loc = (loc[0], "\0")
    section, key = loc[0], loc[1]
    header = re.compile(rf"^\s*\[\s*{re.escape(str(section))}\s*\]")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return None
    if key == "\0":
        return start + 1
    key_re = re.compile(rf"^\s*{re.escape(str(key))}\s*=")
    for i in range(start, len(lines)):
        if i > start and lines[i].lstrip().startswith("["):
            break
        if key_re.match(lines[i]):
            return i + 1
    return start + 1


def known_keys(root: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the section at ``loc`` accepts (for "did you mean")."""
    model = root
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        if (
            field is None
            or not isinstance(field.annotation, type)
            or not issubclass(field.annotation, BaseModel)
        ):
            return []
        model = field.annotation
    return [k for k in model.model_fields if k != "base_dir"]


def describe_error(err: dict, text: str, path: Path, root: type[BaseModel]) -> str:
    loc = tuple(err["loc"])
    line = find_line(text, loc)
    where = f"{path}:{line}" if line else str(path)
    key = ".".join(str(p) for p in loc)
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), known_keys(root, loc), n=1)
        msg = "unknown key" + (f"; did you mean {close[0]!r}?" if close else "")
    return f"{where}: [{key}] {msg}"


def load_toml_model(path: str | Path, model: type[M], what: str, example: str) -> M:
    """Read ``path`` and validate it as ``model``; ``base_dir`` is set to its folder."""
    path = Path(path)
    text = read_text_file(path, what)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML: {exc}", hint="fix the syntax at that line"
        ) from exc
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        problems = [describe_error(e, text, path, model) for e in exc.errors()]
        raise ConfigError(
            f"invalid {what}:\n  " + "\n  ".join(problems),
            hint=f"see {example} for the keys each section takes",
        ) from exc
    if "base_dir" in model.model_fields:
        obj = obj.model_copy(update={"base_dir": path.parent})
    return obj
