"""The show the desktop studio runs: always a preview, and RTMP when the user goes live.

The window runs one ``LiveShow`` (studio/runtime/live.py) in its own thread, with no
output at first: the stream stage still paces, renders and encodes in real time, and a
``PreviewTap`` hands the newest frame to the window. "Go live" adds an RTMP output to
the running stream stage (it starts at the next keyframe, as a reconnect does), "Stop"
removes it, so going live never restarts the show or blanks the preview. The queue's
audit context says "preview" until then, so the audit log never claims a line was
broadcast when it was only previewed.

No Qt here: the window talks to this object from worker threads.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.core.errors import InputError
from studio.core.progress import Progress, no_progress
from studio.runtime.health import Health
from studio.runtime.room import ControlSpec, Room, RoomSpec, VoiceSpec
from studio.stream.preview import PreviewTap
from studio.stream.stats import StreamStats

log = logging.getLogger(__name__)

CONTROL_PORT = 8765  # preferred; `studio live insert` finds any port in STUDIO_HOME/rooms
PREVIEW_OUTPUT = "preview"


def control_port(preferred: int = CONTROL_PORT) -> int:
    """``preferred`` when free (so `studio live insert` reaches the window), else any."""
    with socket.socket() as s:
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
    port: int | None = None  # None: 8765 when free, else any free port

    def room(self) -> Room:
        port = control_port() if self.port is None else self.port
        return Room(
            room=RoomSpec(name="desktop", avatar=self.avatar, scene=str(self.scene)),
            voice=VoiceSpec(engine=self.voice_engine, voice=self.voice),
            control=ControlSpec(port=port),
        )


class ShowSession:
    """Build, run, go live, stop. ``build`` blocks (seconds): call it off the GUI thread."""

    def __init__(self, config: ShowConfig) -> None:
        self.config = config
        self.tap = PreviewTap()
        self.show = None  # studio.runtime.live.LiveShow once built
        self.error: BaseException | None = None
        self.ended = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._rtmp = None  # the RtmpOutput while live
        self._on_end: Callable[[BaseException | None], None] | None = None

    # -- life cycle --------------------------------------------------------------------
    def build(self, progress: Progress = no_progress) -> None:
        from studio.runtime.live import build_live

        show = build_live(self.config.room(), outputs=[], progress=progress)
        show.streamer.taps.append(self.tap)
        show.queue.set_context(output=PREVIEW_OUTPUT)
        self.show = show

    def start(self, on_end: Callable[[BaseException | None], None] | None = None) -> None:
        """Run the built show in its own thread until ``stop``; ``on_end(error)`` after."""
        if self.show is None:
            raise RuntimeError("build() the session first")
        self._on_end = on_end
        self._thread = threading.Thread(target=self._run, name="gui-show", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from studio.runtime.live import run_live

        try:
            run_live(self.show)
        except BaseException as exc:  # noqa: BLE001 - reported to the window
            log.exception("the show stopped with an error")
            self.error = exc
        finally:
            self._drop_rtmp()
            self.ended.set()
            if self._on_end is not None:
                self._on_end(self.error)

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
        """A built show that never ran still holds its store and compositor."""
        show = self.show
        show.director.close()
        show.director.compositor.close()
        show.control.start()  # its server only shuts down from a running loop
        show.control.stop()

    # -- going live --------------------------------------------------------------------
    @property
    def streaming(self) -> bool:
        return self._rtmp is not None

    def go_live(self, url: str, key: str) -> str:
        """Add an RTMP output to the running stream; returns the masked ingest URL."""
        from studio.stream.ingest import parse_ingest
        from studio.stream.rtmp_output import RtmpOutput

        target = parse_ingest(url, key.strip() or None)
        if not self.ready:
            raise InputError(
                "the preview is not running yet", hint="wait until the preview moves, then start"
            )
        streamer = self.show.streamer
        with self._lock:
            if self._rtmp is not None:
                return self._rtmp.target.masked
            out = RtmpOutput(target)
            out.start(streamer.config, streamer.encoder.request_keyframe)
            # A new list, not an append: the stream thread may be iterating the old one.
            streamer.outputs = [*streamer.outputs, out]
            self._rtmp = out
        self.show.queue.set_context(output=target.masked)
        log.info("going live to %s", target.masked)
        return target.masked

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
            streamer = self.show.streamer
            streamer.outputs = [o for o in streamer.outputs if o is not out]
        out.stop()
        log.info("stopped streaming to %s", out.target.masked)

    # -- what the window shows --------------------------------------------------------
    def stats(self) -> StreamStats | None:
        if self.show is None or not self.show.streamer.started:
            return None
        return self.show.streamer.stats()

    def health(self) -> Health | None:
        return self.show.health() if self.show is not None else None

    # -- show control (the same as the control API's) ---------------------------------
    def poke(self) -> None:
        if self.show is not None:
            self.show.lookahead.poke()

    def show_product(self, name: str) -> None:
        """Put the product on the card and the avatar now; the queue's context follows."""
        from studio.show.items import ItemKind, ScriptItem

        show = self.show
        product = show.store.product(name)
        if product is None:
            raise InputError(f"no product named {name!r}", hint="import the product list again")
        show.director.show_product(product)
        show.queue.insert_item(ScriptItem(ItemKind.PRODUCT, product=name), actor="gui")
        show.lookahead.poke()
