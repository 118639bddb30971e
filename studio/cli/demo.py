"""`studio demo`: command-line wiring for the demo job (file render or live RTMP)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from studio.cli import progress_bars
from studio.cli.statsline import stats_line
from studio.core.errors import ExitCode, InputError
from studio.core.output import say
from studio.core.secret import pick_secret, ps_warning
from studio.stream.ingest import parse_ingest

KEY_ENV = "STUDIO_STREAM_KEY"
DEFAULT_OUT = Path("out/demo.mp4")


def cmd_demo(args: argparse.Namespace) -> int:
    if args.rtmp:
        return _stream(args)
    if args.record is not None:
        raise InputError("--record needs --rtmp", hint="to render a file, use --out FILE")
    from studio.runtime.demo import run_demo  # the renderer (OpenCV, PyAV): not on start-up

    with progress_bars() as progress:
        result = run_demo(
            args.out or DEFAULT_OUT,
            seconds=args.seconds,
            preset_name=args.preset,
            script=args.script,
            progress=progress,
            events=args.events,
        )
    say(f"wrote {result.path}  ({result.duration_s:.1f} s, {result.frames} frames, H.264 + AAC)")
    return ExitCode.OK


def _stream(args: argparse.Namespace) -> int:
    from studio.runtime.demo import StreamPlan, stream_demo  # the renderer: not on start-up

    if args.out is not None:
        raise InputError(
            "--out renders a file offline and cannot be combined with --rtmp",
            hint="to keep a copy of the live stream, add --record DIR",
        )
    key = stream_key(args)
    plan = StreamPlan(
        url=args.rtmp,
        key=key,
        seconds=args.seconds or 0.0,
        preset_name=args.preset,
        script=args.script,
        record_dir=args.record,
        segment_s=args.segment_seconds,
        retry_cap_s=args.retry_cap,
        events=args.events,
    )
    stop = threading.Event()
    with _ctrl_c_sets(stop), progress_bars() as progress:
        final = stream_demo(
            plan,
            stop=stop,
            on_stats=lambda s: print(stats_line(s), flush=True),
            stats_every_s=args.stats_every,
            progress=progress,
        )
    say(f"stopped: {stats_line(final)}", flush=True)
    if stop.is_set() and plan.seconds:
        return ExitCode.INTERRUPTED  # cut short; with --seconds 0 Ctrl-C is the normal end
    return ExitCode.OK


def stream_key(args: argparse.Namespace) -> str | None:
    """The key from --key (warns: ps shows it), --key-file or $STUDIO_STREAM_KEY; None
    when it is in the --rtmp URL (which then warns the same way)."""
    key = pick_secret(
        "stream key",
        given=args.key,
        option="--key",
        file=args.key_file,
        file_option="--key-file",
        env=KEY_ENV,
    )
    if key:
        return key
    try:
        parse_ingest(args.rtmp)
    except InputError:
        return None  # no key anywhere: stream_demo says so
    say(
        "warning: the stream key in the --rtmp URL is visible to other local users (ps); "
        f"give the server URL only, with --key-file FILE or {KEY_ENV}",
        file=sys.stderr,
    )
    return None


@contextlib.contextmanager
def _ctrl_c_sets(stop: threading.Event) -> Iterator[None]:
    """First Ctrl-C ends the stream cleanly (outputs flushed); a second one aborts."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        say("stopping (Ctrl-C again to abort)...", file=sys.stderr, flush=True)
        stop.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="render the built-in demo avatar speaking the demo pitch, or stream it live",
        description="Render the demo to a file (default out/demo.mp4), or with --rtmp stream "
        "it in real time to an RTMP ingest, printing a stats line every few seconds.",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output file (default: out/demo.mp4); not with --rtmp",
    )
    p.add_argument(
        "--seconds",
        type=float,
        default=None,
        help="exact length; the pitch loops to fill it (with --rtmp: 0 or absent = until Ctrl-C)",
    )
    p.add_argument(
        "--preset",
        default="vertical-720",
        help="vertical-720 (default), vertical-1080, landscape-720, landscape-1080",
    )
    p.add_argument("--script", type=Path, default=None, help="a text file, one line per utterance")
    p.add_argument(
        "--events",
        type=Path,
        default=None,
        metavar="FILE",
        help="the demo shop answers a replayed audience (JSON lines, e.g. "
        "assets/demo/events.jsonl); the file runs until its last event is answered",
    )
    live = p.add_argument_group("live streaming")
    live.add_argument(
        "--rtmp",
        metavar="URL",
        default=None,
        help="stream in real time to rtmp[s]://host[:port]/app[/KEY]; "
        + ps_warning(f"--key-file or {KEY_ENV}", "a KEY in the URL"),
    )
    live.add_argument(
        "--key-file",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"read the stream key from FILE (one line, chmod 600); or set {KEY_ENV}",
    )
    live.add_argument(
        "--key",
        default=None,
        help="stream key, never printed; " + ps_warning(f"--key-file FILE or {KEY_ENV}"),
    )
    live.add_argument(
        "--record", type=Path, default=None, metavar="DIR", help="also record segments into DIR"
    )
    live.add_argument(
        "--segment-seconds", type=float, default=600.0, help="recording segment length (600)"
    )
    live.add_argument("--stats-every", type=float, default=5.0, help="seconds between stats lines")
    live.add_argument(
        "--retry-cap", type=float, default=60.0, help="longest wait between reconnects (60 s)"
    )
    p.set_defaults(func=cmd_demo)
