"""Split long text at sentence boundaries, so speech can start before all of it is made.

A live show speaks scripts of any length. Each chunk is synthesised on its own (one
sentence is ~100 ms of eSpeak work), so the first audio is ready at once and the live
engine can look ahead one chunk at a time. Chunks are spans of the original text.
"""

from __future__ import annotations

import re

#: Sentence ends; closing quotes and brackets right after them stay with the sentence.
_SENTENCE_END = re.compile(
    r"(?:[。！？!?；;]+|…+|\.+(?=[”’」』）)\]】》\"']*(?:\s|$)))[”’」』）)\]】》\"']*|\n+"
)
#: Softer breaks for a sentence that is still too long: commas (not 1,299) and colons.
_CLAUSE_END = re.compile(r"[，、：]|[,:](?!\d)")

MAX_CHUNK_CHARS = 120

#: The longest text one call speaks, and so the longest line a show may hold: about four
#: minutes of Mandarin. Synthesis memory grows with the text (~80 KB a character: a
#: 50,000-character insert took a room past 4 GB and into an OOM-kill loop), so longer
#: text is refused with a hint to split it, never attempted.
MAX_TEXT_CHARS = 1000


def too_long(text: str) -> str:
    """The reason ``text`` is too long to speak as one line, or ""."""
    if len(text) <= MAX_TEXT_CHARS:
        return ""
    return (
        f"the text is {len(text):,} characters long; one line may be at most "
        f"{MAX_TEXT_CHARS:,} (about four minutes of speech)"
    )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Split ``[start, end)`` at clause breaks, then spaces, then anywhere not in a number."""
    spans: list[tuple[int, int]] = []
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for m in _CLAUSE_END.finditer(window):
            cut = m.end()
        if cut < max_chars // 3:
            space = window.rfind(" ")
            cut = space + 1 if space >= max_chars // 3 else cut
        if cut < max_chars // 3:
            cut = max_chars
            while cut > 1 and window[cut - 1].isdigit() and text[start + cut].isdigit():
                cut -= 1
        spans.append(_strip(text, start, start + cut))
        start += cut
    spans.append(_strip(text, start, end))
    return [s for s in spans if s[1] > s[0]]


def split_sentences(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` spans of ``text``, one per sentence, each at most ``max_chars``.

    Whitespace around a sentence is left out; text without sentence marks is one span
    (cut at commas or spaces when longer than ``max_chars``).
    """
    if max_chars < 8:
        raise ValueError("max_chars must be at least 8")
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        s, e = _strip(text, start, m.end())
        if e > s:
            spans.extend(_cut_long(text, s, e, max_chars))
        start = m.end()
    s, e = _strip(text, start, len(text))
    if e > s:
        spans.extend(_cut_long(text, s, e, max_chars))
    return spans
