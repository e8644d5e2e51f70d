"""Stopping what a local Ray left running once its executor closes.

A dead raylet or GCS leaves the other processes of a local Ray behind, and
``ray.shutdown()`` does not stop them: ``RayExecutor.close`` kills the family of the
Ray it started (its GCS and raylet, the workers that were up, and all their children),
waiting at most ``STOP_WAIT_S`` for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress

import psutil

from kpo.jobs.ray_health import RayHealth

STOP_WAIT_S = 5.0  # how long close() waits for leftover worker processes it killed


def local_family(workers: list[psutil.Process], health: RayHealth | None) -> list[psutil.Process]:
    """The processes of the local Ray an executor started, with all their children:
    its GCS and raylet, and the workers that were up (a dead raylet leaves them)."""
    roots = [*workers]
    for pid in health.pids if health else []:
        with suppress(psutil.Error):
            roots.append(psutil.Process(pid))
    family = []
    for process in roots:
        with suppress(psutil.Error):
            family += [process, *process.children(recursive=True)]
    return family


def stop(processes: Iterable[psutil.Process]) -> None:
    """Kill those of ``processes`` still running (psutil checks that each is the same)."""
    running = [process for process in processes if _running(process)]
    for process in running:
        with suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(running, timeout=STOP_WAIT_S)


def _running(process: psutil.Process) -> bool:
    with suppress(psutil.Error):
        return bool(process.is_running() and process.status() != psutil.STATUS_ZOMBIE)
    return False
