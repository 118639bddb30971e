"""`studio avatar ...`: create, list, show, evaluate and delete avatars."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from studio.avatar.names import avatar_dir, validate_name
from studio.avatar.store import check_free, delete_avatar, exists_error, list_avatars
from studio.cli import progress_bars
from studio.core.errors import ExitCode, InputError
from studio.core.output import cli_text, pad, say
from studio.runtime.runfile import running_rooms


def _confirm(question: str) -> bool:
    """Ask y/N on an interactive terminal; never blocks a script (no TTY: no)."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_create(args: argparse.Namespace) -> int:
    if bool(args.video) == bool(args.photo):
        raise InputError(
            "give either a VIDEO or --photo IMAGE",
            hint="studio avatar create talk.mp4 --name lily   or   studio avatar create --photo me.jpg --name lily",
        )
    name = validate_name(args.name)
    force = args.force
    if not force:
        try:
            check_free(name, force=False)
        except InputError:
            if not _confirm(cli_text(f"avatar {name!r} exists; replace it?")):
                raise exists_error(name) from None
            force = True
    with progress_bars() as progress:
        if args.photo:
            from studio.avatar.create_photo import create_from_photo  # OpenCV, mediapipe

            result = create_from_photo(args.photo, name, force=force, progress=progress)
        else:
            from studio.avatar.create import CreateOptions, create_from_video  # OpenCV, PyAV

            options = CreateOptions(quality=args.quality, force=force, allow_short=args.allow_short)
            result = create_from_video(args.video, name, options, progress)
    m = result.manifest
    say(
        f"created {m.kind} avatar {name!r} at {result.path} "
        f"({m.frame_count} frames, {m.width}x{m.height}) in {result.wall_s:.1f} s"
    )
    for w in m.quality.get("warnings", []):
        say(f"warning: {w}")
    return ExitCode.OK


def cmd_list(args: argparse.Namespace) -> int:
    entries = list_avatars()
    if not entries:
        say("no avatars yet: studio avatar create VIDEO --name NAME")
        return ExitCode.OK
    heads = [cli_text("name"), cli_text("kind"), cli_text("size"), cli_text("length")]
    heads += [cli_text("face"), cli_text("created")]
    print(
        f"{pad(heads[0], 24)} {pad(heads[1], 6)} {heads[2]:>10} {heads[3]:>8} {heads[4]:>6}  "
        f"{heads[5]}"
    )
    for e in entries:
        if e.manifest is None:
            problem = cli_text(f"unreadable: {e.problem}")
            print(f"{pad(e.name, 24)} {'?':<6} {'':>10} {'':>8} {'':>6}  {problem}")
            continue
        m = e.manifest
        length = f"{m.duration_s:.1f}s" if m.kind == "video" else "-"
        face = f"{m.quality.get('face_found_pct', 0):.0f}%"
        kind = pad(_kind(m.kind), 6)
        size = f"{m.width}x{m.height}"
        print(f"{pad(e.name, 24)} {kind} {size:>10} {length:>8} {face:>6}  {m.created}")
    return ExitCode.OK


def _kind(kind: str) -> str:
    """An avatar's kind in the user's language."""
    return cli_text("video") if kind == "video" else cli_text("photo") if kind == "photo" else kind


def _show_text(m) -> list[str]:
    """`studio avatar show`: one labelled line per figure, in the user's language."""
    q = m.quality
    kind = _kind(m.kind)
    fps = m.fps[0] / m.fps[1]
    lines = [
        cli_text(
            f"avatar      {m.name} ({kind}, schema {m.schema_version}, made by studio {m.studio_version})"
        ),
        cli_text(
            f"source      {m.source.get('file')}  sha256 {m.source.get('sha256', '')[:16]}..."
        ),
        cli_text(
            f"frames      {m.frame_count} at {m.width}x{m.height}, {fps:.3f} fps ({m.duration_s:.1f} s)"
            if m.kind == "video"
            else f"frames      {m.frame_count} at {m.width}x{m.height}, {fps:.3f} fps"
        ),
        cli_text(f"face found  {q.get('face_found_pct', 0):.1f}% of frames"),
        cli_text(f"face size   {q.get('face_size', 0):.0%} of the frame's shorter side"),
        cli_text(
            f"sharpness   {q.get('blur', 0):.0f} (Laplacian variance of the face; below 15 is soft)"
        ),
        cli_text(f"lighting    {q.get('brightness', 0):.0f} of 255 (face mean)"),
    ]
    if "head_pose_deg" in q and m.kind == "video":
        yaw, pitch, roll = (q["head_pose_deg"][k] for k in ("yaw", "pitch", "roll"))
        lines.append(
            cli_text(
                f"head pose   yaw {yaw[0]:.0f}..{yaw[1]:.0f}, pitch {pitch[0]:.0f}..{pitch[1]:.0f}, "
                f"roll {roll[0]:.0f}..{roll[1]:.0f} deg (5-95%)"
            )
        )
    if "loop" in q:
        lp = q["loop"]
        lines.append(
            cli_text(
                f"base loop   {lp['transitions']} transitions from {lp['source_frames_pct']}% of "
                f"frames, median cost {lp['median_cost']}, cross-fade {lp['crossfade_frames']} frames"
            )
        )
    if m.kind == "video":
        vr = q.get("voice_reference")
        lines.append(
            cli_text(
                f"voice ref   {vr['duration_ms'] / 1000:.1f} s from {vr['start_ms'] / 1000:.1f} s, "
                f"SNR {vr['snr_db']} dB"
            )
            if vr
            else cli_text("voice ref   none")
        )
    if m.kind == "video":
        lines.append(cli_text(f"lip-sync    {_lipsync_text(q.get('audio_mouth'))}"))
    warnings = q.get("warnings", [])
    first = warnings[0] if warnings else "none"  # a catalogued note: translated in its slot
    lines.append(cli_text(f"warnings    {first}"))
    lines += [f"            {cli_text(w)}" for w in warnings[1:]]
    return lines


def _lipsync_text(tuned: dict | None) -> str:
    """How well recorded audio drives this mouth: the self-check's figures, with their
    spread (one stretch of one presenter is a small sample)."""
    if not tuned:
        return cli_text("the phone recogniser alone, not fitted to this presenter (see warnings)")
    head = cli_text(f"audio->mouth fitted to this presenter on {tuned['train_s']:.0f} s:")
    if "gap_s" not in tuned:  # made before issue 20: its tail also picked the model
        return (
            head
            + " "
            + cli_text(
                f"openness r {tuned['open_corr_before']:.2f} (shipped) -> "
                f"{tuned['open_corr']:.2f} on the last {tuned['holdout_s']:.0f} s (an older, "
                "optimistic check: that tail also chose the model)"
            )
        )
    if not tuned.get("check_folds") or tuned.get("open_corr") is None:
        return head + " " + cli_text("not checked (the clip is too short to hold parts of it out)")
    return (
        head
        + " "
        + cli_text(
            f"openness r {tuned['open_corr_before']:.2f} (phones only) -> {tuned['open_corr']:.2f}, "
            f"mean over {tuned['check_folds']} held-out parts of {tuned['holdout_s']:.0f} s, "
            f"worst {tuned['open_corr_worst']:.2f} (each part {tuned['gap_s']:g} s from what "
            "its check model learnt)"
        )
    )


def cmd_show(args: argparse.Namespace) -> int:
    from studio.avatar.package import load_avatar  # OpenCV, PyAV: not on start-up

    avatar = load_avatar(args.name)
    if args.json:
        print(json.dumps(avatar.manifest.to_json(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(_show_text(avatar.manifest)))
        say(f"path        {avatar.path}")
    return ExitCode.OK


def check_not_on_air(name: str, in_use: Callable[[], Iterable[tuple[str, str]]]) -> None:
    """InputError when a running room shows avatar ``name``: deleting it would leave the
    room unable to restart (exit 2 at its next start). ``in_use`` gives (room, avatar)."""
    rooms = sorted({room for room, avatar in in_use() if avatar == name})
    if rooms:
        raise InputError(
            f"avatar {name!r} is on air in running room(s): {', '.join(rooms)}",
            hint="stop the room first, or add --force to delete it anyway",
        )


def _rooms_on_air() -> list[tuple[str, str]]:
    return [(run.name, run.avatar) for run in running_rooms()]


def cmd_delete(args: argparse.Namespace) -> int:
    target = avatar_dir(args.name)
    if not target.is_dir():
        raise InputError(f"there is no avatar named {args.name!r}", hint="see `studio avatar list`")
    if not args.force:
        check_not_on_air(args.name, _rooms_on_air)
    if not args.yes and not _confirm(cli_text(f"delete avatar {args.name!r} ({target})?")):
        raise InputError(
            f"avatar {args.name!r} was not deleted", hint="add --yes to delete without asking"
        )
    delete_avatar(args.name)
    say(f"deleted avatar {args.name!r}")
    return ExitCode.OK


def cmd_eval(args: argparse.Namespace) -> int:
    from studio.tools.evaluate import evaluate_avatar  # torch, OpenCV: not on start-up

    if not args.video.is_file():
        raise InputError(f"{args.video} does not exist", hint="give the held-out clip's path")
    with progress_bars(quiet=args.json) as progress:
        report = evaluate_avatar(args.name, args.video, progress=progress, save_video=args.out)
    print(report.to_json() if args.json else report.table())
    return ExitCode.OK


def cmd_voice(args: argparse.Namespace) -> int:
    from studio.avatar.voices import presenter_voices, set_presenter_voices

    changes = {
        lang: value for lang, value in (("zh", args.zh), ("en", args.en)) if value is not None
    }
    if args.clear:
        changes = {"zh": "", "en": ""}
    kept = set_presenter_voices(args.name, changes) if changes else presenter_voices(args.name)
    if not kept:
        say(f"{args.name}: no voice of her own; the room's voices speak for her")
    for lang, voice in sorted(kept.items()):
        print(f"{args.name}: {lang} = {voice}")  # a setting, as it is typed
    return ExitCode.OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("avatar", help="clone a presenter from a video (or a photo); manage avatars")
    asub = p.add_subparsers(dest="avatar_command", metavar="ACTION", required=True)

    c = asub.add_parser("create", help="make an avatar from about a minute of video, or one photo")
    c.add_argument(
        "video", nargs="?", type=Path, help="the presenter talking to the camera (20 s - 10 min)"
    )
    c.add_argument(
        "--photo", type=Path, default=None, help="make a one-photo avatar from IMAGE instead"
    )
    c.add_argument("--name", required=True, help="the avatar's name")
    c.add_argument(
        "--quality", choices=["fast", "high"], default="fast", help="fast (default) or high"
    )
    c.add_argument("--force", action="store_true", help="replace an avatar of the same name")
    c.add_argument(
        "--allow-short",
        action="store_true",
        help="expert: accept clips shorter than 20 s (weaker loop; logged as a warning)",
    )
    c.set_defaults(func=cmd_create)

    ls = asub.add_parser("list", help="list avatars")
    ls.set_defaults(func=cmd_list)

    s = asub.add_parser("show", help="an avatar's details and quality report")
    s.add_argument("name")
    s.add_argument("--json", action="store_true", help="print the whole manifest as JSON")
    s.set_defaults(func=cmd_show)

    e = asub.add_parser(
        "eval",
        help="drive the avatar with a held-out clip's audio and compare with its real frames",
        description="Lip-sync quality on a clip of the same presenter the avatar never saw: "
        "mouth-openness correlation and the lag where it peaks, lip landmark distance, PSNR "
        "and SSIM of the mouth region; with a static mouth (floor), the renderer driven by the "
        "real mouth, and the real video against itself (ceiling) for comparison. Definitions: "
        "studio/tools/evaluate.py.",
    )
    e.add_argument("name", help="the avatar")
    e.add_argument("--video", type=Path, required=True, help="held-out clip of the same presenter")
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    e.add_argument("-o", "--out", type=Path, help="also save the audio-driven render (MP4)")
    e.set_defaults(func=cmd_eval)

    v = asub.add_parser(
        "voice",
        help="the voice that speaks for her, per language (see `studio voice list`)",
        description="Keep which voice speaks for this presenter in each language: an "
        "installed voice pack, joe, espeak, espeak:VOICE or auto. A room file's "
        "[voice.languages] wins over it. Without options: print her voices.",
    )
    v.add_argument("name", help="the avatar")
    v.add_argument("--zh", default=None, metavar="VOICE", help='Chinese ("" forgets it)')
    v.add_argument("--en", default=None, metavar="VOICE", help='English ("" forgets it)')
    v.add_argument("--clear", action="store_true", help="forget both")
    v.set_defaults(func=cmd_voice)

    d = asub.add_parser("delete", help="delete an avatar")
    d.add_argument("name")
    d.add_argument("--yes", action="store_true", help="do not ask")
    d.add_argument(
        "--force", action="store_true", help="delete it even while a running room uses it"
    )
    d.set_defaults(func=cmd_delete)
