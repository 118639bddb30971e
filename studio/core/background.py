"""Long work beside a live show, in a child process that cannot starve it.

Making a presenter takes a minute of full CPU (face tracking, the lip-sync fine-tune). In
the window's own process it fought the show for the interpreter lock and the cores: on a
2-core machine the preview's late frames went from 3 to 1160 while a presenter was made,
and a merchant who is live would show that to her viewers. ``run_in_child`` runs the
function in a fresh process (spawned, so nothing of the show is shared) at a lower
priority (``nice``) and on a thread budget (``studio.core.threads``), and passes its
progress, result or error back over a pipe. Cancelling stops the child at its next
progress report, as the work would stop in-process (its clean-up runs: no half-built
folder is left); a child that does not report within ``CANCEL_GRACE_S`` is terminated.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable
from typing import Any

from studio.core.errors import StudioError
from studio.core.progress import Cancelled, Progress, no_progress

log = logging.getLogger(__name__)

BACKGROUND_NICE = 10  # below the show; the OS gives it what the show leaves
POLL_S = 0.2
CANCEL_GRACE_S = 10.0  # a cancelled child's time to clean up before it is stopped


def background_threads() -> int:
    """Cores for background work: all but one (the show's), at least one."""
    from studio.core.threads import machine_cores

    return max(1, machine_cores() - 1)


def _child(fn: Callable[..., Any], args: tuple, kwargs: dict, conn: Any, cancel: Any,
           nice: int, threads: int) -> None:  # fmt: skip
    """The child's body: lower itself, run ``fn``, report every step on ``conn``."""
    if nice and hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not allowed here: the same priority
            os.nice(nice)
    from studio.core.quiet import quiet_native_logs
    from studio.core.threads import apply_thread_budget, resolve_budget

    quiet_native_logs()
    apply_thread_budget(resolve_budget(threads))
    conn.send(("started", os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)
               if hasattr(os, "getpriority") else 0))  # fmt: skip

    def progress(stage: str, done: int, total: int) -> None:
        if cancel.is_set():  # stop the way the work stops itself: its clean-up runs
            raise Cancelled()
        conn.send(("progress", stage, int(done), int(total)))

    try:
        result = fn(*args, progress=progress, **kwargs)
    except Cancelled:
        conn.send(("cancelled",))
    except StudioError as exc:
        cls = type(exc)
        conn.send(("error", cls.__module__, cls.__qualname__, exc.message, exc.hint))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, whatever it is
        conn.send(("crash", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    else:
        conn.send(("done", result))
    finally:
        conn.close()


def _error(module: str, qualname: str, message: str, hint: str) -> StudioError:
    """The child's error as the same class here (StudioError when it cannot be found)."""
    try:
        cls = getattr(importlib.import_module(module), qualname)
        if isinstance(cls, type) and issubclass(cls, StudioError):
            err = cls.__new__(cls)
            StudioError.__init__(err, message, hint)
            return err
    except (ImportError, AttributeError):
        pass
    return StudioError(message, hint)


def run_in_child(
    fn: Callable[..., Any],
    *args: Any,
    progress: Progress = no_progress,
    nice: int = BACKGROUND_NICE,
    threads: int | None = None,
    on_started: Callable[[int, int], None] | None = None,
    **kwargs: Any,
) -> Any:
    """``fn(*args, progress=..., **kwargs)`` in a child process; blocks until it ends.

    ``fn`` must be importable by name (a module-level function) and its result
    picklable. ``progress`` is called here with the child's reports; when it raises
    (``Cancelled``: the user cancelled), the child is stopped and the error re-raised.
    ``on_started(pid, priority)`` is told the child's process id and nice value.
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    cancel = ctx.Event()
    threads = background_threads() if threads is None else threads
    proc = ctx.Process(
        target=_child, args=(fn, args, kwargs, child, cancel, nice, threads),
        name="studio-background",
        daemon=True,
    )  # fmt: skip
    proc.start()
    child.close()
    last: tuple[str, int, int] | None = None
    quiet_until = 0.0
    try:
        while True:
            if parent.poll(POLL_S):
                try:
                    message = parent.recv()
                except EOFError:
                    break
                kind = message[0]
                if kind == "started":
                    if on_started is not None:
                        on_started(message[1], message[2])
                elif kind == "progress":
                    last = message[1:]
                    quiet_until = time.monotonic() + 1.0
                    progress(*last)
                elif kind == "done":
                    return message[1]
                elif kind == "error":
                    raise _error(*message[1:])
                elif kind == "crash":
                    log.error("background work failed:\n%s", message[2])
                    raise RuntimeError(message[1])
            elif not proc.is_alive():
                break
            elif last is not None and time.monotonic() >= quiet_until:
                quiet_until = time.monotonic() + 1.0  # a quiet stretch: the same report
                progress(*last)  # again, so a cancel stops it now, not at the next step
        proc.join(5.0)
        raise StudioError(
            f"the background work stopped without a result (exit code {proc.exitcode})",
            hint="it may have run out of memory; close other programs and try again",
        )
    except Cancelled:
        cancel.set()  # the child stops at its next step and removes what it built;
        proc.join(CANCEL_GRACE_S)  # one that does not report in time is stopped
        raise
    finally:
        _stop(proc)
        parent.close()


def _stop(proc: Any) -> None:
    if proc.is_alive():
        proc.terminate()
        proc.join(5.0)
        if proc.is_alive():
            proc.kill()
    proc.join(5.0)


__all__ = ["BACKGROUND_NICE", "Cancelled", "background_threads", "run_in_child"]
