"""Long work in a child process beside a live show: progress, result and errors come
back; it runs below the show's priority and on its thread budget; cancel stops it now."""

from __future__ import annotations

import os
import time

import pytest

from studio.core.background import BACKGROUND_NICE, run_in_child
from studio.core.errors import ConfigError, StudioError
from studio.core.progress import Cancelled


def counting_job(n: int, *, progress) -> tuple[int, int, int]:
    for i in range(n):
        progress("count", i + 1, n)
    from studio.core.threads import current_budget

    return os.getpid(), os.getpriority(os.PRIO_PROCESS, 0), current_budget().cores


def failing_job(*, progress) -> None:
    progress("check", 0, 1)
    raise ConfigError("the room file has a typo", hint="fix line 3")


def silent_job(seconds: float, *, progress) -> None:
    progress("work", 0, 1)
    time.sleep(seconds)  # a long stage that reports nothing


def tidy_job(folder: str, *, progress) -> None:
    """Builds in a folder it removes when stopped, as avatar creation does."""
    os.makedirs(folder)
    try:
        for i in range(600):
            progress("build", i, 600)
            time.sleep(0.05)
    finally:
        os.rmdir(folder)


def dying_job(*, progress) -> None:
    os._exit(3)


def test_progress_and_result_come_back_from_a_lower_priority_child() -> None:
    seen = []
    started = []
    pid, priority, cores = run_in_child(
        counting_job, 5, progress=lambda *a: seen.append(a), threads=1,
        on_started=lambda p, n: started.append((p, n)),
    )  # fmt: skip
    assert seen == [("count", i, 5) for i in range(1, 6)]
    assert pid != os.getpid() and started[0][0] == pid
    assert priority >= os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICE or priority == 19
    assert cores == 1


def test_an_error_in_the_child_is_the_same_error_here() -> None:
    with pytest.raises(ConfigError) as caught:
        run_in_child(failing_job)
    assert caught.value.message == "the room file has a typo" and caught.value.hint == "fix line 3"


def test_cancel_lets_the_child_clean_up_what_it_built(tmp_path) -> None:
    folder = tmp_path / "building"

    def progress(stage: str, done: int, total: int) -> None:
        if done >= 3:
            raise Cancelled()  # she presses Cancel

    with pytest.raises(Cancelled):
        run_in_child(tidy_job, str(folder), progress=progress)
    assert not folder.exists()


def test_cancel_stops_a_quiet_child_after_its_grace(monkeypatch) -> None:
    import studio.core.background as background

    monkeypatch.setattr(background, "CANCEL_GRACE_S", 1.0)
    started: list[int] = []
    cancel_at = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        if not cancel_at[0]:
            cancel_at[0] = time.monotonic()  # she presses Cancel right after it starts
        raise Cancelled()

    with pytest.raises(Cancelled):
        run_in_child(silent_job, 60.0, progress=progress,
                     on_started=lambda p, n: started.append(p))  # fmt: skip
    with pytest.raises(ProcessLookupError):
        os.kill(started[0], 0)  # the child is gone, not left running for a minute


def test_a_child_that_dies_is_reported() -> None:
    with pytest.raises(StudioError, match="exit code 3"):
        run_in_child(dying_job)
