"""exit_now: the process waits for its own threads, flushes, and skips finalization."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import logging, sys, threading, time
from pathlib import Path
from studio.core.hardexit import exit_now

out = Path(sys.argv[1])
logging.basicConfig(filename=str(out / "log.txt"), level=logging.INFO)

class Finalized:
    def __del__(self):
        (out / "finalized").write_text("yes")

keep = Finalized()

def late_writer():
    time.sleep(0.5)
    (out / "written").write_text("done")

threading.Thread(target=late_writer).start()
threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
logging.info("last line of the log")
print("flushed stdout", end="")
exit_now(7)
"""


def test_exit_waits_for_threads_flushes_and_skips_finalizers(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 7
    assert done.stdout == "flushed stdout"  # buffered output is not lost
    assert (tmp_path / "written").read_text() == "done"  # the non-daemon thread finished
    assert "last line of the log" in (tmp_path / "log.txt").read_text()
    assert not (tmp_path / "finalized").exists()  # no teardown of live objects


def test_a_thread_that_never_ends_does_not_hold_the_exit(tmp_path: Path) -> None:
    script = (
        "import threading, time\n"
        "from studio.core.hardexit import exit_now\n"
        "threading.Thread(target=time.sleep, args=(600,)).start()\n"
        "exit_now(3, join_timeout_s=0.5)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert done.returncode == 3


def test_a_daemonic_child_process_is_not_left_behind(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = (
        "import multiprocessing, os, sys, time\n"
        "from studio.core.hardexit import exit_now\n"
        "def work(path):\n"
        "    open(path, 'w').write(str(os.getpid()))\n"
        "    time.sleep(600)\n"
        "if __name__ == '__main__':\n"
        "    ctx = multiprocessing.get_context('spawn')\n"
        "    p = ctx.Process(target=work, args=(sys.argv[1],), daemon=True)\n"
        "    p.start()\n"
        "    while not os.path.exists(sys.argv[1]) or not open(sys.argv[1]).read():\n"
        "        time.sleep(0.05)\n"
        "    exit_now(0)\n"
    )
    script_file = tmp_path / "parent.py"
    script_file.write_text(script)
    done = subprocess.run([sys.executable, str(script_file), str(pid_file)], timeout=60)
    assert done.returncode == 0
    pid = int(pid_file.read_text())
    assert not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"
