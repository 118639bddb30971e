"""`studio live status` for a person: the running room's health (``GET /status``,
studio.runtime.health) as a few lines in the user's language.

The control API's JSON is for scripts and monitoring (``studio live status --json`` prints
it as it is); a merchant asking how her room is doing reads what is on air, what comes
next, how the stream and her own voice are doing, and where the room listens. A key an
older room does not send is left out rather than guessed.
"""

from __future__ import annotations

from typing import Any

from studio.core.output import cli_text

CONTROL_HOST = "127.0.0.1"


def status_lines(health: dict[str, Any], port: int) -> list[str]:
    """The lines to print for ``health`` (a /status reply) of the room on ``port``."""
    lines = [_state(health)]
    if "now" in health:
        now = str(health["now"])
        lines.append(cli_text(f"on air: {now}") if now else cli_text("on air: nothing"))
    upcoming = [str(item) for item in health.get("next", [])]
    if upcoming:
        lines.append(cli_text("up next:"))
        lines += [f"  - {cli_text(item)}" for item in upcoming]
    if "inserts_waiting" in health:
        lines.append(cli_text(f"your inserted lines waiting: {int(health['inserts_waiting'])}"))
    if "frames" in health:
        lines.append(_stream(health))
    for output in health.get("outputs", []):
        lines.append(_output(output))
    if health.get("voice"):
        lines.append(cli_text(f"voice: {health['voice']}"))
    if "own_voice_share" in health:
        share = round(100 * float(health["own_voice_share"]))
        lines.append(cli_text(f"her own voice: {share}% of the speech so far"))
    if "items_played" in health:
        played, failed = int(health["items_played"]), int(health.get("items_failed", 0))
        lines.append(cli_text(f"lines played: {played}, failed: {failed}"))
    held = [cli_text(reason) for reason in map(str, health.get("held", []))]
    if held:
        lines.append(cli_text(f"holding new lines: {', '.join(held)}"))
    for item in health.get("quarantined", []):
        lines.append(cli_text(f"taken off the air (the show stopped on it twice): {item}"))
    if health.get("outages"):
        lines.append(cli_text(f"stream outages so far: {int(health['outages'])}"))
    audience = health.get("audience") or {}
    if audience:
        waiting = int(audience.get("waiting_questions", 0))
        queued = int(audience.get("queued_lines", 0))
        lines.append(cli_text(f"viewers: {waiting} question(s) waiting, {queued} answer(s) queued"))
    lines.append(cli_text(f"control: {CONTROL_HOST}:{port}"))
    return lines


def _state(health: dict[str, Any]) -> str:
    state = str(health.get("state", ""))
    if "uptime_s" not in health:
        return cli_text(f"state: {state}")
    s = int(float(health["uptime_s"]))
    return cli_text(f"state: {state}, running {s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}")


def _stream(health: dict[str, Any]) -> str:
    """The picture's health, in the words of the stream line `studio live` prints."""
    if not health.get("frames"):
        return cli_text("stream: not started yet")
    line = cli_text(
        f"stream: {float(health.get('fps', 0)):.1f} fps, lagged {int(health.get('lagged', 0))}, "
        f"dropped {int(health.get('dropped', 0))}, reconnects {int(health.get('reconnects', 0))}, "
        f"A/V {float(health.get('av_offset_ms', 0)):+.0f} ms"
    )
    return line + (cli_text(" CONGESTED") if health.get("congested") else "")


def _output(output: dict[str, Any]) -> str:
    name, state = str(output.get("name", "")), str(output.get("state", ""))
    error = str(output.get("error") or "")
    if state in ("live", "recording"):
        return cli_text(f"output {name}: {state}, {int(output.get('kbps', 0))} kb/s")
    if error:
        return cli_text(f"output {name}: {state} ({error})")
    return cli_text(f"output {name}: {state}")
