"""The window's show keeps its control port across restarts: a port whose last show just
stopped is free again, even with that show's connections still in TIME_WAIT."""

from __future__ import annotations

import socket

from studio.runtime.control import ControlServer, call
from studio.runtime.session import control_port


def test_a_port_just_given_back_by_a_control_server_is_offered_again() -> None:
    server = ControlServer(token="t", port=0)
    server.start()
    port = server.port
    assert "error" in call(port, "GET", "/nothing")  # a real connection, closed by the server
    server.stop()
    assert control_port(port) == port


def test_a_port_in_use_is_not_offered() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert control_port(s.getsockname()[1]) == 0
