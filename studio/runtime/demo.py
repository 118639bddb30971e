"""`studio demo`: the show on the built-in portrait and pitch, to a file or live.

The pitch's lines are queued in a show of their own (with the demo product on the card)
and played by the one pipeline: offline into an MP4 (``--seconds``: the pitch loops to
fill it exactly), or in real time to an RTMP ingest.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from studio.avatar.builtin import demo_portrait
from studio.core.errors import InputError
from studio.core.paths import assets_dir
from studio.core.presets import VideoPreset, get_preset
from studio.core.progress import Progress, no_progress
from studio.core.textfile import read_text_file
from studio.core.timeline import SAMPLE_RATE
from studio.runtime.audience import AudienceDesk, DeskOptions, StreamTap
from studio.runtime.offline import FileResult, lead_in, prepare_all, scratch_store, write_file
from studio.runtime.pipeline import Pipeline, ShowSpec, build_pipeline
from studio.runtime.replay import OfflineFeed, start_replay
from studio.show.audience.events import Replayed, read_replay
from studio.show.audience.respond import Settings
from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.products import Product, read_products
from studio.show.scriptfile import parse_script_file
from studio.show.store import ShowStore
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.ingest import parse_ingest
from studio.stream.output import Output
from studio.stream.reconnect import RetrySchedule
from studio.stream.recording import SegmentedRecorder
from studio.stream.rtmp_output import RtmpOutput
from studio.stream.stats import StreamStats
from studio.stream.streamer import Streamer

log = logging.getLogger(__name__)

DEFAULT_PRESET = "vertical-720"
LEAD_S = 0.5  # the presenter is seen before she speaks
#: The product on the card throughout the demo.
DEMO_PRODUCT = Product("真空保温杯 300ml 不锈钢内胆", 9900, 19900, stock=23, promotions=("买2送1",))
#: Its photo, under assets/ (drawn by assets/demo/make_photos.py).
DEMO_PHOTO = "demo/images/thermos.jpg"

#: The demo shop's scripts a replayed audience hears between its answers (in this order).
SHOP_SCRIPTS = ("开场", "羽绒服讲解", "保温杯讲解", "丝巾讲解", "咖啡豆讲解")
EVENTS_TAIL_S = 20.0  # after the last replayed event: time for its answer to be heard

DemoResult = FileResult
__all__ = ["DEMO_PRODUCT", "DemoResult", "demo_portrait", "render_demo_file", "run_demo"]


def load_script_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a plain-text script."""
    text = read_text_file(path, "script")
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if not lines:
        raise InputError(f"script {path} has no lines to speak", hint="write one sentence per line")
    return lines


def demo_scene(preset: VideoPreset) -> Path:
    """The shipped room for the preset's orientation."""
    name = "douyin_vertical" if preset.vertical else "landscape_room"
    return assets_dir() / "scenes" / f"{name}.toml"


def demo_product() -> Product:
    """The demo's product with its photo: the path is found when a show is made, so a
    missing assets folder is reported there rather than on import."""
    return replace(DEMO_PRODUCT, images=(str(assets_dir() / DEMO_PHOTO),))


def demo_pipeline(
    store: ShowStore,
    lines: list[str],
    preset: VideoPreset,
    *,
    loop: bool,
    avatar: str = "demo",
    offline: bool = True,
    progress: Progress = no_progress,
) -> Pipeline:
    """The demo show over ``store``: ``lines`` queued once, or as a looping playlist."""
    product = demo_product()
    store.upsert_products([product])
    if loop:
        items = [ScriptItem(ItemKind.PAUSE, samples=round(LEAD_S * SAMPLE_RATE))]
        items += [ScriptItem(ItemKind.TEXT, text=line, product=DEMO_PRODUCT.name) for line in lines]
        store.save_scripts([Script("demo", tuple(items))], [Playlist("demo", ("demo",))])
    spec = ShowSpec(avatar=avatar, scene=demo_scene(preset), preset=preset)
    pipeline = build_pipeline(store, spec, offline=offline, progress=progress)
    pipeline.director.show_product(product)
    if not loop:
        lead_in(pipeline, LEAD_S)
        for line in lines:
            pipeline.queue.insert(line, product=DEMO_PRODUCT.name, actor="demo")
    return pipeline


def render_demo_file(
    lines: list[str],
    out: Path,
    preset: VideoPreset,
    *,
    seconds: float | None = None,
    avatar: str = "demo",
    reproducible: bool = False,
    progress: Progress = no_progress,
) -> DemoResult:
    """The demo show to ``out``: the lines once, or looped to exactly ``seconds``."""
    with scratch_store() as store:
        pipeline = demo_pipeline(store, lines, preset, loop=bool(seconds), avatar=avatar,
                                 progress=progress)  # fmt: skip
        try:
            if seconds:
                pipeline.lookahead.start()  # a loop: speech is made as the show goes
                frames = preset.fps.frames_for_samples(round(seconds * SAMPLE_RATE))
                return write_file(pipeline.director, out, frames=frames,
                                  reproducible=reproducible, progress=progress)  # fmt: skip
            expected = prepare_all(pipeline, progress)
            return write_file(
                pipeline.director,
                out,
                expected_frames=expected,
                lead_out_s=LEAD_S,
                reproducible=reproducible,
                progress=progress,
            )
        finally:
            pipeline.close()


def shop_pipeline(
    store: ShowStore,
    preset: VideoPreset,
    *,
    avatar: str = "demo",
    offline: bool = True,
    progress: Progress = no_progress,
) -> tuple[Pipeline, AudienceDesk]:
    """The demo shop (assets/demo: products, scripts, FAQ) in rotation, with an audience
    desk that answers from its catalogue and FAQ: what ``--events`` plays to."""
    demo = assets_dir() / "demo"
    store.upsert_products(read_products(demo / "products.csv"))
    parsed = parse_script_file(demo / "script.toml")
    scripts = [  # scene switches left out: the shop's scenes belong to its vertical room
        Script(s.name, tuple(i for i in s.items if i.kind is not ItemKind.SCENE), s.source)
        for s in parsed.scripts
        if s.name in SHOP_SCRIPTS
    ]
    store.save_scripts(scripts, [Playlist("demo", tuple(s.name for s in scripts))])
    spec = ShowSpec(avatar=avatar, scene=demo_scene(preset), preset=preset)
    pipeline = build_pipeline(store, spec, offline=offline, progress=progress)
    options = DeskOptions(faq_path=demo / "faq.toml", faq_required=True)
    desk = AudienceDesk(
        pipeline.queue, store, Settings(), options, card=lambda: pipeline.director.card
    )
    pipeline.director.placed_hooks.append(desk.placed)
    return pipeline, desk


def events_length(events: list[Replayed]) -> float:
    """How long a demo with a replayed audience runs: its last event and time to answer."""
    return (events[-1].t if events else 0.0) + EVENTS_TAIL_S


def render_events_file(
    events: list[Replayed],
    out: Path,
    preset: VideoPreset,
    *,
    seconds: float | None = None,
    avatar: str = "demo",
    reproducible: bool = False,
    progress: Progress = no_progress,
) -> DemoResult:
    """The demo shop answering ``events`` (a replay file's audience) into ``out``."""
    with scratch_store() as store:
        pipeline, desk = shop_pipeline(store, preset, avatar=avatar, progress=progress)
        try:
            feed = OfflineFeed(desk, events, float(preset.fps.fraction))
            pipeline.lookahead.start()
            frames = preset.fps.frames_for_samples(
                round((seconds or events_length(events)) * SAMPLE_RATE)
            )
            return write_file(pipeline.director, out, frames=frames, reproducible=reproducible,
                              progress=progress, on_frame=feed)  # fmt: skip
        finally:
            desk.stop()
            pipeline.close()


def run_demo(
    out: Path,
    seconds: float | None = None,
    preset_name: str = DEFAULT_PRESET,
    script: Path | None = None,
    progress: Progress = no_progress,
    events: Path | None = None,
) -> DemoResult:
    """The whole demo: built-in portrait and pitch (or ``script``) to ``out``; with
    ``events``, the demo shop answering the audience of that replay file."""
    if seconds is not None and seconds <= 0:
        raise InputError("--seconds must be positive", hint="for example --seconds 25")
    if events is not None:
        if script is not None:
            raise InputError(
                "--events plays the demo shop; it cannot be combined with --script",
                hint="to answer an audience with your own show, use studio live --events",
            )
        replayed = read_replay(events)
        return render_events_file(replayed, out, get_preset(preset_name), seconds=seconds,
                                  progress=progress)  # fmt: skip
    lines = load_script_lines(script or assets_dir() / "demo" / "pitch.txt")
    return render_demo_file(lines, out, get_preset(preset_name), seconds=seconds,
                            progress=progress)  # fmt: skip


@dataclass(frozen=True)
class StreamPlan:
    """What ``studio demo --rtmp`` does: where to, how long, and what to keep."""

    url: str
    key: str | None = None
    seconds: float = 0.0  # 0: until stopped, looping the script
    preset_name: str = DEFAULT_PRESET
    script: Path | None = None
    record_dir: Path | None = None
    segment_s: float = 600.0
    retry_cap_s: float = 60.0
    events: Path | None = None  # a replay file: the demo shop answers its audience


def stream_demo(
    plan: StreamPlan,
    stop: threading.Event | None = None,
    on_stats: Callable[[StreamStats], None] | None = None,
    stats_every_s: float = 5.0,
    progress: Progress = no_progress,
) -> StreamStats:
    """Stream the demo in real time to an RTMP ingest (and optionally record it)."""
    if plan.seconds < 0:
        raise InputError("--seconds must not be negative", hint="0 streams until Ctrl-C")
    target = parse_ingest(plan.url, plan.key)
    preset = get_preset(plan.preset_name)
    if plan.events is not None and plan.script is not None:
        raise InputError(
            "--events plays the demo shop; it cannot be combined with --script",
            hint="to answer an audience with your own show, use studio live --events",
        )
    replayed = read_replay(plan.events) if plan.events is not None else None
    lines = load_script_lines(plan.script or assets_dir() / "demo" / "pitch.txt")
    outputs: list[Output] = [
        RtmpOutput(target, retry=RetrySchedule(cap_s=max(2.0, plan.retry_cap_s)))
    ]
    if plan.record_dir is not None:
        outputs.append(SegmentedRecorder(plan.record_dir, segment_s=plan.segment_s, prefix="demo"))
    frames = preset.fps.frames_for_samples(round(plan.seconds * SAMPLE_RATE)) or None
    log.info("streaming the demo to %s (%s)", target.masked, "until stopped" if frames is None
             else f"{plan.seconds:g} s")  # fmt: skip
    with scratch_store() as store:
        desk = None
        if replayed is not None:
            pipeline, desk = shop_pipeline(store, preset, offline=False, progress=progress)
        else:
            pipeline = demo_pipeline(store, lines, preset, loop=True, offline=False,
                                     progress=progress)  # fmt: skip
        encoder = Encoder(EncoderSettings(preset))
        streamer = Streamer(pipeline.director, encoder, outputs)
        stop = stop or threading.Event()
        try:
            pipeline.lookahead.start()
            if desk is not None and replayed is not None:
                streamer.taps.append(StreamTap(desk))
                desk.start()
                start_replay(desk, replayed, stop, lambda: streamer.started)
            return streamer.run(
                frames=frames, stop=stop, on_stats=on_stats, stats_every_s=stats_every_s
            )
        finally:
            if desk is not None:
                desk.stop()
            encoder.close()
            pipeline.close()
