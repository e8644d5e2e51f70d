"""Whether the Ray a batch runs on still works: its local processes, its GCS, its nodes.

Ray tells the driver when an actor dies, but not when the Ray beneath it goes, and
then waits without a word. Measured on a local Ray (Ray 2.60) with two actors busy:

- raylet killed: the actors went on answering for 13 s, until the GCS's health checks
  marked the node dead; the actors then died, and replacements waited forever for a
  node to run on (``kpo run`` still waiting 387 s later, silent).
- GCS killed: the actors went on answering, but ``ray.nodes()`` and
  ``ray.cluster_resources()`` blocked, and 60 s later Ray's C++ core ended the whole
  driver process with status 1 (``gcs_rpc_server_reconnect_timeout_s``), even after a
  ``ray.shutdown()`` while one of those calls was still blocked.

So the executor asks ``lost()`` between its waits. A local Ray's GCS and raylet are
this process's children: their exit is seen at the next wait (``POLL_S``). The GCS
itself is asked every ``CHECK_EVERY_S`` with a call bounded by ``GCS_TIMEOUT_S``
(never one that can block); silent for ``GCS_LOST_S``, or this machine's node marked
dead, Ray is lost. With those numbers a lost GCS is noticed within 15 + 5 + 2 = 22 s,
leaving the driver time to fail the remaining documents and shut Ray down before
Ray's own 60 s end; the 15 s allow a GCS that restarts (GCS fault tolerance) to come
back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import ray

GCS_TIMEOUT_S = 2.0  # one question to the GCS
CHECK_EVERY_S = 5.0  # how often the GCS is asked
GCS_LOST_S = 15.0  # a GCS silent this long is lost
_WATCHED = ("gcs_server", "raylet")  # a local Ray's processes it cannot do without
_ALIVE = 0  # GcsNodeInfo.ALIVE


class RayHealth:
    """Watches the Ray this process joined or started (``local``)."""

    def __init__(self, local: bool) -> None:
        self._processes = _local_processes() if local else []
        self._node = ray.get_runtime_context().get_node_id()
        self._ask = _node_states_reader()
        self._answered = self._checked = time.monotonic()

    @property
    def pids(self) -> list[int]:
        """The pids of a local Ray's GCS and raylet (none for a Ray this process joined)."""
        return [process.pid for _, process in self._processes]

    def lost(self) -> str | None:
        """Why Ray no longer works, or None while it does (cheap: call it often)."""
        for name, process in self._processes:
            if process.poll() is not None:
                return f"its {name} process (pid {process.pid}) exited"
        now = time.monotonic()
        if now - self._checked < CHECK_EVERY_S:
            return None
        self._checked = now
        alive = self._alive_nodes()
        if alive is None:
            silent = time.monotonic() - self._answered
            return f"its GCS did not answer for {silent:.0f} s" if silent >= GCS_LOST_S else None
        if self._node not in alive:
            return "this machine's Ray node was marked dead"
        return None

    def node_alive(self, node_id: str) -> bool:
        """Whether the node ``node_id`` is alive now (False when the GCS cannot say)."""
        alive = self._alive_nodes()
        return alive is not None and node_id in alive

    def _alive_nodes(self) -> set[str] | None:
        """The ids of the nodes the GCS holds alive, or None when it does not answer."""
        try:
            states = self._ask()
        except Exception:  # any failure to answer is the GCS not answering
            return None
        self._answered = time.monotonic()
        return {node for node, state in states.items() if state == _ALIVE}


def _local_processes() -> list[tuple[str, Any]]:
    """The GCS and raylet of the local Ray this process started, with their ``Popen``."""
    node: Any = getattr(ray._private.worker, "_global_node", None)
    processes: dict[str, list[Any]] = getattr(node, "all_processes", None) or {}
    return [
        (name, info.process)
        for name in _WATCHED
        for info in processes.get(name, [])
        if hasattr(getattr(info, "process", None), "poll")
    ]


def _node_states_reader() -> Callable[[], dict[str, int]]:
    """A call that returns ``{node id: state}`` from the GCS, bounded in time.

    The driver's GCS client has a timeout; ``ray.nodes()`` has none (it blocks while the
    GCS is away) and is only used where that client is not found (another Ray).
    """
    client: Any = getattr(ray._private.worker.global_worker, "gcs_client", None)
    if not hasattr(client, "get_all_node_info"):
        nodes: Callable[[], list[dict[str, Any]]] = ray.nodes
        return lambda: {node["NodeID"]: 0 if node["Alive"] else 1 for node in nodes()}

    def ask() -> dict[str, int]:
        infos = client.get_all_node_info(timeout=GCS_TIMEOUT_S)
        return {node_id.hex(): info.state for node_id, info in infos.items()}

    return ask
