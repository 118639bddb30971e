"""`studio render` (an avatar speaking, to a video file) and `studio scene still`."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.core.errors import ExitCode
from studio.core.output import say


def cmd_scene_still(args: argparse.Namespace) -> int:
    from studio.cli import progress_bars
    from studio.runtime.stills import render_scene_still

    with progress_bars() as progress:
        out = render_scene_still(args.scene, args.out, args.avatar, progress)
    say(f"wrote {out}")
    return ExitCode.OK


def cmd_render(args: argparse.Namespace) -> int:
    from studio.cli import progress_bars
    from studio.runtime.render_job import RenderRequest, render_request

    request = RenderRequest(
        avatar=args.avatar,
        out=args.out,
        text=args.text,
        script=args.script,
        audio=args.audio,
        preset=args.preset,
        scene=args.scene,
        voice=args.voice,
        catalog=args.catalog,
        garments=tuple(([args.garment] if args.garment else []) + list(args.accessory or [])),
        lead_in_s=args.lead_in,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with progress_bars() as progress:
        result = render_request(request, progress)
    say(f"wrote {result.path} ({result.duration_s:.1f} s, {result.frames} frames)")
    return ExitCode.OK


def register(sub: argparse._SubParsersAction) -> None:
    from studio.core.presets import PRESETS

    r = sub.add_parser(
        "render",
        help="render an avatar speaking a text, a script or a recording to a video file",
        description="Render an avatar speaking to an MP4 (H.264/AAC, AI-generated label). "
        "Text and scripts are spoken by eSpeak NG with lips from the phoneme timings; a "
        "recording drives the lips through the audio-to-mouth model, or, given with --text "
        "(what it says), through the same phoneme timings aligned to the recording.",
    )
    r.add_argument("--avatar", required=True, help='avatar name ("demo" = the built-in portrait)')
    what = r.add_argument_group("what to say (one of them; --audio may come with --text)")
    what.add_argument(
        "--text",
        help="what to say (Mandarin and/or English; one line per sentence); with --audio: "
        "what the recording says, to lip-sync it from the words",
    )
    what.add_argument("--script", type=Path, help="a script file (TOML or text, as `studio show`)")
    what.add_argument("--audio", type=Path, help="a recording (WAV/MP3/M4A) the avatar lip-syncs")
    r.add_argument("-o", "--out", type=Path, required=True, help="output video (.mp4, .mkv, .flv)")
    r.add_argument("--preset", default="vertical-720", choices=sorted(PRESETS), help="output size")
    r.add_argument("--scene", type=Path, help="scene file (default: a plain room for the preset)")
    r.add_argument("--voice", help="eSpeak NG voice variant (default: the language's own)")
    r.add_argument(
        "--catalog",
        type=Path,
        help="products (.csv/.json) a script's facts ({price}, ...) come from "
        "(default: the show database's catalogue)",
    )
    r.add_argument("--garment", type=Path, help="a garment PNG the presenter wears (try-on)")
    r.add_argument(
        "--accessory",
        type=Path,
        action="append",
        help="an accessory PNG she wears (glasses, earrings, ...); may be repeated",
    )
    r.add_argument(
        "--lead-in",
        type=float,
        default=None,
        help="seconds of silence before the first word (default 0.4; none for --audio, "
        "so output frame n is the recording's time n/fps)",
    )
    r.set_defaults(func=cmd_render)

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
