"""Health of a running show: one JSON snapshot, and the same in Prometheus text format."""

from __future__ import annotations

import resource
from dataclasses import asdict, dataclass, field


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


@dataclass
class Health:
    state: str  # starting | live | idle | paused | stopping
    uptime_s: float = 0.0
    frames: int = 0
    fps: float = 0.0
    lagged: int = 0
    dropped: int = 0
    reconnects: int = 0
    av_offset_ms: float = 0.0
    congested: bool = False
    memory_mb: float = 0.0
    items_played: int = 0
    items_failed: int = 0
    render_errors: int = 0
    now: str = ""
    next: list[str] = field(default_factory=list)
    #: the lines she inserted (studio live insert, the window) still waiting to be said
    inserts_waiting: int = 0
    #: lines taken off the air because the show died on them repeatedly (newest first)
    quarantined: list[str] = field(default_factory=list)
    #: why no new line starts now besides a pause (e.g. "stream down"), and how often
    held: list[str] = field(default_factory=list)
    outages: int = 0
    outputs: list[dict] = field(default_factory=list)
    #: viewer events and answers (runtime/audience.py); empty when the room has none
    audience: dict = field(default_factory=dict)
    #: the thread budget the process runs with (studio.core.threads), per pool
    threads: dict[str, int] = field(default_factory=dict)
    #: the TTS engine, and whether it is voice matched (音色接近) to the presenter
    voice: str = ""
    #: her own recorded voice (voice lines): the share of the line on air (None: no
    #: line) and of all the speech played so far
    own_voice_now: float | None = None
    own_voice_share: float = 0.0

    def as_json(self) -> dict:
        return asdict(self)

    def prometheus(self, room: str) -> str:
        """The numeric fields as Prometheus gauges/counters labelled with the room."""
        label = room.replace("\\", "\\\\").replace('"', '\\"')
        rows = [
            ("studio_up", "gauge", 1 if self.state != "stopping" else 0),
            ("studio_uptime_seconds", "gauge", self.uptime_s),
            ("studio_frames_total", "counter", self.frames),
            ("studio_fps", "gauge", self.fps),
            ("studio_lagged_frames_total", "counter", self.lagged),
            ("studio_dropped_frames_total", "counter", self.dropped),
            ("studio_reconnects_total", "counter", self.reconnects),
            ("studio_av_offset_ms", "gauge", self.av_offset_ms),
            ("studio_congested", "gauge", int(self.congested)),
            ("studio_memory_bytes", "gauge", int(self.memory_mb * 1e6)),
            ("studio_items_played_total", "counter", self.items_played),
            ("studio_items_failed_total", "counter", self.items_failed),
            ("studio_render_errors_total", "counter", self.render_errors),
            ("studio_own_voice_share", "gauge", self.own_voice_share),
        ]
        out = []
        for name, kind, value in rows:
            out.append(f"# TYPE {name} {kind}")
            out.append(f'{name}{{room="{label}"}} {value}')
        return "\n".join(out) + "\n"
