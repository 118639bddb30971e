"""Find the engine's user-visible message templates in the source, so the catalogue
(``assets/messages/zh_CN.toml``) is complete by construction: the test walks ``studio/``
with this and fails on a message that has no translation.

A template is what :mod:`studio.core.messages` matches against: the literal text with
``{}`` for each f-string slot. Found: the message and hint of every ``X(...)`` (raised or
kept) where X is :class:`~studio.core.errors.StudioError` or a subclass (found by their
class definitions, with their own ``super().__init__`` messages), every ``hint=`` keyword,
the texts of the :data:`CARRIERS` (compliance findings), and the notes appended to a
``warnings`` or ``notes`` list (avatar and try-on quality notes), the INFO-and-above
records of studio's own loggers (``log.info("scene: %s from frame %d", ...)``: the log
tab shows them translated; ``%s``-style fields become ``{}``) and the command line's
normal output (:func:`studio.core.output.say` and ``cli_text``, `studio doctor`'s check
lines). A name bound to a literal, a dict of them, a function returning them and ``a or
b`` are followed; a message built another way is reported as a :class:`Site` with
``template=None`` for a reviewer.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
BASE_ERROR = "StudioError"
# Other user-visible texts, by the call that carries them: (position, keyword, kind).
# A compliance finding's message and its remedy; the quality notes of a new avatar and a
# try-on garment (``warnings.append(...)``, ``notes.append(...)``).
CARRIERS: dict[str, tuple[tuple[int, str, str], ...]] = {
    "Finding": ((4, "message", "finding"), (5, "suggestion", "remedy")),
    # a markup mistake or a fact that cannot be filled: a finding's message and remedy
    "TemplateError": ((1, "message", "finding"), (2, "hint", "remedy")),
    "MissingFact": ((1, "message", "finding"), (2, "hint", "remedy")),
    # a `studio doctor` line: the check's name, what it found, what to do
    "CheckResult": ((0, "name", "check"), (2, "detail", "check"), (3, "hint", "remedy")),
    # what a package is for: `studio doctor` says it beside "not installed"
    "Package": ((2, "why", "check"),),
}
NOTE_LISTS = frozenset({"warnings", "notes"})
# Log records a merchant reads in the log tab: studio's own loggers (``log = logging.
# getLogger(__name__)``) at INFO and above; debug records are for engineers and stay English.
LOGGERS = frozenset({"log", "logger"})
LOG_LEVELS = frozenset({"info", "warning", "error", "exception", "critical"})
# Modules whose log records no show or stream emits: the maintainers' training tools.
LOG_SKIPPED = ("tools/",)
# The command line's normal output (studio.core.output): what these calls print is translated.
OUTPUT_CALLS = frozenset({"say", "cli_text"})
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdiorfgeExXc]")
_WORD = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class Site:
    """One place a message is built: file (relative to studio/), line, kind and template."""

    path: str
    line: int
    kind: str  # "message", "hint", "finding", "remedy" or "note"
    template: str | None  # None: not a literal or an f-string


def template_of(node: ast.expr) -> str | None:
    """The template of a str constant, an f-string or their concatenation; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            else:
                parts.append("{}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template_of(node.left), template_of(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def percent_template(template: str) -> str:
    """A logging format (``"scene: %s from frame %d"``) as a catalogue template
    (``"scene: {} from frame {}"``): the text :func:`logging.LogRecord.getMessage` builds."""
    parts = template.split("%%")
    return "%".join(_PERCENT.sub("{}", part) for part in parts)


def has_words(template: str | None) -> bool:
    """False for a template of slots and punctuation only (``"{}: {}"``): nothing to translate."""
    return template is None or bool(_WORD.search(template.replace("{}", " ")))


def _trees(root: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        yield path.relative_to(root).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def error_classes(trees: list[tuple[str, ast.Module]]) -> set[str]:
    """StudioError and every class that derives from it (by name, across the package)."""
    bases: dict[str, set[str]] = {}
    for _path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = {n for n in (_name(b) for b in node.bases) if n}
                bases.setdefault(node.name, set()).update(names)
    found = {BASE_ERROR}
    grew = True
    while grew:
        grew = False
        for cls, parents in bases.items():
            if cls not in found and parents & found:
                found.add(cls)
                grew = True
    return found


def _message_index(trees: list[tuple[str, ast.Module]], errors: set[str]) -> dict[str, int]:
    """Where the message sits among an error class's positional arguments (RtmpError takes
    its step first)."""
    index: dict[str, int] = {}
    for _path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in errors:
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        names = [a.arg for a in item.args.args[1:]]
                        # -1: the class builds its own message (QueueFull(waiting))
                        index[node.name] = names.index("message") if "message" in names else -1
    return index


class _Resolver:
    """Reads a message expression: literals and f-strings, and the simple indirections the
    code uses (a name bound to one, a dict of them, a function returning them, ``a or b``,
    ``a if c else b``)."""

    def __init__(self, trees: list[tuple[str, ast.Module]]) -> None:
        self.names: dict[str, dict[str, list[ast.expr]]] = {}
        self.returns: dict[str, list[ast.expr]] = {}
        for path, tree in trees:
            names = self.names.setdefault(path, {})
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        if isinstance(target, ast.Name):
                            names.setdefault(target.id, []).append(node.value)
                if isinstance(node, ast.FunctionDef):
                    for sub in ast.walk(node):
                        if isinstance(sub, ast.Return) and sub.value is not None:
                            self.returns.setdefault(node.name, []).append(sub.value)

    def templates(self, path: str, node: ast.expr, depth: int = 0) -> list[str | None]:
        direct = template_of(node)
        if direct is not None or depth > 3:
            return [direct]
        found: list[str | None] = []
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            lefts = self.templates(path, node.left, depth + 1) or [None]
            rights = self.templates(path, node.right, depth + 1) or [None]
            if lefts != [None] or rights != [None]:
                return [(a or "{}") + (b or "{}") for a in lefts for b in rights]
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                found += self.templates(path, value, depth + 1)
        elif isinstance(node, ast.IfExp):
            found += self.templates(path, node.body, depth + 1)
            found += self.templates(path, node.orelse, depth + 1)
        elif isinstance(node, ast.Name) and node.id in self.names[path]:
            for value in self.names[path][node.id]:
                found += self.templates(path, value, depth + 1)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            for value in self.names[path].get(node.value.id, []):
                if isinstance(value, ast.Dict):
                    for item in value.values:
                        found += self.templates(path, item, depth + 1)
        elif isinstance(node, ast.Call) and _name(node.func) in self.returns:
            for value in self.returns[_name(node.func) or ""]:
                found += self.templates(path, value, depth + 1)
        # a parameter or an attribute passed on (``hint=exc.hint``) is built elsewhere
        if isinstance(node, ast.Name | ast.Attribute) and not found:
            return []
        return [t for t in found if t is not None] or [None]


def sites(root: Path = PACKAGE) -> list[Site]:
    """Every message and hint a StudioError (or subclass) is built with under ``root``."""
    trees = list(_trees(root))
    errors = error_classes(trees)
    index = _message_index(trees, errors)
    resolve = _Resolver(trees)
    found: list[Site] = []

    def add(path: str, node: ast.expr, kind: str) -> None:
        for template in resolve.templates(path, node):
            if kind != "check" or has_words(template):  # a version number is no message
                found.append(Site(path, node.lineno, kind, template))

    for path, tree in trees:
        for cls in ast.walk(tree):
            if not isinstance(cls, ast.ClassDef | ast.Module):
                continue
            in_error = isinstance(cls, ast.ClassDef) and cls.name in errors
            for node in ast.walk(cls):
                if not isinstance(node, ast.Call):
                    continue
                name = _name(node.func)
                is_super = (
                    in_error
                    and name == "__init__"
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Call)
                    and _name(node.func.value.func) == "super"
                )
                if isinstance(cls, ast.Module) and name in errors:
                    pos = index.get(name or "", 0)
                    ok = 0 <= pos < len(node.args)
                    message = node.args[pos] if ok else None
                    hint = node.args[pos + 1] if ok and len(node.args) > pos + 1 else None
                elif is_super:
                    message = node.args[0] if node.args else None
                    hint = node.args[1] if len(node.args) > 1 else None
                else:
                    message = hint = None
                for kw in node.keywords:
                    if kw.arg == "message" and (is_super or name in errors):
                        message = kw.value
                if message is not None:
                    add(path, message, "message")
                if hint is not None:
                    add(path, hint, "hint")
                if isinstance(cls, ast.Module):
                    for pos, keyword, kind in CARRIERS.get(name or "", ()):
                        args = [kw.value for kw in node.keywords if kw.arg == keyword]
                        args += node.args[pos : pos + 1]
                        for arg in args:
                            add(path, arg, kind)
                    func = node.func
                    if (
                        name == "append"
                        and isinstance(func, ast.Attribute)
                        and isinstance(func.value, ast.Name)
                        and func.value.id in NOTE_LISTS
                        and node.args
                    ):
                        add(path, node.args[0], "note")
                    _log_and_output(path, node, resolve, found)
                    for kw in node.keywords:
                        if kw.arg == "hint" and not (
                            isinstance(kw.value, ast.Constant) and kw.value.value in ("", None)
                        ):
                            add(path, kw.value, "hint")
    return sorted(set(found), key=lambda s: (s.path, s.line, s.kind, s.template or ""))


def _log_and_output(path: str, node: ast.Call, resolve: _Resolver, found: list[Site]) -> None:
    """A studio logger's INFO-and-above record, or a line of the command line's output."""
    func = node.func
    if not node.args:
        return
    if (
        isinstance(func, ast.Attribute)
        and func.attr in LOG_LEVELS
        and isinstance(func.value, ast.Name)
        and func.value.id in LOGGERS
        and not path.startswith(LOG_SKIPPED)
    ):
        for template in resolve.templates(path, node.args[0]):
            template = None if template is None else percent_template(template)
            if has_words(template):
                found.append(Site(path, node.lineno, "log", template))
    elif _name(func) in OUTPUT_CALLS:
        for template in resolve.templates(path, node.args[0]):
            if has_words(template):
                found.append(Site(path, node.lineno, "output", template))
