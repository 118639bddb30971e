"""`studio scene still`: render one frame of a scene to a picture."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.core.errors import ExitCode, InputError


def cmd_scene_still(args: argparse.Namespace) -> int:
    from studio.render.still import render_still

    if args.avatar != "demo":
        raise InputError(
            f"avatar {args.avatar!r}: only the built-in 'demo' avatar can be used for stills yet",
            hint="use --avatar demo",
        )
    from studio.runtime.demo import demo_portrait

    out = render_still(args.scene, args.out, demo_portrait())
    print(f"wrote {out}")
    return ExitCode.OK


def register(sub: argparse._SubParsersAction) -> None:
    scene = sub.add_parser("scene", help="scene layouts").add_subparsers(
        dest="scene_command", metavar="ACTION", required=True
    )
    p = scene.add_parser("still", help="render one frame of a scene to a PNG")
    p.add_argument(
        "scene", type=Path, help="scene file (TOML), e.g. assets/scenes/douyin_vertical.toml"
    )
    p.add_argument("--avatar", default="demo", help="avatar name (default: the built-in demo)")
    p.add_argument("-o", "--out", type=Path, default=Path("out/still.png"), help="output picture")
    p.set_defaults(func=cmd_scene_still)
