"""A show killed with SIGKILL resumes at the item that was on air, inserts included.

The child process plays the queue the way the engine does (start, then advance after
each item); the parent kills it with SIGKILL, which gives Python no chance to clean up,
then a fresh process opens the same database file and resumes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from studio.show.items import ItemKind, Playlist, Script, ScriptItem
from studio.show.queue import Queue
from studio.show.store import ShowStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

PLAYER = """
import sys, time
from studio.show.queue import Queue
from studio.show.store import ShowStore

db, stop_at = sys.argv[1], int(sys.argv[2])
queue = Queue(ShowStore(db))
entry = queue.start()
count = 1
while True:
    print(entry.key, flush=True)  # the item is now on air
    if count == stop_at:
        print("PLAYING", flush=True)
        time.sleep(600)  # a long line: the kill lands while it plays
    if stop_at == 0:
        time.sleep(0.001)  # play as fast as possible; the kill lands anywhere
    entry = queue.advance(current_id=entry.id)
    count += 1
"""

RESUME = """
import json, sys
from studio.show.queue import Queue
from studio.show.store import ShowStore

store = ShowStore(sys.argv[1])
rows = store._conn.execute("SELECT status, COUNT(*) FROM queue_entries GROUP BY status").fetchall()
check = store._conn.execute("PRAGMA integrity_check").fetchone()[0]
queue = Queue(store)
entry = queue.start()
print(json.dumps({"resumed": entry.key, "next": [e.key for e in queue.peek(3)],
                  "next_text": [e.text for e in queue.peek(3)],
                  "statuses": {r[0]: r[1] for r in rows}, "integrity": check}))
"""


@pytest.fixture
def show_db(tmp_path: Path) -> Path:
    path = tmp_path / "show.db"
    with ShowStore(path) as store:
        items = tuple(ScriptItem(ItemKind.TEXT, text=f"第{i}句") for i in range(1, 11))
        store.save_scripts([Script("s", items)], [Playlist("p", ("s",))])
    return path


def spawn(tmp_path: Path, code: str, *args: str) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def resume(tmp_path: Path, db: Path) -> dict:
    script = tmp_path / "resume.py"
    script.write_text(RESUME, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script), str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout)


def test_sigkill_while_an_item_plays_resumes_that_item(tmp_path: Path, show_db: Path) -> None:
    child = spawn(tmp_path, PLAYER, str(show_db), "4")
    started = []
    try:
        for line in child.stdout:
            if line.strip() == "PLAYING":
                break
            started.append(line.strip())
        # while item 4 plays, another process queues a line (like `studio show insert`)
        with ShowStore(show_db) as store:
            Queue(store).insert("插播：还没播")
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert started == [f"pl:p:1:0:{i}" for i in range(4)]
    state = resume(tmp_path, show_db)
    assert state["integrity"] == "ok"
    assert state["resumed"] == "pl:p:1:0:3"  # 第4句, not the top of the show
    assert state["next_text"] == ["插播：还没播", "第5句", "第6句"]


def test_sigkill_at_a_random_moment_never_loses_or_repeats_state(
    tmp_path: Path, show_db: Path
) -> None:
    for lines_before_kill in (5, 12):
        child = spawn(tmp_path, PLAYER, str(show_db), "0")
        printed: list[str] = []
        try:
            assert child.stdout is not None
            while len(printed) < lines_before_kill:  # the child keeps playing meanwhile,
                printed.append(child.stdout.readline().strip())  # so the kill lands anywhere
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
            printed += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
        finally:
            child.kill()
        assert len(printed) > 2, child.stderr.read() if child.stderr else ""
        state = resume(tmp_path, show_db)
        assert state["integrity"] == "ok"
        assert state["statuses"].get("playing") == 1  # exactly one item on air, never two
        # the kill may land after a commit and before the print: then it is the next one
        last = printed[-1]
        loop, s, i = (int(x) for x in last.split(":")[2:])
        successor = f"pl:p:{loop + (i == 9)}:0:{(i + 1) % 10}"
        assert state["resumed"] in (last, successor)
