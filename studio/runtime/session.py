"""A running show and what can be done to it: preview, go live, stop, cut to a scene.

The desktop window and ``studio live`` both run one ``ShowSession``. It runs one
``LiveShow`` (``live.py``) in its own thread; a ``PreviewTap`` hands the newest frame to
whoever watches. "Go live" adds an RTMP output to the running stream stage
(``Streamer.add_output``: it starts at the next keyframe, as a reconnect does), "Stop"
removes it, so going live never restarts the show or blanks the preview. While nothing
is on air the queue's audit context says "preview", so the audit log never claims a
line was broadcast when it was only previewed. A scene of the same canvas size is cut to
on the running show (``switch_scene``); another size needs a new show.

No Qt here: the window talks to this object from worker threads.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.core.errors import InputError
from studio.core.presets import get_preset
from studio.core.progress import Progress, no_progress
from studio.render.scene import load_scene
from studio.runtime.health import Health
from studio.runtime.live import build_live, run_live
from studio.runtime.room import ControlSpec, Room, RoomSpec, VoiceSpec
from studio.runtime.streamtrial import StreamTrial, trial_stream
from studio.show.items import ItemKind, ScriptItem
from studio.stream.audiotap import AudioTap
from studio.stream.ingest import parse_ingest
from studio.stream.preview import PreviewTap
from studio.stream.rtmp_output import RtmpOutput
from studio.stream.stats import StreamStats

log = logging.getLogger(__name__)

CONTROL_PORT = 8765  # preferred; `studio live insert` finds any port in STUDIO_HOME/rooms
PREVIEW_OUTPUT = "preview"


def control_port(preferred: int = CONTROL_PORT) -> int:
    """``preferred`` when free (so `studio live insert` reaches the window), else any.

    The probe binds as the control server does (SO_REUSEADDR on POSIX): connections of a
    show that just stopped linger in TIME_WAIT on the port, which the server may reuse,
    so a plain bind would call the port taken and the next show would move to another.
    """
    with socket.socket() as s:
        if os.name != "nt":  # on Windows the option would allow a port in use
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", preferred))
        except OSError:
            log.info("control port %d is taken; the window's show uses a free port", preferred)
            return 0
    return preferred


@dataclass(frozen=True)
class ShowConfig:
    """What the window's show is made of (from the settings and the pickers)."""

    scene: Path
    avatar: str = "demo"
    voice_engine: str = "espeak"
    voice: str = ""
    voice_languages: tuple[tuple[str, str], ...] = ()  # language -> voice pack (or "auto")
    port: int | None = None  # None: ``preferred_port`` when free, else any free port
    preferred_port: int = CONTROL_PORT  # the window passes its previous show's port

    def room(self) -> Room:
        port = control_port(self.preferred_port) if self.port is None else self.port
        return Room(
            room=RoomSpec(name="desktop", avatar=self.avatar, scene=str(self.scene)),
            voice=VoiceSpec(
                engine=self.voice_engine,
                voice=self.voice,
                languages=dict(self.voice_languages),
            ),
            control=ControlSpec(port=port),
        )


class ShowSession:
    """Build, run, go live, stop. ``build`` blocks (seconds): call it off the GUI thread.

    ``config``: the window's choices (a ``ShowConfig``) or a room file's ``Room``."""

    def __init__(self, config: ShowConfig | Room) -> None:
        self.config = config
        self.tap = PreviewTap()
        self.audio = AudioTap()  # the window's level meter and monitor
        self.show = None  # studio.runtime.live.LiveShow once built
        self.error: BaseException | None = None
        self.ended = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._rtmp: RtmpOutput | None = None  # the RTMP output the window added
        self._on_end: Callable[[BaseException | None], None] | None = None

    @property
    def room(self) -> Room:
        return self.config if isinstance(self.config, Room) else self.config.room()

    # -- life cycle --------------------------------------------------------------------
    def build(self, progress: Progress = no_progress, outputs: list | None = None) -> None:
        """Assemble the show. ``outputs``: None for the room's own (a room file), [] for
        a preview with nothing on air yet (the window)."""
        if outputs is None and isinstance(self.config, ShowConfig):
            outputs = []
        show = build_live(self.room, outputs=outputs, progress=progress)
        show.streamer.taps.append(self.tap)
        show.streamer.audio_taps.append(self.audio)
        if outputs == []:
            show.queue.set_context(output=PREVIEW_OUTPUT)
        self.show = show

    def run(self, seconds: float | None = None, on_stats=None):
        """Run the built show on this thread until stopped (``studio live``)."""
        if self.show is None:
            raise RuntimeError("build() the session first")
        try:
            return run_live(self.show, seconds=seconds, on_stats=on_stats)
        finally:
            self._drop_rtmp()
            self.ended.set()

    def start(self, on_end: Callable[[BaseException | None], None] | None = None) -> None:
        """Run the built show in its own thread until ``stop``; ``on_end(error)`` after."""
        if self.show is None:
            raise RuntimeError("build() the session first")
        self._on_end = on_end
        self._thread = threading.Thread(target=self._run, name="gui-show", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            run_live(self.show)
        except BaseException as exc:  # noqa: BLE001 - reported to the window
            log.exception("the show stopped with an error")
            self.error = exc
        finally:
            self._drop_rtmp()
            try:  # told before `ended`, so whoever waits in stop() outlives the call
                if self._on_end is not None:
                    self._on_end(self.error)
            finally:
                self.ended.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def ready(self) -> bool:
        """The stream stage's clock runs: frames flow, going live is possible."""
        return self.running and self.show is not None and self.show.streamer.started

    def stop(self, timeout: float = 15.0) -> bool:
        """Stop the show (outputs finalised); True when it ended within ``timeout``."""
        if self.show is None:
            return True
        self.show.stop_event.set()
        if self._thread is None:
            self._close_unstarted()
            return True
        return self.ended.wait(timeout)

    def _close_unstarted(self) -> None:
        """A built show that never ran still holds its store, scenes and avatar."""
        show = self.show
        show.close()
        show.control.start()  # its server only shuts down from a running loop
        show.control.stop()

    # -- going live --------------------------------------------------------------------
    @property
    def streaming(self) -> bool:
        return self._rtmp is not None

    def go_live(self, url: str, key: str) -> str:
        """Add an RTMP output to the running stream; returns the masked ingest URL."""
        target = parse_ingest(url, key.strip() or None)
        if not self.ready:
            raise InputError(
                "the preview is not running yet", hint="wait until the preview moves, then start"
            )
        with self._lock:
            if self._rtmp is not None:
                return self._rtmp.target.masked
            out = RtmpOutput(target)
            self.show.streamer.add_output(out)
            self._rtmp = out
        self.show.queue.set_context(output=target.masked)
        log.info("going live to %s", target.masked)
        return target.masked

    def trial_stream(self, url: str, key: str, progress: Progress = no_progress) -> StreamTrial:
        """A few seconds' push to ``url``/``key`` beside the show (runtime/streamtrial.py)."""
        if not self.ready:
            raise InputError(
                "the preview is not running yet", hint="wait until the preview moves, then start"
            )
        return trial_stream(self.show.streamer, url, key, progress=progress)

    def stop_stream(self) -> None:
        """Take the RTMP output away (it flushes and disconnects); the preview goes on."""
        self._drop_rtmp()
        if self.show is not None:
            self.show.queue.set_context(output=PREVIEW_OUTPUT)

    def _drop_rtmp(self) -> None:
        with self._lock:
            out, self._rtmp = self._rtmp, None
        if out is None:
            return
        self.show.streamer.remove_output(out)
        log.info("stopped streaming to %s", out.target.masked)

    # -- scenes ------------------------------------------------------------------------
    def can_switch_to(self, scene: Path) -> bool:
        """Whether ``scene`` can be cut to on the running show (the same canvas size)."""
        if self.show is None:
            return False
        comp = self.show.director.compositor
        preset = get_preset(load_scene(scene).canvas.preset)
        return (preset.width, preset.height) == (comp.width, comp.height)

    def switch_scene(self, scene: Path) -> None:
        """Cut the running show to ``scene`` (a short dissolve); see ``can_switch_to``."""
        self.show.director.switch_scene(str(scene))

    # -- what the window shows --------------------------------------------------------
    def stats(self) -> StreamStats | None:
        if self.show is None or not self.show.streamer.started:
            return None
        return self.show.streamer.stats()

    def health(self) -> Health | None:
        return self.show.health() if self.show is not None else None

    def own_voice(self) -> tuple[float | None, float]:
        """The share of the line on air in her recorded voice (None: no line) and of
        everything the show has said so far (0.0 before its first line)."""
        if self.show is None:
            return None, 0.0
        d = self.show.director
        spoken = d.spoken_samples
        return d.now_own_share, (d.own_samples / spoken if spoken else 0.0)

    # -- show control (the same as the control API's) ---------------------------------
    def poke(self) -> None:
        if self.show is not None:
            self.show.lookahead.poke()

    def show_product(self, name: str) -> None:
        """Put the product on the card and the avatar now; the queue's context follows."""
        show = self.show
        product = show.store.product(name)
        if product is None:
            raise InputError(f"no product named {name!r}", hint="import the product list again")
        show.director.show_product(product)
        show.queue.insert_item(ScriptItem(ItemKind.PRODUCT, product=name), actor="gui")
        show.lookahead.poke()
