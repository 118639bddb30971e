"""`studio tryon check` (what was found in an asset) and `studio tryon still` (the demo
avatar wearing assets)."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.core.errors import ExitCode, InputError
from studio.core.output import cli_text, say
from studio.tryon.kinds import KINDS


def cmd_check(args: argparse.Namespace) -> int:
    import cv2

    from studio.tryon.asset import load_asset
    from studio.tryon.debug import anchor_picture
    from studio.tryon.sidecar import write_sidecar

    asset = load_asset(args.image, args.kind, remove_bg=args.remove_background)
    w, h = asset.size
    sleeved = cli_text(", sleeved") if asset.sleeved else ""
    print(f"{asset.path}: {asset.kind}, {w}x{h}{sleeved}")
    for note in asset.notes:
        say(f"  note: {note}")
    for name, p in asset.anchors.points.items():
        print(f"  {name:<15} {p[0]:8.1f} {p[1]:8.1f}   {asset.anchors.how[name]}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if not cv2.imwrite(str(args.out), anchor_picture(asset)):
            raise InputError(
                f"cannot write {args.out}", hint="use a .png name in a writable folder"
            )
        say(f"wrote {args.out}")
    if args.write_sidecar:
        pts = {k: (float(v[0]), float(v[1])) for k, v in asset.anchors.points.items()}
        say(f"wrote {write_sidecar(asset.path, asset.kind, pts)}")
    return ExitCode.OK


def cmd_still(args: argparse.Namespace) -> int:
    from studio.cli import progress_bars
    from studio.runtime.stills import render_tryon_still

    with progress_bars() as progress:
        out = render_tryon_still(
            args.assets,
            args.out,
            avatar=args.avatar,
            preset=args.preset,
            remove_bg=args.remove_background,
            progress=progress,
        )
    say(f"wrote {out}")
    return ExitCode.OK


def register(sub: argparse._SubParsersAction) -> None:
    tryon = sub.add_parser("tryon", help="virtual try-on: garments and accessories").add_subparsers(
        dest="tryon_command", metavar="ACTION", required=True
    )
    p = tryon.add_parser("check", help="find an asset's anchor points and show them")
    p.add_argument("image", type=Path, help="PNG with alpha (a garment or an accessory)")
    p.add_argument(
        "--kind",
        choices=KINDS,
        default=None,
        help="what it is (default: sidecar, else the file name)",
    )
    p.add_argument(
        "-o", "--out", type=Path, default=None, help="write a debug picture with the anchors"
    )
    p.add_argument(
        "--remove-background",
        action="store_true",
        help="cut a photo without alpha off its plain backdrop",
    )
    p.add_argument(
        "--write-sidecar", action="store_true", help="save the anchors as IMAGE.json to edit"
    )
    p.set_defaults(func=cmd_check)
    p = tryon.add_parser("still", help="render a presenter wearing assets to a PNG")
    p.add_argument("assets", type=Path, nargs="+", help="one garment and/or accessories")
    p.add_argument("--avatar", default="demo", help="avatar name (default: the built-in demo)")
    p.add_argument("--preset", default="vertical-720", help="canvas preset (default vertical-720)")
    p.add_argument(
        "--remove-background",
        action="store_true",
        help="cut photos without alpha off their plain backdrop",
    )
    p.add_argument("-o", "--out", type=Path, default=Path("out/tryon.png"), help="output picture")
    p.set_defaults(func=cmd_still)
