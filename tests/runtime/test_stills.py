"""`studio scene still` of a scene whose AI-generated label is switched off (with a
reason): the picture is made, the warning is the compositor's own (in the user's
language), and no English "audit:" line with a Python dict reaches her screen."""

from __future__ import annotations

import logging
from pathlib import Path

from studio.cli import main
from studio.core.paths import assets_dir


def test_a_still_without_the_ai_label_prints_no_raw_audit_line(
    tmp_path: Path, capsys, caplog
) -> None:
    text = (assets_dir() / "scenes" / "plain_landscape.toml").read_text(encoding="utf-8")
    label_on = "[ai_label]\nenabled = true"
    assert label_on in text
    scene = tmp_path / "no_label.toml"
    scene.write_text(
        text.replace(label_on, '[ai_label]\nenabled = false\ndisable_reason = "平台自己加了标识"'),
        encoding="utf-8",
    )
    out = tmp_path / "still.png"
    with caplog.at_level(logging.WARNING, logger="studio"):
        code = main(["--lang", "zh_CN", "scene", "still", str(scene), "-o", str(out)])
    assert code == 0 and out.stat().st_size > 0
    assert capsys.readouterr().out == f"已生成 {out}\n"
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert said == ["AI-generated label switched off: 平台自己加了标识"], said
