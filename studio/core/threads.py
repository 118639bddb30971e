"""One thread budget for every native pool in a Studio process, set once at start-up.

Why: each native library starts its own pool sized for one big job on an idle machine.
Studio's work is the opposite: many small operations per frame, 25 times a second, in a
few threads of its own (render-ahead, the stream stage, the speech look-ahead). With
the default pools a live room on two cores spent 0.8 of a core in ``sched_yield``:
numpy's OpenBLAS workers spinning between the small matrix products of every frame
(issue 19: user 25.9 s + system 35.1 s in 40 s; with one BLAS thread user 24.4 s +
system 2.0 s). So the budget gives each pool what its stage needs, and no more:

========================  ==============================  =============================
pool                      who uses it                     how it is set
========================  ==============================  =============================
OpenBLAS / MKL            numpy, scipy, OpenCV's own copy  environment before the library
                                                          loads; threadpoolctl after
OpenMP (libgomp)          torch's intra-op pool           ``OMP_NUM_THREADS``;
                                                          threadpoolctl; torch's setter
torch intra / inter-op    the audio->mouth model           ``configure_torch`` after
                                                          ``import torch``
OpenCV ``parallel_for``   resize, warps, colour, blur      ``OPENCV_FOR_THREADS_NUM``;
                                                          ``cv2.setNumThreads``
libx264                   the live encoder                 ``x264_threads`` ->
                                                          ``EncoderSettings.threads``
PyAV / FFmpeg decoding    avatar creation's video decode   ``decode`` ->
                                                          ``stream.thread_count``
mediapipe (XNNPACK)       face mesh, segmentation, pose    not settable through
                                                          ``mediapipe.solutions``: its
                                                          desktop builds run XNNPACK on
                                                          1 thread (their default)
========================  ==============================  =============================

The number of cores comes from ``--threads N``, else ``STUDIO_THREADS``, else the room
file's ``[room] threads`` (or the window's setting), else the cores this process may
run on. ``preset_environment`` runs when ``studio`` is first imported, before numpy
loads anywhere; ``apply_thread_budget`` then sets the pools that are already loaded.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from types import ModuleType

from threadpoolctl import threadpool_limits

from studio.core.errors import ConfigError

THREADS_ENV = "STUDIO_THREADS"
# Pools that size themselves from these when their library loads.
BLAS_ENV = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
OPENMP_ENV = "OMP_NUM_THREADS"
OPENCV_ENV = "OPENCV_FOR_THREADS_NUM"
# x264 gets a second thread above this many pixels (1080x1920), when cores allow.
X264_ONE_THREAD_PIXELS = 1280 * 720


@dataclass(frozen=True)
class ThreadBudget:
    """Threads per native pool for a process allowed ``cores`` CPU cores.

    Studio's own threads (render-ahead, stream, look-ahead, outputs) already run in
    parallel, so each pool gets a share, not the whole machine: BLAS one thread (its
    products are small: a second thread only spins), torch and OpenCV half the cores
    (at most 4), decoding up to 4.
    """

    cores: int
    blas: int = 1
    torch: int = 1
    torch_interop: int = 1
    opencv: int = 1
    decode: int = 1

    @classmethod
    def for_cores(cls, cores: int) -> ThreadBudget:
        cores = max(1, int(cores))
        half = max(1, min(4, cores // 2))
        return cls(cores=cores, torch=half, opencv=half, decode=min(cores, 4))

    def x264_threads(self, width: int, height: int) -> int:
        """libx264 threads for a canvas: one up to 720p (ultrafast zerolatency takes about
        a sixth of a core there), two above it when the budget has four cores or more."""
        if width * height <= X264_ONE_THREAD_PIXELS:
            return 1
        return max(1, min(2, self.cores // 2))

    def describe(self) -> str:
        return (
            f"{self.cores} cores: BLAS {self.blas}, torch {self.torch}/{self.torch_interop}, "
            f"OpenCV {self.opencv}, decode {self.decode}"
        )


def machine_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a systemd CPUAffinity=)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def _env_threads() -> int | None:
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(
            f"{THREADS_ENV}={raw!r} is not a number of cores",
            hint=f"set {THREADS_ENV} to a whole number of at least 1 (or unset it: all cores)",
        )
    return value


def resolve_budget(option: int | None = None, setting: int = 0) -> ThreadBudget:
    """The budget from ``--threads`` (``option``), else ``STUDIO_THREADS``, else the room
    file's or window's ``setting`` (0: unset), else every core this process may use."""
    cores = option or _env_threads() or setting or machine_cores()
    return ThreadBudget.for_cores(cores)


_applied: ThreadBudget | None = None


def current_budget() -> ThreadBudget:
    """The budget applied to this process (or the one that would be, if none was yet)."""
    return _applied if _applied is not None else resolve_budget()


def preset_environment() -> None:
    """Size the pools that read the environment when their library loads (numpy's
    OpenBLAS at ``import numpy``) before any of them is loaded; values the user set are
    kept. Called on ``import studio``; ``apply_thread_budget`` sets the final values."""
    budget = ThreadBudget.for_cores(machine_cores())
    for name in BLAS_ENV:
        os.environ.setdefault(name, str(budget.blas))
    os.environ.setdefault(OPENMP_ENV, str(budget.torch))
    os.environ.setdefault(OPENCV_ENV, str(budget.opencv))


def apply_thread_budget(budget: ThreadBudget) -> ThreadBudget:
    """Set every pool to ``budget``: the environment (for libraries loaded later and for
    child processes), threadpoolctl for BLAS/OpenMP libraries already loaded, and OpenCV
    and torch when they are imported. Idempotent; returns ``budget``."""
    global _applied
    for name in BLAS_ENV:
        os.environ[name] = str(budget.blas)
    os.environ[OPENMP_ENV] = str(budget.torch)
    os.environ[OPENCV_ENV] = str(budget.opencv)
    threadpool_limits(limits={"blas": budget.blas, "openmp": budget.torch})
    cv2 = sys.modules.get("cv2")
    if cv2 is not None and hasattr(cv2, "setNumThreads"):
        cv2.setNumThreads(budget.opencv)
    _applied = budget
    torch = sys.modules.get("torch")
    if torch is not None and hasattr(torch, "set_num_threads"):
        configure_torch(torch)
    return budget


def configure_torch(torch: ModuleType) -> None:
    """Give torch its share; modules that import torch call this right after (torch is
    kept off start-up paths, so the budget cannot reach it earlier). Takes the module so
    that core never imports torch."""
    budget = current_budget()
    if torch.get_num_threads() != budget.torch:
        torch.set_num_threads(budget.torch)
    if torch.get_num_interop_threads() != budget.torch_interop:
        # settable once, before any inter-op work: when it was set already, it stays
        with contextlib.suppress(RuntimeError):
            torch.set_num_interop_threads(budget.torch_interop)
