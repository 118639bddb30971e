"""SIGTERM as an exception: raised in the main thread, remembered when swallowed."""

from __future__ import annotations

import os
import signal
import time

import pytest

from studio.cli import build_parser
from studio.core.errors import Terminated
from studio.core.signals import raise_if_terminated, sigterm_raises


def _wait_for_the_handler() -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the handler runs between two bytecodes here
        time.sleep(0.01)


def test_sigterm_raises_and_a_swallowed_one_is_raised_again() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with sigterm_raises():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            _wait_for_the_handler()
            raise AssertionError("SIGTERM did not raise")
        except Terminated:
            pass  # as PyAV's error check swallows it
        with pytest.raises(Terminated):
            raise_if_terminated()  # the next progress report
    raise_if_terminated()  # forgotten once the command is over
    assert signal.getsignal(signal.SIGTERM) is before


def test_the_gui_keeps_the_default_sigterm() -> None:
    """A raising handler would run inside a Qt slot, which prints it and carries on."""
    args = build_parser().parse_args(["gui"])
    with sigterm_raises(enabled=not getattr(args, "keep_sigterm", False)):
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert not getattr(
        build_parser().parse_args(["render", "--avatar", "demo", "--text", "x", "-o", "x.mp4"]),
        "keep_sigterm",
        False,
    )
