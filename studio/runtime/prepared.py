"""Turn a show entry into something the timeline can place: audio, mouth, words.

Text is synthesised (with the script's pause marks as exact silences), clips are
decoded and resampled (and aligned to their transcript when they have one), pauses are
silence; every kind ends up as the same ``PreparedItem`` so the director treats them
alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from studio.core.errors import DependencyError, InputError
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync.align import Alignment, align_transcript
from studio.lipsync.energy import energy_mouth_track
from studio.lipsync.trajectory import MouthTarget, MouthTrack, mouth_track
from studio.phonetics.utterance import Utterance, Word
from studio.phonetics.viseme import Viseme
from studio.speech.audio import read_audio_file
from studio.speech.engine import DEFAULT_RATE, RATE_RANGE, SpeechEngine, join_utterances

log = logging.getLogger(__name__)


@dataclass
class PreparedItem:
    """Audio on the 48 kHz timeline with its per-frame mouth and its words."""

    key: str
    text: str  # what the subtitle shows ('' for clips and pauses)
    audio: np.ndarray  # int16 mono
    mouth: MouthTrack
    words: list[Word] = field(default_factory=list)
    #: samples in the presenter's own recorded voice (her prompt-sheet lines), the rest TTS
    own_samples: int = 0

    @property
    def num_samples(self) -> int:
        return int(self.audio.shape[0])

    @property
    def own_share(self) -> float:
        """The share of the item's seconds in her own recorded voice."""
        return self.own_samples / self.num_samples if self.num_samples else 0.0


def silence_item(key: str, samples: int, fps: FrameRate) -> PreparedItem:
    n = fps.frames_for_samples(samples)
    zeros = np.zeros(n, dtype=np.float32)
    return PreparedItem(
        key, "", np.zeros(samples, dtype=np.int16), MouthTrack(fps, zeros, zeros.copy())
    )


def speak(
    engine: SpeechEngine,
    key: str,
    text: str,
    pauses: tuple[tuple[int, int], ...],
    fps: FrameRate,
    voice: str | None = None,
    targets: dict[Viseme, MouthTarget] | None = None,
) -> PreparedItem:
    """Synthesise ``text`` with exact silences at its pause marks (char offset, samples).

    ``targets``: the avatar's own viseme shapes (a video avatar's mouth bank); default the
    neutral table the photo rig is tuned for.
    """
    cuts = sorted((min(max(0, c), len(text)), s) for c, s in pauses)
    bounds = [0, *(c for c, _ in cuts), len(text)]
    silences = [s for _, s in cuts] + [0]
    parts: list[Utterance] = []
    after: list[int] = []
    lead = 0  # a pause before anything is said
    spans = list(zip(bounds, bounds[1:], strict=False))
    for (a, b), silence in zip(spans, silences, strict=True):
        if text[a:b].strip():
            parts.append(
                replace(engine.synthesize(text[a:b], language="auto", voice=voice), text_offset=a)
            )
            after.append(silence)
        elif parts:
            after[-1] += silence
        else:
            lead += silence
    if lead:
        parts.insert(0, Utterance(text="", audio=np.zeros(lead, dtype=np.int16)))
        after.insert(0, 0)
    utt = (
        join_utterances(text, parts, after)
        if parts
        else Utterance(text=text, audio=np.zeros(0, np.int16))
    )
    if utt.own:
        log.info(
            "%s: %.0f%% in her own voice (%.1f of %.1f s): %s",
            key,
            100 * utt.own_share,
            utt.own_samples / SAMPLE_RATE,
            utt.num_samples / SAMPLE_RATE,
            text[:40],
        )
    return PreparedItem(
        key,
        text,
        utt.audio,
        mouth_track(utt.phonemes, utt.num_samples, fps, targets=targets),
        utt.words,
        own_samples=utt.own_samples,
    )


def transcript_alignment(pcm: np.ndarray, text: str, reference: SpeechEngine) -> Alignment:
    """The recording ``pcm`` (48 kHz) aligned to ``text``, what it says, which
    ``reference`` (eSpeak NG: exact phoneme times, Mandarin, English and both) speaks at
    whatever speed :func:`~studio.lipsync.align.align_transcript` asks for."""

    def speak(speed: float) -> Utterance:
        rate = int(np.clip(round(DEFAULT_RATE * speed), *RATE_RANGE))
        return reference.synthesize(text, language="auto", rate=rate)

    return align_transcript(pcm, speak)


def clip_item(
    key: str,
    path: str,
    fps: FrameRate,
    avatar: object = None,
    transcript: str = "",
    reference: SpeechEngine | None = None,
    targets: dict[Viseme, MouthTarget] | None = None,
) -> PreparedItem:
    """A recorded clip, decoded to 48 kHz mono.

    With its ``transcript`` (the words it says) and a ``reference`` engine, the mouth
    comes from the phoneme path, as for synthesised text (closed on every p/b/m, shaped
    by ``targets``), and the subtitle shows the transcript word by word. Otherwise, or
    when the recording does not say that text, the mouth comes from the audio alone: the
    avatar's fine-tuned model when ``avatar`` has one, else the phone recogniser through
    the same phoneme path (:func:`~studio.lipsync.audio_model.audio_mouth_track`), or from
    loudness when the recogniser is not installed.
    """
    pcm = read_audio_file(path)
    if transcript.strip() and reference is not None:
        name = Path(path).name
        try:
            aligned = transcript_alignment(pcm, transcript, reference)
        except InputError as exc:  # nothing in the text to speak
            aligned = None
            log.warning("clip %s: its text cannot be spoken (%s)", name, exc.message)
        if aligned is not None and aligned.matches:
            log.info(
                "clip %s aligned to its text (cost ratio %.2f, coverage %.0f%%)",
                name,
                aligned.cost_ratio,
                100 * aligned.coverage,
            )
            utt = aligned.utterance
            mouth = mouth_track(utt.phonemes, len(pcm), fps, targets=targets)
            return PreparedItem(key, transcript, pcm, mouth, utt.words)
        if aligned is not None:
            log.warning(
                "clip %s does not match its text: %s; its mouth follows the audio instead "
                "(check that the text is what the recording says)",
                name,
                aligned.reason,
            )
    return PreparedItem(key, "", pcm, _audio_mouth(pcm, fps, avatar, targets))


def _audio_mouth(
    pcm: np.ndarray, fps: FrameRate, avatar: object, targets: dict[Viseme, MouthTarget] | None
) -> MouthTrack:
    # torch only when a show plays a recorded clip: rooms without clips never load it
    from studio.lipsync.audio_model import audio_mouth_track

    try:
        return audio_mouth_track(pcm, fps, SAMPLE_RATE, avatar=avatar, targets=targets)
    except DependencyError as exc:
        log.warning("%s; the clip's mouth follows its loudness", exc.message)
        return energy_mouth_track(pcm, fps)


__all__ = [
    "PreparedItem",
    "clip_item",
    "silence_item",
    "speak",
    "transcript_alignment",
    "SAMPLE_RATE",
]
