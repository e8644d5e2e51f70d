"""Run the document pipeline on Ray: one long-lived actor per worker.

Each actor builds a ``DocumentProcessor`` once (models loaded once, one
extraction sandbox) and then processes documents sent to it. The driver keeps
two documents in flight per actor so that no worker waits for the next one, and
yields results in completion order. This is plain Ray actors rather than Ray
Data: per-document work is coarse, and actors avoid Ray Data's planning and
serialisation overhead (measured in benchmarks/).

Against a cluster (``address``) the file bytes travel through Ray's object store,
so worker nodes need no shared file system. Results come back pickled
(``kpo.jobs.ray_actor`` says why).

Failures of Ray itself. A worker lost (its process killed, or its node gone) takes the
documents it held with it: each is sent once more, alone, to another worker that is up
(a new actor takes the lost one's place when its node is still alive); a document whose
second worker is lost too fails ``crashed`` with E104. Alone, so that a document that
kills its worker cannot take another document's second try with it. Ray lost as a
whole (``RayHealth``: a dead raylet, GCS or node of this machine), or no worker left,
fails every document not yet done with E105 within a bounded time, and ``map`` ends.

This module holds the executor's start, its map loop (documents sent, results and
losses taken) and its close; the worker places (an actor each, started, lost and
replaced) are kept by ``kpo.jobs.ray_slots``, and ``kpo.jobs.ray_stop`` kills what a
local Ray left running.
"""

from __future__ import annotations

import os
import pickle
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import psutil
import ray
from ray.exceptions import GetTimeoutError, RayActorError, RayError

from kpo.errors import ClusterError, Errors
from kpo.jobs.ray_actor import ProcessorActor
from kpo.jobs.ray_health import RayHealth
from kpo.jobs.ray_slots import GET_TIMEOUT_S, ActorSlots, Slot, Task
from kpo.jobs.ray_start import init_ray, ray_messages_to_stderr
from kpo.jobs.ray_stop import local_family, stop
from kpo.jobs.ray_warm import make_room
from kpo.pipeline import failed_result
from kpo.reasons import ReasonCode
from kpo.records import DocumentResult, Failure, InputFile
from kpo.settings import PipelineSettings

__all__ = ["ProcessorActor", "RayExecutor"]

IN_FLIGHT_PER_WORKER = 2
POLL_S = 1.0  # longest wait for Ray before Ray's health is looked at again


def _cluster_cpus() -> int:
    resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
    return max(int(resources.get("CPU", 1)), 1)


def _smallest(*limits: int | None) -> int:
    """The smallest of the limits that are set (None or 0: no limit)."""
    return min(limit for limit in limits if limit)


class RayExecutor(ActorSlots):
    """Executes documents on Ray actors; the ``Executor`` of ``kpo.batch``.

    ``workers``: actors to start; None (or 0) for one per CPU of this machine, with a
    local Ray, or of the cluster at ``address``. ``documents``: how many the batch holds,
    an upper bound on the actors worth starting. ``retried`` and ``lost`` count the
    documents sent again after a lost worker and the workers lost.
    """

    def __init__(
        self,
        settings: PipelineSettings,
        *,
        workers: int | None = None,
        address: str | None = None,
        documents: int | None = None,
        niceness: int = 0,
        keep_warm_s: float = 0.0,
    ) -> None:
        self.settings = settings
        self.keep_warm_s = keep_warm_s if address else 0.0  # a local Ray ends with the batch
        self.niceness = niceness  # of a local Ray's workers, above this process's
        self.slots: list[Slot] = []
        self.retried = self.lost = 0
        self.nodes: list[str] = []
        self._why_gone = ""
        self._processes: list[psutil.Process] = []  # a local Ray's worker processes
        # a local Ray's processes as they were once its workers were up: its raylet's agents
        # leave the raylet's family when it dies, so close() could not find them then
        self._family_at_start: list[psutil.Process] = []
        self._unshippable: list[DocumentResult] = []  # files gone before they could be sent
        self._stack = ExitStack()
        self._stack.enter_context(ray_messages_to_stderr())
        try:
            self._start(workers, address, documents)
        except BaseException:
            self.close()
            raise

    def _start(self, workers: int | None, address: str | None, documents: int | None) -> None:
        workers_wanted = _smallest(workers or os.cpu_count() or 1, documents)
        self.started_ray = init_ray(address, workers_wanted, self.niceness)
        self.ship_bytes = address is not None
        self.health = RayHealth(local=self.started_ray)
        # ready() in a group of its own answers while another batch's document runs
        actor_options: dict[str, Any] = {"concurrency_groups": {"control": 1}}
        self._actor_class = ray.remote(num_cpus=1, max_restarts=0, **actor_options)(ProcessorActor)
        # never more actors than the cluster has CPUs: one more could never be placed,
        # and the run would wait for it forever
        count = _smallest(_cluster_cpus(), workers, documents)
        if not self.started_ray:  # a cluster: idle warm workers of others give way
            make_room(self.settings, count)
        self.slots = [self._new_slot(place) for place in range(count)]
        while any(slot.ready is not None for slot in self.slots):
            _, _, lost = self._wait({})
            if lost:
                raise ClusterError(Errors.E106.format(why=lost))
        if not self.slots:
            raise ClusterError(Errors.E106.format(why=self._why_gone))
        self.nodes = [slot.node for slot in self.slots]
        if self.started_ray:
            self._family_at_start = local_family(self._processes, self.health)

    @property
    def actors(self) -> list[Any]:
        return [slot.actor for slot in self.slots]

    def _submit(
        self, slot: Slot, file: InputFile, *, retry: bool = False
    ) -> tuple[Any, Task] | None:
        """Send ``file`` to ``slot``'s worker; None if its bytes cannot be read to ship them
        (the file went away since ingest: its failed result waits in ``_unshippable``)."""
        data = None
        if self.ship_bytes:
            try:
                data = Path(file.path).read_bytes()
            except OSError as exc:
                why = Errors.E313.format(why=exc.strerror or type(exc).__name__)
                self._unshippable.append(_failed(file, ReasonCode.UNREADABLE, why))
                return None
        return slot.actor.process.remote(file, data), Task(file, slot, slot.actor, retry)

    def map(self, files: Sequence[InputFile]) -> Iterator[DocumentResult]:
        todo, retries = deque(files), deque[InputFile]()
        running: dict[Any, Task] = {}
        answered = time.monotonic()
        while todo or retries or running:
            for ref, task in self._fill(todo, retries, running):
                running[ref] = task
            while self._unshippable:
                yield self._unshippable.pop()
            if not running and self._all_ready() and (todo or retries):
                continue  # what this round sent could not be read: send the next ones
            if not (todo or retries or running):
                return
            ended, result, lost = self._wait(running)
            if ended is not None:
                answered = time.monotonic()
            if result is not None:
                yield result
            elif ended is not None:
                retries.append(ended.file)
                self.retried += 1
            if lost:
                left = [task.file for task in running.values()]
                yield from _abandon([*left, *retries, *todo], lost, time.monotonic() - answered)
                return

    def _fill(
        self, todo: deque[InputFile], retries: deque[InputFile], running: dict[Any, Task]
    ) -> list[tuple[Any, Task]]:
        """New tasks for the workers that are up: a retry only to an idle worker, alone."""
        current = [task for task in running.values() if task.actor is task.slot.actor]
        load = Counter(task.slot for task in current)
        alone = {task.slot for task in current if task.retry}
        new = []
        for slot in self.slots:
            if slot.ready is not None or slot in alone:
                continue
            if retries:  # the others drain meanwhile, and take the next retries
                if not load[slot]:
                    new.append(self._submit(slot, retries.popleft(), retry=True))
                continue
            for _ in range(min(IN_FLIGHT_PER_WORKER - load[slot], len(todo))):
                new.append(self._submit(slot, todo.popleft()))
        return [task for task in new if task is not None]

    def _wait(
        self, running: dict[Any, Task]
    ) -> tuple[Task | None, DocumentResult | None, str | None]:
        """Wait up to ``POLL_S`` for one task (taken out of ``running``) or starting actor.

        Returns the task that ended, if any, with its result (None: to be tried again),
        and why Ray is lost, if it is.
        """
        starting = {slot.ready: slot for slot in self.slots if slot.ready is not None}
        if not running and not starting:
            return None, None, f"no worker is left: {self._why_gone}"
        try:
            done, _ = ray.wait([*running, *starting], num_returns=1, timeout=POLL_S)
            ended, result = self._take(done, running, starting)
        except (OSError, RayError) as exc:  # measured: OSError "Broken pipe" once the
            # raylet of a cluster's node this process runs on was killed
            return None, None, f"this process lost its raylet, {type(exc).__name__}: {exc}"
        self._give_up_slow_starts()
        return ended, result, self.health.lost()

    def _take(
        self, done: list[Any], running: dict[Any, Task], starting: dict[Any, Slot]
    ) -> tuple[Task | None, DocumentResult | None]:
        for ref in done:  # one at most
            if ref in starting:
                self._started(starting[ref], ref)
                return None, None
            task = running[ref]
            result = self._result(ref, task)
            del running[ref]  # only now: a task whose result could not be read is abandoned
            return task, result
        return None, None

    def _result(self, ref: Any, task: Task) -> DocumentResult | None:
        """The task's result; None when its worker was lost and it may be tried again."""
        file = task.file
        try:
            result: DocumentResult = pickle.loads(ray.get(ref, timeout=GET_TIMEOUT_S))
            return result
        except (RayActorError, GetTimeoutError) as exc:
            why = self._lose(task.slot, task.actor, exc)
            if not task.retry:
                return None
            message = Errors.E104.format(path=file.path, doc_id=file.doc_id[:12], why=why)
            return _failed(file, ReasonCode.CRASHED, message)
        except RayError as exc:
            message = Errors.E103.format(
                path=file.path, doc_id=file.doc_id[:12], why=type(exc).__name__
            )
            return _failed(file, ReasonCode.INTERNAL, message)

    def describe(self) -> dict[str, Any]:
        kind = "ray-local" if self.started_ray else "ray-cluster"
        nice = [slot.niceness for slot in self.slots if slot.niceness is not None]
        return {
            "kind": kind,
            "workers": len(self.nodes),
            "nodes": len(set(self.nodes)),
            "niceness": max(nice, default=None),  # of the workers, as they reported it
            "keep_warm_s": self.keep_warm_s,
            "reused": sum(slot.reused for slot in self.slots),  # warm from an earlier batch
        }

    def close(self) -> None:
        """Stop the actors and Ray; never waits on a Ray that is gone (bounded)."""
        health: RayHealth | None = getattr(self, "health", None)
        family = [*local_family(self._processes, health), *self._family_at_start]
        for slot in self.slots:
            if slot.warm and slot.ready is None:  # up: it stays for the next batch
                continue
            with suppress(RayError, ValueError):
                ray.kill(slot.actor, no_restart=True)
        self.slots = []
        ray.shutdown()
        stop(family)  # what a dead raylet or GCS left running
        self._processes, self._family_at_start = [], []
        self._stack.close()


def _abandon(files: Iterable[InputFile], why: str, silent_s: float) -> Iterator[DocumentResult]:
    """E105 for each of ``files``: Ray was lost before they were done."""
    message = Errors.E105.format(why=why, seconds=round(silent_s, 1))
    for file in files:
        yield _failed(file, ReasonCode.CRASHED, message)


def _failed(file: InputFile, code: ReasonCode, message: str) -> DocumentResult:
    return failed_result(file, Failure(file.doc_id, file.path, "worker", code, message))
