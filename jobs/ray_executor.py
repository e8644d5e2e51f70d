"""Run the document pipeline on Ray: one long-lived actor per worker.

Each actor builds a ``DocumentProcessor`` once (models loaded once, one
extraction sandbox) and then processes documents sent to it. The driver keeps
two documents in flight per actor so that no worker waits for the next one, and
yields results in completion order. This is plain Ray actors rather than Ray
Data: per-document work is coarse, and actors avoid Ray Data's planning and
serialisation overhead (measured in benchmarks/).

Against a cluster (``address``) the file bytes travel through Ray's object store,
so worker nodes need no shared file system.

A result comes back as one plain pickle (bytes) rather than as an object for Ray to
serialize: Ray's serializer (cloudpickle) visits every object of a result in Python,
thousands of words a document, which cost each actor about 6 ms a document more than
the Pool's pickling (measured in benchmarks/bench_run.py's batch: actors 10.6 CPU-s
against the Pool workers' 9.9). The bytes come from the actors this executor started,
the same trust as Ray's own deserialization.
"""

from __future__ import annotations

import logging
import os
import pickle
import secrets
import socket
import tempfile
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import ray
from ray.exceptions import RayActorError, RayError

from kpo.errors import ClusterError, Errors, ReasonCode
from kpo.pipeline import DocumentProcessor, failed_result
from kpo.records import DocumentResult, Failure, InputFile
from kpo.settings import PipelineSettings

IN_FLIGHT_PER_WORKER = 2


class ProcessorActor:
    """A Ray actor around ``DocumentProcessor`` (the stage knows nothing of Ray)."""

    def __init__(self, settings: PipelineSettings) -> None:
        self.processor = DocumentProcessor(settings)
        self.scratch = Path(tempfile.mkdtemp(prefix="kpo-actor-"))

    def ready(self) -> str:
        return ray.get_runtime_context().get_node_id()

    def process(self, file: InputFile, data: bytes | None = None) -> bytes:
        """The ``DocumentResult`` of ``file``, pickled (see the module docstring)."""
        return pickle.dumps(self._process(file, data), protocol=pickle.HIGHEST_PROTOCOL)

    def _process(self, file: InputFile, data: bytes | None) -> DocumentResult:
        if data is None:
            return self.processor(file)
        local = self.scratch / f"{file.doc_id}.pdf"
        local.write_bytes(data)
        try:
            result = self.processor(replace(file, path=str(local)))
        finally:
            local.unlink(missing_ok=True)
        return replace(result, path=file.path)

    def close(self) -> None:
        self.processor.close()


# Ray reads its internal settings from ``RAY_<name>`` variables in each process it
# starts. A raylet connects to its own object store with up to 10 attempts one second
# apart; the store is usually ready a few milliseconds after the first attempt, so a
# local start took a whole extra second about one time in three. The same ten-second
# budget in 100 ms steps removes that wait. Worker prestart starts one Python worker
# per CPU (a local Ray has one CPU per kpo worker) as soon as the raylet is up, instead
# of when the driver registers: the workers import Ray while ``ray.init`` still waits,
# and ``ray.init`` no longer waits for their start (2.0 s -> 1.7 s on a 2-core machine).
# A value the user has set is kept.
RAY_START_ENV = {
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_raylet_client_connect_timeout_milliseconds": "100",
    "RAY_raylet_client_num_connect_attempts": "100",
    "RAY_enable_worker_prestart": "1",
}


# A local Ray turns on token authentication (unless RAY_AUTH_MODE says otherwise) and, when
# the user has no token, writes a new one into ~/.ray/auth_token, readable by every local
# user. Nothing but this process joins the Ray it starts, so it gets a random token of this
# process instead, never written to disk. One per process, not per run: Ray's C++ core
# caches the token a process first reads.
_PROCESS_TOKEN = secrets.token_hex(32)
_USER_TOKEN = ("RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH")


def _local_start_env() -> dict[str, str]:
    """``RAY_START_ENV``, and this process's token unless the user has set one."""
    if any(os.environ.get(name) for name in _USER_TOKEN):
        return RAY_START_ENV
    return {**RAY_START_ENV, "RAY_AUTH_TOKEN": _PROCESS_TOKEN}


@contextmanager
def _ray_start_env(settings: dict[str, str]) -> Iterator[None]:
    """Set ``settings`` (where unset) while Ray starts its processes, then restore."""
    added = {name: value for name, value in settings.items() if name not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


@contextmanager
def _lean_local_ray() -> Iterator[None]:
    """While ``ray.init`` starts a local Ray, leave out three Python daemons it cannot use.

    The autoscaler monitor (a run's own one-node Ray has nothing to autoscale), the log
    monitor (``log_to_driver=False``: nothing reads what it forwards) and the API server
    (with ``include_dashboard=False`` Ray still starts it, for job submission and the
    state API; nothing else can reach this Ray, whose token only this process holds).
    Leaving them out took Ray's start on a 2-core machine from 3.0 s and 4.4 CPU-s to
    1.6 s and 2.0 CPU-s, time spent before the actors can load their
    models (benchmarks/bench_run.py (f), medians of 3 and 5 runs).
    ``ray start`` has flags for the first two (``--no-monitor``,
    ``--include-log-monitor``); ``ray.init`` has none, so they are set on the private
    ``RayParams`` and ``Node`` it uses, as Ray's own ``ray.cluster_utils`` does for the
    log monitor. Where those are not found (another Ray), Ray starts all three.
    """
    module: Any = getattr(ray._private, "parameter", None)
    params: Any = getattr(module, "RayParams", None)
    node: Any = getattr(getattr(ray._private, "node", None), "Node", None)
    if params is None or not hasattr(node, "start_api_server"):
        yield
        return

    class LeanParams(params):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.no_monitor = True
            self.include_log_monitor = False

    start_api_server = node.start_api_server
    module.RayParams, node.start_api_server = LeanParams, _no_api_server
    try:
        yield
    finally:
        module.RayParams, node.start_api_server = params, start_api_server


def _no_api_server(self: Any, **kwargs: Any) -> None:
    """Stands in for Ray's ``Node.start_api_server`` while kpo starts its local Ray."""


def _init_ray(address: str | None, workers: int) -> bool:
    """Start a local Ray (True) or join the cluster at ``address`` (False)."""
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.ERROR,
        "configure_logging": True,
    }
    try:
        if address:
            _check_reachable(address)
            with _ray_start_env(RAY_START_ENV):
                ray.init(address=address, **options)
            return False
        with _ray_start_env(_local_start_env()), _lean_local_ray():
            ray.init(address="local", num_cpus=max(workers, 1), **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        template = Errors.E101 if address else Errors.E102
        raise ClusterError(template.format(address=address, why=exc)) from exc
    return True


CONNECT_TIMEOUT_S = 5.0


def _check_reachable(address: str) -> None:
    """Raise ``ConnectionError`` unless something listens at a ``HOST:PORT`` address.

    ``ray.init`` retries an address where nothing listens for minutes (killed after 5
    minutes here), saying only "Timed out while waiting for GCS" in its log. Other forms
    (``auto``, ``ray://...``) are left to Ray.
    """
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or "://" in address:
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise ConnectionError(f"nothing answers at {host}:{port} ({exc.strerror or exc})") from exc


def _cluster_cpus() -> int:
    resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
    return max(int(resources.get("CPU", 1)), 1)


def _smallest(*limits: int | None) -> int:
    """The smallest of the limits that are set (None or 0: no limit)."""
    return min(limit for limit in limits if limit)


class RayExecutor:
    """Executes documents on Ray actors; the ``Executor`` of ``kpo.batch``.

    ``workers``: actors to start; None (or 0) for one per CPU of this machine, with a
    local Ray, or of the cluster at ``address``. ``documents``: how many the batch holds,
    an upper bound on the actors worth starting.
    """

    def __init__(
        self,
        settings: PipelineSettings,
        *,
        workers: int | None = None,
        address: str | None = None,
        documents: int | None = None,
    ) -> None:
        self.started_ray = _init_ray(address, _smallest(workers or os.cpu_count() or 1, documents))
        self.ship_bytes = address is not None
        # never more actors than the cluster has CPUs: one more could never be placed,
        # and the run would wait for it forever
        count = _smallest(_cluster_cpus(), workers, documents)
        actor_class = ray.remote(num_cpus=1, max_restarts=0)(ProcessorActor)
        self.settings = settings
        self._actor_class = actor_class
        self.actors = [self._new_actor() for _ in range(count)]
        self.nodes = ray.get([actor.ready.remote() for actor in self.actors])

    def _new_actor(self) -> Any:
        return self._actor_class.options(scheduling_strategy="SPREAD").remote(self.settings)

    def _submit(self, actor: Any, file: InputFile) -> Any:
        data = Path(file.path).read_bytes() if self.ship_bytes else None
        return actor.process.remote(file, data)

    def map(self, files: Sequence[InputFile]) -> Iterator[DocumentResult]:
        pending = deque(files)
        running: dict[Any, tuple[int, Any, InputFile]] = {}

        def submit(index: int) -> None:
            if pending:
                file, actor = pending.popleft(), self.actors[index]
                running[self._submit(actor, file)] = (index, actor, file)

        for _ in range(IN_FLIGHT_PER_WORKER):
            for index in range(len(self.actors)):
                submit(index)
        while running:
            [ref], _ = ray.wait(list(running), num_returns=1)
            index, actor, file = running.pop(ref)
            yield self._result(ref, index, actor, file)
            submit(index)

    def _result(self, ref: Any, index: int, actor: Any, file: InputFile) -> DocumentResult:
        try:
            result: DocumentResult = pickle.loads(ray.get(ref))
            return result
        except RayActorError as exc:
            if self.actors[index] is actor:  # replace a dead worker once, not once per task
                self.actors[index] = self._new_actor()
            return _failed(file, ReasonCode.CRASHED, exc)
        except RayError as exc:
            return _failed(file, ReasonCode.INTERNAL, exc)

    def describe(self) -> dict[str, Any]:
        kind = "ray-local" if self.started_ray else "ray-cluster"
        return {"kind": kind, "workers": len(self.actors), "nodes": len(set(self.nodes))}

    def close(self) -> None:
        for actor in self.actors:
            ray.kill(actor)
        self.actors = []
        ray.shutdown()


def _failed(file: InputFile, code: ReasonCode, exc: Exception) -> DocumentResult:
    message = Errors.E103.format(path=file.path, doc_id=file.doc_id[:12], why=type(exc).__name__)
    return failed_result(file, Failure(file.doc_id, file.path, "worker", code, message))
