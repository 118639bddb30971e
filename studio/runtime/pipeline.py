"""The one pipeline, assembled: show queue -> speech look-ahead -> director (presenter,
outfit, scenes) for any output.

``studio live`` and the window's preview stream it; ``studio render``, ``studio demo``
and the stills write it to files (``offline.py``). Building it in one place means an
avatar name, a scene, a garment or a voice means the same thing in every output.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from studio.avatar.lines.engine import with_own_lines
from studio.avatar.voices import presenter_voices
from studio.core.errors import StudioError
from studio.core.presets import VideoPreset
from studio.core.progress import Progress, no_progress
from studio.render.compositor import AuditSink, Compositor
from studio.render.scene import Scene, load_scene
from studio.runtime.director import Director
from studio.runtime.lookahead import LookAhead
from studio.runtime.open_avatar import OpenedAvatar, open_avatar
from studio.runtime.outfits import Outfits
from studio.runtime.stage import Stage
from studio.show.queue import Queue
from studio.show.store import ShowStore
from studio.speech.cache import default_cache
from studio.speech.knn_match import VoicePool
from studio.speech.matched import matched
from studio.speech.voice_profile import VoiceProfile
from studio.speech.voices import build_engine
from studio.tryon.asset import TryOnAsset, load_asset

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShowSpec:
    """What a show is made of, whatever it is played to."""

    avatar: str = "demo"  # "demo", or an avatar under STUDIO_HOME/avatars
    scene: Path | Scene | None = None  # a scene file, a scene made in code, or the default
    preset: VideoPreset | None = None  # the canvas, when not the scene's own
    voice_engine: str = "espeak"
    voice: str = ""
    # language -> voice name (a room's [voice.languages]); set, it replaces engine + voice
    voice_languages: tuple[tuple[str, str], ...] = ()
    lookahead: int = 3
    # a cloned presenter's TTS moved toward her voice (音色接近, "voice matched")
    voice_match: bool = True
    # a presenter who read the prompt sheet speaks her own recorded lines where she can
    own_lines: bool = True
    garments: tuple[Path | TryOnAsset, ...] = field(default=())  # worn over the scene's outfit


@dataclass
class Pipeline:
    queue: Queue
    lookahead: LookAhead
    director: Director
    opened: OpenedAvatar

    @property
    def compositor(self) -> Compositor:
        return self.director.compositor

    def close(self) -> None:
        """Stop the look-ahead and let go of the scenes and the avatar."""
        self.lookahead.stop()
        self.director.close()
        self.director.stage.close()
        self.opened.close()


def default_scene_path() -> Path:
    from studio.core.paths import assets_dir

    return assets_dir() / "scenes" / "douyin_vertical.toml"


def build_pipeline(
    store: ShowStore,
    spec: ShowSpec,
    *,
    queue: Queue | None = None,
    audit: AuditSink | None = None,
    offline: bool = False,
    progress: Progress = no_progress,
) -> Pipeline:
    """Assemble a show over ``store`` (nothing runs until the look-ahead starts).

    ``offline`` (files, stills): speech and try-on fits are waited for, never skipped,
    and an outfit that cannot be worn is an error; live, the show goes on without it.
    """
    scene_path = spec.scene if isinstance(spec.scene, Path) else None
    scene = (
        spec.scene
        if isinstance(spec.scene, Scene)
        else load_scene(scene_path or default_scene_path())
    )
    if scene_path is None and spec.scene is None:
        scene_path = default_scene_path()
    compositor = Compositor(scene, audit=audit, preset=spec.preset)
    fps = compositor.preset.fps
    progress("avatar", 0, 1)
    opened = open_avatar(spec.avatar, compositor, fps)
    progress("avatar", 1, 1)
    queue = queue if queue is not None else Queue(store, avatar=spec.avatar)
    # the room's voice per language, else the presenter's own (studio avatar voice)
    languages = dict(spec.voice_languages) or presenter_voices(spec.avatar)
    engine, voice = build_engine(spec.voice_engine, spec.voice, languages, cache=default_cache())
    engine = matched(engine, *presenter_voice(opened, spec.voice_match))
    if spec.own_lines:  # her recorded lines first, TTS (matched) for the rest
        engine = with_own_lines(engine, spec.avatar)
    lookahead = LookAhead(
        queue,
        engine,
        fps,
        depth=spec.lookahead,
        voice=voice,
        avatar=opened.video_avatar,
    )
    outfits = Outfits(
        opened.driver,
        fps,
        outfit_assets(scene, spec.garments, strict=offline),
        transition_ms=scene.tryon.transition_ms,
        shading=scene.tryon.shading,
        wait=offline,
        strict=offline,
    )
    stage = Stage(compositor, opened.driver, fps, scene_path=scene_path, audit=audit)
    director = Director(
        queue,
        lookahead,
        opened.driver,
        stage,
        fps,
        speech_wait_s=60.0 if offline else 0.0,
        outfits=outfits,
    )
    return Pipeline(queue, lookahead, director, opened)


def presenter_voice(
    opened: OpenedAvatar, enabled: bool = True
) -> tuple[VoiceProfile | None, VoicePool | None]:
    """What TTS is matched to: a cloned (video) presenter's voice profile and her
    analysed voice reference (None when it is too short: the match stays global), when
    matching is on; (None, None) speaks the stock voice."""
    avatar = opened.video_avatar
    if not enabled or avatar is None:
        return None, None
    profile = avatar.voice_profile
    if profile is None:
        return None, None
    pool = avatar.voice_pool
    if pool is None:
        log.info("TTS voice matched (音色接近) to %s: %s", opened.name, profile.to_json())
    else:
        log.info(
            "TTS voice matched (音色接近) to %s: %s, frame by frame to %.1f s of her voice",
            opened.name,
            profile.to_json(),
            pool.seconds,
        )
    return profile, pool


def outfit_assets(
    scene: Scene, garments: tuple[Path | TryOnAsset, ...] = (), *, strict: bool
) -> list[TryOnAsset]:
    """The scene's ``[tryon]`` assets and any extra ones; a bad one raises when
    ``strict``, else it is logged and left off (a show goes on without it)."""
    spec = scene.tryon
    wanted: list[tuple[Path, bool] | TryOnAsset] = [
        (scene.resolve(p), spec.remove_background) for p in spec.paths
    ]
    wanted += [g if isinstance(g, TryOnAsset) else (Path(g), False) for g in garments]
    assets = []
    for item in wanted:  # in order: a later garment replaces the scene's
        if isinstance(item, TryOnAsset):
            assets.append(item)
            continue
        path, remove_bg = item
        try:
            assets.append(load_asset(path, remove_bg=remove_bg))
        except StudioError as exc:
            if strict:
                raise
            log.error("try-on asset %s cannot be used: %s", path, exc)
    return assets
