"""Making a presenter while the show runs: late frames of the running preview.

Run: .venv/bin/python benchmarks/bench_background.py [--clip PATH] [--media DIR]

The window's show (the demo presenter, the vertical Douyin scene, the demo shop speaking)
runs as in the GUI; a presenter is made from a real clip (``latentsync_demo2_20s.mp4``
from the shared media, fast quality) twice: in the show's own process (a thread, as the
window did before) and in a child process below the show's priority
(``studio.core.background.run_in_child``, as the window does now). For each: the
preview's late (lagged) and skipped frames while the presenter was made, and how long
making it took. A stream keeps 0 lagged frames when its machine keeps up.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

from summary import record  # noqa: E402

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media"


def run_show():
    from studio.core.paths import assets_dir
    from studio.gui.scenes import default_scene
    from studio.runtime.session import ShowConfig, ShowSession
    from studio.show.importer import import_file

    session = ShowSession(ShowConfig(scene=default_scene(), port=0))
    session.build()
    store = session.show.store
    import_file(store, assets_dir() / "demo" / "products.csv")
    import_file(store, assets_dir() / "demo" / "script.toml")
    session.start()
    while not session.ready:
        time.sleep(0.1)
    time.sleep(5)  # warm: the first lines synthesised
    return session


def make(clip: Path, name: str, in_child: bool) -> float:
    from studio.avatar.create import CreateOptions, create_from_video
    from studio.core.background import run_in_child

    options = CreateOptions(quality="fast", allow_short=True)
    started = time.monotonic()
    if in_child:
        run_in_child(create_from_video, clip, name, options)
    else:
        done = threading.Event()
        threading.Thread(
            target=lambda: (create_from_video(clip, name, options), done.set()), daemon=True
        ).start()
        done.wait()
    return time.monotonic() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--media", type=Path, default=MEDIA)
    ap.add_argument("--clip", type=Path, default=None)
    args = ap.parse_args()
    clip = args.clip or args.media / "video" / "latentsync_demo2_20s.mp4"
    if not clip.is_file():
        print(f"no clip at {clip}; give --clip or --media", file=sys.stderr)
        return 2
    home = Path(tempfile.mkdtemp(prefix="bench-background-"))
    os.environ["STUDIO_HOME"] = str(home)
    session = run_show()
    rows = []
    try:
        for label, in_child in (("in the show's process", False), ("child process", True)):
            before = session.stats()
            took = make(clip, f"bench{int(in_child)}", in_child)
            after = session.stats()
            frames = after.frames - before.frames
            lagged, skipped = after.lagged - before.lagged, after.skipped - before.skipped
            rows.append((label, took, frames, lagged, skipped))
            time.sleep(3)
    finally:
        session.stop()
        shutil.rmtree(home, ignore_errors=True)
    print(f"\nA presenter made from {clip.name} while the preview runs "
          f"({os.cpu_count()} cores)")  # fmt: skip
    print(f"{'made':<24}{'took s':>8}{'frames':>8}{'lagged':>8}{'skipped':>9}")
    for label, took, frames, lagged, skipped in rows:
        print(f"{label:<24}{took:>8.1f}{frames:>8}{lagged:>8}{skipped:>9}")
        key = "child" if label.startswith("child") else "in-process"
        record("background", f"lagged frames while making a presenter ({key})", lagged,
               "frames", "0" if key == "child" else "")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
