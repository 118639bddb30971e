"""Headline figures of a benchmark, collected for `make bench`'s one table.

A benchmark script calls ``record(area, metric, value, unit, target)`` for each figure
worth a line in the table (beside its own detailed output). When the environment
variable ``STUDIO_BENCH_SUMMARY`` names a file, the rows are appended to it as JSON lines
when the script exits; otherwise ``record`` does nothing beyond keeping them.
"""

from __future__ import annotations

import atexit
import json
import os
from dataclasses import asdict, dataclass

ENV = "STUDIO_BENCH_SUMMARY"


@dataclass(frozen=True)
class Row:
    area: str
    metric: str
    value: str
    unit: str = ""
    target: str = ""


ROWS: list[Row] = []


def record(
    area: str, metric: str, value: float | int | str, unit: str = "", target: str = ""
) -> None:
    """Keep one headline figure (floats shown with 3 significant digits)."""
    if isinstance(value, float):
        value = f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    ROWS.append(Row(area, metric, str(value), unit, target))


def _flush() -> None:
    path = os.environ.get(ENV)
    if not path or not ROWS:
        return
    with open(path, "a", encoding="utf-8") as f:
        for row in ROWS:
            f.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")


atexit.register(_flush)
