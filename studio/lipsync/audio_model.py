"""Audio -> mouth: a small temporal convolution network on log-mel frames (DESIGN.md §5).

For sound without phoneme times (recorded clips, cloned voices) the mouth comes from
the audio itself. Since issue 20 this network is the base a video avatar's own model is
fine-tuned from (:mod:`.finetune`); audio with no fitted model goes through the phone
recogniser instead (:mod:`.phones`, see :func:`audio_mouth_track`). The network sees
normalised log-mel frames (:mod:`.features`, 10 ms hop) and predicts, for every frame,
the two mouth scalars of the avatar format:
``open`` (inner-lip gap / IOD) and ``width`` (width change from rest / IOD).

Shape: a 3-tap input convolution, then residual blocks of (dilated 3-tap convolution,
GELU, 1x1 convolution) with dilations 1 2 4 8 4 2 1, then a 1x1 output: a receptive
field of +-23 frames (+-230 ms), non-causal, about 0.27 M parameters. The input is padded
with "silence" frames rather than zeros (a zero feature means "as loud as speech").

Checkpoints (``torch.save`` of plain data, loaded with ``weights_only=True``):
``{"format": 1, "config": {...}, "state_dict": {...}, "target_scale": tensor(2),
"meta": {...}}`` -- the config says how to rebuild the network, ``target_scale``
maps network outputs back to IOD units, ``meta`` is free-form (training data, metrics).

The shipped, speaker-independent weights live in ``models/audio_mouth.pt``
(trained by ``python -m studio.tools.train_audio_mouth``); a video avatar may carry its
own fine-tuned copy in ``mouth/audio_model.pt`` (:mod:`.finetune`).
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from studio.core.errors import DependencyError, InputError
from studio.core.paths import models_dir
from studio.core.threads import configure_torch
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync import features as F
from studio.lipsync.calibrate import OpenCalibration
from studio.lipsync.mel_head import MelHead
from studio.lipsync.phones import PhoneMix, phone_mouth_track
from studio.lipsync.steady import steady_track
from studio.lipsync.trajectory import MouthTarget, MouthTrack
from studio.phonetics.viseme import Viseme

log = logging.getLogger(__name__)
configure_torch(torch)  # torch is imported lazily (here): its pools get their share now

FORMAT = 1
WEIGHTS_NAME = "audio_mouth.pt"
AVATAR_WEIGHTS = Path("mouth") / "audio_model.pt"
TRAIN_COMMAND = "python -m studio.tools.train_audio_mouth --out models/audio_mouth.pt"
#: Outputs are trained in these units: IOD * scale, so both scalars have similar spread.
DEFAULT_TARGET_SCALE = (5.0, 8.0)
#: Samples per video frame at which the hop curve is read and averaged.
_FRAME_TAPS = 8
#: Test-time speed perturbation: ``predict`` also hears the clip 10% slower and 10%
#: faster (tape speed: tempo and pitch) and averages the three curves, mapped back onto
#: the clip's own time. Measured on dfrf (two 40 s / 10 s splits, three fine-tuning
#: seeds each): openness correlation 0.707 -> 0.727 and 0.420 -> 0.471, better for
#: every seed; five speeds from 0.8 to 1.2 were no better than these three.
TTA_SPEEDS = (0.9, 1.0, 1.1)
#: Openness at or under which an uncalibrated prediction shows closed lips (the photo
#: renderer draws no gap under 0.01 IOD); a calibrated one uses her own closed level.
UNCALIBRATED_CLOSED = 0.01


@dataclass(frozen=True)
class NetConfig:
    """Everything needed to rebuild the network; stored in every checkpoint."""

    n_mels: int = F.N_MELS
    channels: int = 96
    dilations: tuple[int, ...] = (1, 2, 4, 8, 4, 2, 1)
    kernel: int = 3
    dropout: float = 0.1
    #: Extra outputs after (open, width): logits of the viseme heard (pretraining only).
    aux_classes: int = 14

    @property
    def radius(self) -> int:
        """Receptive field either side of a frame, in frames."""
        half = (self.kernel - 1) // 2
        return half + sum(d * half for d in self.dilations)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["dilations"] = list(self.dilations)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> NetConfig:
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        if "dilations" in known:
            known["dilations"] = tuple(int(x) for x in known["dilations"])
        return cls(**known)


class _Block(nn.Module):
    def __init__(self, channels: int, dilation: int, kernel: int, dropout: float) -> None:
        super().__init__()
        self.dilation = dilation
        self.conv = nn.Conv1d(channels, channels, kernel, dilation=dilation)
        self.mix = nn.Conv1d(channels, channels, 1)
        self.drop = nn.Dropout(dropout)
        self.trim = dilation * ((kernel - 1) // 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.mix(nn.functional.gelu(self.conv(x)))
        return x[:, :, self.trim : x.shape[2] - self.trim] + self.drop(y)


class AudioMouthNet(nn.Module):
    """(B, n_mels, T + 2 * radius) features -> (B, 2 + aux, T) scaled (open, width), ..."""

    def __init__(self, config: NetConfig) -> None:
        super().__init__()
        self.config = config
        c = config.channels
        self.inp = nn.Conv1d(config.n_mels, c, config.kernel)
        self.blocks = nn.ModuleList(
            _Block(c, d, config.kernel, config.dropout) for d in config.dilations
        )
        self.out = nn.Conv1d(c, 2 + config.aux_classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, 2 + aux_classes, T): scaled open, width, then the viseme logits."""
        h = nn.functional.gelu(self.inp(x))
        for block in self.blocks:
            h = block(h)
        return self.out(h)


SILENCE_VALUE = -F.FLOOR_DB / F.SCALE_DB  # a feature frame of nothing


def pad_features(feats: np.ndarray, radius: int) -> np.ndarray:
    """(n_mels, T) -> (n_mels, T + 2 * radius), padded with silence frames."""
    return np.pad(feats, ((0, 0), (radius, radius)), constant_values=SILENCE_VALUE)


def default_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def frames_from_hops(
    curve: np.ndarray, fps: FrameRate, total_samples: int, sample_rate: int = SAMPLE_RATE
) -> np.ndarray:
    """A curve on the 10 ms feature grid -> one value per video frame: the mean of the
    (linearly interpolated) curve over the frame's sample span, like ``mouth_track``."""
    n = fps.frames_for_samples(total_samples, sample_rate)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    starts = np.array([fps.frame_start_sample(k, sample_rate) for k in range(n + 1)], np.float64)
    a, b = starts[:-1], starts[1:]
    taps = (np.arange(_FRAME_TAPS) + 0.5) / _FRAME_TAPS
    t = (a[:, None] + (b - a)[:, None] * taps[None, :]) * (F.HOPS_PER_SECOND / sample_rate)
    grid = np.arange(curve.shape[0], dtype=np.float64)
    return np.interp(t, grid, curve).mean(axis=1).astype(np.float32)


def hops_from_frames(
    values: np.ndarray, fps: FrameRate, n_hops: int, sample_rate: int = SAMPLE_RATE
) -> np.ndarray:
    """Per-video-frame values -> the 10 ms grid: each frame's value sits at the middle of
    its sample span and is interpolated linearly between (the inverse of the above)."""
    n = int(values.shape[0])
    starts = np.array([fps.frame_start_sample(k, sample_rate) for k in range(n + 1)], np.float64)
    centres = (starts[:-1] + starts[1:]) / 2 * (F.HOPS_PER_SECOND / sample_rate)
    return np.interp(np.arange(n_hops, dtype=np.float64), centres, values).astype(np.float32)


@dataclass
class AudioMouthModel:
    """A loaded network with its output scaling; ``predict`` runs it on a whole clip."""

    net: AudioMouthNet
    target_scale: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    device: torch.device = field(default_factory=lambda: torch.device("cpu"))

    @property
    def config(self) -> NetConfig:
        return self.net.config

    @property
    def calibration(self) -> OpenCalibration | None:
        """The presenter's openness mapping a fine-tuned model carries (``meta``), if any."""
        data = self.meta.get("calibration")
        if not data:
            return None
        try:
            return OpenCalibration.from_json(data)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("ignoring a malformed openness calibration in %s: %s", self.path, exc)
            return None

    @property
    def mel_head(self) -> MelHead | None:
        """The presenter's linear head a fine-tuned model carries (``meta``), if any."""
        data = self.meta.get("mel_head")
        if not data:
            return None
        try:
            return MelHead.from_json(data)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("ignoring a malformed mel head in %s: %s", self.path, exc)
            return None

    @property
    def phone_mix(self) -> PhoneMix | None:
        """The mix with the phone path a fine-tuned model carries (``meta``), if any."""
        data = self.meta.get("phone_mix")
        if not data:
            return None
        try:
            return PhoneMix.from_json(data)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("ignoring a malformed phone mix in %s: %s", self.path, exc)
            return None

    # ------------------------------------------------------------------ files

    @classmethod
    def load(cls, path: Path | None = None, device: torch.device | None = None) -> AudioMouthModel:
        """Weights from ``path`` (default: the shipped ``models/audio_mouth.pt``)."""
        path = Path(path) if path is not None else shipped_weights_path()
        if not path.is_file():
            raise DependencyError(
                f"the audio-to-mouth weights {path} are missing",
                hint=f"train them: {TRAIN_COMMAND}",
            )
        try:
            ckpt = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as exc:  # noqa: BLE001 - torch raises many kinds on bad files
            raise InputError(
                f"cannot read audio-to-mouth weights {path}: {exc}",
                hint=f"delete the file and retrain it: {TRAIN_COMMAND}",
            ) from exc
        if not isinstance(ckpt, dict) or ckpt.get("format") != FORMAT:
            raise InputError(
                f"{path} is not an audio-to-mouth checkpoint of format {FORMAT}",
                hint=f"retrain it: {TRAIN_COMMAND}",
            )
        model = cls.from_checkpoint(ckpt, device)
        model.path = path
        return model

    @classmethod
    def from_checkpoint(
        cls, ckpt: dict[str, Any], device: torch.device | None = None
    ) -> AudioMouthModel:
        config = NetConfig.from_json(ckpt["config"])
        out_rows = ckpt["state_dict"]["out.weight"].shape[0]
        if out_rows != 2 + config.aux_classes:  # written before the auxiliary head existed
            config = NetConfig(**{**config.__dict__, "aux_classes": out_rows - 2})
        net = AudioMouthNet(config)
        net.load_state_dict(ckpt["state_dict"])
        device = device or default_device()
        net.to(device).eval()
        scale = torch.as_tensor(ckpt["target_scale"]).double().numpy()
        return cls(net, scale, dict(ckpt.get("meta", {})), None, device)

    def checkpoint(self, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        state = {k: v.detach().cpu().clone() for k, v in self.net.state_dict().items()}
        return {
            "format": FORMAT,
            "config": self.config.to_json(),
            "state_dict": state,
            "target_scale": torch.tensor(self.target_scale, dtype=torch.float64),
            # plain JSON types only, so that ``weights_only=True`` can read it back
            "meta": json.loads(json.dumps(self.meta if meta is None else meta, default=str)),
        }

    def save(self, path: Path, meta: dict[str, Any] | None = None) -> Path:
        """Write atomically (temp file + rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        torch.save(self.checkpoint(meta), tmp)
        tmp.replace(path)
        return path

    # ------------------------------------------------------------------ inference

    def predict_hops(self, feats: np.ndarray) -> np.ndarray:
        """Features (n_mels, T) -> (T, 2) open, width in IOD units on the 10 ms grid."""
        r = self.config.radius
        x = torch.from_numpy(pad_features(feats, r)[None]).to(self.device)
        with torch.inference_mode():
            y = self.net(x)[0, :2].T.double().cpu().numpy()
        y = y / self.target_scale[None, :]
        y[:, 0] = np.maximum(y[:, 0], 0.0)
        return y.astype(np.float32)

    def predict_hops_at_speeds(
        self,
        pcm: np.ndarray,
        sample_rate: int = SAMPLE_RATE,
        speeds: tuple[float, ...] = TTA_SPEEDS,
    ) -> np.ndarray:
        """(T, 2) on the clip's 10 ms grid: the mean of the predictions with the clip
        played at each of ``speeds`` (see ``TTA_SPEEDS``). Playing samples at speed s is
        declaring them at s x their rate; the features' resampler does the rest. With a
        presenter's linear head (:mod:`.mel_head`), the openness is blended with it."""
        pcm = np.asarray(pcm).reshape(-1)
        t = F.num_hops(len(pcm), sample_rate)
        grid = np.arange(t, dtype=np.float64)
        total = np.zeros((t, 2), np.float64)
        plain = None
        for s in speeds:
            feats = F.log_mel_features(pcm, round(sample_rate * s))
            plain = feats if s == 1.0 else plain
            hops = self.predict_hops(feats)
            at = np.arange(len(hops), dtype=np.float64) * s  # hop j is heard at j * s
            total += np.stack([np.interp(grid, at, hops[:, k]) for k in range(2)], axis=1)
        out = (total / len(speeds)).astype(np.float32)
        head = self.mel_head
        if head is not None and t:
            feats = plain if plain is not None else F.log_mel_features(pcm, sample_rate)
            out[:, 0] = head.blend(out[:, 0], feats)
        return out

    def predict_frames(
        self, pcm: np.ndarray, fps: FrameRate, sample_rate: int = SAMPLE_RATE
    ) -> np.ndarray:
        """(frames, 2) open, width per video frame of a whole clip, before the presenter
        calibration: the speed-perturbed passes (with her linear head, if any) read per
        frame, and mixed with the phone path when the model carries a :class:`PhoneMix`."""
        pcm = np.asarray(pcm).reshape(-1)
        n_frames = fps.frames_for_samples(len(pcm), sample_rate)
        if len(pcm) == 0:
            return np.zeros((0, 2), np.float32)
        hops = self.predict_hops_at_speeds(pcm, sample_rate)
        open_ = frames_from_hops(hops[:, 0], fps, len(pcm), sample_rate)
        width = frames_from_hops(hops[:, 1], fps, len(pcm), sample_rate)
        assert len(open_) == n_frames
        mix = self.phone_mix
        if mix is not None:
            phones = phone_mouth_track(pcm, fps, sample_rate, mix.targets)
            open_ = mix.apply(open_, phones.open)
        return np.stack([open_, width], axis=1)

    def predict(
        self, pcm: np.ndarray, fps: FrameRate, sample_rate: int = SAMPLE_RATE
    ) -> MouthTrack:
        """Per-video-frame mouth for a whole clip (int16, or float in [-1, 1]); with a
        presenter's calibration (a fine-tuned model), her openness (:mod:`.calibrate`)."""
        frames = self.predict_frames(pcm, fps, sample_rate)
        open_, width = frames[:, 0].copy(), frames[:, 1].copy()
        calibration = self.calibration
        if calibration is not None and len(open_):
            open_ = calibration.apply(open_, float(fps))
        return MouthTrack(fps, open_, width)


def shipped_weights_path() -> Path:
    return models_dir() / WEIGHTS_NAME


_CACHE: dict[tuple[str, int], AudioMouthModel] = {}
_CACHE_LOCK = threading.Lock()


def cached_model(path: Path | None = None) -> AudioMouthModel:
    """``AudioMouthModel.load`` once per file version (path + modification time)."""
    path = Path(path) if path is not None else shipped_weights_path()
    try:
        key = (str(path.resolve()), path.stat().st_mtime_ns)
    except OSError:
        return AudioMouthModel.load(path)  # raises the DependencyError with its hint
    with _CACHE_LOCK:
        model = _CACHE.get(key)
        if model is None:
            model = AudioMouthModel.load(path)
            _CACHE[key] = model
        return model


def avatar_weights_path(avatar: Any) -> Path | None:
    """The avatar's fine-tuned weights, when its package has them (Avatar or folder)."""
    if avatar is None:
        return None
    folder = Path(getattr(avatar, "path", avatar))
    p = folder / AVATAR_WEIGHTS
    return p if p.is_file() else None


def audio_mouth_track(
    pcm: np.ndarray,
    fps: FrameRate,
    sample_rate: int = SAMPLE_RATE,
    avatar: Any = None,
    targets: dict[Viseme, MouthTarget] | None = None,
) -> MouthTrack:
    """The mouth for recorded audio without a transcript. An avatar with a fine-tuned
    model (``mouth/audio_model.pt``) gets it, mixed with the phone path when fitted so
    (:class:`~studio.lipsync.phones.PhoneMix`), its frame-to-frame wobble smoothed away
    with its closures kept (:mod:`.steady`). Any other voice goes through the phone
    recogniser (:mod:`.phones`), shaped by ``targets`` (her viseme table): on the
    speakers bench it follows real mouths better than the shipped network, which learnt
    from synthetic voices only (docs/benchmarks.md)."""
    weights = avatar_weights_path(avatar)
    if weights is None:
        return phone_mouth_track(pcm, fps, sample_rate, targets)
    model = cached_model(weights)
    track = model.predict(pcm, fps, sample_rate)
    cal = model.calibration
    return steady_track(track, cal.closed_level() if cal is not None else UNCALIBRATED_CLOSED)
