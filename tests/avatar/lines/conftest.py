"""Her reading, made here by the project's own TTS with a shifted voice (eSpeak NG at a
higher pitch and a slower rate than the reference the alignment uses), and a presenter
to keep it with (a photo avatar, made once per session and copied into each test's home).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from studio.avatar.lines.sheet import PromptSheet, SheetLine, load_sheet
from studio.core.timeline import SAMPLE_RATE
from studio.core.wav import write_wav
from studio.speech.engine import get_engine

HER_PITCH, HER_RATE = 78, 150  # eSpeak's defaults are 50 and 175
GAP_S = 0.8
#: The lines the tests read: a greeting, calls, price phrases, number words and units --
#: enough to say "原价一百二十九元" and "库存还有两百件" in her voice.
READ = [
    "greet.01", "follow.01", "ship.01", "thanks.01", "price.01", "price.02", "price.09",
    "num.1", "num.2", "num.2b", "num.8", "num.9", "num.10", "num.100", "unit.yuan", "unit.jian",
]  # fmt: skip

_said: dict[str, np.ndarray] = {}


def her_voice(text: str) -> np.ndarray:
    """``text`` in her voice (made once per session)."""
    if text not in _said:
        engine = get_engine("espeak")
        _said[text] = engine.synthesize(text, language="zh", pitch=HER_PITCH, rate=HER_RATE).audio
    return _said[text]


def reading_of(lines: list[SheetLine], seed: int = 0) -> np.ndarray:
    """The lines read in order with a pause after each, in a quiet room (faint hiss)."""
    rng = np.random.default_rng(seed)
    gap = np.zeros(int(GAP_S * SAMPLE_RATE), np.int16)
    parts = [gap]
    for line in lines:
        parts += [her_voice(line.text), gap]
    audio = np.concatenate(parts).astype(np.float64)
    audio += rng.normal(0.0, 20.0, audio.shape)
    return np.clip(np.rint(audio), -32768, 32767).astype(np.int16)


@pytest.fixture(scope="session")
def short_sheet() -> PromptSheet:
    return load_sheet().subset(READ)


@pytest.fixture(scope="session")
def short_sheet_file(tmp_path_factory: pytest.TempPathFactory, short_sheet: PromptSheet) -> Path:
    path = tmp_path_factory.mktemp("sheet") / "short_sheet.toml"
    path.write_text(short_sheet.to_toml(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def long_reading(tmp_path_factory: pytest.TempPathFactory, short_sheet: PromptSheet) -> Path:
    """One WAV of her reading the short sheet, top to bottom."""
    path = tmp_path_factory.mktemp("reading") / "reading.wav"
    return write_wav(path, reading_of(list(short_sheet.lines)))


@pytest.fixture
def with_lines(her: str, long_reading: Path, short_sheet: PromptSheet) -> str:
    """ "her" with the short sheet's lines imported from the long reading."""
    from studio.avatar.lines.reading import import_reading

    import_reading(long_reading, short_sheet, her)
    return her


Reading = Callable[[list[SheetLine]], np.ndarray]
