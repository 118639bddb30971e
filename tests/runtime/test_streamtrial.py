"""A test stream from the running preview to a real local RTMP server, and to nothing."""

from __future__ import annotations

import time

from studio.gui.scenes import default_scene
from studio.runtime.session import ShowConfig, ShowSession
from studio.stream.localserver import free_port

from ..stream.conftest import auth_port, rtmp_server  # noqa: F401


def test_a_trial_push_says_the_address_works_and_the_upload_keeps_up(
    rtmp_server,  # noqa: F811
    studio_home,
) -> None:
    session = ShowSession(ShowConfig(scene=default_scene(), port=0))
    session.build()
    session.start()
    try:
        deadline = time.monotonic() + 30
        while not session.ready and time.monotonic() < deadline:
            time.sleep(0.1)
        steps = []
        trial = session.trial_stream(rtmp_server.server_url(), "test",
                                     progress=lambda *a: steps.append(a))  # fmt: skip
        assert trial.connected and trial.keeps_up, trial
        assert trial.sent_kbps > 100 and trial.needed_kbps > trial.sent_kbps / 4
        assert steps and steps[-1][1] == steps[-1][2]
        assert not session.streaming  # the trial output is gone; the show goes on
        assert [o.name for o in session.stats().outputs if o.name == "test"] == []
        nowhere = session.trial_stream(f"rtmp://127.0.0.1:{free_port()}/live", "test")
        assert not nowhere.connected and not nowhere.keeps_up and nowhere.error
    finally:
        session.stop()
