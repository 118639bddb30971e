"""Pretrain the speaker-independent audio-to-mouth model on speech Studio makes itself.

    python -m studio.tools.train_audio_mouth --out models/audio_mouth.pt [--minutes M] [--seed 0]

1. synthesise a corpus (:mod:`.synth_corpus`): eSpeak NG Mandarin and English in many
   voices/variants/rates/pitches and Piper English, labelled from the phoneme timelines;
   a held-out set of voices and texts is made the same way and never trained on;
2. train the network (:mod:`.audio_model`) on random 4 s crops of freshly augmented
   sessions (:mod:`.augment`): MSE on (open, width) plus an auxiliary cross-entropy on
   the viseme heard, AdamW with a one-cycle schedule;
3. measure: correlation with the labels on the held-out set (clean, and through a
   simulated microphone); optionally on real avatar packages: the zero-shot openness
   correlation (``--eval-avatar A``: its tracked mouth against its own audio) and the
   fine-tuned one (``--eval-pair TRAIN HOLD``: fitted on TRAIN, tested on HOLD);
4. write the weights and a model card (``--out`` with ``.md``).

Deterministic for a seed (single-process data, seeded numpy/torch, Piper sampling noise
off). Defaults fit ~10-15 minutes on a 2-core CPU; CUDA is used when present.
"""

from __future__ import annotations

import argparse
import logging
import math
import platform
import shlex
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from studio.avatar.package import load_avatar
from studio.core.timeline import FrameRate
from studio.core.wav import read_wav
from studio.lipsync import features as F
from studio.lipsync.audio_model import (
    DEFAULT_TARGET_SCALE,
    TRAIN_COMMAND,
    AudioMouthModel,
    AudioMouthNet,
    NetConfig,
    default_device,
    pad_features,
)
from studio.lipsync.augment import AugmentConfig, augmented_features
from studio.lipsync.energy import energy_mouth_track
from studio.lipsync.finetune import FinetuneConfig, finetune_model, load_clip, package_targets
from studio.tools.synth_corpus import (
    ESPEAK_BASES,
    ESPEAK_VARIANTS,
    HELDOUT_BASES,
    HELDOUT_VARIANTS,
    OTHER_LANGUAGES,
    OTHER_TEXTS,
    Session,
    Synthesizer,
    make_sessions,
)

log = logging.getLogger(__name__)

#: Fine-tuning seeds reported by ``--eval-pair`` (the spread is part of the result).
PAIR_SEEDS = 3

#: What the shipped model was trained with (the card repeats the command).
DEFAULTS = {
    "minutes": 40.0,
    "heldout_minutes": 4.0,
    "epochs": 10,
    "coverage": 4.0,
    "batch": 32,
    "crop_s": 4.0,
}


@dataclass(frozen=True)
class TrainConfig:
    minutes: float = DEFAULTS["minutes"]
    heldout_minutes: float = DEFAULTS["heldout_minutes"]
    epochs: int = int(DEFAULTS["epochs"])
    batch: int = int(DEFAULTS["batch"])
    crop_s: float = DEFAULTS["crop_s"]
    #: Crops per epoch cover each session this many times (each augmentation is reused).
    coverage: float = DEFAULTS["coverage"]
    lr: float = 3e-3
    weight_decay: float = 1e-2
    aux_weight: float = 0.3  # viseme cross-entropy beside the (open, width) MSE
    seed: int = 0
    piper_share: float = 0.15
    other_share: float = 0.0  # sessions in other eSpeak languages
    other_languages: tuple[str, ...] = OTHER_LANGUAGES
    other_texts: str = "pseudo"  # "pseudo" (made-up words) | "words" (common-word lists)
    max_steps: int | None = None  # cut the run short (tests)
    net: NetConfig = field(default_factory=NetConfig)
    augment: AugmentConfig = field(default_factory=AugmentConfig)


# --------------------------------------------------------------------------- data


@dataclass
class Prepared:
    """A session at 16 kHz with its hop labels (augmentation starts from here)."""

    x16: np.ndarray
    labels: np.ndarray
    session: Session


def prepare(sessions: Sequence[Session]) -> list[Prepared]:
    out = []
    for s in sessions:
        x16 = F.to_feature_rate(s.audio, 48_000)
        out.append(Prepared(x16, s.labels, s))
    return out


def n_crops(t: int, length: int, coverage: float) -> int:
    """Crops taken from a session of ``t`` hops per epoch."""
    return 1 if t <= length else max(1, round(coverage * t / length))


def crops(
    feats: np.ndarray,
    labels: np.ndarray,
    radius: int,
    length: int,
    rng: np.random.Generator,
    coverage: float = 1.0,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random windows covering a session about ``coverage`` times: (features with
    context, labels)."""
    t = labels.shape[0]
    padded = pad_features(feats, radius)
    if t <= length:
        extra = length - t
        x = np.pad(padded, ((0, 0), (0, extra)), constant_values=padded[0, 0])  # silence
        y = np.pad(labels, ((0, extra), (0, 0)), mode="edge")
        return [(x, y)]
    out = []
    for _ in range(n_crops(t, length, coverage)):
        i = int(rng.integers(0, t - length + 1))
        out.append((padded[:, i : i + length + 2 * radius], labels[i : i + length]))
    return out


def epoch_batches(
    data: Sequence[Prepared],
    cfg: TrainConfig,
    rng: np.random.Generator,
    scale: np.ndarray,
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    length = int(round(cfg.crop_s * F.HOPS_PER_SECOND))
    pool: list[tuple[np.ndarray, np.ndarray]] = []
    for item in data:
        feats, labels = augmented_features(item.x16, item.labels, rng, cfg.augment)
        pool.extend(crops(feats, labels, cfg.net.radius, length, rng, cfg.coverage))
    order = rng.permutation(len(pool))
    batches = []
    for a in range(0, len(order), cfg.batch):
        idx = order[a : a + cfg.batch]
        x = torch.from_numpy(np.stack([pool[i][0] for i in idx]))
        y = np.stack([pool[i][1] for i in idx]).astype(np.float32)  # (B, L, 3)
        y[:, :, :2] *= scale[None, None, :].astype(np.float32)
        batches.append((x, torch.from_numpy(y).transpose(1, 2).contiguous()))
    return batches


# --------------------------------------------------------------------------- training


def train(
    data: Sequence[Prepared], cfg: TrainConfig, progress=None
) -> tuple[AudioMouthModel, dict[str, Any]]:
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng([cfg.seed, 1])
    device = default_device()
    scale = np.asarray(DEFAULT_TARGET_SCALE, dtype=np.float64)
    net = AudioMouthNet(cfg.net).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    length = int(round(cfg.crop_s * F.HOPS_PER_SECOND))
    per_epoch = sum(n_crops(d.labels.shape[0], length, cfg.coverage) for d in data)
    total = cfg.epochs * math.ceil(per_epoch / cfg.batch)
    if cfg.max_steps is not None:
        total = min(total, cfg.max_steps)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=max(total, 1))
    step, losses = 0, []
    t0 = time.perf_counter()
    for epoch in range(cfg.epochs):
        net.train()
        epoch_loss = []
        for x, y in epoch_batches(data, cfg, rng, scale):
            if step >= total:
                break
            pred = net(x.to(device))
            y = y.to(device)
            loss = torch.mean((pred[:, :2] - y[:, :2]) ** 2)
            if cfg.net.aux_classes:
                ce = nn.functional.cross_entropy(pred[:, 2:], y[:, 2].long())
                loss = loss + cfg.aux_weight * ce
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            epoch_loss.append(loss.item())
        if epoch_loss:
            losses.append(float(np.mean(epoch_loss)))
            log.info(
                "epoch %d/%d loss %.4f (%.0f s)",
                epoch + 1,
                cfg.epochs,
                losses[-1],
                time.perf_counter() - t0,
            )
        if progress is not None:
            progress("train", epoch + 1, cfg.epochs)
        if step >= total:
            break
    net.eval()
    model = AudioMouthModel(net, scale, device=device)
    return model, {"steps": step, "epoch_losses": [round(v, 5) for v in losses]}


# --------------------------------------------------------------------------- metrics


def corr(a: np.ndarray, b: np.ndarray) -> float:
    n = min(len(a), len(b))
    a, b = np.asarray(a[:n], np.float64), np.asarray(b[:n], np.float64)
    if n < 3 or a.std() < 1e-9 or b.std() < 1e-9:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def lag_profile(
    pred: np.ndarray, real: np.ndarray, keep: np.ndarray | None = None, max_lag: int = 5
) -> dict[int, float]:
    """Correlation of ``pred[k + lag]`` with ``real[k]`` (positive lag: the prediction is
    late), over the frames where ``keep`` (e.g. face found) holds for ``real``."""
    n = min(len(pred), len(real))
    keep = np.ones(n, bool) if keep is None else np.asarray(keep[:n], bool)
    out = {}
    for lag in range(-max_lag, max_lag + 1):
        a = pred[max(0, lag) : n + min(0, lag)]
        b = real[max(0, -lag) : n - max(0, lag)]
        k = keep[max(0, -lag) : n - max(0, lag)]
        out[lag] = corr(a[k], b[k])
    return out


def peak_lag(profile: dict[int, float]) -> int:
    return max(profile, key=lambda k: -2.0 if math.isnan(profile[k]) else profile[k])


def heldout_metrics(
    model: AudioMouthModel, data: Sequence[Prepared], mic: bool, seed: int
) -> dict[str, dict[str, float]]:
    """Correlation of predicted and label curves (10 ms grid), per language, pooled."""
    rng = np.random.default_rng([seed, 7])
    mic_cfg = AugmentConfig(p_speed=0.0, p_warp=0.0, p_reverb=0.5, p_noise=1.0,
                            snr_db=(10.0, 30.0), p_eq=1.0)  # fmt: skip
    preds: dict[str, list[np.ndarray]] = {}
    reals: dict[str, list[np.ndarray]] = {}
    for item in data:
        if mic:
            feats, labels = augmented_features(item.x16, item.labels, rng, mic_cfg)
        else:
            feats = F.normalise(
                F.power_spectrogram(item.x16, item.labels.shape[0]) @ F.mel_filterbank().T
            )
            labels = item.labels
        key = f"{item.session.voice.engine}-{item.session.voice.language}"
        preds.setdefault(key, []).append(model.predict_hops(feats))
        reals.setdefault(key, []).append(labels)
    out = {}
    for key in sorted(preds):
        p, r = np.concatenate(preds[key]), np.concatenate(reals[key])
        out[key] = {
            "open": round(corr(p[:, 0], r[:, 0]), 3),
            "width": round(corr(p[:, 1], r[:, 1]), 3),
            "minutes": round(len(r) / F.HOPS_PER_SECOND / 60, 2),
        }
    return out


def avatar_zero_shot(model: AudioMouthModel, folder: Path) -> dict[str, Any]:
    """Openness correlation of the model's mouth with an avatar's tracked mouth."""
    avatar = load_avatar(Path(folder))
    pcm, rate = read_wav(avatar.audio_path)
    return _scores(model.predict(pcm, avatar.fps, rate), avatar, "zero-shot")


def _scores(track, avatar, model_label: str) -> dict[str, Any]:
    mouth = np.asarray(avatar.tracks.mouth)
    found = np.asarray(avatar.tracks.found, bool)
    n = min(len(track), len(mouth))
    keep = found[:n]
    lags = lag_profile(track.open[:n], mouth[:n, 0], keep)
    return {
        "avatar": avatar.name,
        "model": model_label,
        "frames": int(keep.sum()),
        "seconds": round(n / float(avatar.fps), 1),
        "open": round(lags[0], 3),
        "width": round(corr(track.width[:n][keep], mouth[:n, 1][keep]), 3),
        "peak_lag_frames": peak_lag(lags),
    }


def avatar_pair(model: AudioMouthModel, train: Path, hold: Path) -> list[dict[str, Any]]:
    """The lip-sync check of DESIGN.md §5 from audio: fine-tune on avatar ``train`` (as
    ``studio avatar create`` does, package untouched), predict avatar ``hold``'s mouth
    from its audio; with the shipped model and the loudness fallback beside it."""
    held = load_avatar(Path(hold))
    pcm, rate = read_wav(held.audio_path)
    clip = load_clip(Path(train))
    name = load_avatar(Path(train)).name
    rows = [_scores(model.predict(pcm, held.fps, rate), held, "zero-shot")]
    for seed in range(PAIR_SEEDS):  # seed 0 is what `studio avatar create` runs
        tuned, _ = finetune_model(
            model, clip, FinetuneConfig(seed=seed), targets=package_targets(Path(train))
        )
        label = f"fine-tuned on {name}, seed {seed}"
        rows.append(_scores(tuned.predict(pcm, held.fps, rate), held, label))
    rows.append(_scores(energy_mouth_track(pcm, held.fps, rate), held, "loudness fallback"))
    return rows


# --------------------------------------------------------------------------- card


def corpus_summary(sessions: Sequence[Session]) -> dict[str, Any]:
    voices = sorted({s.voice.label for s in sessions})
    minutes: dict[str, float] = {}
    phonemes: Counter[str] = Counter()
    unknown: dict[str, Counter[str]] = {}
    for s in sessions:
        key = f"{s.voice.engine} {s.voice.language}"
        minutes[key] = minutes.get(key, 0.0) + s.seconds / 60
        phonemes[key] += s.n_phonemes
        if s.unknown_phonemes:
            unknown.setdefault(key, Counter()).update(s.unknown_phonemes)
    return {
        "sessions": len(sessions),
        "utterances": sum(len(s.texts) for s in sessions),
        "minutes": round(sum(s.seconds for s in sessions) / 60, 1),
        "minutes_by_engine_language": {k: round(v, 1) for k, v in sorted(minutes.items())},
        "voices": len(voices),
        "phonemes_by_engine_language": dict(sorted(phonemes.items())),
        # symbols the viseme tables lacked (labelled with the fallback class)
        "unknown_phonemes": {k: dict(sorted(v.items())) for k, v in sorted(unknown.items())},
    }


def _other_line(other: dict[str, Any]) -> list[str]:
    """The card's line on the extra eSpeak languages (none for the default corpus)."""
    if not other.get("languages"):
        return []
    texts = "their built-in common-word lists" if other["texts"] == "words" else "made-up words"
    return [
        f"- other eSpeak NG languages: {other['languages']} in {other['share']:.0%} of the"
        f" eSpeak sessions, reading {texts}; variants split like the others"
    ]


def write_card(path: Path, meta: dict[str, Any]) -> Path:
    tr, ho = meta["corpus"]["train"], meta["corpus"]["heldout"]
    lines = [
        "# audio_mouth.pt: audio -> mouth (open, width) for Studio",
        "",
        "A small temporal convolution network that turns speech audio into the two mouth",
        "scalars of the avatar format, per 10 ms: `open` (inner-lip gap / inter-ocular",
        "distance) and `width` (mouth width change from rest / IOD). Used for recorded",
        "clips and voices without phoneme times (`studio.lipsync.audio_model`), and the",
        "starting point of each avatar's fine-tuned copy (`studio.lipsync.finetune`).",
        "",
        "## Model",
        "",
        f"- input: log-mel, {F.N_MELS} bands {F.FMIN:.0f}-{F.FMAX:.0f} Hz, 16 kHz, 25 ms window,"
        " 10 ms hop, normalised per clip (speech level, per-band mean over speech, floor)",
        f"- network: 1-D convolutions, {meta['net']['channels']} channels, residual dilated"
        f" blocks {meta['net']['dilations']}, receptive field +-{meta['receptive_field_ms']} ms"
        " (non-causal)",
        f"- parameters: {meta['parameters']:,}; file size {meta['file_kb']} kB",
        f"- speed: {meta.get('speed_x_realtime', 'n/a')}x real time on one CPU core"
        " (features + network)",
        "",
        "## Data (all synthesised by the training script; nothing downloaded)",
        "",
        f"- training: {tr['utterances']} utterances in {tr['sessions']} sessions,"
        f" {tr['minutes']} min; by engine/language: {tr['minutes_by_engine_language']};"
        f" {tr['voices']} distinct voices",
        f"- held out (never trained on): {ho['utterances']} utterances, {ho['minutes']} min,"
        f" {ho['voices']} voices: eSpeak variants {sorted(HELDOUT_VARIANTS)} and the English"
        f" base voice(s) {sorted(HELDOUT_BASES)}; texts from a held-out slice of the word and"
        " character lists and of the demo lines",
        f"- eSpeak NG base voices: {dict(ESPEAK_BASES)}; {len(ESPEAK_VARIANTS)} variants"
        " (`voice+variant`); rates 120-260 wpm; pitch 15-85; volume 70-130",
        *_other_line(meta.get("other_languages", {})),
        "- Piper `en_US-joe-medium` (English), rates 135-235, sampling noise off",
        "- texts: random phrases from built-in English word and Mandarin character lists,"
        " and the lines of the shipped demo show (assets/demo)",
        "- sessions: one voice each, 12-30 s, pauses of 0.12-1.2 s between utterances",
        "- labels: `trajectory.mouth_curves_ms` of each phoneme timeline with"
        " `DEFAULT_TARGETS` (coarticulation, enforced p/b/m closures), read every 10 ms",
        "- augmentation, drawn afresh every epoch:",
        *[f"  - {d}" for d in meta["augmentations"]],
        "",
        "## Training",
        "",
        f"- command: `{meta['command']}`",
        f"- seed: {meta['seed']}; epochs {meta['epochs']}, {meta['steps']} steps of"
        f" {meta['batch']} x {meta['crop_s']} s crops; AdamW, one-cycle lr {meta['lr']}",
        f"- wall time: {meta['wall_minutes']} min ({meta['synth_minutes']} synthesis) on"
        f" {meta['machine']}",
        f"- torch {meta['torch']}; final epoch loss {meta['final_loss']}",
        "",
        "## Metrics",
        "",
        "Held-out synthetic speech (unseen voices and texts), Pearson correlation of the",
        "predicted curves with the phoneme-timeline labels on the 10 ms grid:",
        "",
        "| set | condition | minutes | open | width |",
        "|---|---|---|---|---|",
    ]
    for cond, table in (("clean", meta["heldout_clean"]), ("microphone", meta["heldout_mic"])):
        for key, m in table.items():
            lines.append(f"| {key} | {cond} | {m['minutes']} | {m['open']} | {m['width']} |")
    lines += [
        "",
        '("microphone": reverb with p=0.5, noise at 10-30 dB SNR and a random EQ, fixed seed.)',
        "",
    ]
    if meta.get("real"):
        lines += [
            "Real video: the predicted openness against the openness tracked in the",
            "avatar's own frames (frames where the face was found), Pearson per video frame.",
            '"zero-shot" is this model as shipped; "fine-tuned on X" is this model after',
            "`finetune_for_avatar`-style fitting on avatar X (another part of the video):",
            "",
            "| avatar | mouth from | seconds | frames | open corr (lag 0) | width corr |"
            " peak lag (frames) |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in meta["real"]:
            lines.append(
                f"| {r['avatar']} | {r['model']} | {r['seconds']} | {r['frames']} | {r['open']} |"
                f" {r['width']} | {r['peak_lag_frames']} |"
            )
        if meta.get("real_note"):
            lines += ["", meta["real_note"]]
        lines.append("")
    lines += [
        "## How Studio uses it",
        "",
        "- `predict` averages three passes, the clip played at 0.9x, 1x and 1.1x speed and",
        "  mapped back onto its own time (test-time augmentation; on the dfrf presenter it",
        "  raised the fine-tuned openness correlation by 0.01-0.05 for every seed tried);",
        "- an avatar's fine-tuned copy also carries her openness calibration",
        "  (`studio.lipsync.calibrate`): each clip's prediction is mapped by rank onto her",
        "  own tracked openness, so the retrieval renderer reaches her closed and her",
        "  wide-open mouths instead of the shrunk middle a regression predicts.",
        "",
        "## Limits",
        "",
        (
            "- trained on synthetic Mandarin and English only; other languages and real voices"
            if not meta.get("other_languages", {}).get("languages")
            else "- trained on synthetic speech, mostly Mandarin and English; real voices"
        ),
        "  rely on augmentation and on per-avatar fine-tuning (`finetune_for_avatar`), which",
        "  is what makes it match a presenter (habits such as opening before a phrase);",
        "- the labels are the speaker-independent viseme targets, so the zero-shot output",
        "  has their scale, not the presenter's;",
        "- music or several voices at once are not modelled.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- main


def speed_x_realtime(model: AudioMouthModel, seconds: float = 20.0) -> float:
    """Features + network on one CPU thread: seconds of audio per second of compute."""
    cpu = AudioMouthModel(model.net.to("cpu"), model.target_scale, device=torch.device("cpu"))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        rng = np.random.default_rng(0)
        pcm = (rng.standard_normal(int(seconds * 48_000)) * 3000).astype(np.int16)
        cpu.predict(pcm[:48_000], FrameRate(25))
        t0 = time.perf_counter()
        cpu.predict(pcm, FrameRate(25))
        return seconds / (time.perf_counter() - t0)
    finally:
        torch.set_num_threads(threads)
        model.net.to(model.device)


def run(
    out: Path,
    cfg: TrainConfig,
    eval_avatars: Sequence[Path] = (),
    eval_pairs: Sequence[tuple[Path, Path]] = (),
    command: str | None = None,
    card: Path | None = None,
    real_note: str = "",
) -> dict[str, Any]:
    t0 = time.perf_counter()
    synth = Synthesizer(deterministic=True)
    train_sessions = make_sessions(
        cfg.minutes * 60,
        np.random.default_rng([cfg.seed, 2]),
        heldout=False,
        piper_share=cfg.piper_share,
        other_share=cfg.other_share,
        other_languages=cfg.other_languages,
        other_texts=cfg.other_texts,
        synthesizer=synth,
    )
    held_sessions = make_sessions(
        cfg.heldout_minutes * 60,
        np.random.default_rng([cfg.seed, 3]),
        heldout=True,
        synthesizer=synth,
    )
    synth_s = time.perf_counter() - t0
    corpus = {"train": corpus_summary(train_sessions), "heldout": corpus_summary(held_sessions)}
    for name, summary in corpus.items():
        log.info("%s minutes by engine/language: %s", name, summary["minutes_by_engine_language"])
        log.info("%s unknown phonemes: %s", name, summary["unknown_phonemes"])
    log.info(
        "corpus: %.1f min training, %.1f min held out (%.0f s)",
        sum(s.seconds for s in train_sessions) / 60,
        sum(s.seconds for s in held_sessions) / 60,
        synth_s,
    )
    model, info = train(prepare(train_sessions), cfg)
    held = prepare(held_sessions)
    meta: dict[str, Any] = {
        "command": command or f"{TRAIN_COMMAND} --minutes {cfg.minutes} --seed {cfg.seed}",
        "seed": cfg.seed,
        "epochs": cfg.epochs,
        "batch": cfg.batch,
        "crop_s": cfg.crop_s,
        "lr": cfg.lr,
        "steps": info["steps"],
        "final_loss": info["epoch_losses"][-1] if info["epoch_losses"] else None,
        "epoch_losses": info["epoch_losses"],
        "net": cfg.net.to_json(),
        "receptive_field_ms": cfg.net.radius * 1000 // F.HOPS_PER_SECOND,
        "parameters": sum(p.numel() for p in model.net.parameters()),
        "corpus": corpus,
        "augmentations": cfg.augment.describe(),
        "other_languages": {
            "share": cfg.other_share,
            "languages": list(cfg.other_languages) if cfg.other_share > 0 else [],
            "texts": cfg.other_texts,
        },
        "heldout_clean": heldout_metrics(model, held, mic=False, seed=cfg.seed),
        "heldout_mic": heldout_metrics(model, held, mic=True, seed=cfg.seed),
        "torch": torch.__version__,
        "machine": f"{platform.machine()} {torch.get_num_threads()} threads,"
        f" {'CUDA' if model.device.type == 'cuda' else 'CPU'}",
    }
    meta["real"] = [avatar_zero_shot(model, Path(p)) for p in eval_avatars]
    for train_folder, hold_folder in eval_pairs:
        meta["real"] += avatar_pair(model, Path(train_folder), Path(hold_folder))
    meta["real_note"] = real_note
    meta["speed_x_realtime"] = round(speed_x_realtime(model))
    meta["wall_minutes"] = round((time.perf_counter() - t0) / 60, 1)
    meta["synth_minutes"] = round(synth_s / 60, 1)
    model.meta = {k: v for k, v in meta.items() if k != "epoch_losses"}
    model.save(out)
    meta["file_kb"] = round(out.stat().st_size / 1024)
    write_card(card or out.with_suffix(".md"), meta)
    log.info("wrote %s and its card (%.1f min)", out, meta["wall_minutes"])
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m studio.tools.train_audio_mouth", description=__doc__.split("\n")[0]
    )
    p.add_argument("--out", type=Path, required=True, help="weights file (.pt); card beside it")
    p.add_argument("--minutes", type=float, default=DEFAULTS["minutes"], help="training audio")
    p.add_argument("--heldout-minutes", type=float, default=DEFAULTS["heldout_minutes"])
    p.add_argument("--epochs", type=int, default=int(DEFAULTS["epochs"]))
    p.add_argument("--coverage", type=float, default=DEFAULTS["coverage"], help="crops per epoch")
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    p.add_argument(
        "--eval-avatar",
        type=Path,
        action="append",
        default=[],
        help="a video avatar folder to report zero-shot openness correlation on (repeatable)",
    )
    p.add_argument("--piper-share", type=float, default=TrainConfig.piper_share)
    p.add_argument(
        "--other-share",
        type=float,
        default=TrainConfig.other_share,
        help="share of the eSpeak sessions in other languages (default 0: Mandarin/English)",
    )
    p.add_argument(
        "--other-languages",
        default=",".join(OTHER_LANGUAGES),
        help="comma-separated eSpeak languages for --other-share",
    )
    p.add_argument(
        "--other-texts",
        choices=OTHER_TEXTS,
        default=TrainConfig.other_texts,
        help="what the other languages read: made-up words, or their built-in common words",
    )
    p.add_argument("--channels", type=int, default=NetConfig.channels)
    p.add_argument(
        "--dilations",
        default=",".join(map(str, NetConfig.dilations)),
        help="comma-separated dilations of the residual blocks",
    )
    p.add_argument(
        "--eval-pair",
        type=Path,
        nargs=2,
        action="append",
        default=[],
        metavar=("TRAIN", "HOLD"),
        help="fine-tune on avatar TRAIN, report openness correlation on avatar HOLD",
    )
    p.add_argument("--real-note", default="", help="a line for the card under the real metrics")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = TrainConfig(
        minutes=args.minutes,
        heldout_minutes=args.heldout_minutes,
        epochs=args.epochs,
        coverage=args.coverage,
        seed=args.seed,
        max_steps=args.max_steps,
        piper_share=args.piper_share,
        other_share=args.other_share,
        other_languages=tuple(x.strip() for x in args.other_languages.split(",") if x.strip()),
        other_texts=args.other_texts,
        net=NetConfig(
            channels=args.channels,
            dilations=tuple(int(d) for d in args.dilations.split(",")),
        ),
    )
    args_list = list(sys.argv[1:] if argv is None else argv)
    if "--real-note" in args_list:  # the note is printed in the card on its own
        i = args_list.index("--real-note")
        args_list[i + 1 : i + 2] = ["..."]
    command = "python -m studio.tools.train_audio_mouth " + shlex.join(args_list)
    meta = run(
        args.out,
        cfg,
        args.eval_avatar,
        [tuple(p) for p in args.eval_pair],
        command,
        real_note=args.real_note,
    )
    print(f"wrote {args.out} ({meta['file_kb']} kB) and {args.out.with_suffix('.md')}")
    for cond in ("heldout_clean", "heldout_mic"):
        print(cond, meta[cond])
    for r in meta["real"]:
        print("real", r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
