"""Her reading of the prompt sheet -> her lines: found, aligned to their text, cut.

Two ways in. One file per line (a folder, each file named by its line id): each file is
aligned to its line's text. One long reading of the whole sheet: it is cut at its pauses
first (speech is what stands ``SPEECH_DB_ABOVE_FLOOR`` above the noise floor, and a
pause is at least ``MIN_PAUSE_S``), the stretches are grouped into the sheet's lines in
order (a line may take several stretches when she paused inside it: each line's length
against what the text takes eSpeak NG to say, at her overall pace), and each line's span
is then aligned to its text.

The alignment is the lip-sync's known-text alignment (:mod:`studio.lipsync.align`): it
gives every phoneme and word its time in her recording, and says whether she said that
text at all. A line she did not say (the wrong sheet, a skipped line, another language)
is refused; when more than half are refused the reading does not follow the sheet and
nothing is kept. Each take is also checked against the sheet's other lines (:mod:`.rival`):
one that another line matches clearly better (the one above, 二 for 八) is refused too,
with that line named.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.avatar.lines.clip import cut, median_f0, speech_level_db
from studio.avatar.lines.rival import judge
from studio.avatar.lines.sheet import PromptSheet, SheetLine
from studio.avatar.lines.store import OwnLine, OwnLines, require_avatar, save_lines
from studio.avatar.voice import FRAME_MS, SPEECH_DB_ABOVE_FLOOR, frame_levels
from studio.core.errors import InputError
from studio.core.progress import Progress, no_progress
from studio.core.timeline import SAMPLE_RATE
from studio.lipsync.align import Alignment, align_transcript, speech_seconds
from studio.phonetics.utterance import Utterance
from studio.speech.audio import read_audio_file
from studio.speech.engine import DEFAULT_RATE, RATE_RANGE, SpeechEngine, get_engine

log = logging.getLogger(__name__)

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus", ".mp4", ".mov")
MIN_PAUSE_S = 0.35  # a gap in her speech at least this long may end a line
MIN_SPEECH_S = 0.08  # shorter bursts are clicks and breaths, not words
LEAD_MS, TAIL_MS = 40, 90  # kept before a line's first word and after its last
MAX_STRETCHES_PER_LINE = 6
MAX_REFUSED_SHARE = 0.5
FRAME = SAMPLE_RATE * FRAME_MS // 1000


@dataclass
class ImportReport:
    """What an import kept and refused, and all her lines after it."""

    kept: list[OwnLine] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (line id, why)
    lines: OwnLines = field(default_factory=OwnLines)


def reference_engine() -> SpeechEngine:
    """eSpeak NG: exact phoneme times for the text she read (as clips are aligned)."""
    from studio.speech.cache import default_cache

    return get_engine("espeak", cache=default_cache())


def _speaker(reference: SpeechEngine, text: str):
    def speak(speed: float) -> Utterance:
        rate = int(np.clip(round(DEFAULT_RATE * speed), *RATE_RANGE))
        return reference.synthesize(text, language="zh", rate=rate)

    return speak


def speech_stretches(pcm: np.ndarray) -> list[tuple[int, int]]:
    """Sample spans of speech separated by pauses of at least ``MIN_PAUSE_S``."""
    levels = frame_levels(pcm)
    if levels.size < 5:
        return []
    floor = float(np.percentile(levels, 10))
    loud = float(levels.max())
    speech = levels > max(floor + SPEECH_DB_ABOVE_FLOOR, loud - 45.0)
    idx = np.flatnonzero(speech)
    if idx.size == 0:
        return []
    gap = int(MIN_PAUSE_S * 1000 / FRAME_MS)
    breaks = np.flatnonzero(np.diff(idx) > gap)
    starts = np.r_[idx[0], idx[breaks + 1]]
    ends = np.r_[idx[breaks], idx[-1]] + 1
    min_frames = max(1, int(MIN_SPEECH_S * 1000 / FRAME_MS))
    return [
        (int(a) * FRAME, int(b) * FRAME)
        for a, b in zip(starts, ends, strict=True)
        if b - a >= min_frames
    ]


def group_stretches(
    stretches: list[tuple[int, int]], expected_s: list[float]
) -> list[tuple[int, int]]:
    """The stretches grouped, in order, into one span per line.

    Each line takes one or more consecutive stretches; the grouping minimises, over the
    lines, how far each span's length is from its expected length at her overall pace
    (log ratio), plus the pauses a line would hold inside it.
    """
    n, m = len(stretches), len(expected_s)
    said = sum(b - a for a, b in stretches) / SAMPLE_RATE
    pace = said / max(sum(expected_s), 1e-6)
    inf = float("inf")
    cost = np.full((m + 1, n + 1), inf)
    back = np.zeros((m + 1, n + 1), dtype=np.int64)
    cost[0, 0] = 0.0
    for i in range(1, m + 1):
        want = max(expected_s[i - 1] * pace, 0.05)
        for j in range(i, n - (m - i) + 1):
            for k in range(1, min(MAX_STRETCHES_PER_LINE, j - i + 1) + 1):
                prev = cost[i - 1, j - k]
                if prev == inf:
                    continue
                a, b = stretches[j - k][0], stretches[j - 1][1]
                inner = (b - a - sum(e - s for s, e in stretches[j - k : j])) / SAMPLE_RATE
                c = prev + abs(np.log((b - a) / SAMPLE_RATE / want)) + 0.5 * inner
                if c < cost[i, j]:
                    cost[i, j], back[i, j] = c, k
    if cost[m, n] == inf:
        raise InputError(
            f"The reading has {n} stretches of speech between pauses, too many for the "
            f"sheet's {m} lines (at most {MAX_STRETCHES_PER_LINE} per line).",
            "read only the sheet's lines, each once, with a pause after each (or record one "
            "file per line, named by the line ids)",
        )
    spans: list[tuple[int, int]] = []
    j = n
    for i in range(m, 0, -1):
        k = int(back[i, j])
        spans.append((stretches[j - k][0], stretches[j - 1][1]))
        j -= k
    return spans[::-1]


def _kept(line: SheetLine, aligned: Alignment, source: str) -> OwnLine:
    """Her line cut to its words (plus a short margin), with its measures."""
    utt = aligned.utterance
    n = utt.num_samples
    words = [w for w in utt.words if w.end > w.start] or utt.words
    a = words[0].start if words else 0
    b = words[-1].end if words else n
    a = max(0, a - SAMPLE_RATE * LEAD_MS // 1000)
    b = min(n, b + SAMPLE_RATE * TAIL_MS // 1000)
    kept = cut(utt, a, b)
    kept = Utterance(
        text=line.text,
        audio=kept.audio,
        phonemes=kept.phonemes,
        words=kept.words,
        language="zh",
        own=((0, kept.num_samples),),
    )
    return OwnLine(
        line.id,
        line.text,
        line.kind,
        kept,
        speech_level_db(kept.audio),
        median_f0(kept.audio),
        aligned.mismatch,
        source,
    )


def _check_speech(pcm: np.ndarray, name: str) -> None:
    if pcm.size < SAMPLE_RATE // 10 or not speech_stretches(pcm):
        raise InputError(
            f"There is no speech in {name}.",
            "record her reading the prompt sheet aloud (check the microphone is on)",
        )


def _align(line: SheetLine, pcm: np.ndarray, reference: SpeechEngine) -> Alignment:
    return align_transcript(pcm, _speaker(reference, line.text))


def _check(
    line: SheetLine, pcm: np.ndarray, reference: SpeechEngine, rivals: PromptSheet
) -> tuple[Alignment, str]:
    """The take aligned to its line, and why it is refused ("" when it is kept): it does
    not say the line, or another line of ``rivals`` matches it clearly better. When that
    line also passes the aligner's check, the reason names it (she read it instead),
    whichever check refused the take."""
    aligned = _align(line, pcm, reference)
    verdict = judge(pcm, line, rivals, reference)
    if aligned.matches or verdict.kept:
        return aligned, aligned.reason or verdict.reason
    assert verdict.rival is not None  # refused for another line
    if _align(verdict.rival, pcm, reference).matches:
        return aligned, verdict.reason
    return aligned, aligned.reason


def import_reading(
    source: str | Path,
    sheet: PromptSheet,
    avatar: str,
    *,
    reference: SpeechEngine | None = None,
    progress: Progress = no_progress,
    rivals: PromptSheet | None = None,
) -> ImportReport:
    """Read ``source`` (one long reading, or a folder of one file per line), align it to
    ``sheet`` and keep the lines she said with avatar ``avatar``.

    ``rivals``: the lines a take must not sound like instead (default: ``sheet``'s; a
    few lines of a sheet are checked against the whole sheet she reads from).

    InputError (nothing kept) for a missing file, a folder with no file named by a line
    id, a recording with no speech, or a reading that does not follow the sheet.
    """
    require_avatar(avatar)
    path = Path(source)
    if not path.exists():
        raise InputError(
            f"There is no file or folder {path}.",
            "give the recording of her reading (WAV, MP3, M4A, a video) or a folder of "
            "one file per line, named by the line ids",
        )
    reference = reference or reference_engine()
    rivals = rivals or sheet
    if path.is_dir():
        pairs = _files_by_line(path, sheet)
        found = []
        for i, (line, file) in enumerate(pairs):
            progress("align", i, len(pairs))
            pcm = read_audio_file(file)
            if not speech_stretches(pcm):
                found.append((line, None, "there is no speech in it", file.name))
                continue
            found.append((line, *_check(line, pcm, reference, rivals), file.name))
        progress("align", len(pairs), len(pairs))
    else:
        found = _long_reading(path, sheet, reference, rivals, progress)
    report = ImportReport()
    for line, aligned, why, name in found:
        if aligned is not None and not why:
            report.kept.append(_kept(line, aligned, name))
        else:
            reason = why or "not found"
            report.refused.append((line.id, reason))
            log.warning("line %s (%s) refused: %s", line.id, line.text, reason)
    if not report.kept or len(report.refused) > MAX_REFUSED_SHARE * len(found):
        shown = "; ".join(f"{i}: {why}" for i, why in report.refused[:3])
        raise InputError(
            f"The reading does not match the prompt sheet: {len(report.refused)} of "
            f"{len(found)} lines do not say their text ({shown}).",
            "check that the recording reads this sheet, in its order, with a pause after "
            "each line (or give --script the sheet she read)",
        )
    report.lines = save_lines(avatar, report.kept)
    return report


def import_take(
    pcm: np.ndarray,
    line: SheetLine,
    sheet: PromptSheet,
    avatar: str,
    *,
    reference: SpeechEngine | None = None,
) -> ImportReport:
    """Keep one take of ``line`` (48 kHz mono, the window's microphone) with avatar
    ``avatar`` if it says that line and sounds like no other line of ``sheet``.

    InputError (nothing kept) with the reason -- the line it sounds like, when it
    sounds like another -- otherwise.
    """
    require_avatar(avatar)
    pcm = np.asarray(pcm, np.int16).reshape(-1)
    if not speech_stretches(pcm):
        why = "there is no speech in it"
        aligned = None
    else:
        aligned, why = _check(line, pcm, reference or reference_engine(), sheet)
    if aligned is None or why:
        log.warning("line %s (%s) refused: %s", line.id, line.text, why)
        raise InputError(f"This take was not kept: {why}.", "read this line again")
    kept = _kept(line, aligned, "microphone")
    return ImportReport(kept=[kept], lines=save_lines(avatar, [kept]))


def _files_by_line(folder: Path, sheet: PromptSheet) -> list[tuple[SheetLine, Path]]:
    files = {
        p.stem: p
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES and not p.name.startswith(".")
    }
    pairs = [(line, files[line.id]) for line in sheet.lines if line.id in files]
    if not pairs:
        example = sheet.lines[0].id
        raise InputError(
            f"No file in {folder} is named by a line id of the prompt sheet.",
            f"name each file by its line's id, e.g. {example}.wav for {sheet.lines[0].text!r}",
        )
    unknown = sorted(set(files) - {line.id for line, _ in pairs})
    if unknown:
        log.warning("files not named by a line id, left out: %s", ", ".join(unknown[:10]))
    return pairs


def _long_reading(
    path: Path,
    sheet: PromptSheet,
    reference: SpeechEngine,
    rivals: PromptSheet,
    progress: Progress,
) -> list[tuple[SheetLine, Alignment | None, str, str]]:
    pcm = read_audio_file(path)
    _check_speech(pcm, path.name)
    stretches = speech_stretches(pcm)
    lines = list(sheet.lines)
    expected = []
    for i, line in enumerate(lines):
        progress("reference", i, len(lines))
        expected.append(speech_seconds(_speaker(reference, line.text)(1.0).audio))
    progress("reference", len(lines), len(lines))
    if len(stretches) < len(lines):
        raise InputError(
            f"The reading of {path.name} has {len(stretches)} stretches of speech between "
            f"pauses, fewer than the sheet's {len(lines)} lines.",
            "pause for about a second after each line (or record one file per line, named "
            "by the line ids), and check it reads this sheet",
        )
    spans = group_stretches(stretches, expected)
    found = []
    margin = SAMPLE_RATE * 150 // 1000
    for i, (line, (a, b)) in enumerate(zip(lines, spans, strict=True)):
        progress("align", i, len(lines))
        lo = max(a - margin, spans[i - 1][1] if i else 0)
        hi = min(b + margin, spans[i + 1][0] if i + 1 < len(spans) else len(pcm))
        found.append((line, *_check(line, pcm[lo:hi], reference, rivals), path.name))
    progress("align", len(lines), len(lines))
    return found
