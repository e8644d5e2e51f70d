"""Start a local Ray for a run, or join a cluster; and keep Ray's own messages off stdout."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ray

from kpo.errors import ClusterError, Errors

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


def _local_start_env(niceness: int) -> dict[str, str]:
    """``RAY_START_ENV``, the workers' niceness, and this process's token unless the user
    has set one.

    Ray starts its workers ``RAY_worker_niceness`` steps nicer than the raylet (15 unless
    set): on a machine that anything else uses, they, their extraction children and
    Tesseract then get a small share of the CPU. A local Ray's raylet runs at the
    niceness of ``kpo run``, so ``niceness`` 0 gives the workers that same priority.
    A value the user has set in the environment is kept.
    """
    env = {**RAY_START_ENV, "RAY_worker_niceness": str(niceness)}
    if any(os.environ.get(name) for name in _USER_TOKEN):
        return env
    return {**env, "RAY_AUTH_TOKEN": _PROCESS_TOKEN}


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


def init_ray(address: str | None, workers: int, niceness: int = 0) -> bool:
    """Start a local Ray (True) or join the cluster at ``address`` (False).

    A local Ray's workers run ``niceness`` steps nicer than this process.
    """
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
        with _ray_start_env(_local_start_env(niceness)), _lean_local_ray():
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


@contextmanager
def ray_messages_to_stderr() -> Iterator[None]:
    """While kpo's Ray runs, the messages Ray's driver prints go to stderr, never stdout.

    The GCS publishes errors ("A worker died or was killed while executing a task ...",
    "Raylet is terminated ...") to every driver, and Ray prints them from a thread of its
    own (``listen_error_messages`` in ``ray._private.worker``) through
    ``print_to_stdstream`` with ``is_err`` false: on stdout, into ``kpo run --json``'s
    document. ``log_to_driver=False`` does not stop them (that is for the workers' own
    output). They are still worth reading, so they go to stderr, as Ray prints its
    workers' errors. ``ray.shutdown`` joins that thread, so none comes after it.
    """
    module: Any = getattr(ray._private, "worker", None)
    original: Any = getattr(module, "print_to_stdstream", None)
    if original is None:
        yield
        return

    def to_stderr(data: dict[str, Any], ignore_prefix: bool) -> None:
        original({**data, "is_err": True}, ignore_prefix)

    module.print_to_stdstream = to_stderr
    try:
        yield
    finally:
        module.print_to_stdstream = original
