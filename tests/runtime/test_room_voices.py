"""A room file choosing a voice pack per language: its show speaks Chinese with the pack."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from studio.core.errors import ConfigError
from studio.runtime.live import build_live
from studio.runtime.room import load_room
from studio.speech.voicepacks import remove_pack
from studio.speech.voices import LanguageVoices, VoiceChoice

from ..speech.conftest import CMN_PACK, cmn_home, cmn_voice_file, in_cmn_home  # noqa: F401


def room_file(tmp_path: Path, languages: str) -> Path:
    p = tmp_path / "room.toml"
    p.write_text(
        f"""
[room]
name = "voices"
show_db = "show.db"
[voice]
engine = "espeak"
[voice.languages]
{languages}
[control]
port = 0
token = "test-token"
[audience]
enabled = false
""",
        encoding="utf-8",
    )
    return p


def test_a_room_speaks_zh_with_the_pack_it_chose(in_cmn_home: Path, tmp_path: Path) -> None:  # noqa: F811
    room = load_room(room_file(tmp_path, f'zh = "{CMN_PACK}"\nen = "joe"'))
    assert room.voice.languages == {"zh": CMN_PACK, "en": "joe"}
    show = build_live(room, outputs=[])
    try:
        engine = show.lookahead.engine
        assert isinstance(engine, LanguageVoices)
        assert engine.choices["zh"] == VoiceChoice("piper", CMN_PACK)
        entry = show.queue.insert("八宝粥，欢迎宝宝们")
        item = show.lookahead.prepare_now(entry)
        assert item is not None
        assert [w.text for w in item.words] == list("八宝粥欢迎宝宝们")  # one per character
        assert np.abs(item.audio.astype(np.int32)).max() > 1000
        assert float(item.mouth.open.max()) > 0.2  # the lips move with the pack's timings
    finally:
        show.close()
        show.control.stop()


def test_a_room_naming_a_missing_pack_fails_before_it_starts(
    in_cmn_home: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    room = load_room(room_file(tmp_path, 'zh = "zh_CN-gone"'))
    with pytest.raises(ConfigError, match="'zh_CN-gone' chosen for 'zh' is not installed"):
        build_live(room, outputs=[])


def test_a_room_may_choose_voices_for_zh_and_en_only(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="zh and en, not fr"):
        load_room(room_file(tmp_path, 'fr = "auto"'))


def test_removing_the_pack_falls_back_to_espeak_for_auto(
    studio_home: Path,
    cmn_voice_file: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    from studio.speech.voicepacks import add_pack

    add_pack(cmn_voice_file, CMN_PACK)
    room = load_room(room_file(tmp_path, 'zh = "auto"'))
    show = build_live(room, outputs=[])
    try:
        assert show.lookahead.engine.choices["zh"] == VoiceChoice("piper", CMN_PACK)
    finally:
        show.close()
        show.control.stop()
    remove_pack(CMN_PACK)
    show = build_live(room, outputs=[])
    try:
        assert show.lookahead.engine.choices["zh"] == VoiceChoice("espeak", None)
    finally:
        show.close()
        show.control.stop()


def test_a_presenter_keeps_her_own_voice_per_language(
    in_cmn_home: Path,  # noqa: F811
    tmp_path: Path,
    astronaut_rgb,
    capsys: pytest.CaptureFixture,
) -> None:
    import cv2

    from studio.avatar.create_photo import create_from_photo
    from studio.cli import main
    from studio.runtime.pipeline import ShowSpec, build_pipeline
    from studio.show import ShowStore

    portrait = tmp_path / "lily.png"
    cv2.imwrite(str(portrait), cv2.cvtColor(astronaut_rgb, cv2.COLOR_RGB2BGR))
    create_from_photo(portrait, "lily", force=True)
    assert main(["avatar", "voice", "lily", "--zh", "zh_CN-gone"]) == 2
    assert "not installed" in capsys.readouterr().err
    assert not (in_cmn_home / "avatars" / "lily" / "voices.json").exists()
    assert main(["avatar", "voice", "lily", "--zh", CMN_PACK, "--en", "espeak"]) == 0
    assert f"lily: zh = {CMN_PACK}" in capsys.readouterr().out

    store = ShowStore(tmp_path / "show.db")
    pipeline = build_pipeline(store, ShowSpec(avatar="lily"))
    try:  # her voices, with no room choosing any
        assert pipeline.lookahead.engine.inner.choices == {  # under her (empty) lines
            "zh": VoiceChoice("piper", CMN_PACK),
            "en": VoiceChoice("espeak", None),
        }
    finally:
        pipeline.close()
    room_choice = ShowSpec(avatar="lily", voice_languages=(("zh", "espeak"),))
    pipeline = build_pipeline(store, room_choice)
    try:  # a room's choice wins
        assert pipeline.lookahead.engine.inner.choices["zh"] == VoiceChoice("espeak", None)
    finally:
        pipeline.close()
    assert main(["avatar", "voice", "lily", "--clear"]) == 0
    assert "no voice of her own" in capsys.readouterr().out
