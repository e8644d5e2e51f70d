"""Workers kept warm on a cluster: models loaded once, reused by the batches that follow.

Against a cluster (``--ray-address``), a batch's actors are named detached actors in
the ``kpo`` namespace, named after everything their ``DocumentProcessor`` is built from
(kpo's version, the pipeline settings, the model files): the next batch with the same
settings on the same cluster finds them up, models loaded, and sends its documents to
them. An actor nobody has sent work to for ``keep_warm_s`` seconds stops itself
(``IdleWatch``), and gives back the CPU it holds on the cluster: that is the price of a
warm worker, one cluster CPU reserved for up to ``keep_warm_s`` after the last batch
(``--keep-warm 0``: the workers stop with their batch, as a local Ray's always do).

Warm workers never keep a batch from running: one that finds too few free CPUs for its
workers first stops idle warm workers of other settings (``make_room``); a warm worker
busy with another batch's document is left alone.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import ray
from ray.exceptions import RayError

from kpo import __version__
from kpo.models.paths import default_model_dir
from kpo.settings import PipelineSettings

NAMESPACE = "kpo"
PREFIX = "kpo-worker-"
ASK_TIMEOUT_S = 10.0
DEFAULT_KEEP_WARM_S = 600.0
CHECK_EVERY_S = 5.0


def _models_identity(settings: PipelineSettings) -> str:
    """The model files as they are now: names, sizes and modification times."""
    folder = Path(settings.model_dir) if settings.model_dir else default_model_dir()
    try:
        files = sorted(p for p in folder.iterdir() if p.is_file())
    except OSError:
        return "unreadable"
    return "\n".join(f"{p.name} {p.stat().st_size} {p.stat().st_mtime_ns}" for p in files)


def warm_prefix(settings: PipelineSettings) -> str:
    """What the names of the warm workers of these settings start with."""
    text = f"{__version__}\n{settings!r}\n{_models_identity(settings)}"
    digest = hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()[:20]
    return f"{PREFIX}{digest}-"


def warm_name(settings: PipelineSettings, place: int) -> str:
    """The name of a batch's ``place``-th warm worker for these settings."""
    return f"{warm_prefix(settings)}{place}"


def make_room(settings: PipelineSettings, places: int) -> int:
    """Stop idle warm workers of other settings until ``places`` workers can run; how many.

    The batch's own warm workers (found up) need no new CPU; the others each need one.
    """
    ours = warm_prefix(settings)
    names = [a["name"] for a in ray.util.list_named_actors(all_namespaces=True)
             if a.get("namespace") == NAMESPACE and a["name"].startswith(PREFIX)]  # fmt: skip
    found = sum(name.startswith(ours) and int(name[len(ours) :]) < places for name in names)
    free = int(ray.available_resources().get("CPU", 0))  # type: ignore[no-untyped-call]
    stopped = 0
    for name in names:
        if free >= places - found:
            break
        if not name.startswith(ours) and _stop_if_idle(name):
            stopped, free = stopped + 1, free + 1
    return stopped


def _stop_if_idle(name: str) -> bool:
    try:
        actor = ray.get_actor(name, namespace=NAMESPACE)
        if ray.get(actor.idle_for.remote(), timeout=ASK_TIMEOUT_S) is None:
            return False  # at work for another batch
        ray.kill(actor, no_restart=True)
    except (RayError, ValueError):  # gone meanwhile
        return False
    return True


class IdleWatch:
    """Calls ``stop`` once no work has run for ``idle_s`` seconds (checked in a thread).

    ``working()`` wraps each piece of work; ``touch(idle_s)`` counts as work and sets the
    limit anew (the latest batch's ``keep_warm_s`` holds).
    """

    def __init__(self, idle_s: float, stop: Callable[[], None]) -> None:
        self.idle_s = idle_s
        self._stop = stop
        self._lock = threading.Lock()
        self._running = 0
        self._last = time.monotonic()
        self._thread = threading.Thread(target=self._watch, name="kpo-idle-watch", daemon=True)
        self._thread.start()

    def touch(self, idle_s: float | None = None) -> None:
        with self._lock:
            self._last = time.monotonic()
            if idle_s is not None:
                self.idle_s = idle_s

    @contextmanager
    def working(self) -> Iterator[None]:
        """Work runs inside: never stopped meanwhile; idle time counts from its end."""
        with self._lock:
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._last = time.monotonic()

    def idle_for(self) -> float | None:
        """Seconds since the last work ended; None while work runs."""
        with self._lock:
            return None if self._running else time.monotonic() - self._last

    def _idle(self) -> bool:
        idle = self.idle_for()
        return idle is not None and idle > self.idle_s

    def _watch(self) -> None:
        while True:
            time.sleep(min(CHECK_EVERY_S, max(self.idle_s / 4, 0.05)))
            if self._idle():
                self._stop()
                return
