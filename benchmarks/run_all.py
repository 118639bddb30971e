"""`make bench`: every benchmark in this folder, then one table of the headline figures.

Run: .venv/bin/python benchmarks/run_all.py [--only NAME ...] [--write-docs]

Each benchmark runs in its own process (its memory and threads are its own) with the
settings below; its full output goes to out/bench/NAME.txt and its headline figures
(``summary.record``) into the table. Benchmarks that need ../shared/media or nginx skip
themselves when those are absent. ``--write-docs`` also writes docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "out" / "bench"

# name -> arguments (quick but representative settings), in the order they run
BENCHMARKS: dict[str, list[str]] = {
    "bench_tts": ["--repeats", "3"],
    "bench_show": [],
    "bench_compositor": [],
    "bench_photo_mouth": [],  # the demo presenter's lips and open mouth at 4x, renderer ms
    "bench_stream": ["--seconds", "10"],
    "bench_tryon": ["--frames", "30"],
    "bench_avatar": ["--cases", "fast"],
    "bench_lipsync_audio": [],
    "bench_lipsync_render": [],
    "bench_lipsync_eval": [],
    "bench_lipsync_speakers": [],  # ~12-18 min here; --quick (2 folds) is a smoke run only
    "bench_align": [],
    "bench_live": ["--steady", "60"],
    "bench_rooms": ["--seconds", "120", "--avatar", "dfrf"],  # her clone: what rooms run
    "bench_audience": ["--load-minutes", "2"],
    "bench_voice_match": [],  # speaker similarity needs: pip install --no-deps resemblyzer
    "bench_background": [],  # a presenter made beside the running preview
    # her recorded lines: a synthetic reading of the prompt sheet; the wrong-line check on
    # a third of the lines and three readers (the full one alone is ~9 min)
    "bench_voice_lines": ["--confusion", "quick"],
}
TIMEOUT_S = 1500


def machine() -> str:
    """CPU model, cores, memory, OS, Python and the accelerator, in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    gpu = "no GPU"
    try:
        import torch

        if torch.cuda.is_available():
            gpu = torch.cuda.get_device_name(0)
    except ImportError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {gpu}"
    )


def run(name: str, args: list[str], rows_file: Path) -> tuple[float, int]:
    env = dict(os.environ, STUDIO_BENCH_SUMMARY=str(rows_file), PYTHONUNBUFFERED="1")
    OUT.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    with open(OUT / f"{name}.txt", "w", encoding="utf-8") as log:
        try:
            rc = subprocess.run(
                [sys.executable, str(HERE / f"{name}.py"), *args],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=TIMEOUT_S,
            ).returncode  # fmt: skip
        except subprocess.TimeoutExpired:
            rc = -1
    return time.perf_counter() - t, rc


def table(rows: list[dict]) -> str:
    head = ("area", "measure", "value", "unit", "target")
    cells = [head] + [(r["area"], r["metric"], r["value"], r["unit"], r["target"]) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(5)]
    lines = []
    for k, c in enumerate(cells):
        lines.append("| " + " | ".join(v.ljust(widths[i]) for i, v in enumerate(c)) + " |")
        if k == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run only these")
    parser.add_argument("--write-docs", action="store_true", help="also write docs/benchmarks.md")
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    desc = machine()
    print(f"machine: {desc}", flush=True)
    runs: list[tuple[str, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="studio-bench-") as tmp:
        rows_file = Path(tmp) / "rows.jsonl"
        rows_file.touch()
        for name in names:
            if not (HERE / f"{name}.py").is_file():
                continue
            print(f"running {name} ...", flush=True)
            wall, rc = run(name, BENCHMARKS[name], rows_file)
            runs.append((name, wall, rc))
            state = "ok" if rc == 0 else ("timed out" if rc == -1 else f"exit {rc}")
            print(f"  {state} in {wall:.0f} s (output: {OUT / (name + '.txt')})", flush=True)
        rows = [json.loads(line) for line in rows_file.read_text(encoding="utf-8").splitlines()]
    text = table(rows)
    print()
    print(text)
    failed = [n for n, _, rc in runs if rc != 0]
    if failed:
        print(f"\nfailed: {', '.join(failed)} (see their output files)")
    if args.write_docs:
        write_docs(desc, text, runs)
    return 1 if failed else 0


def write_docs(desc: str, text: str, runs: list[tuple[str, float, int]]) -> None:
    took = ", ".join(f"{n} {w:.0f} s" for n, w, _ in runs)
    doc = ROOT / "docs" / "benchmarks.md"
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(
        f"""# Benchmarks

The latest `make bench` on {time.strftime("%Y-%m-%d")}.

Machine: {desc}.
Media benchmarks use the clips in `../shared/media` (skipped when absent); live and
stream benchmarks use a local nginx-rtmp (`make deps`).

{text}

## How to reproduce

```
make bench                                    # everything (about 40 minutes here)
.venv/bin/python benchmarks/run_all.py --only bench_compositor bench_tts
.venv/bin/python benchmarks/run_all.py --write-docs   # refresh this page
```

Each benchmark is a script in `benchmarks/` with its own detailed tables (its module
docstring says what it measures and how); `make bench` keeps each one's full output in
`out/bench/NAME.txt`. Speed is measured here, never asserted in tests.

Run times: {took}.
""",
        encoding="utf-8",
    )
    print(f"wrote {doc}")


if __name__ == "__main__":
    sys.exit(main())
