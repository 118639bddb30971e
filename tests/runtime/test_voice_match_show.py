"""A show with a cloned presenter speaks voice matched (音色接近) to her, unless the room
turns it off; a photo presenter has no voice reference and speaks the stock voice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.avatar.create_photo import create_from_photo
from studio.avatar.lines.engine import OwnLinesEngine
from studio.core.paths import assets_dir
from studio.core.timeline import FrameRate
from studio.runtime.pipeline import ShowSpec, build_pipeline
from studio.runtime.prepared import speak
from studio.runtime.room import Room, load_room
from studio.show import ShowStore
from studio.speech.matched import MatchedEngine
from studio.speech.voice_profile import VoiceProfile, estimate_profile, hz_to_st

from ..avatar.conftest import cloned, talking_video  # noqa: F401  (shared session fixtures)

SCENE = assets_dir() / "scenes" / "douyin_vertical.toml"
LINE = "欢迎来到直播间，这款面霜今天只要九十九元。库存不多了。"


def _her(cloned_path: Path, home: Path) -> VoiceProfile:
    """The cloned package under the name "her", with a voice 6 semitones above the
    eSpeak voice she was cloned from (links to its parts; only the manifest is hers)."""
    folder = home / "avatars" / "her"
    folder.mkdir(parents=True)
    for part in cloned_path.iterdir():
        if part.name != "manifest.json":
            (folder / part.name).symlink_to(part, target_is_directory=part.is_dir())
    data = json.loads((cloned_path / "manifest.json").read_text(encoding="utf-8"))
    data["name"] = "her"
    base = VoiceProfile.from_json(data["contents"]["voice_profile"])
    target = VoiceProfile(
        base.f0_median_hz * 2 ** (6 / 12),
        base.f0_spread_st,
        base.formants_hz,
        base.tilt_db_oct,
        base.voiced_s,
    )
    data["contents"]["voice_profile"] = target.to_json()
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    return target


@pytest.mark.parametrize("match", [True, False])
def test_the_show_speaks_matched_to_a_cloned_presenter(
    match: bool,
    cloned,  # noqa: F811
    studio_home: Path,
    tmp_path: Path,
) -> None:
    target = _her(cloned.path, studio_home)
    store = ShowStore(tmp_path / "show.db")
    pipeline = build_pipeline(store, ShowSpec(avatar="her", scene=SCENE, voice_match=match))
    try:
        engine = pipeline.lookahead.engine
        assert isinstance(engine.inner, MatchedEngine) is match  # under her (empty) lines
        # ... and frame by frame to her voice reference, which the clone keeps
        assert not match or engine.inner.pool is not None
        item = speak(engine, "k", LINE, ((LINE.index("库"), 14_400),), FrameRate(25))  # 300 ms
    finally:
        pipeline.close()
    f0 = estimate_profile(item.audio).f0_median_hz
    away = abs(float(hz_to_st(f0) - hz_to_st(target.f0_median_hz)))
    assert (away < 1.0) if match else (away > 4.0), (f0, target.f0_median_hz)
    # lips and subtitles run on the line's own timeline: the words end inside the audio
    assert item.words and item.words[-1].end <= item.num_samples
    assert item.mouth.open.shape[0] == FrameRate(25).frames_for_samples(item.num_samples)


def test_a_photo_presenter_speaks_the_stock_voice(
    studio_home: Path, astronaut_rgb, tmp_path: Path
) -> None:
    import cv2

    photo = tmp_path / "face.png"
    cv2.imwrite(str(photo), cv2.cvtColor(astronaut_rgb, cv2.COLOR_RGB2BGR))
    create_from_photo(photo, "pic")
    pipeline = build_pipeline(ShowStore(tmp_path / "show.db"), ShowSpec(avatar="pic", scene=SCENE))
    try:
        engine = pipeline.lookahead.engine
        assert isinstance(engine, OwnLinesEngine)  # her lines (none yet) first, then ...
        assert not isinstance(engine.inner, MatchedEngine)  # ... a photo has no voice to match
    finally:
        pipeline.close()


def test_a_room_turns_matching_off(tmp_path: Path) -> None:
    room_file = tmp_path / "room.toml"
    room_file.write_text('[voice]\nengine = "espeak"\nmatch = false\n', encoding="utf-8")
    assert load_room(room_file).voice.match is False
    assert Room().voice.match is True
