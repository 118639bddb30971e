"""The `studio` command. Exit codes: 0 ok, 1 error or missing piece, 2 bad input, 130 Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from studio import __version__
from studio.core.errors import ExitCode, StudioError
from studio.core.progress import Progress

log = logging.getLogger("studio")


def _tqdm_progress() -> tuple[Progress, Callable[[], None]]:
    """A Progress callback that shows one tqdm bar per stage; returns (callback, close)."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total, desc=f"{stage:<8}", unit="it", leave=True, dynamic_ncols=True
            )
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:  # stage finished: freeze its bar with its own elapsed time
            bar.close()

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return progress, close


def cmd_doctor(args: argparse.Namespace) -> int:
    from studio.doctor import run_doctor

    return run_doctor()


def cmd_demo(args: argparse.Namespace) -> int:
    from studio.runtime.demo import run_demo

    progress, close = _tqdm_progress()
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studio", description="Digital-human livestream studio.")
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("doctor", help="check that every required piece is installed")
    p.set_defaults(func=cmd_doctor)

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
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.USAGE
    try:
        return int(args.func(args))
    except StudioError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
