"""A presenter's linear head: ridge regression of her openness on log-mel context.

A fine-tuned network fitted to 10-40 s of one presenter is a strong but noisy learner;
a linear model on the same features is a weak but steady one, and the two err in
different places. Fine-tuned with ``FinetuneConfig(mel_head=True)``, a video avatar's
``mouth/audio_model.pt`` carries both: the network and this head (plain JSON in the
checkpoint's meta), and its openness is the mean of the two after each is brought to the
network's mean and spread on her training audio (:meth:`MelHead.blend`).

Features: the normalised log-mel frames (:mod:`.features`) at ``OFFSETS`` hops around
each 10 ms hop (+-200 ms), standardised; the ridge strength is chosen by contiguous
inner folds of her training hops (never by the audio held out from them).

Measured with the nested protocol of issue 20 (inner folds inside the training part of
each of ``bench_lipsync_speakers.py``'s folds; its test folds were not looked at), mean
over dfrf and the two 20 s LatentSync clips: fine-tune as it was 0.349, without its early
stopping 0.397, this head alone 0.413, the two blended 0.453. On the bench's test folds,
measured once: mean 0.467 -> 0.490, worst presenter 0.280 -> 0.213, so it is not the
default (docs/benchmarks.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from studio.lipsync import features as F

#: Hops (10 ms) of context either side, denser near the centre.
OFFSETS = (-20, -14, -9, -5, -2, 0, 2, 5, 9, 14, 20)
#: Ridge strengths tried, relative to the number of training rows (standardised inputs).
LAMBDAS = (1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0)
INNER_FOLDS = 3
#: The head's share of the blended openness (the network has the rest).
MIX = 0.5
_MIN_ROWS = 200


def context(feats: np.ndarray, offsets: tuple[int, ...] = OFFSETS) -> np.ndarray:
    """(n_mels, T) features -> (T, n_mels * len(offsets)), padded with silence frames."""
    r = max(abs(o) for o in offsets)
    # silence frames, as the network pads (audio_model.pad_features, which imports this)
    p = np.pad(feats, ((0, 0), (r, r)), constant_values=-F.FLOOR_DB / F.SCALE_DB)
    t = feats.shape[1]
    return np.concatenate([p[:, r + o : r + o + t].T for o in offsets], axis=1).astype(np.float64)


def _solve(z: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    a = z.T @ z + lam * len(z) * np.eye(z.shape[1])
    return np.linalg.solve(a, z.T @ y)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    den = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b / den) if den > 1e-12 else -1.0


def choose_lambda(z: np.ndarray, y: np.ndarray, folds: int = INNER_FOLDS) -> float:
    """The ridge strength with the best mean correlation over contiguous inner folds of
    the rows (each fold's neighbours within the context width are left out of its fit)."""
    margin = max(abs(o) for o in OFFSETS)
    chunks = np.array_split(np.arange(len(z)), folds)
    best, best_score = LAMBDAS[len(LAMBDAS) // 2], -math.inf
    for lam in LAMBDAS:
        scores = []
        for c in chunks:
            train = np.ones(len(z), bool)
            train[max(0, c[0] - margin) : c[-1] + 1 + margin] = False
            if train.sum() < _MIN_ROWS // 2 or len(c) < 10:
                continue
            ym = y[train].mean()
            w = _solve(z[train], y[train] - ym, lam)
            scores.append(_corr(z[c] @ w + ym, y[c]))
        score = float(np.mean(scores)) if scores else -math.inf
        if score > best_score:
            best, best_score = lam, score
    return best


@dataclass(frozen=True)
class MelHead:
    """Ridge weights on standardised log-mel context, and the two curves' statistics on
    her training hops (for :meth:`blend`)."""

    mean: np.ndarray  # (D,) input standardisation
    scale: np.ndarray
    weights: np.ndarray  # (D,)
    bias: float
    lam: float
    head_stats: tuple[float, float]  # mean, std of the head's output on her training hops
    net_stats: tuple[float, float]  # the same of the network's openness

    @classmethod
    def fit(
        cls, feats: np.ndarray, target: np.ndarray, rows: np.ndarray, net_open: np.ndarray
    ) -> MelHead:
        """Fit on hops ``rows`` (bool, T) of ``feats`` (n_mels, T) to ``target`` (T,);
        ``net_open`` (T,) is the network's openness on the same hops."""
        x = context(feats)[rows]
        y = np.asarray(target, np.float64)[rows]
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
        z = (x - mean) / scale
        lam = choose_lambda(z, y)
        ym = float(y.mean())
        w = _solve(z, y - ym, lam)
        fitted = z @ w + ym
        net = np.asarray(net_open, np.float64)[rows]
        return cls(
            mean,
            scale,
            w,
            ym,
            lam,
            (float(fitted.mean()), float(fitted.std() + 1e-9)),
            (float(net.mean()), float(net.std() + 1e-9)),
        )

    def predict(self, feats: np.ndarray) -> np.ndarray:
        """(n_mels, T) -> (T,) openness (IOD) on the 10 ms grid."""
        return ((context(feats) - self.mean) / self.scale) @ self.weights + self.bias

    def blend(self, net_open: np.ndarray, feats: np.ndarray) -> np.ndarray:
        """The avatar's openness: the network's and the head's, each standardised on her
        training hops, mixed (``MIX``), in the network's units; never below 0."""
        (hm, hs), (nm, ns) = self.head_stats, self.net_stats
        head = nm + ns * (self.predict(feats) - hm) / hs
        out = (1.0 - MIX) * np.asarray(net_open, np.float64) + MIX * head
        return np.maximum(out, 0.0).astype(np.float32)

    def to_json(self) -> dict[str, Any]:
        return {
            "offsets": list(OFFSETS),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "lam": self.lam,
            "head_stats": list(self.head_stats),
            "net_stats": list(self.net_stats),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> MelHead:
        if tuple(d["offsets"]) != OFFSETS:
            raise ValueError(f"mel head written for offsets {d['offsets']}, not {OFFSETS}")
        w = np.asarray(d["weights"], np.float64)
        mean, scale = np.asarray(d["mean"], np.float64), np.asarray(d["scale"], np.float64)
        if not (w.shape == mean.shape == scale.shape) or w.ndim != 1:
            raise ValueError("mel head arrays of different lengths")
        hs, ns = tuple(float(v) for v in d["head_stats"]), tuple(float(v) for v in d["net_stats"])
        return cls(mean, scale, w, float(d["bias"]), float(d["lam"]), hs, ns)  # type: ignore[arg-type]
