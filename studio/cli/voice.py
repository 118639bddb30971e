"""`studio voice add|list|show|remove`: the voice packs in STUDIO_HOME/voices."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from studio.avatar.lines.sheet import default_sheet_path, load_sheet
from studio.avatar.lines.store import load_lines, remove_lines, require_avatar
from studio.cli import progress_bars
from studio.core.errors import ExitCode, InputError
from studio.core.output import pad, say
from studio.runtime.shopsheet import shop_sheet
from studio.show.store import ShowStore, default_db_path
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
    say(
        f"installed voice {pack.name!r}: {pack.engine}, {pack.language}, {pack.sample_rate} Hz, "
        f"licence: {pack.licence}"
    )
    say(
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
        say(f"no voice packs in {voices_dir()}  (add one: studio voice add FILE.onnx)")
    else:
        width = max(len(p.name) for p in packs)
        for p in packs:
            row = f"{pad(p.name, width)}  {pad(p.engine, 6)} {pad(p.language, 4)}"
            say(f"{row} {p.sample_rate} Hz  licence: {p.licence}  from {p.source}")
    if "joe" in neural_languages().get("en", []):
        say("bundled: joe (en, piper); eSpeak NG speaks every language (espeak)")
    else:
        say("bundled: eSpeak NG speaks every language (espeak)")
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
    say(f"removed voice {pack.name!r} ({pack.language})")
    return ExitCode.OK


def cmd_lines_import(args: argparse.Namespace) -> int:
    # the alignment and her pitch (scipy.signal): only this command needs them, so they
    # stay off every other command's start-up (studio.cli)
    from studio.avatar.lines.reading import import_reading

    whole = load_sheet(args.script)
    sheet = whole
    if args.only:
        sheet = whole.subset([i.strip() for i in args.only.split(",") if i.strip()])
    with progress_bars() as progress:  # a take must not sound like any line of the sheet
        report = import_reading(args.source, sheet, args.avatar, progress=progress, rivals=whole)
    seconds = sum(line.seconds for line in report.kept)
    say(
        f"kept {len(report.kept)} of her lines for {args.avatar!r} ({seconds:.1f} s); "
        f"she has {len(report.lines)} of the sheet's {len(sheet)} now"
    )
    for line_id, why in report.refused:
        say(f"  refused {line_id}: {why}")
    if report.refused:
        say("  read the refused lines again (one file per line, named by its id)")
    return ExitCode.OK


def cmd_lines_sheet(args: argparse.Namespace) -> int:
    db = args.db or default_db_path()
    if not db.is_file():
        raise InputError(
            f"there is no show database {db}",
            "import the shop first (studio show import products.csv / script.toml), "
            "or give it with --db",
        )
    read: set[str] = set()
    if args.avatar:
        require_avatar(args.avatar)
        read = set(load_lines(args.avatar).lines)
    with ShowStore(db) as store:
        sheet = shop_sheet(store)
    if not sheet:
        raise InputError(
            f"the show in {db} has nothing for her to read beyond the generic sheet",
            "import the shop's products and scripts first (studio show import FILE)",
        )
    out = Path(args.output)
    avatar = args.avatar or "NAME"
    header = (
        f"Her shop's sheet: the lines of the show in {db} that Studio's prompt sheet does\n"
        "not say (made by `studio voice lines sheet`). Read it like the prompt sheet, then:\n"
        f"  studio voice lines import reading.wav --script {out.name} --avatar {avatar}\n"
        "English lines and prices/stock are not here: TTS and her number words say them."
    )
    try:
        out.write_text(sheet.to_toml(header), encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write {out}: {exc.strerror or exc}", "give a file in a folder you can write"
        ) from None
    todo = [x for x in sheet.lines if x.id not in read]
    say(f"wrote {len(sheet)} lines of her shop to {out}")
    if args.avatar:
        say(f"  {args.avatar!r} has read {len(sheet) - len(todo)}; {len(todo)} to read")
    say(f"  import her reading: studio voice lines import FILE --script {out} --avatar {avatar}")
    return ExitCode.OK


def cmd_lines_list(args: argparse.Namespace) -> int:
    require_avatar(args.avatar)
    lines = load_lines(args.avatar)
    if args.json:
        data = [
            {"id": x.id, "text": x.text, "kind": x.kind, "seconds": round(x.seconds, 2)}
            for x in lines.lines.values()
        ]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return ExitCode.OK
    if not lines:
        say(
            f"avatar {args.avatar!r} has no recorded lines (import her reading of "
            f"{default_sheet_path()}: studio voice lines import FILE --avatar {args.avatar})"
        )
        return ExitCode.OK
    width = max(len(i) for i in lines.lines)
    for x in lines.lines.values():
        say(f"{pad(x.id, width)}  {pad(x.kind, 6)} {x.seconds:5.2f} s  {x.text}")
    total = sum(x.seconds for x in lines.lines.values())
    say(f"{len(lines)} lines, {total:.1f} s in her voice")
    return ExitCode.OK


def cmd_lines_remove(args: argparse.Namespace) -> int:
    gone = remove_lines(args.avatar, args.ids or None)
    say(f"removed {len(gone)} of her lines from {args.avatar!r}")
    return ExitCode.OK


def _register_lines(vsub: argparse._SubParsersAction) -> None:
    lines = vsub.add_parser(
        "lines", help="her own recorded lines: the prompt sheet read once, spoken in shows"
    )
    lsub = lines.add_subparsers(dest="lines_command", metavar="COMMAND", required=True)
    imp = lsub.add_parser(
        "import", help="align her reading of the prompt sheet and keep its lines with her"
    )
    imp.add_argument(
        "source",
        type=Path,
        help="one recording of the whole sheet (a pause after each line), or a folder of "
        "one file per line named by the line ids",
    )
    imp.add_argument("--avatar", required=True, help="the presenter who read it")
    imp.add_argument(
        "--script",
        type=Path,
        default=None,
        help=f"the prompt sheet she read (default: {default_sheet_path().name})",
    )
    imp.add_argument("--only", default="", help="only these line ids (comma-separated)")
    imp.set_defaults(func=cmd_lines_import)
    sh = lsub.add_parser(
        "sheet", help="write her shop's sheet: the show's own lines for her to read"
    )
    sh.add_argument("-o", "--output", required=True, type=Path, help="the sheet to write (.toml)")
    sh.add_argument(
        "--db",
        "--shop",
        dest="db",
        type=Path,
        default=None,
        help="the show database of her shop (default: STUDIO_HOME/show.db)",
    )
    sh.add_argument("--avatar", default=None, help="say how much of it she has read already")
    sh.set_defaults(func=cmd_lines_sheet)
    ls = lsub.add_parser("list", help="the lines she has recorded")
    ls.add_argument("--avatar", required=True)
    ls.add_argument("--json", action="store_true", help="as JSON")
    ls.set_defaults(func=cmd_lines_list)
    rm = lsub.add_parser("remove", help="forget her recorded lines (all, or the ids given)")
    rm.add_argument("ids", nargs="*", help="line ids (default: all of them)")
    rm.add_argument("--avatar", required=True)
    rm.set_defaults(func=cmd_lines_remove)


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
    _register_lines(vsub)
