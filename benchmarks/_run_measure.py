"""How bench_run.py and bench_memory.py measure one contender: a command run in a fresh
process whose wall time, CPU-seconds and memory are those of its whole process tree.

CPU: each run goes into a cgroup v2 group of its own (made here, removed after), joined
before the command is exec'd, so ``cpu.stat`` counts the process and every descendant,
daemons that re-parent and processes that exit early included; the run is over when the
group is empty. Without a writable cgroup v2 the benchmark becomes a child subreaper: the
root's ``wait4`` rusage counts every descendant reaped along its own tree, and every
orphan re-parents to the benchmark, which reaps it and adds its rusage.

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

CGROUP_ROOTS = [Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified")]  # v2; hybrid v1+v2
SETTLE_S = 30.0  # how long a run's leftover processes get to exit after its root did
SANDBOX_MARK = "sandbox_child"  # in the command line of kpo's extraction sandbox child
PR_SET_CHILD_SUBREAPER = 36


def _writable_cgroup() -> Path | None:
    for root in CGROUP_ROOTS:
        if not (root / "cgroup.procs").exists() or not (root / "cpu.stat").exists():
            continue
        probe = root / f"kpo-bench-probe-{os.getpid()}"
        try:
            probe.mkdir()
            probe.rmdir()
        except OSError:
            continue
        return root
    return None


# KPO_BENCH_NO_CGROUP=1: the subreaper's count, to compare with the cgroup's
CGROUP = None if os.environ.get("KPO_BENCH_NO_CGROUP") else _writable_cgroup()
if CGROUP is None:  # orphans of a run re-parent to the benchmark, which reaps them
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
METHOD = (
    f"cgroup v2 ({CGROUP}/kpo-bench-*/cpu.stat usage_usec; every descendant counted)"
    if CGROUP
    else "child subreaper (wait4 rusage of the root and of every orphan it leaves)"
)


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
                if pid not in self.cmd:
                    self.cmd[pid] = " ".join(proc.cmdline())
            except psutil.Error:
                continue
        return rss, parent

    def sample(self) -> None:
        rss, parent = self._snapshot()
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
    deadline, leftovers = time.monotonic() + SETTLE_S, 0
    while "populated 1" in (group / "cgroup.events").read_text():
        if time.monotonic() > deadline:
            pids = _group_pids(group)
            leftovers = max(leftovers, len(pids))
            for pid in pids:  # this run's own processes, by pid
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines())
    return int(stat["usage_usec"]) / 1e6, leftovers


def _settle_orphans(keep: set[int]) -> tuple[float, int]:
    """Reaps the run's orphans (killing what is left after SETTLE_S); their CPU-seconds."""
    deadline, cpu, leftovers = time.monotonic() + SETTLE_S, 0.0, 0
    while orphans := _orphans(keep):
        for proc in orphans:
            pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
            cpu += usage.ru_utime + usage.ru_stime if pid else 0.0
            if not pid and time.monotonic() > deadline:
                leftovers += 1
                os.kill(proc.pid, signal.SIGKILL)
        time.sleep(0.05)
    return cpu, leftovers


@contextmanager
def _new_group() -> Iterator[Path | None]:
    if CGROUP is None:
        yield None
        return
    group = CGROUP / f"kpo-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
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
        pids = (lambda: _group_pids(group)) if group else (lambda: _tree_pids(proc.pid, keep))
        with TreeSampler(pids, interval) as sampler:
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if group is not None:
                cpu, leftovers = _settle_group(group)
            else:
                cpu, leftovers = _settle_orphans(keep)
                cpu += usage.ru_utime + usage.ru_stime
        if proc.returncode != 0:
            err.seek(0)
            sys.stderr.write(err.read())
            raise subprocess.CalledProcessError(proc.returncode, cmd)
        out.seek(0)
        peaks = sampler.worker_peaks
        return Measured(out.read(), wall, cpu, peaks, sampler, sampler.run_peak, leftovers)


@contextmanager
def busy_processes(n: int) -> Iterator[set[int]]:
    """``n`` pure-Python spin loops at niceness 0 for the duration; stopped by pid after."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        for proc in procs:
            os.setpriority(os.PRIO_PROCESS, proc.pid, 0)
        yield {proc.pid for proc in procs}
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
