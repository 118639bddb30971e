"""The light commands start without the engine's heavy libraries.

Every command builds the whole parser, so one command module importing the engine at
its top makes `studio --help` and a room's `studio live status` pay for it (about a
second of CPU each). Each case runs the command in a fresh interpreter, as the console
script does, and reads what it had imported when it finished.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..runtime.test_runfile import running_room  # noqa: F401  (the room, shared)

#: Heavy libraries that the engine imports (signal processing, video, the neural models).
HEAVY = ("scipy.signal", "torch", "cv2", "av")
RUN = f"""
import json, sys
from studio.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:  # --help
    code = exc.code
with open(sys.argv[1], "w") as f:
    json.dump([m for m in {HEAVY!r} if m in sys.modules], f)
sys.exit(code)
"""


def heavy_imports(tmp_path: Path, *argv: str) -> list[str]:
    """What of HEAVY `studio ARGV` imported (it must succeed)."""
    loaded = tmp_path / "loaded.json"
    r = subprocess.run(
        [sys.executable, "-c", RUN, str(loaded), *argv],
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(loaded.read_text())


@pytest.mark.parametrize(
    "argv",
    [
        ("--help",),
        ("show", "answer", "有XL码吗"),
        ("show", "list"),
        ("voice", "list"),
        ("avatar", "list"),
        ("text", "normalize", "今天只要99元"),
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_light_commands_leave_the_engine_alone(tmp_path: Path, argv: tuple[str, ...]) -> None:
    assert heavy_imports(tmp_path, *argv) == []


def test_talking_to_a_running_room_leaves_the_engine_alone(
    running_room,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    """`studio live status` and an insert, as a monitor or an operator runs them while
    the room is on air (found through the room's run file)."""
    assert heavy_imports(tmp_path, "live", "status") == []
    assert heavy_imports(tmp_path, "live", "insert", "谢谢大家") == []
