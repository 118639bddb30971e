"""`studio live`: run a room headless, and talk to a running one.

Exit codes for service managers: 0 stopped on request, 1 crashed (restart it),
2 bad configuration (do not restart: fix the file). See packaging/studio-live.service.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from studio.cli import print_problem, progress_bars
from studio.cli.actionview import done_line, insert_line
from studio.cli.roomcall import call_room, token_refused
from studio.cli.statsline import stats_line
from studio.cli.statusview import status_lines
from studio.core.errors import ExitCode, InputError, StudioError
from studio.core.logs import setup_logging
from studio.core.output import cli_text, say
from studio.core.paths import studio_home
from studio.core.secret import pick_secret, ps_warning
from studio.core.threads import apply_thread_budget, resolve_budget
from studio.runtime.runfile import find_room

DEFAULT_PORT = 8765  # where a room that left no run file (an older Studio) is tried
TOKEN_ENV = "STUDIO_CONTROL_TOKEN"


def cmd_live(args: argparse.Namespace) -> int:
    from studio.runtime.room import load_room  # pydantic: only commands that read a room
    from studio.runtime.roomcheck import check_room

    room = load_room(args.config)
    replayed = None
    if args.events is not None:  # read before minutes of set-up: a bad file fails now
        from studio.show.audience.events import read_replay

        if not room.audience.enabled:
            raise InputError(
                "--events needs the room's audience desk, which the room file switches off",
                hint="remove 'enabled = false' from [audience] in the room file",
            )
        replayed = read_replay(args.events)
    apply_thread_budget(resolve_budget(getattr(args, "threads", None), room.room.threads))
    log_path = setup_logging(studio_home() / "logs", json_lines=args.log_json)
    check_room(room)  # what the file names: its scene, token, database, folders, port
    # The whole engine (OpenCV, PyAV, scipy: seconds of imports) only once the room file
    # has been read and checked, so a mistake in it is reported at once.
    from studio.runtime.session import ShowSession

    session = ShowSession(room)  # the same session the desktop window runs
    with progress_bars() as progress:
        session.build(progress)
    show = session.show
    if replayed is not None:
        from studio.runtime.replay import start_replay

        start_replay(show.audience, replayed, show.stop_event, lambda: show.streamer.started)
        say(f"replaying {len(replayed)} viewer events from {args.events}", flush=True)
    target = room.rtmp.masked_url() or cli_text("(no RTMP)")
    say(
        f"live: {room.room.name} -> {target}; control on 127.0.0.1:{show.control.port}; log {log_path}",
        flush=True,
    )

    def on_stats(stats) -> None:
        print(stats_line(stats), flush=True)

    final = session.run(seconds=args.seconds, on_stats=on_stats)
    say(f"stopped: {stats_line(final)}", flush=True)
    return ExitCode.OK


def _client(args: argparse.Namespace) -> tuple[int, str]:
    """Port and token of the room to talk to: from the options, the room file, or the
    run file the running room left in STUDIO_HOME/rooms (runfile.py)."""
    from studio.runtime.room import load_room  # pydantic: only commands that read a room

    port = args.port
    token = pick_secret(
        "control token",
        given=args.token,
        option="--token",
        file=args.token_file,
        file_option="--token-file",
        env=TOKEN_ENV,
    )
    name = args.room
    if args.config:
        room = load_room(args.config)
        port = port or room.control.port  # 0 in the file: any free port, see the run file
        token = token or room.control_token()
        name = name or room.room.name
    if not port:
        run = find_room(name)
        if run is not None:
            port = run.port
            if not token and run.config:
                with contextlib.suppress(StudioError):  # moved since: try the token file
                    token = load_room(run.config).control.token
    if not token:
        path = studio_home() / "control-token"
        if not path.is_file():
            raise InputError(
                "no control token found",
                hint=f"pass --token-file FILE (or set {TOKEN_ENV}) or --config ROOM.toml, "
                "or start `studio live` first",
            )
        token = path.read_text().strip()
    return port or DEFAULT_PORT, token


def _answer(reply: dict) -> int:
    print(json.dumps(reply, ensure_ascii=False, indent=2))
    return _exit_code(reply)


def _exit_code(reply: dict) -> int:
    """A control API reply's exit code: a refused request is the caller's (2), else 1."""
    if "status" in reply and reply["status"] >= 400:
        return ExitCode.USAGE if reply["status"] in (400, 401, 404, 422) else ExitCode.ERROR
    return ExitCode.OK


def _show(args: argparse.Namespace, reply: dict, port: int, lines: Callable[[], list[str]]) -> int:
    """The room's reply for a person (``lines``: what it did, in her language), or with
    --json as it is, for scripts. A refusal is said as an error and its hint."""
    if args.json:
        return _answer(reply)
    status = int(reply.get("status", 0))
    if status == 401:
        raise token_refused(port)
    if status >= 500 and not reply.get("hint"):  # a fault in the room, not her request
        print_problem(
            f"the show on 127.0.0.1:{port} failed on this request: {reply.get('error', '')}",
            "the show itself goes on; its log in STUDIO_HOME/logs says more",
        )
        return _exit_code(reply)
    if status >= 400:
        print_problem(str(reply.get("error", "")), str(reply.get("hint", "")))
        return _exit_code(reply)
    for line in lines():
        print(line)
    return ExitCode.OK


def cmd_insert(args: argparse.Namespace) -> int:
    port, token = _client(args)
    body = {"text": args.text, "urgent": args.urgent}
    reply = call_room(port, "POST", "/insert", token, body)
    return _show(args, reply, port, lambda: [insert_line(reply)])


def cmd_status(args: argparse.Namespace) -> int:
    """The room's health: a few lines in the user's language, or (--json) the control
    API's reply as it is, for scripts."""
    port, token = _client(args)
    reply = call_room(port, "GET", "/status", token, None)
    return _show(args, reply, port, lambda: status_lines(reply, port))


def cmd_simple(action: str):
    """`studio live skip|pause|resume`: POST /ACTION, then what it did in words."""

    def run(args: argparse.Namespace) -> int:
        port, token = _client(args)
        reply = call_room(port, "POST", f"/{action}", token, {})
        return _show(args, reply, port, lambda: [done_line(action)])

    return run


def register(sub: argparse._SubParsersAction) -> None:
    live = sub.add_parser("live", help="run a room unattended, or control a running one")
    live.add_argument(
        "--config", type=Path, help="room file (TOML); see packaging/room.example.toml"
    )
    live.add_argument(
        "--seconds",
        type=float,
        default=None,
        help="stop after this long (default: run until Ctrl-C)",
    )
    live.add_argument("--log-json", action="store_true", help="JSON lines in the rotating log")
    live.add_argument(
        "--events",
        type=Path,
        default=None,
        metavar="FILE",
        help="replay viewer events from a JSON-lines file (t = seconds after the start); "
        "see assets/demo/events.jsonl",
    )
    live.set_defaults(func=lambda a: cmd_live(a) if a.config else _need_config())
    actions = live.add_subparsers(dest="live_command", metavar="ACTION")

    def client(name: str, help_: str, func) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_)
        p.add_argument(
            "--port",
            type=int,
            default=0,
            help="control port (default: the running room's, found in STUDIO_HOME/rooms; "
            f"else {DEFAULT_PORT})",
        )
        p.add_argument(
            "--room",
            default="",
            metavar="NAME",
            help="which running room, when several run (its [room] name)",
        )
        p.add_argument(
            "--token-file",
            type=Path,
            default=None,
            metavar="FILE",
            help=f"read the control token from FILE; or set {TOKEN_ENV} "
            "(default: the room file's, else STUDIO_HOME/control-token)",
        )
        p.add_argument(
            "--token",
            default="",
            help="control token; " + ps_warning(f"--token-file FILE or {TOKEN_ENV}"),
        )
        p.add_argument("--config", type=Path, help="room file, for its name, port and token")
        p.add_argument(
            "--json",
            action="store_true",
            help="print the control API's reply as it is (for scripts)",
        )
        p.set_defaults(func=func)
        return p

    p = client("insert", "say a line now (after the current one; --urgent cuts in)", cmd_insert)
    p.add_argument("text")
    p.add_argument("--urgent", action="store_true", help="cut the current line at the next word")
    client("status", "the running show's health, queue and outputs", cmd_status)
    client("skip", "drop the line on air", cmd_simple("skip"))
    client("pause", "finish the line on air, then hold", cmd_simple("pause"))
    client("resume", "go on after a pause", cmd_simple("resume"))


def _need_config() -> int:
    say(
        "error: studio live needs --config ROOM.toml (or an action: insert, status, ...)",
        file=sys.stderr,
    )
    return ExitCode.USAGE
