"""The quality report stored in the manifest and shown by `studio avatar show`."""

from __future__ import annotations

import numpy as np

from studio.avatar.checks import BLUR_WARN, DARK_WARN, SampleReport
from studio.avatar.loop_graph import THRESHOLD, LoopGraph
from studio.avatar.tracking import RawTracks
from studio.avatar.tracks import Tracks
from studio.avatar.voice import VoiceReference

FOUND_WARN_PCT = 98.0


def _pct(x: np.ndarray, q: float) -> float:
    return round(float(np.percentile(x, q)), 4) if len(x) else 0.0


def video_quality(
    checks: SampleReport,
    raw: RawTracks,
    tracks: Tracks,
    graph: LoopGraph,
    voice: VoiceReference | None,
    extra_warnings: list[str],
) -> dict:
    """Measured quality of a video clone, with the warnings a user should read."""
    found_pct = 100.0 * float(raw.found.mean())
    m = [mt for _, mt in raw.metrics]
    face_size = float(np.median([x.height_frac for x in m])) if m else checks.face_frac
    blur = float(np.median([x.blur for x in m])) if m else checks.blur
    bright = float(np.median([x.brightness for x in m])) if m else checks.brightness
    valid = tracks.found
    pose = tracks.head_pose[valid] if valid.any() else tracks.head_pose
    mouth = tracks.mouth[valid] if valid.any() else tracks.mouth
    warnings = list(extra_warnings) + list(checks.warnings)
    if found_pct < FOUND_WARN_PCT:
        warnings.append(f"the face was lost in {100 - found_pct:.1f}% of frames")
    if blur < BLUR_WARN and not any("soft" in w for w in warnings):
        warnings.append(f"the face is soft (sharpness {blur:.0f})")
    if bright < DARK_WARN and not any("light is low" in w for w in warnings):
        warnings.append(f"the light is low (face brightness {bright:.0f} of 255)")
    if graph.threshold > THRESHOLD * 1.01:
        warnings.append(
            "few frames are alike: base-loop jumps had to accept larger differences "
            f"({graph.threshold:.1f} frame steps)"
        )
    if len(graph.src) == 0:
        warnings.append("no smooth base-loop transition was found: the loop will show cuts")
    if voice is None:
        warnings.append("no clean 6-10 s of speech was found for the voice reference")
    return {
        "face_found_pct": round(found_pct, 2),
        "face_size": round(face_size, 4),
        "blur": round(blur, 1),
        "brightness": round(bright, 1),
        "head_pose_deg": {
            "yaw": [_pct(pose[:, 0], 5), _pct(pose[:, 0], 95)],
            "pitch": [_pct(pose[:, 1], 5), _pct(pose[:, 1], 95)],
            "roll": [_pct(pose[:, 2], 5), _pct(pose[:, 2], 95)],
        },
        "mouth_open": {
            "p5": _pct(mouth[:, 0], 5),
            "p50": _pct(mouth[:, 0], 50),
            "p95": _pct(mouth[:, 0], 95),
        },
        "rest_width": round(tracks.rest_width, 4),
        "body_found_pct": round(100.0 * float((tracks.body[:, 11, 2] > 0.5).mean()), 1),
        "loop": graph.report(),
        "voice_reference": voice.to_json() if voice else None,
        "checks": checks.to_json(),
        "warnings": warnings,
    }
