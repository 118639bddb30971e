"""Optional Coqui TTS engine: a VITS model with durations, or XTTS-v2 voice cloning.

Install with ``pip install 'studio[coqui]'`` (the ``coqui-tts`` package, import name
``TTS``). Nothing is downloaded: the model is a folder on the user's disk.

- **VITS** (``config.json`` with ``"model": "vits"`` + a ``.pth`` checkpoint): its
  inference returns per-token durations (``outputs["durations"]``, in spectrogram
  frames of ``hop_length`` samples), so phonemes and words get exact times, like Piper.
- **XTTS-v2** (``config.json`` with ``"model": "xtts"``, ``model.pth``, ``vocab.json``)
  clones the voice of a 6-10 s reference clip (the avatar's voice reference). It gives
  no timings: the Utterance has audio and no phonemes or words, and lip-sync uses its
  audio-driven model for it (DESIGN.md §5, driver 2).

The folder is checked before the package is imported, so a missing folder and a
missing extra are reported separately, each with what to do.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np

from studio.core.errors import DependencyError, InputError
from studio.phonetics.phoneme_map import table_language
from studio.phonetics.utterance import Utterance
from studio.speech.audio import float_to_pcm16, resample_to_timeline
from studio.speech.cache import SynthesisCache
from studio.speech.engine import (
    DEFAULT_PITCH,
    DEFAULT_RATE,
    RATE_RANGE,
    VOLUME_RANGE,
    Settings,
    SpeechEngine,
    check_range,
)
from studio.speech.ipa_timeline import align_words, timed_units, units_to_utterance, word_spans

log = logging.getLogger(__name__)

EXTRA_HINT = "pip install 'studio[coqui]'  (installs coqui-tts, import name TTS)"
_MODEL_HINT = (
    "give the folder of a Coqui model on this disk: config.json plus model.pth "
    "(VITS, or XTTS-v2 with vocab.json); Studio downloads nothing"
)
_CHECKPOINTS = ("model.pth", "best_model.pth", "model_file.pth", "checkpoint.pth")
#: XTTS language codes for our language codes.
_XTTS_LANGUAGES = {"zh": "zh-cn", "en": "en"}


def import_coqui() -> Any:
    """The ``TTS`` package, or a DependencyError naming the extra to install."""
    try:
        import TTS
    except ImportError as exc:
        raise DependencyError(
            f"The Coqui engine needs the coqui-tts package, which is not installed ({exc}).",
            EXTRA_HINT,
        ) from exc
    return TTS


def inspect_model_dir(model_dir: Path | str | None) -> tuple[str, Path, Path]:
    """(kind, config.json, checkpoint) of a local Coqui model folder; kind is vits|xtts."""
    if model_dir is None:
        raise DependencyError("No Coqui model folder was given.", _MODEL_HINT)
    folder = Path(model_dir).expanduser()
    config = folder / "config.json"
    if not folder.is_dir():
        raise DependencyError(f"Coqui model folder {folder} does not exist.", _MODEL_HINT)
    if not config.is_file():
        raise DependencyError(f"Coqui model folder {folder} has no config.json.", _MODEL_HINT)
    try:
        kind = str(json.loads(config.read_text(encoding="utf-8")).get("model", "")).lower()
    except (OSError, ValueError) as exc:
        raise DependencyError(f"cannot read {config}: {exc}", _MODEL_HINT) from exc
    if kind not in ("vits", "xtts"):
        raise DependencyError(
            f"{config} describes a {kind or 'unknown'!r} model; Studio loads VITS and XTTS.",
            _MODEL_HINT,
        )
    found = [folder / name for name in _CHECKPOINTS if (folder / name).is_file()]
    found += sorted(p for p in folder.glob("*.pth") if p not in found and "speakers" not in p.name)
    if not found:
        raise DependencyError(f"Coqui model folder {folder} has no .pth checkpoint.", _MODEL_HINT)
    if kind == "xtts" and not (folder / "vocab.json").is_file():
        raise DependencyError(f"XTTS folder {folder} has no vocab.json.", _MODEL_HINT)
    return kind, config, found[0]


class CoquiEngine(SpeechEngine):
    """A local Coqui VITS or XTTS-v2 model; ``reference`` is the XTTS voice clip."""

    name = "coqui"

    def __init__(
        self,
        model_dir: Path | str | None = None,
        reference: Path | str | None = None,
        cache: SynthesisCache | None = None,
        device: str | None = None,
    ) -> None:
        super().__init__(cache)
        self.kind, self.config_path, self.checkpoint = inspect_model_dir(model_dir)
        self.model_dir = self.config_path.parent
        self.reference = Path(reference).expanduser() if reference else None
        if self.kind == "xtts":
            if self.reference is None:
                raise InputError(
                    "XTTS-v2 clones a voice and needs a reference clip.",
                    "give a clean 6-10 s WAV of the voice (the avatar's voice reference)",
                )
            if not self.reference.is_file():
                raise InputError(f"reference clip {self.reference} not found", "check the path")
        import_coqui()
        import torch

        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self._lock = threading.Lock()
        self._model, self._config = self._load()
        self._latents: Any = None

    # ------------------------------------------------------------------ loading

    def _load(self) -> tuple[Any, Any]:
        """The real loading path of coqui-tts for the model kind in the folder."""
        log.info("loading Coqui %s from %s", self.kind, self.model_dir)
        if self.kind == "vits":
            from TTS.tts.configs.vits_config import VitsConfig
            from TTS.tts.models.vits import Vits

            config = VitsConfig()
            config.load_json(str(self.config_path))
            model = Vits.init_from_config(config)
            model.load_checkpoint(config, str(self.checkpoint), eval=True)
        else:
            from TTS.tts.configs.xtts_config import XttsConfig
            from TTS.tts.models.xtts import Xtts

            config = XttsConfig()
            config.load_json(str(self.config_path))
            model = Xtts.init_from_config(config)
            model.load_checkpoint(
                config,
                checkpoint_dir=str(self.model_dir),
                checkpoint_path=str(self.checkpoint),
                vocab_path=str(self.model_dir / "vocab.json"),
                eval=True,
            )
        return model.to(self.device), config

    def _model_language(self) -> str:
        """The language a single-language VITS model speaks ("en" if unknown)."""
        code = getattr(self._config, "phoneme_language", None) or "en"
        return table_language(str(code))

    # ------------------------------------------------------------------ interface

    def list_voices(self) -> list[str]:
        manager = getattr(self._model, "speaker_manager", None)
        names = list(getattr(manager, "name_to_id", {}) or {}) if self.kind == "vits" else []
        return names or ["default"]

    def model_id(self) -> str:
        st = self.checkpoint.stat()
        ref = f":{self.reference.name}:{self.reference.stat().st_size}" if self.reference else ""
        return f"coqui-{self.kind}:{self.checkpoint}:{st.st_size}:{st.st_mtime_ns}{ref}"

    def check(self, settings: Settings) -> str:
        check_range("rate", settings.rate, RATE_RANGE)
        check_range("volume", settings.volume, VOLUME_RANGE)
        if settings.pitch != DEFAULT_PITCH:
            raise InputError("Coqui models cannot change pitch.", f"leave pitch at {DEFAULT_PITCH}")
        if settings.voice not in (None, "default") and settings.voice not in self.list_voices():
            raise InputError(
                f"This Coqui model has no voice {settings.voice!r}.",
                f"use one of: {', '.join(self.list_voices())}",
            )
        language = settings.language
        if self.kind == "vits":
            own = self._model_language()
            if language != "auto" and table_language(language) != own:
                raise InputError(f"This VITS model speaks {own!r} only.", f'use language "{own}"')
            return own
        if language == "auto":
            return "auto"
        code = table_language(language)
        if code not in _XTTS_LANGUAGES:
            raise InputError(f"Language {language!r} is not set up for XTTS.", 'use "zh" or "en"')
        return code

    def speak(self, text: str, settings: Settings) -> Utterance:
        with self._lock:
            if self.kind == "vits":
                return self._speak_vits(text, settings)
            return self._speak_xtts(text, settings)

    # ------------------------------------------------------------------ VITS

    def _symbols(self, text: str) -> tuple[list[int], list[str]]:
        """Token ids and the symbol each stands for ("" for blank/pad/bos/eos)."""
        tokenizer = self._model.tokenizer
        ids = tokenizer.text_to_ids(text, language=None)
        chars = tokenizer.characters
        special = {
            getattr(tokenizer, "blank_id", None),
            getattr(tokenizer, "pad_id", None),
            getattr(chars, "bos_id", None),
            getattr(chars, "eos_id", None),
        }
        return ids, ["" if i in special else chars.id_to_char(i) for i in ids]

    def _speak_vits(self, text: str, settings: Settings) -> Utterance:
        import torch

        model, config = self._model, self._config
        ids, symbols = self._symbols(text)
        if not ids:
            raise InputError("The Coqui model has no symbols for this text.", "check the language")
        sid = None
        if settings.voice not in (None, "default"):
            sid = torch.LongTensor([model.speaker_manager.name_to_id[settings.voice]]).to(
                self.device
            )
        model.length_scale = DEFAULT_RATE / settings.rate
        x = torch.LongTensor(ids).unsqueeze(0).to(self.device)
        aux = {
            "x_lengths": torch.LongTensor([len(ids)]).to(self.device),
            "d_vectors": None,
            "speaker_ids": sid,
            "language_ids": None,
            "durations": None,
        }
        with torch.inference_mode():
            out = model.inference(x, aux_input=aux)
        wav = out["model_outputs"].squeeze().detach().cpu().float().numpy()
        frames = out["durations"].squeeze().detach().cpu().numpy().astype(np.int64).reshape(-1)
        rate = int(config.audio.sample_rate)
        hop = len(wav) // max(int(frames.sum()), 1)  # samples per frame, as the decoder made them
        samples = [int(f) * hop for f in frames]
        pcm = float_to_pcm16(wav, settings.volume / 100)
        # blanks, pad, bos and eos give their time to the symbol before (or the lead-in)
        phonemes: list[str] = []
        counts: list[int] = []
        lead = 0
        for sym, n in zip(symbols, samples, strict=True):
            if sym:
                phonemes.append(sym)
                counts.append(n)
            elif counts:
                counts[-1] += n
            else:
                lead += n
        tail = max(len(pcm) - lead - sum(counts), 0)
        spans = word_spans(text)
        per_word = [[s for s in self._symbols(text[a:b])[1] if s] for a, b in spans]
        labels = align_words(phonemes, per_word)
        units = timed_units(phonemes, labels, counts, lead, tail, rate)
        return units_to_utterance(text, pcm, rate, units, spans, self._model_language())

    # ------------------------------------------------------------------ XTTS

    def _speak_xtts(self, text: str, settings: Settings) -> Utterance:
        model = self._model
        if self._latents is None:
            self._latents = model.get_conditioning_latents(audio_path=[str(self.reference)])
        gpt_cond_latent, speaker_embedding = self._latents
        language = settings.language
        if language == "auto":
            language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
        code = _XTTS_LANGUAGES[table_language(language)]
        out = model.inference(
            text, code, gpt_cond_latent, speaker_embedding, speed=settings.rate / DEFAULT_RATE
        )
        rate = int(getattr(self._config.audio, "output_sample_rate", 24000))
        pcm = float_to_pcm16(np.asarray(out["wav"]), settings.volume / 100)
        return Utterance(
            text=text,
            audio=resample_to_timeline(pcm, rate),
            language=table_language(language),
        )
