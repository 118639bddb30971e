"""WAV files: the one reader and writer (studio.core.wav)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from studio.core.errors import InputError
from studio.core.wav import read_wav, write_wav


def test_wav_round_trip(tmp_path: Path) -> None:
    audio = (np.arange(4800) % 200 - 100).astype(np.int16)
    path = write_wav(tmp_path / "sub" / "x.wav", audio)
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 48000)
    back, rate = read_wav(path)
    assert rate == 48000 and np.array_equal(back, audio)
    assert not list((tmp_path / "sub").glob(".*tmp"))  # no temp file left behind


def test_unwritable_wav_is_an_input_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError):
        write_wav(blocker / "x.wav", np.zeros(10, np.int16))
