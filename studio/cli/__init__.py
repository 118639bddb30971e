"""The `studio` command. Exit codes: 0 ok, 1 error or missing piece, 2 bad input, 130 Ctrl-C,
143 SIGTERM (clean-ups done: no half-built avatar or partial file is left).

The command line is the top layer (the layers contract in pyproject.toml): one module
here per area (``avatar``, ``demo``, ``live``, ``show``, ``speech``, ``gui``), each with a
``register(subparsers)`` function, listed in ``COMMAND_MODULES``; this file only
dispatches. Command modules import the light parts of the engine at module level and
the heavy ones (torch, mediapipe, OpenCV, PyAV, Qt) inside the command that needs them,
so ``studio --help`` and the light commands start fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

from studio import __version__
from studio.core.errors import ExitCode, StudioError, Terminated
from studio.core.logs import TranslatingFormatter
from studio.core.messages import LANGUAGES, current_language, set_language, translate
from studio.core.output import pad, say, stage_label
from studio.core.paths import secure_home
from studio.core.progress import Progress, no_progress
from studio.core.quiet import quiet_native_logs
from studio.core.signals import raise_if_terminated, sigterm_raises
from studio.core.threads import THREADS_ENV, apply_thread_budget, resolve_budget

log = logging.getLogger("studio")

COMMAND_MODULES = [
    "studio.doctor",
    "studio.cli.demo",
    "studio.cli.live",
    "studio.cli.render",
    "studio.cli.speech",
    "studio.cli.voice",
    "studio.cli.show",
    "studio.cli.avatar",
    "studio.cli.tryon",
    "studio.cli.gui",
]


def tqdm_progress() -> tuple[Progress, Callable[[], None]]:
    """A Progress callback that shows one tqdm bar per stage; returns (callback, close)."""
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        raise_if_terminated()  # a checkpoint: see studio.core.signals
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total,
                desc=pad(stage_label(stage), 8),
                unit="it",
                leave=True,
                dynamic_ncols=True,
            )
        if bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)  # throttled by tqdm's mininterval
        if done >= total:  # stage finished: freeze its bar with its own elapsed time
            bar.close()

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return progress, close


@contextmanager
def progress_bars(quiet: bool = False) -> Iterator[Progress]:
    """``with progress_bars() as progress:`` one tqdm bar per stage, closed at the end
    (``quiet``: no bars, e.g. with --json)."""
    if quiet:
        yield no_progress
        return
    progress, close = tqdm_progress()
    try:
        yield progress
    finally:
        close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studio", description="Digital-human livestream studio.")
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    parser.add_argument(
        "--threads",
        type=_cores,
        default=None,
        metavar="N",
        help=f"CPU cores Studio may use (default: {THREADS_ENV}, a room file's [room] "
        "threads, else all)",
    )
    parser.add_argument(
        "--lang",
        dest="ui_lang",  # commands have a --lang of their own (the language of a text)
        choices=LANGUAGES,
        default=None,
        help="language of messages (default: STUDIO_LANG, else the locale: LANG)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _cores(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of cores (1 or more)")
    return value


def print_error(exc: StudioError) -> None:
    """The message and hint on stderr, in the user's language (studio.core.messages)."""
    print_problem(exc.message, exc.hint)


def print_problem(message: str, hint: str = "") -> None:
    """A message and its hint on stderr as :func:`print_error` prints an error's: also for
    the ones a running room's control API answers with."""
    zh = current_language() == "zh_CN"
    error, said = ("错误：", "提示：") if zh else ("error: ", "hint: ")
    print(f"{error}{translate(message)}", file=sys.stderr)
    if hint:
        print(f"{said}{translate(hint)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    quiet_native_logs()  # before any command imports mediapipe
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.ui_lang)
    console = logging.StreamHandler()
    console.setFormatter(TranslatingFormatter())  # warnings in the user's language
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, handlers=[console]
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.USAGE
    secure_home()  # an older Studio left its home readable by every local user
    try:
        # `studio live` applies it again with the room file's [room] threads
        budget = apply_thread_budget(resolve_budget(args.threads))
        log.debug("thread budget: %s", budget.describe())
        # SIGTERM unwinds like Ctrl-C; the GUI (Qt's loop) keeps the default
        with sigterm_raises(enabled=not getattr(args, "keep_sigterm", False)):
            return int(args.func(args))
    except StudioError as exc:
        print_error(exc)
        return exc.exit_code
    except Terminated:
        say("terminated", file=sys.stderr)
        return ExitCode.TERMINATED
    except KeyboardInterrupt:
        say("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
