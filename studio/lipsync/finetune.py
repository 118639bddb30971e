"""Fit the audio-to-mouth model to one presenter, from the clip the avatar was made of.

The shipped model maps speech to the *average* mouth of synthetic voices. A presenter
has their own range and habits (how wide they open, whether they part the lips before a
phrase or keep them closed in pauses). The avatar package already holds both sides of
that mapping: ``audio.wav`` and the tracked mouth of every frame (``tracks/mouth.npy``,
valid where ``tracks/found.npy``). So the shipped weights are trained on briefly:

- labels: per-frame open/width at each frame's centre, interpolated onto the 10 ms
  feature grid; hops next to frames without a face are left out of the loss;
- the last ``HOLDOUT_FRACTION`` of the clip is never trained on: it picks the best step
  (early stopping) and gives the reported correlation, against the shipped model's;
- light augmentation (gain, a little noise and reverb, small speed and frequency
  changes) so 40-60 s of one microphone does not become the only thing it knows.

With the weights goes the presenter's openness calibration (:mod:`.calibrate`): the
tuned model's predictions on her clip and her tracked openness, as quantile tables.

The result goes into the package as ``mouth/audio_model.pt`` (see FORMAT.md);
:func:`studio.lipsync.audio_model.audio_mouth_track` uses it for that avatar.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from studio.core.errors import DependencyError, InputError
from studio.core.progress import Progress, no_progress
from studio.core.threads import current_budget
from studio.core.timeline import FrameRate
from studio.core.wav import read_wav
from studio.lipsync import features as F
from studio.lipsync.audio_model import (
    AVATAR_WEIGHTS,
    AudioMouthModel,
    frames_from_hops,
    hops_from_frames,
    pad_features,
)
from studio.lipsync.augment import AugmentConfig, augmented_features
from studio.lipsync.calibrate import OpenCalibration

log = logging.getLogger(__name__)

HOLDOUT_FRACTION = 0.15
#: A clip with fewer usable seconds than this is not worth fitting.
MIN_SECONDS = 8.0


@dataclass(frozen=True)
class FinetuneConfig:
    steps: int = 120
    batch: int = 12
    crop_s: float = 3.0
    lr: float = 1e-3
    weight_decay: float = 1e-4
    width_weight: float = 0.5  # the tracked width is noisier than the openness
    eval_every: int = 10
    augment_every: int = 20  # steps between fresh augmentations of the training audio
    seed: int = 0
    augment: AugmentConfig = AugmentConfig(
        p_speed=0.5,
        speed=(0.93, 1.07),
        p_warp=0.5,
        warp=(0.95, 1.05),
        p_reverb=0.3,
        rt60_s=(0.1, 0.4),
        p_noise=0.5,
        snr_db=(20.0, 45.0),
        p_eq=0.5,
        gain_db=(-12.0, 6.0),
    )


@dataclass
class FinetuneReport:
    """What fine-tuning did; ``quality_json`` goes into the manifest (quality.audio_mouth)."""

    path: Path
    seconds: float
    train_s: float
    holdout_s: float
    open_corr_before: float  # shipped model on the held-out tail (per video frame)
    open_corr: float  # fine-tuned model on the held-out tail
    width_corr_before: float
    width_corr: float
    best_step: int
    steps: int
    wall_s: float

    def quality_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("path")
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in d.items()}


def _read_fps(folder: Path) -> FrameRate:
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        raise InputError(
            f"{folder} has no manifest.json to read the frame rate from",
            hint="pass fps= when fine-tuning a package that is still being built",
        )
    num, den = json.loads(manifest.read_text(encoding="utf-8"))["fps"]
    return FrameRate(int(num), int(den))


@dataclass
class ClipData:
    """A clip's features and its per-hop mouth labels with their validity."""

    feats: np.ndarray  # (N_MELS, T)
    labels: np.ndarray  # (T, 2)
    valid: np.ndarray  # (T,) bool
    x16: np.ndarray
    pcm: np.ndarray
    mouth: np.ndarray  # (N, 2) per video frame
    found: np.ndarray  # (N,)
    fps: FrameRate
    sample_rate: int

    @property
    def frames(self) -> int:
        """Video frames that have both audio and a mouth track."""
        return min(len(self.mouth), self.fps.frames_for_samples(len(self.pcm), self.sample_rate))

    def per_frame(self, curve: np.ndarray) -> np.ndarray:
        """A curve on the clip's 10 ms grid, read per video frame (``frames`` of them)."""
        return frames_from_hops(curve, self.fps, len(self.pcm), self.sample_rate)[: self.frames]


def load_clip(folder: Path, fps: FrameRate | None = None) -> ClipData:
    """Audio, features and mouth labels of an avatar package (or one being built)."""
    folder = Path(folder)
    fps = fps or _read_fps(folder)
    for rel in ("audio.wav", "tracks/mouth.npy", "tracks/found.npy"):
        if not (folder / rel).is_file():
            raise InputError(
                f"avatar data {rel} is missing in {folder}",
                hint="fine-tuning needs a video avatar with audio and tracked mouth",
            )
    pcm, rate = read_wav(folder / "audio.wav")
    mouth = np.load(folder / "tracks" / "mouth.npy", allow_pickle=False)[:, :2].astype(np.float32)
    found = np.load(folder / "tracks" / "found.npy", allow_pickle=False).astype(bool)
    feats = F.log_mel_features(pcm, rate)
    t = feats.shape[1]
    labels = np.stack(
        [hops_from_frames(mouth[:, k], fps, t, rate) for k in range(2)], axis=1
    ).astype(np.float32)
    # a hop counts when the frames it is interpolated from were tracked, and lies in the video
    valid = hops_from_frames(found.astype(np.float32), fps, t, rate) > 0.999
    video_end = fps.frame_start_sample(len(mouth), rate) * F.HOPS_PER_SECOND // rate
    valid[int(video_end) :] = False
    return ClipData(
        feats, labels, valid, F.to_feature_rate(pcm, rate), pcm, mouth, found, fps, rate
    )


def frame_corr(model: AudioMouthModel, clip: ClipData, first_frame: int) -> tuple[float, float]:
    """Correlation of predicted and tracked (open, width) per video frame from
    ``first_frame`` on, frames with a face only. Only that part (with its left context)
    goes through the network: it runs every few steps while fine-tuning."""
    first_hop = clip.fps.frame_start_sample(first_frame, clip.sample_rate)
    first_hop = first_hop * F.HOPS_PER_SECOND // clip.sample_rate
    start = max(0, first_hop - model.config.radius - 2)
    hops = np.zeros((clip.feats.shape[1], 2), dtype=np.float32)
    part = model.predict_hops(clip.feats[:, start:])
    hops[start:] = part
    if start > 0:  # fed to interpolation only at the very edge of the first frame
        hops[:start] = part[0]
    n = clip.frames
    out = []
    for k in range(2):
        pred = clip.per_frame(hops[:, k])
        keep = clip.found[:n].copy()
        keep[:first_frame] = False
        a, b = pred[keep].astype(np.float64), clip.mouth[:n, k][keep].astype(np.float64)
        ok = len(a) > 2 and a.std() > 1e-9 and b.std() > 1e-9
        out.append(float(np.corrcoef(a, b)[0, 1]) if ok else float("nan"))
    return out[0], out[1]


def _batches(
    feats: np.ndarray,
    labels: np.ndarray,
    valid: np.ndarray,
    radius: int,
    length: int,
    batch: int,
    rng: np.random.Generator,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Random crops (features with context, labels (B, 2, L), mask (B, L))."""
    padded = pad_features(feats, radius)
    end = labels.shape[0]
    length = min(length, end)
    starts = rng.integers(0, end - length + 1, batch)
    x = np.stack([padded[:, s : s + length + 2 * radius] for s in starts])
    y = np.stack([labels[s : s + length].T for s in starts])
    m = np.stack([valid[s : s + length] for s in starts])
    return torch.from_numpy(x), torch.from_numpy(np.ascontiguousarray(y)), torch.from_numpy(m)


def finetune_model(
    model: AudioMouthModel,
    clip: ClipData,
    cfg: FinetuneConfig = FinetuneConfig(),
    progress: Progress = no_progress,
) -> tuple[AudioMouthModel, dict[str, Any]]:
    """Train a copy of ``model`` on the clip's head, early-stopped on its tail (on
    ``fit_threads()`` CPU threads)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(fit_threads())
    try:
        return _finetune(model, clip, cfg, progress)
    finally:
        torch.set_num_threads(threads)


def _finetune(
    model: AudioMouthModel, clip: ClipData, cfg: FinetuneConfig, progress: Progress
) -> tuple[AudioMouthModel, dict[str, Any]]:
    t_hops = clip.labels.shape[0]
    split = int(round(t_hops * (1.0 - HOLDOUT_FRACTION)))
    split_frame = clip.fps.frame_at_sample(
        split * clip.sample_rate // F.HOPS_PER_SECOND, clip.sample_rate
    )
    train_end = max(1, split - model.config.radius)  # no training label sees the tail's audio
    if int(clip.valid[:train_end].sum()) < MIN_SECONDS * F.HOPS_PER_SECOND * 0.5:
        raise InputError(
            f"too little tracked speech to fit the audio-to-mouth model ({t_hops / 100:.0f} s)",
            hint=f"use a clip of at least {MIN_SECONDS:.0f} s with the face visible",
        )
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    ckpt = model.checkpoint()
    tuned = AudioMouthModel.from_checkpoint(ckpt, model.device)
    net = tuned.net
    scale = torch.tensor(tuned.target_scale, dtype=torch.float32)[None, :, None]
    weights = torch.tensor([1.0, cfg.width_weight], device=tuned.device)[None, :, None]
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=cfg.lr, total_steps=cfg.steps, pct_start=0.15
    )
    before = frame_corr(model, clip, split_frame)
    best = (before[0], 0, {k: v.clone() for k, v in net.state_dict().items()})
    length = int(round(cfg.crop_s * F.HOPS_PER_SECOND))
    device = tuned.device
    view = _training_view(clip, train_end, rng, None)
    for step in range(1, cfg.steps + 1):
        if cfg.augment_every and step > 1 and (step - 1) % cfg.augment_every == 0:
            # every other block of steps sees the clean audio
            use_aug = ((step - 1) // cfg.augment_every) % 2 == 1
            view = _training_view(clip, train_end, rng, cfg.augment if use_aug else None)
        x, y, m = _batches(*view, model.config.radius, length, cfg.batch, rng)
        net.train()
        pred = net(x.to(device))[:, :2]  # the viseme logits are not trained here
        err = (pred - (y * scale).to(device)) ** 2 * weights
        mask = m.to(device)[:, None, :].float()
        loss = (err * mask).sum() / (mask.sum() + 1e-6)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % cfg.eval_every == 0 or step == cfg.steps:
            net.eval()
            score = frame_corr(tuned, clip, split_frame)[0]
            if score > best[0]:
                best = (score, step, {k: v.clone() for k, v in net.state_dict().items()})
        progress("lipsync", step, cfg.steps)
    net.load_state_dict(best[2])
    net.eval()
    after = frame_corr(tuned, clip, split_frame)
    info = {
        "split_frame": split_frame,
        "best_step": best[1],
        "before": before,
        "after": after,
        "train_s": train_end / F.HOPS_PER_SECOND,
        "holdout_s": (t_hops - split) / F.HOPS_PER_SECOND,
    }
    return tuned, info


def _training_view(
    clip: ClipData,
    train_end: int,
    rng: np.random.Generator,
    cfg: AugmentConfig | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The training part as (features, labels, valid), freshly augmented unless ``cfg``
    is None. The validity mask rides along as a third label channel, so it follows a
    speed change like the labels do."""
    lab = np.concatenate(
        [clip.labels[:train_end], clip.valid[:train_end, None].astype(np.float32)], axis=1
    )
    if cfg is None:
        return clip.feats[:, :train_end], lab[:, :2], lab[:, 2] > 0.5
    feats, lab = augmented_features(clip.x16[: train_end * F.HOP], lab, rng, cfg)
    return feats, lab[:, :2], lab[:, 2] > 0.999


def fit_threads() -> int:
    """CPU threads for fine-tuning: the thread budget's torch share (half the cores, at
    most 4). Its batches are small, and on a busy 2-core machine two threads spinning
    against each other cost 5x the CPU time of one."""
    return current_budget().torch


def fit_calibration(model: AudioMouthModel, clip: ClipData) -> OpenCalibration:
    """The presenter's openness mapping (:mod:`.calibrate`): ``model``'s predictions on
    her whole clip against her tracked openness in it."""
    n = clip.frames
    hops = model.predict_hops_at_speeds(clip.pcm, clip.sample_rate)[:, 0]  # as ``predict``
    return OpenCalibration.fit(clip.per_frame(hops), clip.mouth[:n, 0][clip.found[:n]])


def finetune_for_avatar(
    avatar_folder: Path,
    progress: Progress | None = None,
    *,
    fps: FrameRate | None = None,
    base: Path | None = None,
    config: FinetuneConfig = FinetuneConfig(),
) -> FinetuneReport:
    """Fine-tune the shipped model (or ``base``) on this package's audio and tracked mouth
    and write ``mouth/audio_model.pt`` into it. ``fps`` is read from the manifest unless
    given (a package still being built has no manifest yet)."""
    t0 = time.perf_counter()
    progress = progress or no_progress
    folder = Path(avatar_folder)
    clip = load_clip(folder, fps)
    shipped = AudioMouthModel.load(base)
    progress("lipsync", 0, config.steps)
    tuned, info = finetune_model(shipped, clip, config, progress)
    wall = time.perf_counter() - t0
    report = FinetuneReport(
        path=folder / AVATAR_WEIGHTS,
        seconds=round(len(clip.pcm) / clip.sample_rate, 2),
        train_s=info["train_s"],
        holdout_s=info["holdout_s"],
        open_corr_before=info["before"][0],
        open_corr=info["after"][0],
        width_corr_before=info["before"][1],
        width_corr=info["after"][1],
        best_step=info["best_step"],
        steps=config.steps,
        wall_s=wall,
    )
    meta = {
        "kind": "avatar fine-tune",
        "calibration": fit_calibration(tuned, clip).to_json(),
        "base": str(shipped.path.name if shipped.path else "shipped"),
        "base_meta_command": shipped.meta.get("command", ""),
        "report": report.quality_json(),
    }
    tuned.save(report.path, meta)
    log.info(
        "audio-to-mouth fine-tuned in %.1f s: held-out open corr %.3f -> %.3f",
        wall,
        report.open_corr_before,
        report.open_corr,
    )
    return report


def create_stage(
    folder: Path, fps: FrameRate, progress: Progress, warnings: list[str]
) -> dict[str, Any] | None:
    """The "lipsync" stage of ``studio avatar create``: fine-tune into the package being
    built; its report for ``quality["audio_mouth"]``. A missing shipped model or an
    unusable clip costs the avatar only this optional file: a warning, never a failure."""
    try:
        report = finetune_for_avatar(folder, progress, fps=fps)
    except (DependencyError, InputError) as exc:
        log.warning("audio-to-mouth fine-tuning skipped: %s", exc)
        warnings.append(f"audio-to-mouth model not fitted to this presenter: {exc.message}")
        progress("lipsync", 1, 1)
        return None
    return report.quality_json()
