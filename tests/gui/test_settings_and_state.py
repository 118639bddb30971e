"""The GUI's plain-Python parts: settings file, stream light, time left, drafts, scenes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from studio.gui.eta import Eta
from studio.gui.settings import GuiSettings, load_settings, save_settings
from studio.gui.streamstate import StreamLight
from studio.stream.stats import OutputStats, StreamStats


def test_settings_round_trip_and_the_key_only_when_asked(gui_settings: Path) -> None:
    s = GuiSettings(
        language="zh_CN",
        data_folder="/data/studio",
        voice_engine="piper",
        voice='a "quoted" voice',
        gpu="off",
        output_preset="vertical-1080",
        ingest_url="rtmp://push.example.com/live",
        stream_key="secret-key",
        remember_key=False,
    )
    save_settings(s)
    back = load_settings()
    assert back == GuiSettings(**{**s.__dict__, "stream_key": ""})  # not remembered
    assert "secret-key" not in gui_settings.read_text()
    save_settings(GuiSettings(stream_key="secret-key", remember_key=True))
    assert load_settings().stream_key == "secret-key"
    if os.name == "posix":
        assert stat.S_IMODE(gui_settings.stat().st_mode) == 0o600


def test_a_key_pasted_into_the_url_is_a_key(gui_settings: Path) -> None:
    """Not written when not remembered; when remembered, kept apart from the server; the
    file is private either way (it holds the ingest server)."""
    pasted = "rtmp://push.example.com/live/sk-PASTED-1?sign=x"
    save_settings(GuiSettings(ingest_url=pasted, remember_key=False))
    assert "sk-PASTED-1" not in gui_settings.read_text()
    assert load_settings().ingest_url == "rtmp://push.example.com/live"
    if os.name == "posix":
        assert stat.S_IMODE(gui_settings.stat().st_mode) == 0o600
    save_settings(GuiSettings(ingest_url=pasted, remember_key=True))
    back = load_settings()
    assert (back.ingest_url, back.stream_key) == (
        "rtmp://push.example.com/live",
        "sk-PASTED-1?sign=x",
    )


def test_a_broken_or_odd_settings_file_falls_back_to_defaults(gui_settings: Path) -> None:
    gui_settings.parent.mkdir(parents=True)
    gui_settings.write_text("this is = = not toml", encoding="utf-8")
    assert load_settings() == GuiSettings()
    gui_settings.write_text('language = "klingon"\ngpu = 3\nunknown = 1\n', encoding="utf-8")
    assert load_settings() == GuiSettings()


def stats(state: str | None, **kw) -> StreamStats:
    outputs = () if state is None else (OutputStats("rtmp", state, **kw),)
    return StreamStats(uptime_s=10, frames=250, fps=25.0, outputs=outputs)


def test_the_light_tells_first_failures_from_reconnects() -> None:
    now = [100.0]
    light = StreamLight(clock=lambda: now[0])
    assert light.view(stats(None)).state == "idle"
    light.start()
    assert light.view(None).state == "connecting"
    assert light.view(stats("connecting")).state == "connecting"
    bad = light.view(stats("retrying", last_error="the stream key was refused", retry_in_s=2.0))
    assert (bad.state, bad.detail, bad.retry_in_s) == ("error", "the stream key was refused", 2.0)
    assert light.view(stats("connecting", last_error="refused")).state == "error"  # still
    now[0] = 130.0
    live = light.view(stats("live", kbps=2980.0, dropped_video=3, reconnects=0))
    assert (live.state, live.kbps, live.dropped, live.uptime_s) == ("live", 2980.0, 3, 0.0)
    now[0] = 160.0
    assert light.view(stats("live")).uptime_s == 30.0  # live for: the platform received
    now[0] = 170.0
    lost = light.view(stats("retrying", last_error="connection lost", reconnects=0, retries=1))
    assert (lost.state, lost.reconnects, lost.uptime_s, lost.retries) == (
        "reconnecting",
        1,
        40.0,
        1,
    )  # the outage counts as a reconnect at once, and the live time stops
    now[0] = 200.0
    mending = light.view(stats("connecting", reconnects=0, retries=3))
    assert (mending.state, mending.reconnects, mending.uptime_s) == ("reconnecting", 1, 40.0)
    now[0] = 210.0
    assert light.view(stats("live", reconnects=1)).state == "live"
    now[0] = 220.0
    back = light.view(stats("live", reconnects=1))
    assert (back.reconnects, back.uptime_s) == (1, 50.0)
    assert light.view(stats("stopped")).state == "error"
    light.stop()
    assert light.view(stats("live")).state == "idle"
    light.fail("the show stopped")
    assert light.view(None).state == "error"


def test_time_left_is_weighted_by_stage_and_silent_at_first() -> None:
    now = [0.0]
    eta = Eta({"check": 1, "track": 8, "save": 1}, clock=lambda: now[0])
    eta.update("check", 1, 2)
    assert eta.fraction == pytest.approx(0.05)
    now[0] = 1.0
    assert eta.seconds_left() is None  # too early to say
    eta.update("track", 50, 100)  # check is over once track starts
    now[0] = 10.0
    assert eta.fraction == pytest.approx(0.5)
    assert eta.seconds_left() == pytest.approx(10.0)


def creation_stages(*modules: str) -> set[str]:
    """The stage names the creation code reports, read from its source."""
    import importlib
    import inspect
    import re

    found: set[str] = set()
    for name in modules:
        source = inspect.getsource(importlib.import_module(name))
        found |= set(re.findall(r'progress\(\s*"(\w+)"', source))
    return found


def test_every_creation_stage_has_a_weight_and_the_bar_follows_the_label() -> None:
    """The bar showed 100 % while the label said "lipsync (8 of 120)": a stage missing
    from the table ended every stage."""
    from studio.gui.eta import PHOTO_STAGES, VIDEO_STAGES

    video = creation_stages(
        "studio.avatar.create", "studio.avatar.tracking", "studio.lipsync.finetune"
    )
    assert video and video <= set(VIDEO_STAGES)
    assert creation_stages("studio.avatar.create_photo") <= set(PHOTO_STAGES)
    eta = Eta(VIDEO_STAGES)
    for stage in ("probe", "check", "audio", "track", "smooth", "mouth", "loop", "voice"):
        eta.update(stage, 1, 1)
    before = eta.fraction
    eta.update("lipsync", 8, 120)
    assert before < eta.fraction < 0.75
    eta.update("lipsync", 120, 120)
    assert eta.fraction < 1.0  # saving is still to come
    eta.update("save", 1, 1)
    assert eta.fraction == pytest.approx(1.0)
    later = Eta({"check": 1, "track": 8, "save": 1})
    later.update("check", 1, 1)
    later.update("something new", 1, 2)  # an unknown stage does not end the known ones
    assert later.fraction == pytest.approx(0.1)


def test_a_scene_at_another_preset_is_a_valid_copy(studio_home: Path) -> None:
    from studio.gui.scenes import default_scene, scene_with_preset, shipped_scenes
    from studio.render.scene import load_scene

    assert default_scene() in shipped_scenes()
    assert scene_with_preset(default_scene(), "") == default_scene()
    copy = scene_with_preset(default_scene(), "landscape-720")
    assert copy.is_relative_to(studio_home)
    original, derived = load_scene(default_scene()), load_scene(copy)
    assert derived.canvas.preset == "landscape-720"
    assert derived.ticker == original.ticker and derived.ai_label == original.ai_label


def test_a_draft_gets_its_name_or_goes_away(studio_home: Path, portrait_png: Path) -> None:
    from studio.avatar.create_photo import create_from_photo
    from studio.avatar.package import load_avatar
    from studio.avatar.store import list_avatars
    from studio.core.errors import InputError
    from studio.gui import drafts

    first, second = drafts.draft_name(), drafts.draft_name()
    create_from_photo(portrait_png, first)
    create_from_photo(portrait_png, second)
    drafts.finalize(first, "小美")
    assert load_avatar("小美").manifest.name == "小美"
    with pytest.raises(InputError, match="already exists"):
        drafts.finalize(second, "小美")
    drafts.discard(second)
    assert [a.name for a in list_avatars()] == ["小美"]
