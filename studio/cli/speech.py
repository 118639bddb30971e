"""`studio tts` and `studio text normalize`: speech from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from studio.avatar.voices import presenter_voices
from studio.cli import progress_bars
from studio.core.errors import ExitCode, InputError
from studio.core.output import say
from studio.core.timeline import SAMPLE_RATE
from studio.core.wav import write_wav
from studio.speech.cache import default_cache
from studio.speech.engine import (
    DEFAULT_PITCH,
    DEFAULT_RATE,
    DEFAULT_VOLUME,
    LONG_TEXT_CHARS,
    get_engine,
)
from studio.speech.normalize import normalize
from studio.speech.voicepacks import find_pack
from studio.speech.voices import build_engine

if TYPE_CHECKING:
    from studio.speech.knn_match import VoicePool
    from studio.speech.voice_profile import VoiceProfile

ENGINES = ("espeak", "piper", "coqui")


def _read_text(value: str) -> str:
    """The TEXT argument, or standard input for "-"."""
    return sys.stdin.read() if value == "-" else value


def _write_json(path: Path, data: dict) -> None:
    """Write JSON atomically (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_normalize(args: argparse.Namespace) -> int:
    norm = normalize(_read_text(args.text), args.lang)
    if args.json:
        words = [
            {"spoken": norm.text[i], "source": list(span)} for i, span in enumerate(norm.origin)
        ]
        print(json.dumps({"text": norm.text, "map": words}, ensure_ascii=False))
    else:
        print(norm.text)
    return ExitCode.OK


def _engine_for_voice(args: argparse.Namespace) -> str:
    """--engine, else the engine of the voice pack --voice names, else eSpeak."""
    if args.engine:
        return args.engine
    pack = find_pack(args.voice) if args.voice else None
    if pack is None:
        return "espeak"
    if pack.engine == "coqui" and args.model_dir is None:
        args.model_dir = pack.path
    return pack.engine


def cmd_tts(args: argparse.Namespace) -> int:
    options: dict = {"cache": None if args.no_cache else default_cache()}
    if args.no_match and not args.avatar:
        raise InputError("--no-match is for speaking as a presenter.", "add --avatar NAME")
    # as the presenter: her own voice per language (studio avatar voice) unless asked otherwise
    own = presenter_voices(args.avatar) if args.avatar and not (args.engine or args.voice) else {}
    args.engine = _engine_for_voice(args)
    if args.engine == "coqui":
        options.update(model_dir=args.model_dir, reference=args.reference)
    elif args.model_dir or args.reference:
        raise InputError(
            "--model-dir and --reference are for the coqui engine.", "add --engine coqui"
        )
    if own:
        engine, _ = build_engine(args.engine, "", own, cache=options["cache"])
    else:
        engine = get_engine(args.engine, **options)
    if args.avatar:
        # scipy.signal (voice matching, her lines' pitch): only speaking as a presenter
        # needs them, so they stay off every other command's start-up (studio.cli)
        from studio.avatar.lines.engine import with_own_lines
        from studio.speech.matched import matched

        engine = matched(engine, *((None, None) if args.no_match else _presenter(args.avatar)))
        if not args.no_own_lines:  # her recorded lines first, as in a show
            engine = with_own_lines(engine, args.avatar)
    if args.list_voices:
        print("\n".join(engine.list_voices()))
        return ExitCode.OK
    if args.out is None:
        raise InputError("no output file given", "add -o out.wav")
    text = _read_text(args.text)
    with progress_bars() as progress:
        utt = engine.synthesize(
            text,
            language=args.lang,
            voice=args.voice,
            rate=args.rate,
            pitch=args.pitch,
            volume=args.volume,
            normalize=not args.no_normalize,
            progress=progress if len(text) > LONG_TEXT_CHARS else (lambda *_: None),
        )
    write_wav(args.out, utt.audio, utt.sample_rate)
    if args.timeline is not None:
        _write_json(args.timeline, utt.timeline_json())
    if utt.own:
        say(
            f"her own voice: {utt.own_share:.0%} of the line "
            f"({utt.own_samples / SAMPLE_RATE:.2f} s of {utt.num_samples / SAMPLE_RATE:.2f} s)"
        )
    say(
        f"wrote {args.out}  ({utt.num_samples / SAMPLE_RATE:.2f} s, {utt.sample_rate} Hz mono, "
        f"{len(utt.phonemes)} phonemes, {len(utt.words)} words, {utt.language or '-'})"
    )
    if utt.unknown_phonemes:
        say(f"note: phonemes without a viseme class: {utt.unknown_phonemes}", file=sys.stderr)
    return ExitCode.OK


def _presenter(name: str) -> tuple[VoiceProfile | None, VoicePool | None]:
    """The voice profile of avatar ``name`` and her analysed voice reference (None, with
    a note, when she has no voice reference)."""
    from studio.avatar.package import load_avatar  # OpenCV, PyAV: off start-up (studio.cli)

    avatar = load_avatar(name)
    try:
        profile = avatar.voice_profile
        pool = avatar.voice_pool
    finally:
        avatar.close()
    if profile is None:
        say(
            f"note: avatar {name!r} has no voice reference (a photo avatar, or a clip without "
            "clear speech): the stock voice speaks",
            file=sys.stderr,
        )
    else:
        say(
            f"voice matched (音色接近) to {name}: {profile.f0_median_hz:.0f} Hz, "
            f"formants {'/'.join(str(round(f)) for f in profile.formants_hz)} Hz",
            file=sys.stderr,
        )
    return profile, pool


def register(sub: argparse._SubParsersAction) -> None:
    text = sub.add_parser("text", help="text tools (normalise a script for speech)")
    text_sub = text.add_subparsers(dest="text_command", metavar="COMMAND", required=True)
    norm = text_sub.add_parser("normalize", help="print the spoken form of a script line")
    norm.add_argument("text", help='the text ("-" reads standard input)')
    norm.add_argument("--lang", default="auto", help="auto (default), zh or en")
    norm.add_argument("--json", action="store_true", help="also print the offset map")
    norm.set_defaults(func=cmd_normalize)

    tts = sub.add_parser("tts", help="speak text to a 48 kHz WAV with a phoneme/word timeline")
    tts.add_argument("text", nargs="?", default="", help='the text ("-" reads standard input)')
    tts.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="default: the engine of the voice pack --voice names, else espeak",
    )
    tts.add_argument("--lang", default="auto", help="auto (default: split zh/en), zh or en")
    tts.add_argument(
        "--voice", default=None, help="a voice name or installed pack (see --list-voices)"
    )
    tts.add_argument(
        "--rate", type=int, default=DEFAULT_RATE, help=f"words per minute (default {DEFAULT_RATE})"
    )
    tts.add_argument("--pitch", type=int, default=DEFAULT_PITCH, help="0-100 (eSpeak only)")
    tts.add_argument("--volume", type=int, default=DEFAULT_VOLUME, help="0-200 (default 100)")
    tts.add_argument("-o", "--out", type=Path, default=None, help="output WAV file")
    tts.add_argument("--timeline", type=Path, default=None, help="also write the timeline JSON")
    tts.add_argument("--no-normalize", action="store_true", help="speak the text as written")
    tts.add_argument("--no-cache", action="store_true", help="do not use the synthesis cache")
    tts.add_argument(
        "--avatar",
        default=None,
        help="speak as this presenter would in a show: her voice per language (studio avatar "
        "voice), voice matched (音色接近) to her voice reference",
    )
    tts.add_argument(
        "--no-match", action="store_true", help="with --avatar: the stock voice, for comparison"
    )
    tts.add_argument(
        "--no-own-lines",
        action="store_true",
        help="with --avatar: TTS only, not her recorded lines (studio voice lines)",
    )
    tts.add_argument("--list-voices", action="store_true", help="print the engine's voices")
    tts.add_argument("--model-dir", type=Path, default=None, help="coqui: the model folder")
    tts.add_argument("--reference", type=Path, default=None, help="coqui XTTS: voice clip")
    tts.set_defaults(func=cmd_tts)
