"""Her reading of the prompt sheet becomes her lines: one long recording or one file per
line, aligned to the sheet; a wrong reading, a missing file or silence is refused and
nothing is kept."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from studio.avatar.lines.reading import import_reading
from studio.avatar.lines.sheet import PromptSheet, load_sheet
from studio.avatar.lines.store import load_lines
from studio.cli import main
from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE
from studio.core.wav import read_wav, write_wav

from .conftest import READ, her_voice, reading_of


def _check_line(line, text: str) -> None:
    utt = line.utterance
    assert line.text == text and utt.num_samples > 0.1 * SAMPLE_RATE
    # timelines on her clock, inside her audio, in order
    ends = [p.end for p in utt.phonemes]
    assert utt.phonemes[0].start == 0 and ends == sorted(ends) and ends[-1] == utt.num_samples
    assert all(0 <= w.start <= w.end <= utt.num_samples for w in utt.words)
    assert "".join(w.text for w in utt.words) == "".join(ch for ch in text if ch.isalnum())


def test_a_long_reading_is_cut_into_the_sheets_lines(
    her: str, long_reading: Path, short_sheet: PromptSheet, studio_home: Path
) -> None:
    steps: list[str] = []
    report = import_reading(
        long_reading, short_sheet, her, progress=lambda s, d, n: steps.append(s)
    )
    assert report.refused == [] and {"reference", "align"} <= set(steps)
    lines = load_lines(her)
    assert sorted(lines.lines) == sorted(READ)
    for sheet_line in short_sheet.lines:
        line = lines.lines[sheet_line.id]
        _check_line(line, sheet_line.text)
        # it is her reading of that line: about as long as what she said, not a neighbour
        said = her_voice(sheet_line.text)
        assert 0.7 < line.utterance.num_samples / len(said) < 1.6, sheet_line.id
    stored = studio_home / "avatars" / her / "lines"
    audio, rate = read_wav(stored / "greet.01.wav")
    assert rate == SAMPLE_RATE and len(audio) == lines.lines["greet.01"].utterance.num_samples
    index = json.loads((stored / "index.json").read_text(encoding="utf-8"))
    assert index["version"] == 1 and index["lines"]["num.8"]["kind"] == "number"


def test_a_folder_of_one_file_per_line(her: str, tmp_path: Path, short_sheet: PromptSheet) -> None:
    folder = tmp_path / "lines"
    folder.mkdir()
    picked = [short_sheet.get(i) for i in ("thanks.01", "num.8", "unit.yuan")]
    for line in picked:
        write_wav(folder / f"{line.id}.wav", reading_of([line]))
    write_wav(folder / "notes.wav", reading_of([short_sheet.get("greet.01")]))  # no such id
    report = import_reading(folder, short_sheet, her)
    assert sorted(x.id for x in report.kept) == ["num.8", "thanks.01", "unit.yuan"]
    for line in picked:
        _check_line(load_lines(her).lines[line.id], line.text)


def test_a_reading_of_other_lines_is_refused_and_nothing_is_kept(
    her: str, tmp_path: Path, short_sheet: PromptSheet
) -> None:
    others = [x for x in load_sheet().lines if x.kind == "phrase" and x.id not in READ]
    wrong = write_wav(tmp_path / "wrong.wav", reading_of(others[: len(short_sheet)], seed=1))
    with pytest.raises(InputError, match="does not match the prompt sheet") as err:
        import_reading(wrong, short_sheet, her)
    assert "pause" in err.value.hint
    assert len(load_lines(her)) == 0


def test_missing_silent_and_misnamed_inputs_say_what_to_do(
    her: str, tmp_path: Path, short_sheet: PromptSheet
) -> None:
    with pytest.raises(InputError, match="no file or folder") as err:
        import_reading(tmp_path / "nope.wav", short_sheet, her)
    assert "named by the line ids" in err.value.hint
    silent = write_wav(tmp_path / "silent.wav", np.zeros(3 * SAMPLE_RATE, np.int16))
    with pytest.raises(InputError, match="no speech"):
        import_reading(silent, short_sheet, her)
    folder = tmp_path / "misnamed"
    folder.mkdir()
    write_wav(folder / "line1.wav", reading_of([short_sheet.lines[0]]))
    with pytest.raises(InputError, match="named by a line id") as err:
        import_reading(folder, short_sheet, her)
    assert "greet.01.wav" in err.value.hint
    with pytest.raises(InputError, match="no avatar"):
        import_reading(silent, short_sheet, "nobody")


def test_a_reading_without_pauses_between_lines_is_refused(
    her: str, tmp_path: Path, short_sheet: PromptSheet
) -> None:
    run_on = np.concatenate([her_voice(x.text) for x in short_sheet.lines[:6]])
    path = write_wav(tmp_path / "run_on.wav", run_on)
    with pytest.raises(InputError, match="fewer than the sheet") as err:
        import_reading(path, short_sheet, her)
    assert "pause" in err.value.hint


def test_the_commands_import_list_and_remove(
    her: str, long_reading: Path, short_sheet_file: Path, capsys
) -> None:
    args = ["voice", "lines", "import", str(long_reading), "--script", str(short_sheet_file)]
    assert main([*args, "--avatar", her]) == 0
    assert f"kept {len(READ)} of her lines" in capsys.readouterr().out
    assert main(["voice", "lines", "list", "--avatar", her, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {x["id"] for x in listed} == set(READ)
    assert main(["voice", "lines", "remove", "num.8", "--avatar", her]) == 0
    assert "num.8" not in load_lines(her).lines and len(load_lines(her)) == len(READ) - 1
    assert main(["voice", "lines", "remove", "num.8", "--avatar", her]) == 2
    assert "no recorded line" in capsys.readouterr().err
    assert main(["voice", "lines", "remove", "--avatar", her]) == 0
    assert len(load_lines(her)) == 0
    assert main(["voice", "lines", "list", "--avatar", her]) == 0
    assert "no recorded lines" in capsys.readouterr().out
