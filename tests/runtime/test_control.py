"""The control API over real HTTP on loopback."""

import pytest

from studio.core.errors import InputError
from studio.runtime.control import ControlServer, call


@pytest.fixture
def server():
    srv = ControlServer("s3cret", port=0)
    seen = []
    srv.route("POST", "/insert", lambda body: seen.append(body) or {"queued": body["text"]})
    srv.route("GET", "/health", lambda body: {"state": "live"}, open_=True)

    def refuse(body):
        raise InputError("this line is blocked", hint="reword it")

    srv.route("POST", "/refuse", refuse)
    srv.metrics_text = lambda: "studio_up 1\n"
    srv.start()
    yield srv, seen
    srv.stop()


def test_token_is_required_to_change_the_show(server) -> None:
    srv, seen = server
    r = call(srv.port, "POST", "/insert", body={"text": "hi"})
    assert r["status"] == 401 and "token" in r["error"]
    r = call(srv.port, "POST", "/insert", token="wrong", body={"text": "hi"})
    assert r["status"] == 401
    assert seen == []
    r = call(srv.port, "POST", "/insert", token="s3cret", body={"text": "大家好"})
    assert r == {"queued": "大家好"} and seen == [{"text": "大家好"}]


def test_monitoring_is_open_on_loopback(server) -> None:
    srv, _ = server
    assert call(srv.port, "GET", "/health") == {"state": "live"}
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{srv.port}/metrics", timeout=5) as resp:
        assert resp.read() == b"studio_up 1\n"
        assert resp.headers["Content-Type"].startswith("text/plain")


def test_errors_come_back_as_json_with_a_hint(server) -> None:
    srv, _ = server
    r = call(srv.port, "POST", "/refuse", token="s3cret", body={})
    assert r["status"] == 422 and r["error"] == "this line is blocked" and r["hint"] == "reword it"
    r = call(srv.port, "GET", "/nope", token="s3cret")
    assert r["status"] == 404


def test_only_loopback_is_allowed() -> None:
    with pytest.raises(ValueError):
        ControlServer("t", host="0.0.0.0")
