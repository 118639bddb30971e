"""A take of the wrong line is refused, naming the line it sounds like: the line above or
below, a shorter line inside it, one number word read as another (a wrong price word on
air). The right takes are kept, and a whole reading still imports with the whole sheet
as the lines a take must not sound like. Her voice: the project's own TTS, shifted
(conftest)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.avatar.lines.reading import import_reading, import_take
from studio.avatar.lines.sheet import PromptSheet, load_sheet
from studio.avatar.lines.store import load_lines
from studio.core.errors import InputError
from studio.core.messages import translate
from studio.core.timeline import SAMPLE_RATE
from studio.core.wav import write_wav

from .conftest import reading_of

RIGHT = ["greet.01", "follow.01", "num.1", "num.3", "unit.yuan", "unit.jian"]


def _takes(folder: Path, said_as: dict[str, str]) -> Path:
    """One file per line id (the key), each her reading of the line ``said_as[id]``."""
    sheet = load_sheet()
    folder.mkdir()
    for line_id, said in said_as.items():
        write_wav(folder / f"{line_id}.wav", reading_of([sheet.get(said)]))
    return folder


@pytest.mark.parametrize(
    "wrong",
    [
        # the line above or below (each passes the aligner's own check), a shorter line
        # inside the one she should read (今天只要 for 今天直播间只要)
        {"thanks.04": "thanks.03", "buy.02": "buy.01", "price.02": "price.03"},
        # one number word for another: 四 for 十, 二 for 八, 六 for 九
        {"num.10": "num.4", "num.8": "num.2", "num.9": "num.6"},
    ],
    ids=["neighbouring lines", "number words"],
)
def test_a_take_of_another_line_is_refused_naming_it(
    her: str, tmp_path: Path, wrong: dict[str, str]
) -> None:
    folder = _takes(tmp_path / "takes", {**{x: x for x in RIGHT}, **wrong})
    report = import_reading(folder, load_sheet(), her)
    assert sorted(x.id for x in report.kept) == sorted(RIGHT)
    assert sorted(load_lines(her).lines) == sorted(RIGHT)
    refused = dict(report.refused)
    assert sorted(refused) == sorted(wrong)
    sheet = load_sheet()
    for line_id, said in wrong.items():
        assert refused[line_id] == f"it sounds like line {said} ({sheet.get(said).text})"


def test_a_whole_reading_imports_against_the_whole_sheet(
    her: str, long_reading: Path, short_sheet: PromptSheet
) -> None:
    """Some lines of the sheet read and checked against every line of it (the window and
    `--only` do this): every right line is kept."""
    report = import_reading(long_reading, short_sheet, her, rivals=load_sheet())
    assert report.refused == []
    assert len(report.kept) == len(short_sheet)


def test_a_take_at_the_microphone_says_which_line_it_sounds_like(her: str) -> None:
    sheet = load_sheet()
    with pytest.raises(InputError) as err:
        import_take(reading_of([sheet.get("num.2")]), sheet.get("num.8"), sheet, her)
    message = err.value.message
    assert message == "This take was not kept: it sounds like line num.2 (二)."
    assert translate(message, "zh_CN") == "这一句没有收下：听起来像『二』（num.2）。"
    assert translate(err.value.hint, "zh_CN") == "请重读这一句"
    assert len(load_lines(her)) == 0
    report = import_take(reading_of([sheet.get("num.8")]), sheet.get("num.8"), sheet, her)
    assert [x.id for x in report.kept] == ["num.8"] and list(load_lines(her).lines) == ["num.8"]
    with pytest.raises(InputError, match="no speech"):
        import_take(np.zeros(SAMPLE_RATE, np.int16), sheet.get("num.9"), sheet, her)


def test_some_lines_imported_are_checked_against_the_whole_sheet(
    her: str, tmp_path: Path, capsys
) -> None:
    from studio.cli import main

    folder = _takes(
        tmp_path / "takes", {"num.8": "num.2", "num.9": "num.9", "unit.yuan": "unit.yuan"}
    )
    args = ["voice", "lines", "import", str(folder), "--only", "num.8,num.9,unit.yuan"]
    assert main([*args, "--avatar", her]) == 0
    assert "refused num.8: it sounds like line num.2 (二)" in capsys.readouterr().out
    assert sorted(load_lines(her).lines) == ["num.9", "unit.yuan"]
