"""Work tied to a widget's life (studio/gui/workers.py): a task whose owner is deleted
meanwhile ends without reaching it, and stops at its next progress report; a window
knows the work its children still run. Real tasks in the real thread pool."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import SIGNAL
from PySide6.QtWidgets import QVBoxLayout, QWidget

from studio.gui import workers


def delivered(qtbot, task: workers.Task) -> None:
    """Wait until the task ended and all its queued callbacks were delivered."""
    assert task.finished.wait(30)
    qtbot.waitUntil(lambda: task not in workers.Task._alive, timeout=10_000)


def test_a_deleted_owners_callbacks_are_dropped_and_its_work_stops_at_the_next_step(
    qtbot,
) -> None:
    owner = QWidget()
    gate, steps, got = threading.Event(), [], []

    def work(progress) -> str:
        for i in range(1000):
            gate.wait(10)  # held until the owner is gone
            progress("step", i, 1000)
            steps.append(i)
        return "all done"

    task = workers.start(
        work,
        on_done=got.append,
        on_progress=lambda *a: got.append(a),
        on_cancelled=lambda: got.append("cancelled"),
        on_ended=lambda: owner.setWindowTitle("ended"),  # a deleted widget would raise
        owner=owner,
    )
    shiboken6.delete(owner)
    gate.set()
    delivered(qtbot, task)
    assert task.cancelling and steps == [] and got == []


def test_an_owner_that_stays_gets_every_callback_and_keeps_nothing_of_ended_tasks(
    qtbot,
) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    got, left = [], []
    for _ in range(3):  # the window's panels poll every second, for hours
        task = workers.start(
            lambda progress: progress("one", 1, 1) or 42,
            on_done=got.append,
            on_progress=lambda *a: got.append(a),
            on_ended=lambda: got.append("ended"),
            owner=owner,
        )
        delivered(qtbot, task)
        left.append(owner.receivers(SIGNAL("destroyed(QObject*)")))
    assert got == [("one", 1, 1), 42, "ended"] * 3
    assert left[0] == left[1] == left[2]  # no connection per task piles up on the owner


def test_a_window_knows_the_work_of_its_children_still_running(qtbot) -> None:
    window, elsewhere = QWidget(), QWidget()
    qtbot.addWidget(window)
    qtbot.addWidget(elsewhere)
    page = QWidget()
    QVBoxLayout(window).addWidget(page)  # a page of the window, as a wizard's
    release = threading.Event()
    mine = workers.start(release.wait, 10, owner=page)
    other = workers.start(release.wait, 10, owner=elsewhere)
    assert workers.running(window) == [mine] and workers.running(page) == [mine]
    assert workers.running(elsewhere) == [other]
    release.set()
    delivered(qtbot, mine)
    delivered(qtbot, other)
    assert workers.running(window) == []
