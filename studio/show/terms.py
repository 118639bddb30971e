"""Absolute terms (Advertising Law art. 9(3)): the list, its context rules, and the scanner.

The list lives in ``assets/compliance/absolute_terms.toml`` (how 最 and 第一 were decided
is written there) and users add their own files in ``STUDIO_HOME/compliance/``.

Matching works on an NFKC-normalised, lower-cased copy of the text (so ＮＯ．１ and
１００％ are caught) and maps every hit back to offsets in the original. Each candidate
hit is a claim unless one of its ``unless`` contexts matches (and no ``claim`` context
does). Then the longest candidates decide first: a hit inside a longer one, or inside an
allowed phrase, takes that one's verdict ("最佳饮用温度" is advice, so its 最 is too);
claims that overlap an already reported claim are not reported twice.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from studio.core.errors import ConfigError
from studio.core.paths import assets_dir, studio_home
from studio.core.textfile import read_text_file
from studio.show.findings import Finding

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

log = logging.getLogger(__name__)

CONTEXT_CHARS = 12
SHIPPED = Path("compliance") / "absolute_terms.toml"
_LATIN = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class Context:
    """Text right before (``prev``) and/or right after (``next``) a hit; both must match."""

    prev: re.Pattern[str] | None
    next: re.Pattern[str] | None
    why: str = ""

    def matches(self, text: str, start: int, end: int) -> bool:
        if self.prev is not None and not self.prev.search(
            text[max(0, start - CONTEXT_CHARS) : start]
        ):
            return False
        return self.next is None or bool(self.next.match(text, end, end + CONTEXT_CHARS))


@dataclass(frozen=True)
class TermRule:
    label: str
    pattern: re.Pattern[str]
    category: str
    suggestion: str
    unless: tuple[Context, ...] = ()
    claim: tuple[Context, ...] = ()
    extend: re.Pattern[str] | None = None  # what to show with the term: 最 -> 最好
    source: str = ""

    def is_claim(self, text: str, start: int, end: int) -> bool:
        if any(c.matches(text, start, end) for c in self.claim):
            return True
        return not any(c.matches(text, start, end) for c in self.unless)


@dataclass(frozen=True)
class TermList:
    rules: tuple[TermRule, ...]
    allow: tuple[str, ...]

    def scan(self, text: str) -> list[Finding]:
        """Every absolute-term claim in ``text``, ordered by position."""
        norm, index = normalise(text)
        # (start, end, end shown, rule, is a claim); decisions use the matched span only
        candidates: list[tuple[int, int, int, TermRule | None, bool]] = []
        for rule in self.rules:
            for m in rule.pattern.finditer(norm):
                start, end = m.span()
                if end == start:
                    continue
                claim = rule.is_claim(norm, start, end)
                shown = end
                if claim and rule.extend is not None:
                    more = rule.extend.match(norm, end)
                    shown = more.end() if more else end
                candidates.append((start, end, shown, rule, claim))
        for phrase in self.allow:
            start = norm.find(phrase)
            while start >= 0:
                candidates.append((start, start + len(phrase), start + len(phrase), None, False))
                start = norm.find(phrase, start + 1)
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        decided: list[tuple[int, int]] = []
        reported: list[tuple[int, int]] = []
        findings: list[Finding] = []
        for start, end, shown, rule, claim in candidates:
            if any(s <= start and end <= e for s, e in decided):
                continue
            decided.append((start, end))
            if not claim or rule is None or any(start < e and s < shown for s, e in reported):
                continue
            reported.append((start, shown))
            end = shown
            o_start, o_end = index[start], index[end - 1] + 1
            term = text[o_start:o_end]
            findings.append(
                Finding(
                    rule="absolute-term",
                    term=term,
                    start=o_start,
                    end=o_end,
                    message=f"'{term}' is an absolute claim ({rule.category}; "
                    "Advertising Law art. 9(3))",
                    suggestion=rule.suggestion,
                    category=rule.category,
                )
            )
        findings.sort(key=lambda f: f.start)
        return findings


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC + lower case, with the original offset of every output character."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        mapped = unicodedata.normalize("NFKC", ch).lower()
        out.append(mapped)
        index.extend([i] * len(mapped))
    return "".join(out), index


def _compile(pattern: str, where: str, word: bool) -> re.Pattern[str]:
    if word:
        pattern = rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(
            f"{where}: bad regular expression {pattern!r}: {exc}",
            hint="fix the pattern (Python regular expression syntax)",
        ) from None


def _contexts(entries: object, where: str) -> tuple[Context, ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: must be a list of {{ prev = ..., next = ... }} tables")
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or not ({"prev", "next"} & set(entry)):
            raise ConfigError(f"{where}: each context needs 'prev' and/or 'next'")
        prev = entry.get("prev")
        nxt = entry.get("next")
        out.append(
            Context(
                prev=_compile(f"(?:{prev})$", where, False) if prev else None,
                next=_compile(nxt, where, False) if nxt else None,
                why=str(entry.get("why", "")),
            )
        )
    return tuple(out)


def parse_term_file(text: str, source: str) -> tuple[list[TermRule], list[str]]:
    """Rules and allowed phrases of one TOML term file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {exc}", hint="fix the TOML syntax") from None
    rules: list[TermRule] = []
    for i, entry in enumerate(data.get("term", []), start=1):
        where = f"{source}: term {i}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: must be a [[term]] table")
        literal = entry.get("term")
        pattern = entry.get("pattern")
        if bool(literal) == bool(pattern):
            raise ConfigError(f"{where}: give exactly one of 'term' or 'pattern'")
        if not entry.get("suggestion"):
            raise ConfigError(f"{where}: every term needs a 'suggestion' (a compliant rewording)")
        text_form = unicodedata.normalize("NFKC", literal or pattern).lower()
        regex = re.escape(text_form) if literal else text_form
        word = bool(_LATIN.match(text_form[:1]) or _LATIN.match(text_form[-1:]))
        rules.append(
            TermRule(
                label=str(literal or entry.get("label") or pattern),
                pattern=_compile(regex, where, word),
                category=str(entry.get("category", "superlative")),
                suggestion=str(entry["suggestion"]),
                unless=_contexts(entry.get("unless"), f"{where} unless"),
                claim=_contexts(entry.get("claim"), f"{where} claim"),
                extend=_compile(entry["extend"], where, False) if entry.get("extend") else None,
                source=source,
            )
        )
    allow = [
        unicodedata.normalize("NFKC", str(a["phrase"])).lower()
        for a in data.get("allow", [])
        if isinstance(a, dict) and a.get("phrase")
    ]
    return rules, allow


def user_term_dir() -> Path:
    return studio_home() / "compliance"


def load_terms(shipped: Path | None = None, user_dir: Path | None = None) -> TermList:
    """The shipped list plus every ``*.toml`` in the user's compliance folder."""
    shipped = shipped or assets_dir() / SHIPPED
    user_dir = user_dir if user_dir is not None else user_term_dir()
    files = [shipped, *sorted(user_dir.glob("*.toml"))] if user_dir.is_dir() else [shipped]
    return _load(tuple((str(p), p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, int], ...]) -> TermList:
    rules: list[TermRule] = []
    allow: list[str] = []
    for name, _mtime in files:
        path = Path(name)
        text = read_text_file(path, "term list")
        file_rules, file_allow = parse_term_file(text, path.name)
        rules.extend(file_rules)
        allow.extend(file_allow)
        log.debug(
            "loaded %d terms, %d allowed phrases from %s", len(file_rules), len(file_allow), path
        )
    return TermList(tuple(rules), tuple(allow))
