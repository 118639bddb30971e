"""`studio voice add|list|show|remove`: the voice packs in STUDIO_HOME/voices."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from studio.core.errors import ExitCode
from studio.speech.voicepacks import (
    add_pack,
    get_pack,
    list_packs,
    neural_languages,
    remove_pack,
    voices_dir,
)

_FIELDS = ("engine", "language", "sample_rate", "licence", "source", "sha256", "installed")


def cmd_add(args: argparse.Namespace) -> int:
    pack = add_pack(args.path, args.name, replace=args.replace, language=args.language)
    print(
        f"installed voice {pack.name!r}: {pack.engine}, {pack.language}, {pack.sample_rate} Hz, "
        f"licence: {pack.licence}"
    )
    print(
        f"  choose it for {pack.language} in a room: [voice.languages] {pack.language} = "
        f'"{pack.name}"'
    )
    return ExitCode.OK


def cmd_list(args: argparse.Namespace) -> int:
    packs = list_packs()
    if args.json:
        print(json.dumps([p.describe() for p in packs], ensure_ascii=False, indent=1))
        return ExitCode.OK
    if not packs:
        print(f"no voice packs in {voices_dir()}  (add one: studio voice add FILE.onnx)")
    else:
        width = max(len(p.name) for p in packs)
        for p in packs:
            print(
                f"{p.name:<{width}}  {p.engine:<6} {p.language:<4} {p.sample_rate:>6} Hz  "
                f"licence: {p.licence}  from {p.source}"
            )
    bundled = "joe (en, piper); " if "joe" in neural_languages().get("en", []) else ""
    print(f"bundled: {bundled}eSpeak NG speaks every language (espeak)")
    return ExitCode.OK


def cmd_show(args: argparse.Namespace) -> int:
    pack = get_pack(args.name)
    info = pack.describe()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return ExitCode.OK
    print(pack.name)
    for key in (*_FIELDS, "espeak_voice", "path"):
        if info.get(key) not in ("", None):
            print(f"  {key:<12} {info[key]}")
    return ExitCode.OK


def cmd_remove(args: argparse.Namespace) -> int:
    pack = remove_pack(args.name)
    print(f"removed voice {pack.name!r} ({pack.language})")
    return ExitCode.OK


def register(sub: argparse._SubParsersAction) -> None:
    voice = sub.add_parser("voice", help="install and list voice packs (Piper, Coqui)")
    vsub = voice.add_subparsers(dest="voice_command", metavar="COMMAND", required=True)
    add = vsub.add_parser(
        "add", help="install a Piper voice (.onnx + .onnx.json) or a Coqui model folder"
    )
    add.add_argument("path", type=Path, help="the .onnx file (its .onnx.json beside it) or folder")
    add.add_argument("--name", default=None, help="the pack's name (default: the file's name)")
    add.add_argument("--replace", action="store_true", help="install over a pack of that name")
    add.add_argument("--language", default=None, help="Coqui: the language it speaks (zh, en)")
    add.set_defaults(func=cmd_add)
    ls = vsub.add_parser("list", help="the installed voice packs")
    ls.add_argument("--json", action="store_true", help="as JSON")
    ls.set_defaults(func=cmd_list)
    show = vsub.add_parser("show", help="one pack: language, rate, engine, licence, source")
    show.add_argument("name")
    show.add_argument("--json", action="store_true", help="as JSON")
    show.set_defaults(func=cmd_show)
    rm = vsub.add_parser("remove", help="uninstall a voice pack")
    rm.add_argument("name")
    rm.set_defaults(func=cmd_remove)
