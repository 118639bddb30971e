"""`studio gui`: the desktop studio. Qt is imported only when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.core.errors import InputError
from studio.core.hardexit import exit_now
from studio.gui import preload_engine, require_qt


def cmd_gui(args: argparse.Namespace) -> int:
    preload_engine()  # before PySide6: see its docstring
    require_qt()
    if args.smoke is not None and args.smoke <= 0:
        raise InputError("--smoke needs a positive number of seconds", hint="e.g. --smoke 3")
    if args.screenshot is not None and args.smoke is None:
        raise InputError(
            "--screenshot goes with --smoke", hint="studio gui --smoke 3 --screenshot x.png"
        )
    from studio.gui.app import run  # Qt: only for `studio gui`, after preload_engine

    code = run(
        language=args.lang,
        smoke_s=args.smoke,
        screenshot=args.screenshot,
        wizard_dir=args.screenshot_wizard,
        wizard_input=args.wizard_input,
        threads=getattr(args, "threads", None),
    )
    exit_now(code)  # the show has stopped: skip finalization (see studio.core.hardexit)
    return code  # not reached


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "gui",
        help="open the desktop studio (preview, queue, products, streaming, new presenters)",
        description="Open the desktop studio. --smoke runs it unattended for checks: the "
        "window with the demo presenter, the preview for SECONDS, a screenshot, exit 0.",
    )
    p.add_argument(
        "--lang",
        choices=("auto", "zh_CN", "en"),
        default=None,
        help="UI language (default: settings)",
    )
    p.add_argument(
        "--smoke",
        type=float,
        default=None,
        metavar="SECONDS",
        help="run the preview this long, then exit",
    )
    p.add_argument(
        "--screenshot", type=Path, default=None, metavar="PNG", help="with --smoke: save the window"
    )
    p.add_argument("--screenshot-wizard", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--wizard-input", type=Path, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_gui, keep_sigterm=True)  # see studio.core.signals
