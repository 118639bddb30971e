"""Where values sit in a TOML source, so findings can say file:line:col.

``tomllib`` gives values without positions. This module finds, in order, every
``key = <string>`` assignment of a given key and decodes the string itself, recording
the (line, column) of each decoded character; callers match them to parsed values in
order and fall back to the assignment's line when the text differs. Columns are 1-based
and counted in characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


@dataclass(frozen=True)
class LocatedString:
    value: str
    positions: tuple[tuple[int, int], ...]  # (line, col) of each character of value
    line: int  # line of the key
    col: int  # column where the string token starts

    def position(self, offset: int) -> tuple[int, int]:
        if not self.positions:
            return self.line, self.col
        return self.positions[min(max(offset, 0), len(self.positions) - 1)]


def _line_starts(source: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(source) if ch == "\n")
    return starts


def _decode(source: str, i: int) -> tuple[str, list[int]] | None:
    """Decode the string token at ``source[i]``; (value, source index per character)."""
    out: list[str] = []
    idx: list[int] = []
    if source.startswith('"""', i) or source.startswith("'''", i):
        quote = source[i : i + 3]
        basic = quote == '"""'
        j = i + 3
        if source.startswith("\r\n", j):
            j += 2
        elif source.startswith("\n", j):
            j += 1
        while j < len(source):
            if source.startswith(quote, j):
                run = 0  # "" before the closing """ belong to the value
                while source.startswith(quote[0], j + run):
                    run += 1
                for k in range(min(run - 3, 2)):
                    out.append(quote[0])
                    idx.append(j + k)
                return "".join(out), idx
            ch = source[j]
            if basic and ch == "\\":
                nxt = source[j + 1 : j + 2]
                if nxt in ("\n", "\r", " ", "\t"):
                    k = j + 1
                    while k < len(source) and source[k] in " \t\r\n":
                        k += 1
                    j = k
                    continue
                decoded = _escape(source, j)
                if decoded is None:
                    return None
                value, width = decoded
                out.append(value)
                idx.append(j)
                j += width
                continue
            out.append(ch)
            idx.append(j)
            j += 1
        return None
    quote = source[i]
    j = i + 1
    while j < len(source) and source[j] != "\n":
        ch = source[j]
        if ch == quote:
            return "".join(out), idx
        if quote == '"' and ch == "\\":
            decoded = _escape(source, j)
            if decoded is None:
                return None
            value, width = decoded
            out.append(value)
            idx.append(j)
            j += width
            continue
        out.append(ch)
        idx.append(j)
        j += 1
    return None


def _escape(source: str, j: int) -> tuple[str, int] | None:
    code = source[j + 1 : j + 2]
    if code in _ESCAPES:
        return _ESCAPES[code], 2
    if code in ("u", "U"):
        width = 4 if code == "u" else 8
        try:
            return chr(int(source[j + 2 : j + 2 + width], 16)), 2 + width
        except ValueError:
            return None
    return None


def locate_strings(source: str, key: str) -> list[LocatedString]:
    """Every ``key = "..."`` (any TOML string form) in source order."""
    starts = _line_starts(source)
    pattern = re.compile(rf"(?m)^[ \t]*{re.escape(key)}[ \t]*=[ \t]*(?=[\"'])")
    found: list[LocatedString] = []

    def line_col(index: int) -> tuple[int, int]:
        line = 0
        lo, hi = 0, len(starts) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            if starts[mid] <= index:
                line, lo = mid, mid + 1
            else:
                hi = mid - 1
        return line + 1, index - starts[line] + 1

    for m in pattern.finditer(source):
        decoded = _decode(source, m.end())
        line, col = line_col(m.end())
        if decoded is None:
            found.append(LocatedString("", (), line, col))
            continue
        value, idx = decoded
        found.append(LocatedString(value, tuple(line_col(k) for k in idx), line, col))
    return found


def header_lines(source: str, header: str) -> list[int]:
    """Line numbers of every ``[[header]]`` table header."""
    pattern = re.compile(rf"(?m)^[ \t]*\[\[[ \t]*{re.escape(header)}[ \t]*\]\]")
    return [source.count("\n", 0, m.start()) + 1 for m in pattern.finditer(source)]
