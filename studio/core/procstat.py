"""CPU time and wake-ups of a process and of each of its threads, from Linux's /proc.

Why: a thread that spins (polling, or a native pool's workers yielding in a loop) shows up
as system time and as thousands of context switches a second, long before it shows up as
a slow show. Two samples some seconds apart say who: the benchmarks report the whole
process (user and system separately, peak memory), the tests check an idle room.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

TICK_S = 1.0 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01


@dataclass(frozen=True)
class ThreadSample:
    tid: int
    name: str
    user_s: float
    system_s: float
    switches: int  # voluntary + involuntary context switches: how often it woke or was woken


@dataclass(frozen=True)
class ProcessSample:
    pid: int
    at: float  # time.monotonic()
    user_s: float  # the whole process, ended threads included
    system_s: float
    peak_rss_mb: float  # VmHWM
    threads: dict[int, ThreadSample]


@dataclass(frozen=True)
class ThreadRate:
    tid: int
    name: str
    cpu: float  # cores (1.0: one core all the time)
    switches_per_s: float


@dataclass(frozen=True)
class Rates:
    """What a process did between two samples."""

    seconds: float
    user: float  # cores
    system: float  # cores
    threads: list[ThreadRate]  # the busiest waker first

    @property
    def cpu(self) -> float:
        return self.user + self.system


def _times(stat: str) -> tuple[float, float]:
    """(user s, system s) from a /proc stat line (the name may hold spaces and brackets)."""
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) * TICK_S, int(fields[12]) * TICK_S


def _status(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        out[key] = value.strip()
    return out


def sample(pid: int) -> ProcessSample:
    """The process's and each live thread's counters now (OSError when it is gone)."""
    root = Path(f"/proc/{pid}")
    at = time.monotonic()
    user, system = _times((root / "stat").read_text())
    status = _status((root / "status").read_text())
    peak = int(status.get("VmHWM", "0 kB").split()[0]) / 1024
    threads = {}
    for task in (root / "task").iterdir():
        try:
            t_user, t_sys = _times((task / "stat").read_text())
            st = _status((task / "status").read_text())
        except (FileNotFoundError, ProcessLookupError):  # the thread ended meanwhile
            continue
        tid = int(task.name)
        switches = int(st.get("voluntary_ctxt_switches", 0)) + int(
            st.get("nonvoluntary_ctxt_switches", 0)
        )
        threads[tid] = ThreadSample(tid, st.get("Name", ""), t_user, t_sys, switches)
    return ProcessSample(pid, at, user, system, peak, threads)


def rates(before: ProcessSample, after: ProcessSample) -> Rates:
    """CPU (in cores) and wake-ups per second between two samples of one process;
    threads alive at both samples only."""
    dt = max(1e-6, after.at - before.at)
    per_thread = []
    for tid, b in after.threads.items():
        a = before.threads.get(tid)
        if a is None:
            continue
        cpu = (b.user_s + b.system_s - a.user_s - a.system_s) / dt
        per_thread.append(ThreadRate(tid, b.name, cpu, (b.switches - a.switches) / dt))
    per_thread.sort(key=lambda r: r.switches_per_s, reverse=True)
    return Rates(
        seconds=dt,
        user=(after.user_s - before.user_s) / dt,
        system=(after.system_s - before.system_s) / dt,
        threads=per_thread,
    )
