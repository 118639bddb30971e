"""The stream's health line (``StreamStats.line()``: what `studio live` and `studio demo
--rtmp` print every few seconds and when they stop) in the user's language.

English is ``StreamStats.line()`` itself; the Chinese is built here, piece by piece,
through the catalogue (studio.core.output.cli_text), because the engine's line joins
optional pieces that no single template can match. A piece added to ``line()`` shows up
in English only until it is added here too.
"""

from __future__ import annotations

from studio.core.messages import current_language
from studio.core.output import cli_text
from studio.stream.stats import OutputStats, StreamStats


def stats_line(stats: StreamStats) -> str:
    """One line of the stream's health in the user's language."""
    if current_language() == "en":
        return stats.line()
    s = int(stats.uptime_s)
    head = cli_text(
        f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d} {stats.fps:4.1f} fps "
        f"{stats.video_kbps:5.0f} kb/s lagged {stats.lagged} skipped {stats.skipped} "
        f"dropped {stats.dropped} reconnects {stats.reconnects} "
        f"A/V {stats.av_offset_ms:+.0f} ms"
    )
    if stats.congested:
        head += cli_text(" CONGESTED")
    return " | ".join([head, *(output_line(o) for o in stats.outputs)])


def output_line(out: OutputStats) -> str:
    """One output's part of the line (``OutputStats.line()`` in the user's language)."""
    parts = [f"{out.name}: {cli_text(out.state)}"]
    if out.state in ("live", "recording"):
        parts.append(f"{out.kbps:.0f} kb/s")
    if out.congested or out.dropped_video:
        congested = cli_text(" CONGESTED") if out.congested else ""
        parts.append(cli_text(f"dropped {out.dropped_video}") + congested)
    if out.reconnects:
        parts.append(cli_text(f"reconnects {out.reconnects}"))
    if out.retry_in_s is not None:
        parts.append(cli_text(f"retry in {out.retry_in_s:.1f} s"))
    if out.last_error and out.state != "live":
        parts.append(cli_text(out.last_error))
    if out.detail:
        parts.append(cli_text(out.detail))
    return " ".join(parts)
