"""The prompt sheet Studio ships is valid and has what the show's numbers need; a bad
sheet is refused with the file and what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.avatar.lines.sheet import load_sheet
from studio.core.errors import ConfigError
from studio.speech.numbers import zh_cardinal


def test_the_shipped_sheet_loads_with_number_words_and_units() -> None:
    sheet = load_sheet()
    assert 60 <= len(sheet) <= 120
    kinds = {line.kind for line in sheet.lines}
    assert kinds == {"phrase", "number", "unit", "lead"}
    numbers = {line.key for line in sheet.lines if line.kind == "number"}
    # every number the normaliser can say is made of her number words
    for n in (0, 2, 15, 48, 199, 2000, 12000, 30405):
        assert set(zh_cardinal(n)) | set(zh_cardinal(n, liang=True)) <= numbers, n
    assert "点" in numbers
    units = {line.key for line in sheet.lines if line.kind == "unit"}
    assert {"元", "块", "毛", "折", "件", "单", "毫升"} <= units


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sheet.toml"
    path.write_text("version = 1\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ('[[line]]\nid = "a"\ntext = "库存还有48件"\n', "digits"),
        ('[[line]]\nid = "a"\ntext = "你好"\n[[line]]\nid = "a"\ntext = "再见"\n', "twice"),
        ('[[line]]\nid = "a b"\ntext = "你好"\n', "line id"),
        ('[[line]]\nid = "a"\ntext = "，。"\n', "no words"),
        ('[[line]]\nid = "a"\ntext = "你好"\nkind = "noun"\n', "kind"),
        ('[[line]]\nid = "a"\ntxt = "你好"\n', "unknown key"),
        ("[[line]\n", "not valid TOML"),
    ],
)
def test_a_bad_sheet_is_refused_with_what_to_fix(tmp_path: Path, body: str, said: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError) as err:
        load_sheet(path)
    assert said in str(err.value) and str(path) in str(err.value)
    assert err.value.hint


def test_a_missing_sheet_says_which_to_use(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_sheet(tmp_path / "nope.toml")
    assert "prompt_sheet.toml" in err.value.hint


def test_a_subset_round_trips_through_toml(tmp_path: Path) -> None:
    sheet = load_sheet().subset(["greet.01", "num.8", "unit.yuan"])
    path = tmp_path / "short.toml"
    path.write_text(sheet.to_toml(), encoding="utf-8")
    again = load_sheet(path)
    assert [(x.id, x.text, x.kind) for x in again.lines] == [
        (x.id, x.text, x.kind) for x in sheet.lines
    ]
