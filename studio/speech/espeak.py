"""eSpeak NG text-to-speech with exact phoneme and word times (DESIGN.md §1, TTS row).

The library comes from PyPI ``espeakng-loader`` (eSpeak NG 1.52 plus its data) and is
driven through ctypes in synchronous mode with phoneme events on. Every event carries
``sample``: the 22 050 Hz output sample at which it happens, counted from the start of
each ``espeak_Synth`` call, so phoneme times are exact integers rather than the rounded
milliseconds of ``audio_position``. Audio is resampled to the 48 kHz timeline
(22 050 * 320 / 147) and times are scaled with the same integer ratio.

Mixed Chinese/English text is split into runs (``studio.speech.segment``); each run is
spoken by its language's voice, its outer silence trimmed, and the runs are joined into
one Utterance whose times and character offsets refer to the whole text.

eSpeak keeps global state (one voice, one callback), so all calls go through one
process-wide lock and the library is initialised once. Part of that state is the phase
of its pitch flutter (a function-static counter in wavegen.c that no API resets; neither
``espeak_ng_SetRandSeed`` nor re-initialising touches it), so the same text spoken twice
in one process differs slightly: measured, up to ~1 % in length and a different
waveform. A fresh process repeats the same sequence, but a text's samples depend on
what was spoken before it. The synthesis cache is what makes a repeated line identical
on air; tests must not expect two syntheses (or anything built on them, like a cloned
test avatar) to be byte-equal.

``EspeakEngine.synthesize`` comes from :class:`studio.speech.engine.SpeechEngine`: it
checks the settings, normalises the text (prices, dates, ...), splits long text into
sentences and caches; :meth:`EspeakEngine.speak` is the eSpeak part described here.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from studio.core.errors import DependencyError, InputError
from studio.core.timeline import SAMPLE_RATE
from studio.phonetics.phoneme_map import is_marker, is_pause, table_language, viseme_or_fallback
from studio.phonetics.utterance import Phoneme, Utterance, Word
from studio.phonetics.viseme import Viseme
from studio.speech.audio import resample_to_timeline as _resample
from studio.speech.audio import to_timeline as _to_timeline
from studio.speech.cache import SynthesisCache
from studio.speech.engine import (
    PITCH_RANGE,
    RATE_RANGE,
    VOLUME_RANGE,
    Settings,
    SpeechEngine,
    check_range,
)
from studio.speech.segment import EN, ZH, Run, split_language_runs

log = logging.getLogger(__name__)

# speak_lib.h constants
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_INIT_PHONEME_EVENTS = 0x0001
_INIT_DONT_EXIT = 0x8000  # without it a missing data folder calls exit() in C
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_EVENT_PHONEME = 7
_PARAM_RATE, _PARAM_VOLUME, _PARAM_PITCH = 1, 2, 3
_EE_OK = 0


DEFAULT_VOICES: Mapping[str, str] = {ZH: "cmn", EN: "en-us"}

#: Joins between runs: silence kept after a run that ends in punctuation, and after
#: one that does not (a few ms, so a final consonant's release is not clipped).
PUNCT_GAP_MS = 60
JOIN_GAP_MS = 10
LEAD_MS = 5
#: |sample| above this counts as sound when trimming outer silence (about -54 dBFS).
SILENCE_THRESHOLD = 64

_INSTALL_HINT = "pip install espeakng-loader  (it bundles libespeak-ng and espeak-ng-data)"


class _EventId(ctypes.Union):
    _fields_ = [
        ("number", ctypes.c_int),
        ("name", ctypes.c_char_p),
        ("string", ctypes.c_char * 8),  # phoneme name, NUL-terminated unless 8 bytes long
    ]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),  # 1-based, in characters (code points)
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),  # ms
        ("sample", ctypes.c_int),  # output samples since the start of espeak_Synth
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


class _VoiceStruct(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),  # [priority byte][name NUL]... [0]
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


@dataclass(frozen=True)
class VoiceInfo:
    """One voice in the bundled data: pass ``identifier`` (e.g. "cmn", "en-us") as voice."""

    name: str
    identifier: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class _RawEvent:
    kind: int  # _EVENT_WORD or _EVENT_PHONEME
    sample: int  # at the engine's sample rate
    text_position: int  # 1-based character position in the synthesized text
    name: str  # phoneme mnemonic ("" for words)


@dataclass
class _RawSynthesis:
    pcm: np.ndarray  # int16 at sample_rate
    sample_rate: int
    events: list[_RawEvent]


class _Collector:
    """Receives one synthesis' audio chunks and events from the C callback."""

    def __init__(self) -> None:
        self.chunks: list[np.ndarray] = []
        self.events: list[_RawEvent] = []
        self.error: BaseException | None = None

    def add(self, wav: ctypes._Pointer, count: int, events: ctypes._Pointer) -> None:
        if wav and count > 0:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events and events[i].type != _EVENT_LIST_TERMINATED:
            ev = events[i]
            if ev.type == _EVENT_PHONEME:
                name = ev.id.string.decode("utf-8", errors="ignore")
                self.events.append(_RawEvent(_EVENT_PHONEME, ev.sample, ev.text_position, name))
            elif ev.type == _EVENT_WORD:
                self.events.append(_RawEvent(_EVENT_WORD, ev.sample, ev.text_position, ""))
            i += 1


def _load_cdll() -> tuple[ctypes.CDLL, Path]:
    """The eSpeak NG library and the folder that *contains* ``espeak-ng-data``."""
    try:
        import espeakng_loader
    except ImportError as exc:
        raise DependencyError("eSpeak NG is not installed.", _INSTALL_HINT) from exc
    lib_path = Path(espeakng_loader.get_library_path())
    try:
        data_path = Path(espeakng_loader.get_data_path())
    except RuntimeError as exc:
        raise DependencyError("eSpeak NG voice data is missing.", _INSTALL_HINT) from exc
    if not (data_path / "phontab").is_file():
        raise DependencyError(f"eSpeak NG voice data is incomplete at {data_path}.", _INSTALL_HINT)
    try:
        lib = ctypes.CDLL(str(lib_path))
    except OSError as exc:
        raise DependencyError(
            f"cannot load eSpeak NG from {lib_path}: {exc}", _INSTALL_HINT
        ) from exc
    return lib, data_path.parent


def _declare(lib: ctypes.CDLL) -> None:
    """ctypes signatures (speak_lib.h), so wrong arguments fail in Python, not in C."""
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.POINTER(ctypes.c_uint),
        ctypes.c_void_p,
    ]
    lib.espeak_Synth.restype = ctypes.c_int
    lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
    lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_VoiceStruct))


def _parse_languages(ptr: int | None) -> tuple[str, ...]:
    """Decode espeak_VOICE.languages: (priority byte, NUL-terminated name) pairs."""
    names: list[str] = []
    while ptr and ctypes.c_ubyte.from_address(ptr).value != 0:
        name = ctypes.string_at(ptr + 1)
        names.append(name.decode("utf-8", errors="replace"))
        ptr += 2 + len(name)
    return tuple(names)


class _Espeak:
    """The process-wide library; every method must be called with ``_LOCK`` held."""

    def __init__(self) -> None:
        self._lib, root = _load_cdll()
        _declare(self._lib)
        rate = self._lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, str(root).encode(), _INIT_PHONEME_EVENTS | _INIT_DONT_EXIT
        )
        if rate <= 0:
            raise DependencyError("eSpeak NG failed to initialise.", _INSTALL_HINT)
        self.sample_rate = rate
        self._collector = _Collector()
        self._callback = _SynthCallback(self._on_synth)  # keep alive: C holds the pointer
        self._lib.espeak_SetSynthCallback(self._callback)
        log.debug("eSpeak NG initialised from %s at %d Hz", root, rate)

    def _on_synth(self, wav: ctypes._Pointer, count: int, events: ctypes._Pointer) -> int:
        try:
            self._collector.add(wav, count, events)
        except BaseException as exc:  # an exception must not unwind through C
            self._collector.error = exc
            return 1  # abort synthesis
        return 0

    def voices(self) -> list[VoiceInfo]:
        table = self._lib.espeak_ListVoices(None)
        found: list[VoiceInfo] = []
        i = 0
        while table and table[i]:
            v = table[i].contents
            found.append(
                VoiceInfo(
                    name=(v.name or b"").decode("utf-8", errors="replace"),
                    identifier=(v.identifier or b"").decode("utf-8", errors="replace"),
                    languages=_parse_languages(v.languages),
                )
            )
            i += 1
        return found

    def has_voice(self, voice: str) -> bool:
        return self._lib.espeak_SetVoiceByName(voice.encode()) == _EE_OK

    def synth(self, text: str, voice: str, rate: int, pitch: int, volume: int) -> _RawSynthesis:
        if self._lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
            raise InputError(
                f"eSpeak NG has no voice {voice!r}.",
                "use a voice from EspeakEngine.list_voices(), e.g. 'cmn' or 'en-us'",
            )
        for param, value in ((_PARAM_RATE, rate), (_PARAM_PITCH, pitch), (_PARAM_VOLUME, volume)):
            self._lib.espeak_SetParameter(param, value, 0)
        self._collector = _Collector()
        data = text.encode("utf-8")
        status = self._lib.espeak_Synth(
            data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        collector = self._collector
        if collector.error is not None:
            raise RuntimeError("eSpeak NG callback failed") from collector.error
        if status != _EE_OK:
            raise RuntimeError(f"espeak_Synth failed with status {status}")
        pcm = np.concatenate(collector.chunks) if collector.chunks else np.zeros(0, np.int16)
        return _RawSynthesis(pcm.astype(np.int16, copy=False), self.sample_rate, collector.events)


_LOCK = threading.Lock()
_INSTANCE: list[_Espeak] = []  # the one library instance, created on first use


def _espeak() -> _Espeak:
    """The initialised library (call with ``_LOCK`` held)."""
    if not _INSTANCE:
        _INSTANCE.append(_Espeak())
    return _INSTANCE[0]


# --------------------------------------------------------------------------- timing


@dataclass
class _Span:
    """A phoneme on one piece's timeline; ``word`` indexes the piece's word marks."""

    name: str
    viseme: Viseme
    start: int
    end: int
    word: int | None


@dataclass
class _WordMark:
    char_start: int
    char_end: int
    sample: int


@dataclass
class _Piece:
    """One synthesized run on its own timeline, offsets already in the original text."""

    audio: np.ndarray
    spans: list[_Span] = field(default_factory=list)
    words: list[_WordMark] = field(default_factory=list)


def _is_filler(ch: str) -> bool:
    """Characters that never start or end a word: spaces, punctuation, symbols, controls."""
    return unicodedata.category(ch)[0] in "PSZC"


def _word_chars(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to the word itself (no surrounding spaces/punctuation)."""
    end = min(max(end, start + 1), len(text))
    while end - start > 1 and _is_filler(text[end - 1]):
        end -= 1
    while end - start > 1 and _is_filler(text[start]):
        start += 1
    return start, end


def _word_index(events: list[_RawEvent]) -> list[int | None]:
    """For every event, the index of the word it belongs to (None before the first).

    A word event that does not move forward in the text (eSpeak sends two for "OK" read
    by the Mandarin voice) continues the current word instead of starting one.
    """
    indices: list[int | None] = []
    current: int | None = None
    last_position = 0
    for ev in events:
        if ev.kind == _EVENT_WORD and (current is None or ev.text_position > last_position):
            current = 0 if current is None else current + 1
            last_position = ev.text_position
        indices.append(current)
    return indices


def _word_marks(
    events: list[_RawEvent], words: list[int | None], run: Run, rate: int
) -> list[_WordMark]:
    """Word events -> character spans in the original text.

    eSpeak's ``length`` is unreliable for Chinese (1 for the two-character 你好), so a
    word ends where the next word starts, minus trailing spaces and punctuation.
    """
    firsts: dict[int, _RawEvent] = {}
    for ev, word in zip(events, words, strict=True):
        if ev.kind == _EVENT_WORD and word is not None and word not in firsts:
            firsts[word] = ev
    starts = [min(max(firsts[i].text_position - 1, 0), len(run.text)) for i in range(len(firsts))]
    marks: list[_WordMark] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(run.text)
        a, b = _word_chars(run.text, start, end)
        sample = _to_timeline(firsts[i].sample, rate)
        marks.append(_WordMark(run.char_start + a, run.char_start + b, sample))
    return marks


def _spans(
    events: list[_RawEvent],
    words: list[int | None],
    rate: int,
    n: int,
    language: str,
    unknown: dict[str, int],
) -> list[_Span]:
    """Phoneme events -> spans covering ``[0, n)``; each ends where the next begins."""
    spans: list[_Span] = []
    for ev, word in zip(events, words, strict=True):
        if ev.kind != _EVENT_PHONEME or is_marker(ev.name):  # "(en)": a voice switch
            continue
        name = ev.name or "_"
        start = min(max(_to_timeline(ev.sample, rate), spans[-1].start if spans else 0), n)
        viseme = viseme_or_fallback(name, language, unknown)
        spans.append(_Span(name, viseme, start, n, word))
    if spans and spans[0].start > 0:  # eSpeak's lead-in before the first phoneme event
        spans.insert(0, _Span("_", Viseme.SIL, 0, spans[0].start, None))
    for prev, nxt in zip(spans, spans[1:], strict=False):
        prev.end = nxt.start
    return spans


def _piece(raw: _RawSynthesis, run: Run, unknown: dict[str, int]) -> _Piece:
    """A run's synthesis on the 48 kHz timeline with phoneme spans and word marks."""
    audio = _resample(raw.pcm, raw.sample_rate)
    words = _word_index(raw.events)
    spans = _spans(raw.events, words, raw.sample_rate, len(audio), run.language, unknown)
    return _Piece(audio, spans, _word_marks(raw.events, words, run, raw.sample_rate))


def _ends_in_punctuation(text: str) -> bool:
    stripped = text.rstrip()
    return bool(stripped) and unicodedata.category(stripped[-1]).startswith("P")


def _trim(piece: _Piece, tail_ms: int) -> _Piece:
    """Cut outer silence: keep ``LEAD_MS`` before the first sound and exactly ``tail_ms``
    after the last (padding with zeros), so joins between runs are seamless."""
    loud = np.flatnonzero(np.abs(piece.audio.astype(np.int32)) > SILENCE_THRESHOLD)
    if loud.size == 0:
        return piece
    lead = SAMPLE_RATE * LEAD_MS // 1000
    tail = SAMPLE_RATE * tail_ms // 1000
    first = max(int(loud[0]) - lead, 0)
    last = int(loud[-1]) + 1
    body = piece.audio[first : last + tail]
    audio = np.concatenate([body, np.zeros(last + tail - first - len(body), np.int16)])
    n = len(audio)
    spans = [
        replace(s, start=min(max(s.start - first, 0), n), end=min(max(s.end - first, 0), n))
        for s in piece.spans
    ]
    if spans:
        spans[-1].end = n  # the last phoneme (usually a pause) covers the kept tail
    words = [replace(w, sample=min(max(w.sample - first, 0), n)) for w in piece.words]
    return _Piece(audio, spans, words)


def _word_times(piece: _Piece) -> list[tuple[int, int]]:
    """Each word's audio span: from its first to its last sounding phoneme."""
    times = [(mark.sample, mark.sample) for mark in piece.words]
    seen: set[int] = set()
    for s in piece.spans:
        if s.word is None or s.end <= s.start or is_pause(s.name):
            continue
        start = times[s.word][0] if s.word in seen else s.start
        times[s.word] = (start, s.end)
        seen.add(s.word)
    return times


def _join(text: str, pieces: list[_Piece], language: str, unknown: dict[str, int]) -> Utterance:
    """Concatenate pieces into one Utterance, shifting every time by the piece's offset."""
    phonemes: list[Phoneme] = []
    words: list[Word] = []
    offset = 0
    for piece in pieces:
        for s in piece.spans:
            if s.end > s.start:
                phonemes.append(Phoneme(s.name, s.viseme, s.start + offset, s.end + offset))
        for mark, (start, end) in zip(piece.words, _word_times(piece), strict=True):
            words.append(
                Word(
                    text[mark.char_start : mark.char_end],
                    mark.char_start,
                    mark.char_end,
                    start + offset,
                    end + offset,
                )
            )
        offset += len(piece.audio)
    audio = np.concatenate([p.audio for p in pieces]) if pieces else np.zeros(0, np.int16)
    return Utterance(
        text=text,
        audio=audio,
        sample_rate=SAMPLE_RATE,
        phonemes=phonemes,
        words=words,
        language=language,
        unknown_phonemes=unknown,
    )


# --------------------------------------------------------------------------- engine


def voice_info() -> list[VoiceInfo]:
    """All voices in the bundled eSpeak NG data, with names and language codes."""
    with _LOCK:
        return _espeak().voices()


def list_voices() -> list[str]:
    """Voice names to pass as ``voice=`` (e.g. "cmn", "en", "en-us"), sorted."""
    return sorted(v.identifier.rsplit("/", 1)[-1].lower() for v in voice_info())


class EspeakEngine(SpeechEngine):
    """Text -> Utterance with eSpeak NG: Mandarin (``cmn``) and English (``en-us``).

    ``synthesize`` (from :class:`SpeechEngine`) normalises, checks, caches and splits
    long text; :meth:`speak` is the eSpeak part: language runs, each spoken by its
    voice, trimmed and joined seamlessly.
    """

    name = "espeak"
    sample_rate = SAMPLE_RATE

    def __init__(
        self, voices: Mapping[str, str] | None = None, cache: SynthesisCache | None = None
    ) -> None:
        """``voices`` maps "zh"/"en" to eSpeak voice names; loads the library now so a
        missing install fails here, with a hint, rather than mid-show."""
        super().__init__(cache)
        self.voices: dict[str, str] = {**DEFAULT_VOICES, **(voices or {})}
        with _LOCK:
            _espeak()

    def list_voices(self) -> list[str]:
        """Voice names to pass as ``voice=`` (e.g. "cmn", "en-us")."""
        return list_voices()

    def model_id(self) -> str:
        table = ",".join(f"{k}={v}" for k, v in sorted(self.voices.items()))
        return f"espeak-ng:{table}"

    def check(self, settings: Settings) -> str:
        """Ranges, language and voice; the language to normalise numbers in."""
        check_range("rate", settings.rate, RATE_RANGE)
        check_range("pitch", settings.pitch, PITCH_RANGE)
        check_range("volume", settings.volume, VOLUME_RANGE)
        forced = self._forced_language(settings.language)
        voice = settings.voice
        if voice is not None:
            with _LOCK:
                known = _espeak().has_voice(voice)
            if not known:
                raise InputError(
                    f"eSpeak NG has no voice {voice!r}.",
                    "use a voice from `EspeakEngine.list_voices()`, e.g. 'cmn' or 'en-us'",
                )
            voice_language = table_language(voice)
            if voice_language not in (ZH, EN):
                return voice_language  # digits are read by that voice itself
        return forced or "auto"

    def speak(self, text: str, settings: Settings) -> Utterance:
        """The eSpeak part: language runs, each spoken by its voice, joined seamlessly."""
        runs, voices = self._plan(text, settings.language, settings.voice)
        unknown: dict[str, int] = {}
        pieces: list[_Piece] = []
        for i, run in enumerate(runs):
            with _LOCK:
                raw = _espeak().synth(
                    run.text, voices[run.language], settings.rate, settings.pitch, settings.volume
                )
            gap = PUNCT_GAP_MS if _ends_in_punctuation(run.text) else JOIN_GAP_MS
            pieces.append(_trim(_piece(raw, run, unknown), gap))
            log.debug(
                "run %d (%s) %r: %d samples", i, run.language, run.text, len(pieces[-1].audio)
            )
        langs = "+".join(dict.fromkeys(r.language for r in runs))
        return _join(text, pieces, langs, unknown)

    def _plan(
        self, text: str, language: str, voice: str | None
    ) -> tuple[list[Run], dict[str, str]]:
        """The runs to speak and the voice for each run language."""
        voices = dict(self.voices)
        forced = self._forced_language(language)
        if voice is not None:
            voice_language = table_language(voice)
            voices[voice_language] = voice
            if voice_language not in (ZH, EN):  # a voice of another language reads it all
                return [Run(text, voice_language, 0)], voices
        if forced is not None:
            return [Run(text, forced, 0)], voices
        return split_language_runs(text), voices

    @staticmethod
    def _forced_language(language: str) -> str | None:
        """None for "auto"; "zh"/"en" for a forced language (aliases like "cmn" accepted)."""
        if language == "auto":
            return None
        code = table_language(language)
        if code not in (ZH, EN):
            raise InputError(
                f"Language {language!r} is not supported by the eSpeak engine.",
                'use "auto", "zh" or "en"',
            )
        return code
