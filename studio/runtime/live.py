"""`studio live`: run a room unattended — show queue to speech to avatar to stream.

Wiring (DESIGN.md §3): the show ``Queue`` feeds a ``LookAhead`` speech worker; the
``Director`` commits frames on the integer timeline and renders them (avatar +
compositor); the stream stage (``Streamer``) paces against the monotonic clock, encodes
once and fans packets out to RTMP and the segmented recording. A local control API
takes inserts and reports health. Ctrl-C (or SIGTERM) stops cleanly: outputs finalised,
the queue's state is already on disk.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from studio.core.errors import InputError
from studio.core.threads import current_budget
from studio.runtime import runfile
from studio.runtime.audience import AudienceDesk, StreamTap, add_routes, build_desk
from studio.runtime.control import ControlServer, Limits
from studio.runtime.director import Director, product_info
from studio.runtime.health import Health, rss_mb
from studio.runtime.outage import OutageHold
from studio.runtime.pipeline import Pipeline, ShowSpec, build_pipeline
from studio.runtime.room import Room
from studio.runtime.roomcheck import port_error, recording_folder
from studio.show import Queue, ShowStore
from studio.show.importer import import_file
from studio.show.items import ItemKind, ScriptItem
from studio.show.queue import QueueFull
from studio.speech.matched import describe as describe_voice
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.ingest import parse_ingest
from studio.stream.recording import SegmentedRecorder
from studio.stream.retention import Retention
from studio.stream.rtmp_output import RtmpOutput
from studio.stream.stats import StreamStats
from studio.stream.streamer import Streamer

log = logging.getLogger(__name__)


STATS_EVERY_S = 5.0  # how often run_live's caller gets a stats snapshot (`live` prints it)


@dataclass
class LiveShow:
    """Everything a running room holds, so tests and the GUI can reach in."""

    room: Room
    director: Director
    streamer: Any
    queue: Any
    store: Any
    lookahead: Any
    control: Any
    token: str
    started: float = field(default_factory=time.monotonic)
    stop_event: threading.Event = field(default_factory=threading.Event)
    pipeline: Pipeline | None = None
    audience: AudienceDesk | None = None  # viewer events and answers ([audience])
    outage: OutageHold | None = None  # holds the queue while the stream is down (run_live)

    def close(self) -> None:
        """Let go of the look-ahead, the scenes and the avatar (the show has stopped)."""
        if self.pipeline is not None:
            self.pipeline.close()
        else:
            self.lookahead.stop()
            self.director.close()
            self.director.stage.close()

    def health(self) -> Health:
        stats = self.streamer.stats() if self.streamer.started else None
        state = "stopping" if self.stop_event.is_set() else self.queue.state.value
        nxt = [e.describe()[:80] for e in self.queue.peek(3)]
        h = Health(
            state=state,
            uptime_s=round(time.monotonic() - self.started, 1),
            memory_mb=round(rss_mb(), 1),
            items_played=self.director.items_played,
            items_failed=self.director.items_failed + self.lookahead.failed_count,
            render_errors=self.director.render_errors,
            now=self.director.now_playing[:80],
            next=nxt,
            inserts_waiting=len(self.queue.pending_inserts()),
            quarantined=[e.describe()[:80] for e in self.queue.quarantined(5)],
            held=list(self.queue.held),
            outages=self.outage.outages if self.outage is not None else 0,
            audience=self.audience.summary() if self.audience is not None else {},
            threads={**asdict(current_budget()), "x264": self.streamer.encoder.settings.threads},
            voice=describe_voice(self.lookahead.engine),
            own_voice_now=self.director.now_own_share,
            own_voice_share=round(
                self.director.own_samples / max(1, self.director.spoken_samples), 3
            ),
        )
        if stats is not None:
            h.frames, h.fps, h.lagged = stats.frames, round(stats.fps, 2), stats.lagged
            h.dropped, h.reconnects, h.congested = stats.dropped, stats.reconnects, stats.congested
            h.av_offset_ms = stats.av_offset_ms
            h.outputs = [
                {
                    "name": o.name,
                    "state": o.state,
                    "kbps": round(o.kbps),
                    "reconnects": o.reconnects,
                    "dropped": o.dropped_video,
                    "error": o.last_error,
                }
                for o in stats.outputs
            ]
        return h


def build_live(
    room: Room, *, clock=None, outputs=None, progress: Callable[[str, int, int], None] | None = None
) -> LiveShow:
    """Assemble a room (nothing runs yet). ``outputs``/``clock`` override for tests."""
    report = progress or (lambda *a: None)
    report("room", 0, 3)
    store = ShowStore(room.show_db_path())
    for name in room.room.import_files:
        import_file(store, room.resolve(name))
    queue = Queue(store, avatar=room.room.avatar, output=room.rtmp.masked_url() or "record")
    queue.max_pending_inserts = room.control.max_pending
    report("room", 1, 3)
    spec = ShowSpec(
        avatar=room.room.avatar,
        scene=room.scene_path(),
        voice_engine=room.voice.engine,
        voice=room.voice.voice,
        voice_languages=tuple(sorted(room.voice.languages.items())),
        lookahead=room.voice.lookahead,
        voice_match=room.voice.match,
        own_lines=room.voice.own_lines,
    )
    pipeline = build_pipeline(store, spec, queue=queue, audit=_audit_adapter(store))
    director = pipeline.director
    preset = director.compositor.preset
    x264 = current_budget().x264_threads(preset.width, preset.height)
    encoder = Encoder(EncoderSettings(preset, x264_preset=room.room.x264_preset, threads=x264))
    if outputs is None:
        outputs = _outputs(room)
    streamer = Streamer(director, encoder, outputs, clock=clock)
    report("room", 2, 3)
    token = room.control_token()
    limits = Limits(burst=room.control.burst, per_second=room.control.per_second)
    try:
        control = ControlServer(token, port=room.control.port, limits=limits)
    except OSError as exc:
        pipeline.close()
        raise port_error(room.control.port, exc) from None
    show = LiveShow(room, director, streamer, queue, store, pipeline.lookahead, control, token)
    show.pipeline = pipeline
    if room.audience.enabled:
        _audience(show)
    _routes(show)
    report("room", 3, 3)
    return show


def _audience(show: LiveShow) -> None:
    """The audience desk: answers into the queue, timed by the director and the stream."""
    try:
        desk = build_desk(show.room, show.queue, show.store, lambda: show.director.card)
    except Exception:  # a bad FAQ file: let go of what the room holds, then say why
        show.close()
        show.control.stop()
        raise
    show.director.placed_hooks.append(desk.placed)
    show.streamer.taps.append(StreamTap(desk))
    spec = show.room.audience
    add_routes(show.control, desk, burst=spec.ingest_burst, per_second=spec.ingest_per_second,
               max_batch=spec.max_batch)  # fmt: skip
    show.audience = desk


def _audit_adapter(store):
    """Compliance-relevant scene settings (the AI label switched off) go to the audit log."""

    def audit(event: str, detail: dict) -> None:
        store.set_setting(
            "ai_label.enabled", "false", actor="scene", reason=detail.get("reason", "")
        )

    return audit


def _outputs(room: Room) -> list:
    outs: list = []
    if room.rtmp.url:
        outs.append(RtmpOutput(parse_ingest(room.rtmp.url, room.rtmp.stream_key() or None)))
    if room.record.folder:
        folder = recording_folder(room.resolve(room.record.folder))
        rec = room.record
        outs.append(
            SegmentedRecorder(
                folder,
                segment_s=rec.segment_minutes * 60,
                fmt=rec.container,
                min_free_bytes=rec.min_free_mb * 1_000_000,
                retention=Retention(rec.keep_days, round(rec.keep_gb * 1e9)),
            )
        )
    if not outs:
        raise InputError(
            "the room has no output", hint="set [rtmp] url or [record] folder in the room file"
        )
    return outs


def _routes(show: LiveShow) -> None:
    c, q = show.control, show.queue
    c.busy_errors = (QueueFull,)  # "try again later", not "your line is wrong"

    def insert(body: dict) -> dict:
        text = str(body.get("text", ""))
        entry = q.insert(
            text, urgent=bool(body.get("urgent")), product=body.get("product"), actor="api"
        )
        show.lookahead.poke()
        return {"queued": entry.describe(), "urgent": entry.urgent, "key": entry.key}

    def product(body: dict) -> dict:
        name = str(body.get("name", ""))
        prod = show.store.product(name)
        if prod is None:
            raise InputError(
                f"no product named {name!r}", hint="studio show list shows the catalogue"
            )
        show.director.show_product(prod)
        q.insert_item(ScriptItem(ItemKind.PRODUCT, product=name), actor="api")
        return {"product": product_info(prod).name}

    def simple(fn: Callable[[], object], answer: str) -> Callable[[dict], dict]:
        def handler(body: dict) -> dict:
            fn()
            return {"ok": answer}

        return handler

    c.route("GET", "/health", lambda b: show.health().as_json(), open_=True)
    c.route("GET", "/status", lambda b: show.health().as_json())
    c.route("POST", "/insert", insert)
    c.route("POST", "/product", product)
    c.route("POST", "/interrupt", simple(show.director.interrupt, "interrupting at the next word"))
    c.route("POST", "/skip", simple(q.skip, "skipped"))
    c.route("POST", "/pause", simple(q.pause, "paused after this item"))
    c.route("POST", "/resume", simple(q.resume, "resumed"))
    c.metrics_text = lambda: _metrics(show)


def _metrics(show: LiveShow) -> str:
    name = show.room.room.name
    text = show.health().prometheus(name)
    if show.audience is not None:
        label = name.replace("\\", "\\\\").replace('"', '\\"')
        text += "\n".join(show.audience.prometheus(label)) + "\n"
    return text


def run_live(show: LiveShow, *, seconds: float | None = None, on_stats=None) -> Any:
    """Run until Ctrl-C/SIGTERM, ``stop_event`` or ``seconds``; returns the final stats."""
    frames = None if not seconds else round(seconds * float(show.streamer.fps))
    show.outage = OutageHold(show.queue, enabled=show.room.room.hold_lines_while_down)
    forward_at = [0.0]

    def stats(snapshot: StreamStats) -> None:  # each second: the hold reacts quickly
        show.outage.update(snapshot)
        now = time.monotonic()
        if on_stats is not None and now >= forward_at[0]:
            forward_at[0] = now + STATS_EVERY_S
            on_stats(snapshot)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda *_: show.stop_event.set())
    show.control.start()
    show.lookahead.start()
    if show.audience is not None:
        show.audience.start()
    spec = show.room.room  # where `studio live status` finds it without --port
    run = runfile.announce(spec.name, show.control.port, spec.avatar, show.room.source)
    try:
        final = show.streamer.run(
            frames=frames, stop=show.stop_event, on_stats=stats, stats_every_s=1.0
        )
        show.queue.stopped()  # a clean stop: the next start does not count a crash
        return final
    finally:
        show.stop_event.set()
        runfile.withdraw(run)
        show.control.stop()
        if show.audience is not None:
            show.audience.stop()
        show.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
