"""The presenter's own viseme -> mouth-shape table, from her mouth-shape distribution.

No transcript comes with the video, so visemes cannot be looked up in it. Instead each
viseme is mapped to quantiles of the presenter's own openness and width distributions
(the quantile table below), then to the tracked frame whose (open, width) is nearest,
so every target is a shape she really makes:
- PP (p b m) is her closed mouth: the 2nd percentile of openness, at her rest width;
- AA (open vowels) her open extreme: the 97th percentile of openness;
- I (spread vowels) her widest: the 95th percentile of width, modest opening;
- U, O, CH, RR rounded/narrow: low width percentiles; U barely open, O well open;
- E, DD, KK, TH, SS, FF fill the middle in the order of the default table's openness.
SIL is her rest shape (median of her most closed frames).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.lipsync.trajectory import MouthTarget
from studio.phonetics.viseme import Viseme

# viseme -> (openness quantile, width quantile); None = the rest width (width change 0).
VISEME_QUANTILES: dict[Viseme, tuple[float, float | None]] = {
    Viseme.PP: (0.02, None),
    Viseme.FF: (0.30, 0.55),
    Viseme.TH: (0.45, 0.55),
    Viseme.DD: (0.50, 0.60),
    Viseme.KK: (0.55, 0.50),
    Viseme.CH: (0.45, 0.12),
    Viseme.SS: (0.30, 0.75),
    Viseme.RR: (0.45, 0.20),
    Viseme.AA: (0.97, 0.60),
    Viseme.E: (0.80, 0.75),
    Viseme.I: (0.50, 0.95),
    Viseme.O: (0.85, 0.10),
    Viseme.U: (0.35, 0.03),
}


@dataclass(frozen=True)
class VisemeShape:
    """One row of the table: the target and the bank frame that shows it."""

    viseme: Viseme
    open: float
    width: float  # change from rest width, inter-ocular units
    frame: int  # index of the tracked frame nearest to the target
    open_quantile: float
    width_quantile: float | None

    @property
    def target(self) -> MouthTarget:
        return MouthTarget(self.open, self.width)


def viseme_table(
    open_: np.ndarray, width: np.ndarray, valid: np.ndarray
) -> dict[Viseme, VisemeShape]:
    """The per-avatar table from per-frame openness and width change (valid frames only)."""
    idx = np.flatnonzero(valid)
    if len(idx) == 0:
        raise ValueError("no valid frames to build a viseme table from")
    o, w = open_[idx].astype(np.float64), width[idx].astype(np.float64)
    so, sw = max(float(np.std(o)), 1e-6), max(float(np.std(w)), 1e-6)
    table: dict[Viseme, VisemeShape] = {}
    for vis, (qo, qw) in VISEME_QUANTILES.items():
        to = float(np.quantile(o, qo))
        tw = 0.0 if qw is None else float(np.quantile(w, qw))
        nearest = int(idx[np.argmin(((o - to) / so) ** 2 + ((w - tw) / sw) ** 2)])
        table[vis] = VisemeShape(vis, to, tw, nearest, qo, qw)
    rest = o <= np.quantile(o, 0.2)
    ro = float(np.median(o[rest]))
    nearest = int(idx[np.argmin(((o - ro) / so) ** 2 + (w / sw) ** 2)])
    table[Viseme.SIL] = VisemeShape(Viseme.SIL, ro, 0.0, nearest, 0.1, None)
    return table


def table_to_json(table: dict[Viseme, VisemeShape]) -> dict:
    return {
        v.value: {
            "open": round(s.open, 5),
            "width": round(s.width, 5),
            "frame": s.frame,
            "open_quantile": s.open_quantile,
            "width_quantile": s.width_quantile,
        }
        for v, s in table.items()
    }


def table_from_json(data: dict) -> dict[Viseme, VisemeShape]:
    return {
        Viseme(k): VisemeShape(
            Viseme(k),
            float(v["open"]),
            float(v["width"]),
            int(v["frame"]),
            float(v["open_quantile"]),
            None if v.get("width_quantile") is None else float(v["width_quantile"]),
        )
        for k, v in data.items()
    }
