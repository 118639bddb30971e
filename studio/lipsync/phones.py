"""Audio only -> phone timings from a recogniser trained on real speech (issue 20, item 3).

The audio-to-mouth network (:mod:`.audio_model`) learnt from the project's synthetic
eSpeak voices and hears real voices poorly (speakers bench, zero-shot: mean r 0.17 over
nine presenters). PocketSphinx ships CMU's US English acoustic model, trained on the
recorded speech of many speakers, and a phone language model: decoded as a phone loop it
gives ARPAbet phones with 10 ms timings for any voice, in a few hundredths of real time
on one core. Those phones are spelt in IPA and classed by the viseme table every engine
uses (:mod:`studio.phonetics.phoneme_map`), and become an ordinary phoneme timeline, so
the mouth comes from the same phoneme path as a transcript aligned to a recording
(:func:`.trajectory.mouth_track`: shaped by the presenter's viseme table, closed on every
p/b/m it hears). It is speaker-independent: nothing is fitted to the presenter.

The model is English; on French or Mandarin speech it gives the nearest English phones,
which is what a mouth needs (lips shut on m/b/p, open on vowels).

Timing: phone ``k``'s 10 ms frames ``[s, e]`` are the recording's ``[s, e + 1) x 10 ms``,
unshifted: on eSpeak and Piper lines the recognised bilabials' middles sit 24-31 ms
before the engines' own events, and shifting the phones 10-20 ms later lowered the
inner-fold r against real mouths (dfrf peaks at lag 0 in every fold). Digital silence
(TTS, an edited clip) makes the decoder call whole phrases silence (one eSpeak line: 43 %
of its speech heard, 72 % dithered), so the audio gets a fixed, seeded dither
``DITHER_BELOW_SPEECH_DB`` under its speech level, far under a room's own noise. Every
clip gets a fresh decoder: one reused carries state from utterance to utterance.

Settings, chosen on the nested inner folds of ``benchmarks/bench_lipsync_dev.py``
(never the speakers bench's test folds): language weight 2 and phone insertion
``wip`` 1e-3 (mean r 0.236 -> 0.256 over the three long presenters), dither 55 dB (45
dB: 0.240; 65 and 80 dB as 55); the phone insertion penalty ``pip`` changed nothing,
decoding the clip at three speeds and averaging lost 0.02, a narrower beam lost 0.04.

Licences: ``pocketsphinx`` is BSD-2-Clause (Carnegie Mellon University); its en-us
acoustic model (``model/en-us/en-us/README`` in the wheel) is BSD-2-Clause (Alpha
Cephei); both may be shipped with this GPL-3.0 program.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from studio.core.errors import DependencyError
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync import features as F
from studio.lipsync.trajectory import MouthTarget, MouthTrack, mouth_track
from studio.phonetics.phoneme_map import viseme_for
from studio.phonetics.utterance import Phoneme
from studio.phonetics.viseme import Viseme

#: Decoder settings (module doc): language weight, phone insertion probability, beams.
LANGUAGE_WEIGHT = 2.0
PHONE_INSERTION = 1e-3
BEAM = 1e-20
#: The recogniser's rate and frame hop.
RATE = 16_000
FRAMES_PER_SECOND = 100
#: Dither level under the clip's speech level (module doc: digital silence).
DITHER_BELOW_SPEECH_DB = 55.0

#: ARPAbet (the model's phone set) -> IPA, the spelling the viseme table reads. AH is
#: both the stressed /ʌ/ and the schwa: read as /ʌ/ (open), which did as well on the
#: inner folds. Anything else (SIL and the noise fillers +NSN+, +SPN+) is a pause.
ARPABET_IPA: dict[str, str] = {
    "AA": "ɑ", "AE": "æ", "AH": "ʌ", "AO": "ɔ", "AW": "aʊ", "AY": "aɪ", "EH": "ɛ",
    "ER": "ɝ", "EY": "eɪ", "IH": "ɪ", "IY": "i", "OW": "oʊ", "OY": "ɔɪ", "UH": "ʊ",
    "UW": "u", "B": "b", "P": "p", "M": "m", "CH": "tʃ", "JH": "dʒ", "SH": "ʃ", "ZH": "ʒ",
    "D": "d", "T": "t", "N": "n", "L": "l", "DH": "ð", "TH": "θ", "F": "f", "V": "v",
    "G": "ɡ", "K": "k", "NG": "ŋ", "HH": "h", "R": "ɹ", "S": "s", "Z": "z", "W": "w",
    "Y": "j",
}  # fmt: skip


@dataclass(frozen=True)
class PhoneSegment:
    """One recognised phone: its ARPAbet name and span in seconds from the clip's start."""

    phone: str
    start: float
    end: float

    @property
    def viseme(self) -> Viseme:
        return arpabet_viseme(self.phone)


def arpabet_viseme(phone: str) -> Viseme:
    """The viseme of an ARPAbet phone (fillers and silence: ``SIL``)."""
    ipa = ARPABET_IPA.get(phone)
    if ipa is None:
        return Viseme.SIL
    vis = viseme_for(ipa, "en")
    assert vis is not None, f"the English viseme table lacks {ipa}"
    return vis


def _decoder():
    """A fresh decoder (0.1 CPU s to load the model). Not reused: a decoder carries
    state from one clip to the next (the same clip decoded twice gave other phones), and
    a clip's phones must not depend on what was heard before it."""
    # pocketsphinx loads only where a clip without a transcript is heard
    try:
        from pocketsphinx import Decoder, get_model_path
    except ImportError as exc:
        raise DependencyError(
            "the phone recogniser (pocketsphinx) is not installed",
            hint="run `make demo` (it installs everything) or `pip install -e .`",
        ) from exc
    model = get_model_path()
    return Decoder(
        hmm=f"{model}/en-us/en-us",
        allphone=f"{model}/en-us/en-us-phone.lm.bin",
        lw=LANGUAGE_WEIGHT,
        wip=PHONE_INSERTION,
        beam=BEAM,
        pbeam=BEAM,
        loglevel="FATAL",
    )


def _dithered(x16: np.ndarray) -> np.ndarray:
    """16 kHz float audio with a seeded dither ``DITHER_BELOW_SPEECH_DB`` under its
    speech level (the loud end of its 25 ms frames), as int16."""
    frames = len(x16) // F.WIN
    if frames:
        power = (x16[: frames * F.WIN].reshape(frames, F.WIN).astype(np.float64) ** 2).mean(1)
        level = float(np.sqrt(np.percentile(power, F.LEVEL_PERCENTILE)))
        sigma = level * 10.0 ** (-DITHER_BELOW_SPEECH_DB / 20.0)
        noise = np.random.default_rng(0).normal(0.0, sigma, len(x16))
        x16 = x16 + noise.astype(np.float32)
    return (np.clip(x16, -1.0, 1.0) * 32767.0).astype(np.int16)


def recognise(pcm: np.ndarray, sample_rate: int = SAMPLE_RATE) -> list[PhoneSegment]:
    """The phones heard in ``pcm`` (mono int16, or float in [-1, 1]), in order, covering
    the clip from its first frame (silence included, as ``SIL`` or a filler)."""
    x16 = F.to_feature_rate(pcm, sample_rate)
    if len(x16) < RATE // 10:
        return []
    dec = _decoder()
    dec.start_utt()
    dec.process_raw(_dithered(x16).tobytes(), full_utt=True)
    dec.end_utt()
    hz = FRAMES_PER_SECOND
    return [PhoneSegment(s.word, s.start_frame / hz, (s.end_frame + 1) / hz) for s in dec.seg()]


def phone_timeline(pcm: np.ndarray, sample_rate: int = SAMPLE_RATE) -> list[Phoneme]:
    """The recognised phones as a phoneme timeline on ``pcm``'s own clock (samples at
    ``sample_rate``), what :func:`~studio.lipsync.trajectory.mouth_track` reads; pauses
    and fillers are ``_`` (``SIL``). The last few clips' timelines are kept: fitting a
    presenter reads her clip's phones many times."""
    pcm = np.ascontiguousarray(np.asarray(pcm).reshape(-1))
    key = hashlib.blake2b(pcm.tobytes(), digest_size=16, person=b"phones").digest()
    key += f"{pcm.dtype.str}{sample_rate}".encode()
    with _TIMELINES_LOCK:
        if key in _TIMELINES:
            _TIMELINES.move_to_end(key)
            return list(_TIMELINES[key])
    n = len(pcm)
    phonemes = []
    for seg in recognise(pcm, sample_rate):
        a = min(n, int(round(seg.start * sample_rate)))
        b = min(n, int(round(seg.end * sample_rate)))
        if b > a:
            vis = seg.viseme
            phonemes.append(Phoneme("_" if vis is Viseme.SIL else seg.phone, vis, a, b))
    with _TIMELINES_LOCK:
        _TIMELINES[key] = tuple(phonemes)
        while len(_TIMELINES) > _KEEP_TIMELINES:
            _TIMELINES.popitem(last=False)
    return phonemes


_KEEP_TIMELINES = 4
_TIMELINES: OrderedDict[bytes, tuple[Phoneme, ...]] = OrderedDict()
_TIMELINES_LOCK = threading.Lock()


def phone_mouth_track(
    pcm: np.ndarray,
    fps: FrameRate,
    sample_rate: int = SAMPLE_RATE,
    targets: dict[Viseme, MouthTarget] | None = None,
) -> MouthTrack:
    """The mouth for a recording without a transcript: its recognised phones through the
    phoneme path (``targets``: the presenter's viseme table; default the neutral one)."""
    pcm = np.asarray(pcm).reshape(-1)
    return mouth_track(phone_timeline(pcm, sample_rate), len(pcm), fps, sample_rate, targets)


@dataclass(frozen=True)
class PhoneMix:
    """A fine-tuned model's openness mixed with the phone path's (issue 20, item 3).

    The fine-tuned network knows her habits but hears her voice through synthetic
    training; the phone path hears any voice but knows nothing of her. Each is brought
    to zero mean and unit spread on her training frames (``model_stats``,
    ``phone_stats``), the phones' share is ``weight``, and the mix is put back in the
    model's units (so her calibration, fitted on the mix, maps it to her openness). The
    phone path is shaped by ``targets``, the table it was measured with.
    """

    weight: float
    targets: dict[Viseme, MouthTarget]
    model_stats: tuple[float, float]  # mean, std of the model's openness on her training frames
    phone_stats: tuple[float, float]  # the same of the phone path's

    @classmethod
    def fit(
        cls,
        model_open: np.ndarray,
        phone_open: np.ndarray,
        rows: np.ndarray,
        weight: float,
        targets: dict[Viseme, MouthTarget],
    ) -> PhoneMix:
        """Statistics of both per-frame curves over the frames ``rows`` (bool)."""
        m = np.asarray(model_open, np.float64)[rows]
        p = np.asarray(phone_open, np.float64)[rows]
        return cls(
            float(weight),
            dict(targets),
            (float(m.mean()), float(m.std() + 1e-9)),
            (float(p.mean()), float(p.std() + 1e-9)),
        )

    def apply(self, model_open: np.ndarray, phone_open: np.ndarray) -> np.ndarray:
        """The mixed openness per frame (same length as ``model_open``), never below 0."""
        (mm, ms), (pm, ps) = self.model_stats, self.phone_stats
        model = np.asarray(model_open, np.float64)
        phone = np.zeros(len(model))
        n = min(len(model), len(phone_open))
        phone[:n] = (np.asarray(phone_open, np.float64)[:n] - pm) / ps
        phone[n:] = phone[n - 1] if n else 0.0
        mixed = mm + ((model - mm) / ms + self.weight * phone) * ms / (1.0 + self.weight)
        return np.maximum(mixed, 0.0).astype(np.float32)

    def to_json(self) -> dict[str, Any]:
        return {
            "weight": self.weight,
            "targets": {v.value: [t.open, t.width] for v, t in self.targets.items()},
            "model_stats": list(self.model_stats),
            "phone_stats": list(self.phone_stats),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PhoneMix:
        targets = {Viseme(k): MouthTarget(float(o), float(w)) for k, (o, w) in d["targets"].items()}
        ms, ps = d["model_stats"], d["phone_stats"]
        return cls(
            float(d["weight"]), targets, (float(ms[0]), float(ms[1])), (float(ps[0]), float(ps[1]))
        )
