"""The worker places of a Ray batch: each place's actor, started, lost and replaced.

``ActorSlots`` is the bookkeeping half of ``RayExecutor`` (``kpo.jobs.ray_executor``,
which sends the documents): a ``Slot`` is one worker place, its actor starting
(``ready`` pending) or up on a node; a ``Task`` is one document sent to a place's actor.
A worker lost is replaced by a new actor in the same place while its node lives, up to
``STARTS`` starts in a row; a place whose actor fails to start that often, or does not
start within ``START_TIMEOUT_S``, or whose node died, is given up (``_why_gone`` says
why the last one went).
"""

from __future__ import annotations

import time
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import psutil
import ray
from ray.exceptions import GetTimeoutError, RayActorError, RayError

from kpo.jobs.ray_health import RayHealth
from kpo.jobs.ray_warm import NAMESPACE, warm_name
from kpo.records import InputFile
from kpo.settings import PipelineSettings

GET_TIMEOUT_S = 30.0  # a finished result that cannot be fetched: its worker is lost
START_TIMEOUT_S = 180.0  # an actor not up by then (models loaded) is given up
STARTS = 2  # a worker place whose actor fails to start this many times is given up


@dataclass(eq=False)
class Slot:
    """One worker place: its actor, starting (``ready`` pending) or up (on ``node``)."""

    actor: Any
    ready: Any  # the ObjectRef of actor.ready(), None once the actor is up
    since: float
    starts: int = 1  # actors started for this place since one was last up
    node: str = ""
    niceness: int | None = None  # of the actor's process, once it is up
    warm: bool = False  # a named worker that outlives the batch (kpo.jobs.ray_warm)
    reused: bool = False  # up before this batch: it served an earlier one


@dataclass(frozen=True)
class Task:
    file: InputFile
    slot: Slot
    actor: Any  # the actor it went to: the slot's actor may have been replaced since
    retry: bool = False


class ActorSlots:
    """The worker places of ``RayExecutor``, which sets these attributes up."""

    settings: PipelineSettings
    slots: list[Slot]
    lost: int  # workers lost
    started_ray: bool  # a local Ray, started by this process
    keep_warm_s: float  # > 0: workers are named and outlive the batch (a cluster only)
    health: RayHealth
    _actor_class: Any  # ProcessorActor as a Ray actor class
    _why_gone: str
    _processes: list[psutil.Process]  # a local Ray's worker processes

    def _new_slot(self, place: int | None = None) -> Slot:
        """An actor for a worker place: the warm one of ``place`` when workers are kept warm
        (found up, or started), else a new one that ends with the batch."""
        options: dict[str, Any] = {"scheduling_strategy": "SPREAD"}
        keep = self.keep_warm_s or None
        warm = keep is not None and place is not None
        if warm:
            name = warm_name(self.settings, place or 0)
            options.update(name=name, namespace=NAMESPACE, lifetime="detached", get_if_exists=True)
        actor: Any = self._actor_class.options(**options).remote(self.settings, keep)
        return Slot(actor, actor.ready.remote(keep), time.monotonic(), warm=warm)

    def _all_ready(self) -> bool:
        return bool(self.slots) and all(slot.ready is None for slot in self.slots)

    def _started(self, slot: Slot, ref: Any) -> None:
        try:
            slot.node, pid, slot.niceness, before = ray.get(ref, timeout=GET_TIMEOUT_S)
        except (RayActorError, GetTimeoutError) as exc:
            self._lose(slot, slot.actor, exc)
            return
        slot.ready, slot.starts, slot.reused = None, 0, before > 0
        if self.started_ray:  # on this machine: stopped by close() if Ray cannot
            with suppress(psutil.Error):
                self._processes.append(psutil.Process(pid))

    def _lose(self, slot: Slot, actor: Any, exc: Exception) -> str:
        """A worker was lost: a new one in its place while its node lives; says why."""
        if slot.actor is not actor or slot not in self.slots:  # already dealt with
            return f"{type(exc).__name__}, its worker was lost"
        node_alive = not slot.node or self.health.node_alive(slot.node)
        why = _why_lost(exc, node_alive)
        self.lost += 1
        with suppress(RayError, ValueError):
            ray.kill(actor, no_restart=True)
        if node_alive and slot.starts < STARTS:
            new = self._new_slot()
            slot.actor, slot.ready, slot.since, slot.node = new.actor, new.ready, new.since, ""
            slot.warm = slot.reused = False  # a stand-in, stopped with the batch
            slot.starts += 1
        else:
            self._give_up(slot, why)
        return why

    def _give_up_slow_starts(self) -> None:
        now = time.monotonic()
        for slot in list(self.slots):
            if slot.ready is not None and now - slot.since > START_TIMEOUT_S:
                with suppress(RayError, ValueError):
                    ray.kill(slot.actor, no_restart=True)
                self._give_up(slot, f"a worker did not start within {START_TIMEOUT_S:g} s")

    def _give_up(self, slot: Slot, why: str) -> None:
        self.slots.remove(slot)
        self._why_gone = why


def _why_lost(exc: Exception, node_alive: bool) -> str:
    if isinstance(exc, RayActorError) and exc.actor_init_failed:  # the error's last line
        return f"its set-up failed: {str(exc).strip().splitlines()[-1]}"
    lost = "its worker process was lost" if node_alive else "its node died"
    return f"{type(exc).__name__}, {lost}"
