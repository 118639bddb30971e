"""`studio demo`: command-line wiring for the demo job."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.core.errors import ExitCode


def cmd_demo(args: argparse.Namespace) -> int:
    from studio.cli import tqdm_progress
    from studio.runtime.demo import run_demo

    progress, close = tqdm_progress()
    try:
        result = run_demo(
            args.out,
            seconds=args.seconds,
            preset_name=args.preset,
            script=args.script,
            progress=progress,
        )
    finally:
        close()
    print(f"wrote {result.path}  ({result.duration_s:.1f} s, {result.frames} frames, H.264 + AAC)")
    return ExitCode.OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="render the built-in demo avatar speaking the demo pitch")
    p.add_argument(
        "--out", type=Path, default=Path("out/demo.mp4"), help="output file (default: out/demo.mp4)"
    )
    p.add_argument(
        "--seconds", type=float, default=None, help="exact length; the pitch loops to fill it"
    )
    p.add_argument(
        "--preset",
        default="vertical-720",
        help="vertical-720 (default), vertical-1080, landscape-720, landscape-1080",
    )
    p.add_argument("--script", type=Path, default=None, help="a text file, one line per utterance")
    p.set_defaults(func=cmd_demo)
