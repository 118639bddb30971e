"""Fit the audio-to-mouth model to one presenter, from the clip the avatar was made of.

The shipped model maps speech to the *average* mouth of synthetic voices. A presenter
has their own range and habits (how wide they open, whether they part the lips before a
phrase or keep them closed in pauses). The avatar package already holds both sides of
that mapping: ``audio.wav`` and the tracked mouth of every frame (``tracks/mouth.npy``,
valid where ``tracks/found.npy``). So the shipped weights are trained on briefly:

- labels: per-frame open/width at each frame's centre, interpolated onto the 10 ms
  feature grid; hops next to frames without a face are left out of the loss;
- the model she gets is trained on all of her clip for ``steps`` steps (the last one
  kept), and with it go a ridge head on log-mel context (:mod:`.mel_head`) blended into
  its openness, and a mix with the phone path (:class:`~studio.lipsync.phones.PhoneMix`:
  a recogniser trained on real speech, shaped by her viseme table), issue 20's choice on
  nested inner folds (see ``FinetuneConfig``). With ``early_stop`` (the creation path
  before issue 20, ``--network`` on the benchmark) a validation slice (the last
  ``SELECT_FRACTION``) is kept out and picks the best step instead;
- the self-check follows the protocol of ``benchmarks/bench_lipsync_speakers.py``:
  ``check_folds`` contiguous test folds, each measured on a model fitted to the rest of
  the clip with a ``GAP_S`` gap either side (neighbouring frames are near copies); the
  test fold chooses nothing. "Before" is the phone path alone on the same folds (what
  she gets without a fitted model); its viseme table, like the mix's, is the package's,
  from all of her clip (a distribution of openness, no timing). Reported: the mean and
  the worst fold. To keep creation time near what it was, the fold models get
  ``check_steps`` (a third of the steps) and two thirds of the clip, so the check
  estimates a somewhat weaker model than the one she gets. The old check (one held-out
  tail that also picked the step, no gap) claimed 0.66 where a true hold-out gave 0.43;
  a 3 s tail with a gap still claimed 0.67-0.78 on 20 s clips whose folds measure
  0.28-0.49 (docs/benchmarks.md): one tail is too small a sample;
- light augmentation (gain, a little noise and reverb, small speed and frequency
  changes) so 40-60 s of one microphone does not become the only thing it knows;
With the weights goes the presenter's openness calibration (:mod:`.calibrate`): the
tuned model's (mixed) predictions on her clip and her tracked openness, as quantile tables.

The result goes into the package as ``mouth/audio_model.pt`` (see FORMAT.md);
:func:`studio.lipsync.audio_model.audio_mouth_track` uses it for that avatar.
"""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import asdict, dataclass, replace
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
from studio.lipsync import metrics
from studio.lipsync.audio_model import (
    AVATAR_WEIGHTS,
    AudioMouthModel,
    frames_from_hops,
    hops_from_frames,
    pad_features,
)
from studio.lipsync.augment import AugmentConfig, augmented_features
from studio.lipsync.calibrate import OpenCalibration
from studio.lipsync.mel_head import MelHead
from studio.lipsync.phones import PhoneMix, phone_mouth_track
from studio.lipsync.trajectory import DEFAULT_TARGETS, MouthTarget
from studio.phonetics.viseme import Viseme

log = logging.getLogger(__name__)

#: Seconds between audio trained on and audio measured (at least the model's receptive field).
GAP_S = 1.0
#: The validation slice, as a fraction of the clip, carved from the training part.
SELECT_FRACTION = 0.1
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
    check_folds: int = 3  # the self-check's test folds (0: no self-check)
    check_steps: int = 40  # steps of each fold's model
    augment_every: int = 20  # steps between fresh augmentations of the training audio
    seed: int = 0
    #: Pick the best step on a validation slice (its audio is then not trained on). Off:
    #: the slice is trained on and the last step kept. Issue 20's nested inner folds
    #: (dev): 0.35 -> 0.40 off (a 2-4 s slice chose step 0, the shipped model, 3 times in 21).
    early_stop: bool = False
    #: Fit the presenter's linear head (:mod:`.mel_head`) and blend it in; dev 0.40 ->
    #: 0.45 with ``early_stop`` off.
    mel_head: bool = True
    #: The phone path's share in her openness (:class:`~studio.lipsync.phones.PhoneMix`,
    #: 0: none). Dev: 0.454 -> 0.476 (0.25: 0.481, 0.75: 0.456), worst presenter 0.231 ->
    #: 0.303; shaped by her viseme table 0.490 / 0.332. On the speakers bench's test folds,
    #: measured once, this configuration (no early stop, head, phones 0.5) is the first to
    #: beat the early-stopped network alone on both figures: mean 0.467 -> 0.518, worst
    #: 0.280 -> 0.306 (docs/benchmarks.md), so it is what ``avatar create`` runs.
    phones: float = 0.5
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
    """What fine-tuning did; ``quality_json`` goes into the manifest (quality.audio_mouth).
    The correlations are the self-check's: per video frame, over its test folds."""

    path: Path
    seconds: float
    train_s: float  # the model she gets was trained on this much of her clip
    holdout_s: float  # seconds of each test fold
    open_corr_before: float  # the phone path alone (no fitting), mean over the folds
    open_corr: float  # fine-tuned fold models, mean over the folds
    width_corr_before: float
    width_corr: float
    best_step: int
    steps: int
    wall_s: float
    gap_s: float = GAP_S  # between a fold and the audio its model was trained on
    select_s: float = 0.0  # the validation slice that picked best_step
    check_steps: int = 0  # steps of each fold's model
    open_corr_folds: tuple[float, ...] = ()  # fine-tuned, per fold
    open_corr_folds_before: tuple[float, ...] = ()  # the phone path alone, per fold
    peak_lags: tuple[int, ...] = ()  # frames, of the fine-tuned fold models

    @property
    def open_corr_worst(self) -> float:
        ok = [v for v in self.open_corr_folds if math.isfinite(v)]
        return float(min(ok)) if ok else float("nan")

    def quality_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("path")
        d["check_folds"] = len(self.open_corr_folds)
        d["open_corr_worst"] = self.open_corr_worst
        d["protocol"] = (
            f"mean over {len(self.open_corr_folds)} contiguous test folds of "
            f"{self.holdout_s:.1f} s, each {self.gap_s:g} s from what its model "
            f"({self.check_steps} steps) trained on; best steps picked on validation slices"
        )
        return {k: _rounded(v) for k, v in d.items()}


def _rounded(v: Any) -> Any:
    """JSON-ready: floats to 3 decimals, NaN to None, tuples to lists."""
    if isinstance(v, float):
        return round(v, 3) if math.isfinite(v) else None
    if isinstance(v, (tuple, list)):
        return [_rounded(x) for x in v]
    return v


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


def _frame_of_hop(clip: ClipData, hop: int) -> int:
    """The first video frame starting at or after 10 ms hop ``hop``."""
    sample = -(-hop * clip.sample_rate // F.HOPS_PER_SECOND)
    frame = clip.fps.frame_at_sample(sample, clip.sample_rate)
    return frame + int(clip.fps.frame_start_sample(frame, clip.sample_rate) < sample)


def frame_corr(
    model: AudioMouthModel, clip: ClipData, first_frame: int, end_frame: int | None = None
) -> tuple[float, float]:
    """Correlation of predicted and tracked (open, width) per video frame in
    ``[first_frame, end_frame)`` (to the end by default), frames with a face only. Only
    that part (with its context) goes through the network: it runs every few steps while
    fine-tuning."""
    n = clip.frames
    end_frame = n if end_frame is None else min(end_frame, n)
    first_hop = clip.fps.frame_start_sample(first_frame, clip.sample_rate)
    first_hop = first_hop * F.HOPS_PER_SECOND // clip.sample_rate
    end_hop = clip.fps.frame_start_sample(end_frame, clip.sample_rate)
    end_hop = -(-end_hop * F.HOPS_PER_SECOND // clip.sample_rate) + 1
    t = clip.feats.shape[1]
    start = max(0, first_hop - model.config.radius - 2)
    stop = min(t, end_hop + model.config.radius + 2)
    hops = np.zeros((t, 2), dtype=np.float32)
    part = model.predict_hops(clip.feats[:, start:stop])
    hops[start:stop] = part
    # fed to interpolation only at the very edges of the range
    hops[:start] = part[0]
    hops[stop:] = part[-1]
    out = []
    for k in range(2):
        pred = clip.per_frame(hops[:, k])
        keep = clip.found[:n].copy()
        keep[:first_frame] = False
        keep[end_frame:] = False
        a, b = pred[keep].astype(np.float64), clip.mouth[:n, k][keep].astype(np.float64)
        ok = len(a) > 2 and a.std() > 1e-9 and b.std() > 1e-9
        out.append(float(np.corrcoef(a, b)[0, 1]) if ok else float("nan"))
    return out[0], out[1]


@dataclass(frozen=True)
class Split:
    """One division of a clip, in hops of its 10 ms grid (ranges ``[start, end)``):
    ``train`` is fitted, ``select`` picks the best step (early stopping; None: the last
    step is kept), ``test`` is measured once and chooses nothing."""

    train: tuple[tuple[int, int], ...]
    select: tuple[int, int] | None
    test: tuple[int, int] | None  # None: the final fit, nothing held out for a figure

    def seconds(self) -> tuple[float, float, float]:
        """Seconds of (train, select, test)."""
        sel = 0 if self.select is None else self.select[1] - self.select[0]
        test = 0 if self.test is None else self.test[1] - self.test[0]
        train = sum(b - a for a, b in self.train)
        hz = F.HOPS_PER_SECOND
        return train / hz, sel / hz, test / hz


def _gap_hops(radius: int) -> int:
    return max(int(round(GAP_S * F.HOPS_PER_SECOND)), radius + 1)


def _carve_select(
    pieces: list[tuple[int, int]], n_select: int, radius: int
) -> tuple[tuple[tuple[int, int], ...], tuple[int, int] | None]:
    """The validation slice: the end of the longest training piece, ``radius`` hops away
    from what stays for training (so no training label hears it). None when the piece is
    too short to spare it."""
    k = max(range(len(pieces)), key=lambda i: pieces[i][1] - pieces[i][0])
    a, b = pieces[k]
    if n_select <= 0 or b - a < 2 * n_select + radius:
        return tuple(pieces), None
    pieces = list(pieces)
    pieces[k] = (a, b - n_select - radius)
    return tuple(p for p in pieces if p[1] > p[0]), (b - n_select, b)


def final_split(clip: ClipData, radius: int) -> Split:
    """The model she gets: all of the clip but its validation slice (the last
    ``SELECT_FRACTION``, which picks the best step); nothing held out for a figure."""
    t = clip.labels.shape[0]
    pieces, select = _carve_select([(0, t)], int(round(t * SELECT_FRACTION)), radius)
    return Split(pieces, select, None)


def fold_splits(clip: ClipData, folds: int, radius: int) -> list[Split]:
    """``folds`` contiguous test folds; each trains on the rest of the clip with a
    ``GAP_S`` gap either side of its fold and a validation slice carved from it."""
    t = clip.labels.shape[0]
    edges = np.linspace(0, t, folds + 1).round().astype(int)
    gap, n_select = _gap_hops(radius), int(round(t * SELECT_FRACTION))
    out = []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        rest = [(0, int(a) - gap), (int(b) + gap, t)]
        pieces = [(x, y) for x, y in rest if y - x > 0]
        train, select = _carve_select(pieces, n_select, radius)
        out.append(Split(train, select, (int(a), int(b))))
    return out


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
    split: Split | None = None,
    targets: dict[Viseme, MouthTarget] | None = None,
) -> tuple[AudioMouthModel, dict[str, Any]]:
    """Train a copy of ``model`` on ``split``'s training part (default:
    :func:`final_split`, the model an avatar gets), early-stopped on its validation
    slice when ``cfg.early_stop``, on ``fit_threads()`` CPU threads; with its linear head
    and phone mix as ``cfg`` asks (``targets``: her viseme table, which shapes the phone
    path; default the neutral one). The test part is not looked at here."""
    threads = torch.get_num_threads()
    torch.set_num_threads(fit_threads())
    try:
        split = split or final_split(clip, model.config.radius)
        _check_enough(clip, split)
        if not cfg.early_stop:
            split = without_select(split, model.config.radius)
        tuned, info = _finetune(model, clip, cfg, progress, split)
        if cfg.mel_head:
            tuned.meta = {**tuned.meta, "mel_head": fit_mel_head(tuned, clip, split).to_json()}
        if cfg.phones > 0:
            mix = fit_phone_mix(tuned, clip, split, cfg.phones, targets or DEFAULT_TARGETS)
            tuned.meta = {**tuned.meta, "phone_mix": mix.to_json()}
        return tuned, info
    finally:
        torch.set_num_threads(threads)


def _check_enough(clip: ClipData, split: Split) -> None:
    """Refuse a split with too little tracked speech to train on (before its validation
    slice is joined back, so the limit is the same with or without early stopping)."""
    trained = sum(int(clip.valid[a:b].sum()) for a, b in split.train)
    if trained < MIN_SECONDS * F.HOPS_PER_SECOND * 0.5:
        t_hops = clip.labels.shape[0]
        raise InputError(
            f"too little tracked speech to fit the audio-to-mouth model ({t_hops / 100:.0f} s)",
            hint=f"use a clip of at least {MIN_SECONDS:.0f} s with the face visible",
        )


def without_select(split: Split, radius: int) -> Split:
    """``split`` with its validation slice trained on (joined to the piece it was carved
    from) and no step selection."""
    if split.select is None:
        return split
    merged: list[tuple[int, int]] = []
    for a, b in sorted([*split.train, split.select]):
        if merged and a <= merged[-1][1] + radius:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return Split(tuple(merged), None, split.test)


def fit_mel_head(tuned: AudioMouthModel, clip: ClipData, split: Split) -> MelHead:
    """The presenter's linear head on ``split``'s training hops with a face; blended
    against ``tuned``'s own openness there (its network alone: no head yet)."""
    rows = np.zeros(clip.labels.shape[0], bool)
    for a, b in split.train:
        rows[a:b] = True
    rows &= clip.valid
    net = AudioMouthModel(tuned.net, tuned.target_scale, device=tuned.device)
    net_open = net.predict_hops_at_speeds(clip.pcm, clip.sample_rate)[:, 0]
    return MelHead.fit(clip.feats, clip.labels[:, 0], rows, net_open)


def fit_phone_mix(
    tuned: AudioMouthModel,
    clip: ClipData,
    split: Split,
    weight: float,
    targets: dict[Viseme, MouthTarget],
) -> PhoneMix:
    """The mix of ``tuned``'s openness (with its head, before any mix) and the phone
    path's, standardised on ``split``'s training frames with a face."""
    n = clip.frames
    rows = np.zeros(n, bool)
    for a, b in split.train:
        rows[_frame_of_hop(clip, a) : min(_frame_of_hop(clip, b), n)] = True
    rows &= clip.found[:n]
    plain = replace(tuned, meta={k: v for k, v in tuned.meta.items() if k != "phone_mix"})
    model_open = predicted_frames(plain, clip)[:, 0]
    phones = phone_mouth_track(clip.pcm, clip.fps, clip.sample_rate, targets).open[:n]
    return PhoneMix.fit(model_open, phones, rows, weight, targets)


def _finetune(
    model: AudioMouthModel, clip: ClipData, cfg: FinetuneConfig, progress: Progress, split: Split
) -> tuple[AudioMouthModel, dict[str, Any]]:
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
    select = None
    if split.select is not None:
        select = (_frame_of_hop(clip, split.select[0]), _frame_of_hop(clip, split.select[1]))
    best_score = frame_corr(model, clip, *select)[0] if select else -math.inf
    if not math.isfinite(best_score):
        best_score = -math.inf
    best = (best_score, 0, {k: v.clone() for k, v in net.state_dict().items()})
    length = int(round(cfg.crop_s * F.HOPS_PER_SECOND))
    device = tuned.device
    radius = model.config.radius
    view = _training_view(clip, split.train, radius, rng, None)
    for step in range(1, cfg.steps + 1):
        if cfg.augment_every and step > 1 and (step - 1) % cfg.augment_every == 0:
            # every other block of steps sees the clean audio
            use_aug = ((step - 1) // cfg.augment_every) % 2 == 1
            view = _training_view(clip, split.train, radius, rng, cfg.augment if use_aug else None)
        x, y, m = _batches(*view, radius, length, cfg.batch, rng)
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
        if select and (step % cfg.eval_every == 0 or step == cfg.steps):
            net.eval()
            score = frame_corr(tuned, clip, *select)[0]
            if score > best[0]:
                best = (score, step, {k: v.clone() for k, v in net.state_dict().items()})
        progress("lipsync", step, cfg.steps)
    if select:
        net.load_state_dict(best[2])
    else:
        best = (best[0], cfg.steps, best[2])
    net.eval()
    train_s, select_s, test_s = split.seconds()
    info = {
        "split": split,
        "best_step": best[1],
        "select_corr": best[0] if math.isfinite(best[0]) else float("nan"),
        "train_s": train_s,
        "select_s": select_s,
        "holdout_s": test_s,
    }
    return tuned, info


def _training_view(
    clip: ClipData,
    pieces: tuple[tuple[int, int], ...],
    radius: int,
    rng: np.random.Generator,
    cfg: AugmentConfig | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The training pieces, joined, as (features, labels, valid), freshly augmented
    unless ``cfg`` is None. The validity mask rides along as a third label channel, so it
    follows a speed change like the labels do; hops within ``radius`` of a join are not
    valid (their context mixes two places of the clip)."""
    lab = np.concatenate([clip.labels, clip.valid[:, None].astype(np.float32)], axis=1)
    lab = np.concatenate([lab[a:b] for a, b in pieces])
    join = 0
    for a, b in pieces[:-1]:
        join += b - a
        lab[max(0, join - radius) : join + radius, 2] = 0.0
    if cfg is None:
        feats = np.concatenate([clip.feats[:, a:b] for a, b in pieces], axis=1)
        return feats, lab[:, :2], lab[:, 2] > 0.5
    x16 = np.concatenate([clip.x16[a * F.HOP : b * F.HOP] for a, b in pieces])
    feats, lab = augmented_features(x16, lab, rng, cfg)
    return feats, lab[:, :2], lab[:, 2] > 0.999


@dataclass(frozen=True)
class HeldOut:
    """A model's figures on a test range, per video frame with a face (see ``held_out``)."""

    open_corr: float  # lag 0
    width_corr: float
    peak_lag: int  # frames, within +-5 (predicted later = positive)
    peak_corr: float
    frames: int


def predicted_frames(model: AudioMouthModel, clip: ClipData) -> np.ndarray:
    """(frames, 2) predicted (open, width) per video frame of the whole clip, as
    ``AudioMouthModel.predict`` makes them (speed-perturbed passes, head, phone mix)
    without its presenter calibration (a monotone map, which barely moves a correlation)."""
    return model.predict_frames(clip.pcm, clip.fps, clip.sample_rate)[: clip.frames]


def phone_frames(clip: ClipData, targets: dict[Viseme, MouthTarget] | None = None) -> np.ndarray:
    """(frames, 2) the phone path's (open, width) per video frame of the whole clip:
    speaker-independent, what audio without a fitted model gets."""
    track = phone_mouth_track(clip.pcm, clip.fps, clip.sample_rate, targets)
    return np.stack([track.open, track.width], axis=1)[: clip.frames]


def held_out(pred: np.ndarray, clip: ClipData, test: tuple[int, int]) -> HeldOut:
    """Figures of per-frame predictions ``pred`` (from :func:`predicted_frames`, or any
    other driver) on the test hops ``test``: Pearson r of predicted and tracked openness
    (and width) over frames with a face, at lag 0 and at its peak lag."""
    f0, f1 = _frame_of_hop(clip, test[0]), min(_frame_of_hop(clip, test[1]), clip.frames)
    keep = clip.found[f0:f1]

    def masked(x: np.ndarray) -> np.ndarray:
        return np.where(keep, x[f0:f1], np.nan)

    lags = metrics.lagged_correlations(masked(pred[:, 0]), masked(clip.mouth[:, 0]))
    lag = metrics.peak_lag(lags)
    width = metrics.pearson(masked(pred[:, 1]), masked(clip.mouth[:, 1]))
    return HeldOut(lags[0], width, lag, lags[lag], int(keep.sum()))


@dataclass(frozen=True)
class FoldCheck:
    """The self-check: per test fold, the shipped and the fold's fine-tuned model."""

    before: tuple[HeldOut, ...]
    after: tuple[HeldOut, ...]
    test_s: float

    def mean(self, which: str, key: str = "open_corr") -> float:
        vals = [getattr(h, key) for h in getattr(self, which)]
        vals = [v for v in vals if math.isfinite(v)]
        return float(np.mean(vals)) if vals else float("nan")


def self_check(
    model: AudioMouthModel,
    clip: ClipData,
    cfg: FinetuneConfig = FinetuneConfig(),
    progress: Progress = no_progress,
    targets: dict[Viseme, MouthTarget] | None = None,
) -> FoldCheck:
    """``cfg.check_folds`` test folds, each on a model fine-tuned (``cfg.check_steps``)
    on the rest of the clip (:func:`fold_splits`); a fold whose rest is too short to fit
    is left out (a short clip may have none). "Before" is the phone path alone."""
    fold_cfg = replace(cfg, steps=cfg.check_steps)
    zero = phone_frames(clip, targets)
    before, after, test_s = [], [], 0.0
    splits = fold_splits(clip, cfg.check_folds, model.config.radius) if cfg.check_folds else []
    for k, split in enumerate(splits):

        def fold_progress(stage: str, done: int, total: int, k: int = k) -> None:
            progress(stage, k * total + done, len(splits) * total)

        try:
            tuned, _ = finetune_model(model, clip, fold_cfg, fold_progress, split, targets)
        except InputError:
            continue
        before.append(held_out(zero, clip, split.test))
        after.append(held_out(predicted_frames(tuned, clip), clip, split.test))
        test_s = split.seconds()[2]
    return FoldCheck(tuple(before), tuple(after), test_s)


def fit_threads() -> int:
    """CPU threads for fine-tuning: the thread budget's torch share (half the cores, at
    most 4). Its batches are small, and on a busy 2-core machine two threads spinning
    against each other cost 5x the CPU time of one."""
    return current_budget().torch


def fit_calibration(model: AudioMouthModel, clip: ClipData) -> OpenCalibration:
    """The presenter's openness mapping (:mod:`.calibrate`): ``model``'s predictions on
    her whole clip against her tracked openness in it."""
    n = clip.frames
    pred = predicted_frames(model, clip)[:, 0]  # as ``predict`` before its calibration
    return OpenCalibration.fit(pred, clip.mouth[:n, 0][clip.found[:n]])


def finetune_for_avatar(
    avatar_folder: Path,
    progress: Progress | None = None,
    *,
    fps: FrameRate | None = None,
    base: Path | None = None,
    config: FinetuneConfig = FinetuneConfig(),
) -> FinetuneReport:
    """Fine-tune the shipped model (or ``base``) on this package's audio and tracked mouth
    and write ``mouth/audio_model.pt`` into it, with the self-check's figures (the module
    doc). ``fps`` is read from the manifest unless given (a package still being built
    has no manifest yet)."""
    t0 = time.perf_counter()
    progress = progress or no_progress
    folder = Path(avatar_folder)
    clip = load_clip(folder, fps)
    targets = package_targets(folder)
    shipped = AudioMouthModel.load(base)
    check_total = config.check_folds * config.check_steps
    total = config.steps + check_total

    def check_progress(stage: str, done: int, steps: int) -> None:
        progress(stage, config.steps + done, total)

    progress("lipsync", 0, total)
    # the model she gets first: it refuses a clip too short to fit
    tuned, info = finetune_model(
        shipped, clip, config, lambda s, d, t: progress(s, d, total), targets=targets
    )
    check = self_check(shipped, clip, config, check_progress, targets)
    progress("lipsync", total, total)
    wall = time.perf_counter() - t0
    report = FinetuneReport(
        path=folder / AVATAR_WEIGHTS,
        seconds=round(len(clip.pcm) / clip.sample_rate, 2),
        train_s=info["train_s"],
        holdout_s=check.test_s,
        open_corr_before=check.mean("before"),
        open_corr=check.mean("after"),
        width_corr_before=check.mean("before", "width_corr"),
        width_corr=check.mean("after", "width_corr"),
        best_step=info["best_step"],
        steps=config.steps,
        wall_s=wall,
        select_s=info["select_s"],
        check_steps=config.check_steps,
        open_corr_folds=tuple(h.open_corr for h in check.after),
        open_corr_folds_before=tuple(h.open_corr for h in check.before),
        peak_lags=tuple(h.peak_lag for h in check.after),
    )
    meta = {
        "kind": "avatar fine-tune",
        "calibration": fit_calibration(tuned, clip).to_json(),
        "base": str(shipped.path.name if shipped.path else "shipped"),
        "base_meta_command": shipped.meta.get("command", ""),
        **{k: tuned.meta[k] for k in ("mel_head", "phone_mix") if k in tuned.meta},
        "report": report.quality_json(),
    }
    tuned.save(report.path, meta)
    log.info(
        "audio-to-mouth fine-tuned in %.1f s: open corr %.3f -> %.3f, mean over %d "
        "held-out folds (worst %.3f)",
        wall,
        report.open_corr_before,
        report.open_corr,
        len(report.open_corr_folds),
        report.open_corr_worst,
    )
    return report


def package_targets(folder: Path) -> dict[Viseme, MouthTarget] | None:
    """The package's viseme table (``mouth/visemes.json``, written before this stage),
    as the phoneme path takes it; None (the neutral table) when it has none."""
    path = Path(folder) / "mouth" / "visemes.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {Viseme(k): MouthTarget(float(v["open"]), float(v["width"])) for k, v in data.items()}


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
