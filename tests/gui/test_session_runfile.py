"""`studio live insert` reaches the window's show on whatever port it got, also after the
show was rebuilt (a presenter switch) on another port."""

from __future__ import annotations

import time

from studio.cli import main
from studio.gui.scenes import default_scene
from studio.runtime import runfile
from studio.runtime.session import ShowConfig, ShowSession


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def started(avatar: str = "demo") -> ShowSession:
    session = ShowSession(ShowConfig(scene=default_scene(), avatar=avatar, port=0))
    session.build()
    session.start()
    assert wait_for(
        lambda: any(r.port == session.show.control.port for r in runfile.running_rooms())
    )
    return session


def pending(session: ShowSession) -> list[str]:
    return [e.describe() for e in session.show.queue.pending_inserts()]


def test_live_insert_reaches_the_window_after_a_rebuild_on_another_port(demo_db, capsys) -> None:
    first = started()
    second = None
    try:
        (run,) = runfile.running_rooms()
        assert run.name == "desktop" and run.port == first.show.control.port
        first.show.queue.pause()  # keep inserts waiting, so they can be seen
        assert main(["live", "insert", "欢迎新来的朋友"]) == 0, capsys.readouterr()
        assert pending(first) == ["欢迎新来的朋友"]
        # A presenter switch: the new show starts (on another port) before the old one
        # has stopped; the old one's stop must not take the new one's run file away.
        second = started()
        assert second.show.control.port != first.show.control.port
        assert first.stop(20)
        first = None
        (run,) = runfile.running_rooms()
        assert run.port == second.show.control.port
        second.show.queue.pause()
        assert main(["live", "insert", "换了主播也能插播"]) == 0, capsys.readouterr()
        assert "换了主播也能插播" in pending(second)
    finally:
        for session in (first, second):
            if session is not None:
                assert session.stop(20)
    assert runfile.running_rooms() == []
