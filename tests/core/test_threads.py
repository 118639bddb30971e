"""The thread budget reaches every native pool (issue 19), in fresh processes: the pools
are process-wide and a library sizes its pool when it loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.cli import main
from studio.core.errors import ConfigError
from studio.core.threads import (
    BLAS_ENV,
    OPENCV_ENV,
    OPENMP_ENV,
    THREADS_ENV,
    ThreadBudget,
    machine_cores,
    resolve_budget,
)
from studio.runtime.room import load_room

REPORT = """
import json, cv2, threadpoolctl
pools = {}
for p in threadpoolctl.threadpool_info():
    if "numpy" in p["filepath"] or p["user_api"] == "openmp":
        pools[p["user_api"] + ("-numpy" if "numpy" in p["filepath"] else "")] = p["num_threads"]
out = {"pools": pools, "cv2": cv2.getNumThreads()}
import sys
if "torch" in sys.modules:
    t = sys.modules["torch"]
    out["torch"] = [t.get_num_threads(), t.get_num_interop_threads()]
print(json.dumps(out))
"""


def run_python(code: str, **env: str) -> dict:
    """``code`` + REPORT in a new interpreter without the thread variables of this shell."""
    clean = {k: v for k, v in os.environ.items() if k not in (*BLAS_ENV, OPENMP_ENV, OPENCV_ENV)}
    clean.pop(THREADS_ENV, None)
    clean.update(env)
    out = subprocess.run(
        [sys.executable, "-c", code + REPORT],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_importing_studio_first_starts_numpy_with_one_blas_thread() -> None:
    # `studio` (the CLI, the window) is imported before numpy: numpy's OpenBLAS pool is
    # made with one thread instead of one per core
    got = run_python("import studio, numpy\n")
    assert got["pools"]["blas-numpy"] == 1


def test_the_budget_resizes_pools_already_loaded() -> None:
    # tests and embedding code load numpy, OpenCV and torch before Studio sets its budget
    got = run_python(
        "import numpy, cv2, torch\n"
        "torch.set_num_threads(3)\n"
        "from studio.core.threads import ThreadBudget, apply_thread_budget\n"
        "apply_thread_budget(ThreadBudget.for_cores(4))\n"
    )
    assert got["pools"]["blas-numpy"] == 1
    assert got["cv2"] == 2
    assert got["torch"] == [2, 1]


def test_torch_imported_later_gets_its_share() -> None:
    got = run_python(
        "from studio.core.threads import apply_thread_budget, resolve_budget\n"
        "apply_thread_budget(resolve_budget())\n"
        "import studio.lipsync.audio_model\n",
        STUDIO_THREADS="8",
    )
    assert got["torch"] == [4, 1]  # half the cores (at most 4); one inter-op thread
    assert got["cv2"] == 4 and got["pools"]["blas-numpy"] == 1


def test_option_then_environment_then_setting_then_the_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert resolve_budget().cores == machine_cores()
    assert resolve_budget(setting=3).cores == 3
    monkeypatch.setenv(THREADS_ENV, "6")
    assert resolve_budget(setting=3).cores == 6
    assert resolve_budget(option=1, setting=3).cores == 1
    monkeypatch.setenv(THREADS_ENV, "many")
    with pytest.raises(ConfigError) as err:
        resolve_budget()
    assert THREADS_ENV in err.value.message and "whole number" in err.value.hint


def test_shares_per_pool() -> None:
    two, sixteen = ThreadBudget.for_cores(2), ThreadBudget.for_cores(16)
    assert (two.blas, two.torch, two.opencv, two.decode) == (1, 1, 1, 2)
    assert (sixteen.blas, sixteen.torch, sixteen.opencv, sixteen.decode) == (1, 4, 4, 4)
    # x264: one thread up to 720p; a second at 1080p when there are cores for it
    assert two.x264_threads(720, 1280) == 1 and two.x264_threads(1080, 1920) == 1
    assert sixteen.x264_threads(720, 1280) == 1 and sixteen.x264_threads(1080, 1920) == 2


def test_bad_threads_are_refused_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--threads", "0", "live", "status"])
    assert exit_.value.code == 2 and "not a number of cores" in capsys.readouterr().err
    monkeypatch.setenv(THREADS_ENV, "-1")
    assert main(["live", "status", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{THREADS_ENV}='-1' is not a number of cores" in err and "hint:" in err
    room = tmp_path / "room.toml"
    room.write_text('[room]\nthreads = 3\n[record]\nfolder = "rec"\n')
    assert load_room(room).room.threads == 3
    room.write_text('[room]\nthreads = -2\n[record]\nfolder = "rec"\n')
    with pytest.raises(ConfigError) as err_:
        load_room(room)
    assert f"{room}:2: [room.threads]" in err_.value.message
