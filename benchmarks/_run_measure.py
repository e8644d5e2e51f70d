"""How bench_run.py and bench_memory.py measure one contender: a command run in a fresh
process whose wall time, CPU-seconds and memory are those of its whole process tree.

CPU: each run goes into a cgroup of its own (made here, removed after; cgroup v2's
``cpu.stat``, else cgroup v1's ``cpuacct.usage``), joined before the command is exec'd, so
that it counts the process and every descendant, daemons that re-parent and processes
that exit early included; the run is over when the group is empty. Without a writable
cgroup (or with KPO_BENCH_CPU=poll) the sampler polls the tree every 0.1 s and sums the
last user+system time seen of every process; the benchmark is a child subreaper, so that
orphans stay in view, and reads the root's and every orphan's final time as a zombie,
before reaping it. Polling misses processes that live less than 0.1 s and the last 0.1 s
of those that others reap, and counts any orphan that re-parents to the benchmark meanwhile
(of bench_run's (e) cluster too). wait4's rusage is no fallback: tried, it missed three
quarters of the CPU of `kpo run` (Ray's workers), which no parent's rusage adds up.

Memory: a thread samples the RSS of the run's own processes (the group's, or the root's
tree and its orphans), never other processes on the machine. A worker is a process that
has an extraction sandbox child; its peak is that of the worker and its children together.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

SETTLE_S = 30.0  # how long a run's leftover processes get to exit after its root did
SANDBOX_MARK, PR_SET_CHILD_SUBREAPER = "sandbox_child", 36  # the sandbox's command line
TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CgroupKind:
    root: Path
    usage_file: str  # v2: cpu.stat (usage_usec); v1: cpuacct.usage (ns)
    name: str

    def usage(self, group: Path) -> float:
        text = (group / self.usage_file).read_text()
        if self.usage_file == "cpu.stat":
            return int(dict(ln.split() for ln in text.splitlines())["usage_usec"]) / 1e6
        return int(text) / 1e9


KINDS = [
    CgroupKind(Path("/sys/fs/cgroup"), "cpu.stat", "cgroup v2"),
    CgroupKind(Path("/sys/fs/cgroup/unified"), "cpu.stat", "cgroup v2"),  # hybrid v1 + v2
    CgroupKind(Path("/sys/fs/cgroup/cpuacct"), "cpuacct.usage", "cgroup v1 cpuacct"),
]


def _writable_cgroup(forced: str) -> CgroupKind | None:
    """The first cgroup hierarchy here that counts CPU and lets us make a group in it."""
    for kind in KINDS:
        if forced == "poll" or (forced == "v1" and kind.usage_file == "cpu.stat"):
            continue
        if not (kind.root / "cgroup.procs").exists() or not (kind.root / kind.usage_file).exists():
            continue
        probe = kind.root / f"kpo-bench-probe-{os.getpid()}"
        try:
            probe.mkdir()
            probe.rmdir()
        except OSError:
            continue
        return kind
    return None


# KPO_BENCH_CPU=poll (or v1): another way of counting, to compare with the first one
CGROUP = _writable_cgroup(os.environ.get("KPO_BENCH_CPU", ""))
if CGROUP is None:  # orphans of a run re-parent to the benchmark, which reaps them
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
METHOD = (
    f"{CGROUP.name} ({CGROUP.root}/kpo-bench-*/{CGROUP.usage_file}; every descendant counted)"
    if CGROUP
    else "polling the tree every 0.1 s (last user+system seen of every process; final zombies)"
)


def own_cpu(pid: int) -> tuple[tuple[int, int], float] | None:
    """(pid, start time) and the user+system seconds of one process, zombies included."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (pid, int(fields[19])), (int(fields[11]) + int(fields[12])) / TICK


@dataclass
class Measured:
    """One run of one contender: its output, wall time, CPU-seconds and memory."""

    stdout: str
    wall: float  # from start until its root process exited
    cpu: float  # CPU-seconds of the whole tree, until its last process exited
    worker_peaks: dict[int, int] = field(default_factory=dict)  # worker pid -> bytes
    sampler: TreeSampler | None = None  # its per-process peaks and command lines
    run_peak: int = 0  # bytes, all of the run's processes together
    leftovers: int = 0  # processes still there SETTLE_S after the root exited (killed)


class TreeSampler:
    """Samples RSS of the processes ``pids()`` names every ``interval`` seconds."""

    def __init__(self, pids: Callable[[], list[int]], interval: float) -> None:
        self.pids, self.interval = pids, interval
        self.worker_peaks: dict[int, int] = {}
        self.process_peaks: dict[int, int] = {}  # pid -> bytes, each process on its own
        self.run_peak = 0
        self.cpu: dict[tuple[int, int], float] = {}  # (pid, start) -> last CPU-seconds seen
        self.cmd: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _snapshot(self) -> tuple[dict[int, int], dict[int, int]]:
        rss, parent = {}, {}
        for pid in self.pids():
            try:
                proc = psutil.Process(pid)
                with proc.oneshot():
                    rss[pid], parent[pid] = proc.memory_info().rss, proc.ppid()
                self.cmd[pid] = " ".join(proc.cmdline())  # not cached: a fork execs later
            except psutil.Error:
                continue
        return rss, parent

    def record_cpu(self, pid: int) -> None:
        if seen := own_cpu(pid):
            self.cpu[seen[0]] = seen[1]

    def sample(self) -> None:
        rss, parent = self._snapshot()
        for pid in rss:
            self.record_cpu(pid)
        self.run_peak = max(self.run_peak, sum(rss.values()))
        for pid, value in rss.items():
            self.process_peaks[pid] = max(self.process_peaks.get(pid, 0), value)
        sandboxes = {p for p in rss if SANDBOX_MARK in self.cmd.get(p, "")}
        workers = {parent[p] for p in sandboxes} - sandboxes  # not a sandbox's fork before exec
        for worker in workers & rss.keys():
            family = {worker}
            for _ in range(4):  # the sandbox child, Tesseract under it, ...
                family |= {p for p in rss if parent[p] in family}
            total = sum(rss[p] for p in family)
            self.worker_peaks[worker] = max(self.worker_peaks.get(worker, 0), total)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _group_pids(group: Path) -> list[int]:
    try:
        return [int(line) for line in (group / "cgroup.procs").read_text().split()]
    except OSError:
        return []


def _orphans(keep: set[int]) -> list[psutil.Process]:
    """Children of the benchmark that it did not start: a run's orphans (subreaper)."""
    return [p for p in psutil.Process().children() if p.pid not in keep]


def _tree_pids(root: int, keep: set[int]) -> list[int]:
    pids = []
    for top in [*_try_process(root), *_orphans(keep)]:
        try:
            pids += [top.pid, *(p.pid for p in top.children(recursive=True))]
        except psutil.Error:
            continue
    return pids


def _try_process(pid: int) -> list[psutil.Process]:
    try:
        return [psutil.Process(pid)]
    except psutil.Error:
        return []


def _settle_group(group: Path) -> tuple[float, int]:
    """Waits for the group to empty (killing what is left after SETTLE_S); CPU-seconds."""
    assert CGROUP is not None
    deadline, leftovers = time.monotonic() + SETTLE_S, 0
    while pids := _group_pids(group):
        if time.monotonic() > deadline:
            leftovers = max(leftovers, len(pids))
            for pid in pids:  # this run's own processes, by pid
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    return CGROUP.usage(group), leftovers


def _reap(pid: int, sampler: TreeSampler, block: bool) -> int | None:
    """Reads a child's final CPU time as a zombie, then reaps it; its wait status."""
    flags = os.WEXITED | os.WNOWAIT | (0 if block else os.WNOHANG)
    if os.waitid(os.P_PID, pid, flags) is None:
        return None
    sampler.record_cpu(pid)
    return os.waitpid(pid, 0)[1]


def _settle_orphans(keep: set[int], sampler: TreeSampler) -> int:
    """Reaps the run's orphans (killing what is left after SETTLE_S); how many were left."""
    deadline, leftovers = time.monotonic() + SETTLE_S, 0
    while orphans := _orphans(keep):
        for proc in orphans:
            sampler.record_cpu(proc.pid)
            if _reap(proc.pid, sampler, block=False) is None and time.monotonic() > deadline:
                leftovers += 1
                os.kill(proc.pid, signal.SIGKILL)
        time.sleep(0.05)
    return leftovers


@contextmanager
def _new_group() -> Iterator[Path | None]:
    if CGROUP is None:
        yield None
        return
    group = CGROUP.root / f"kpo-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    try:
        yield group
    finally:
        group.rmdir()


def run_measured(
    cmd: list[str], env: dict[str, str] | None = None, interval: float = 0.2
) -> Measured:
    """Runs ``cmd`` until its last process exited; its stdout, wall, CPU and memory."""
    keep = {p.pid for p in psutil.Process().children()}  # the benchmark's, not the run's
    with (
        _new_group() as group,
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
    ):
        if group is not None:  # the shell joins the group, then becomes the command
            cmd = ["/bin/sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', str(group), *cmd]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        keep.add(proc.pid)

        def pids() -> list[int]:
            return _group_pids(group) if group else _tree_pids(proc.pid, keep)

        interval = interval if group else min(interval, 0.1)
        with TreeSampler(pids, interval) as sampler:
            status = _reap(proc.pid, sampler, block=True)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status or 0)
            if group is not None:
                cpu, leftovers = _settle_group(group)
            else:
                leftovers = _settle_orphans(keep, sampler)
        if group is None:  # the sampler's thread has stopped: its sums are final
            cpu = sum(sampler.cpu.values())
        if proc.returncode != 0:
            err.seek(0)
            sys.stderr.write(err.read())
            raise subprocess.CalledProcessError(proc.returncode, cmd)
        out.seek(0)
        peaks = sampler.worker_peaks
        return Measured(out.read(), wall, cpu, peaks, sampler, sampler.run_peak, leftovers)
