"""The command line's normal output in the user's language: ``say("wrote {path}")``
prints it through the message catalogue (studio.core.messages), like an error is.

Why a call of its own rather than ``print(translate(...))``: the source scan
(studio.core.message_sources) finds the texts given to :func:`say` and :func:`cli_text`,
so a new line of output without a Chinese entry fails tests/core/test_messages.py.
Machine-readable output (``--json``) is printed as is, never through here.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

from studio.core.messages import current_language, translate

# The progress bars' stage names (``progress("track", done, total)``) and the words the
# command line shows for them in Chinese; English keeps the short names it always had.
STAGE_WORDS = {
    "probe": "reading the video",
    "check": "checking the input",
    "audio": "taking the sound",
    "track": "following the face and body",
    "smooth": "smoothing the movements",
    "mouth": "learning the mouth shapes",
    "loop": "building the idle loop",
    "voice": "picking a voice sample",
    "lipsync": "fitting the lip-sync",
    "save": "saving",
    "fit": "fitting the garment",
    "import": "importing",
    "render": "rendering",
    "speech": "speaking the lines",
    "avatar": "loading the presenter",
    "train": "training",
    "test": "testing",
    "reference": "speaking the sheet for reference",
    "align": "matching her reading to the sheet",
}


def cli_text(text: str) -> str:
    """``text`` in the command line's language (unchanged in English)."""
    return translate(text, surface="cli")


def say(text: str, *, file: TextIO | None = None, flush: bool = False) -> None:
    """Print one line of normal output in the user's language."""
    print(cli_text(text), file=file or sys.stdout, flush=flush)


def stage_label(stage: str) -> str:
    """A progress bar's label: the stage name, or its words in Chinese."""
    words = STAGE_WORDS.get(stage)
    if words is None or current_language() == "en":
        return stage
    return translate(words, surface="cli")


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` left-aligned in ``columns`` terminal columns (``f"{text:<n}"`` counts a
    Chinese character as one and the table's columns slip)."""
    return text + " " * max(0, columns - width(text))
