"""Start and stop a real multi-node Ray cluster on this machine, for tests.

Each node is a ``ray start --block`` process in its own process group, on
127.0.0.1, with the test's own temporary folder, free ports and its own auth
token (token authentication, as ``ray start`` enables it). The test that started
the cluster stops it by process group id: never a blanket ``ray stop``.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import psutil

RAY = str(Path(sys.executable).with_name("ray"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    address: str
    env: dict[str, str]  # what a driver needs to join: RAY_AUTH_MODE and the token
    pids: tuple[int, ...]  # the `ray start` processes, one a node


def _start_node(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [RAY, "start", "--block", "--node-ip-address=127.0.0.1", "--disable-usage-stats",
             *args],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _wait_for_nodes(
    address: str,
    env: dict[str, str],
    count: int,
    procs: list[subprocess.Popen[bytes]],
    timeout: float,
) -> None:
    code = (
        "import ray, sys\n"
        f"ray.init(address={address!r}, logging_level='ERROR')\n"
        "alive = [n for n in ray.nodes() if n['Alive']]\n"
        "sys.exit(0 if len(alive) >= int(sys.argv[1]) else 1)\n"
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError(f"a Ray node exited early (status {[p.poll() for p in procs]})")
        done = subprocess.run([sys.executable, "-c", code, str(count)], env=env,
                              capture_output=True, timeout=120)  # fmt: skip
        if done.returncode == 0:
            return
        time.sleep(1)
    raise TimeoutError(f"the Ray cluster at {address} did not reach {count} nodes")


@contextmanager
def ray_cluster(tmp: Path, *, nodes: int = 2, cpus_per_node: int = 1) -> Iterator[Cluster]:
    """A head and ``nodes - 1`` workers on loopback; stopped on exit, by process group."""
    temp_dir = Path(tempfile.mkdtemp(prefix="r", dir="/tmp"))  # short: socket paths are limited
    port = free_port()
    env = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(16),
           "RAY_USAGE_STATS_ENABLED": "0"}  # fmt: skip
    env.pop("RAY_ADDRESS", None)
    common = [f"--num-cpus={cpus_per_node}"]
    head = ["--head", f"--port={port}", f"--temp-dir={temp_dir}", "--include-dashboard=false"]
    procs = [_start_node([*head, *common], env, tmp / "head.log")]
    address = f"127.0.0.1:{port}"
    try:
        _wait_for_nodes(address, env, 1, procs, timeout=90)
        for i in range(1, nodes):
            procs.append(_start_node([f"--address={address}", *common], env, tmp / f"w{i}.log"))
        _wait_for_nodes(address, env, nodes, procs, timeout=90)
        auth = {k: env[k] for k in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN")}
        yield Cluster(address, auth, tuple(proc.pid for proc in procs))
    finally:
        for proc in reversed(procs):
            _stop(proc)
        shutil.rmtree(temp_dir, ignore_errors=True)


def listening_ips(pids: Iterable[int]) -> set[str]:
    """The local addresses on which ``pids`` and all their descendants accept connections."""
    family: set[int] = set()
    for pid in pids:
        with suppress(psutil.NoSuchProcess):
            root = psutil.Process(pid)
            family |= {root.pid, *(child.pid for child in root.children(recursive=True))}
    return {
        conn.laddr.ip
        for conn in psutil.net_connections("inet")
        if conn.pid in family and conn.status == psutil.CONN_LISTEN
    }


def reachable_beyond_loopback(ips: Iterable[str]) -> set[str]:
    """Those of ``ips`` another machine could reach: a wildcard when this machine has an
    address off loopback, and any address that is not loopback."""
    networked = any(
        not _ip(addr.address).is_loopback
        for addrs in psutil.net_if_addrs().values()
        for addr in addrs
        if addr.family in (socket.AF_INET, socket.AF_INET6)
    )
    return {
        ip for ip in ips if not _ip(ip).is_loopback and (networked or not _ip(ip).is_unspecified)
    }


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The address, an IPv4-mapped IPv6 one (``::ffff:127.0.0.1``) as IPv4."""
    ip = ipaddress.ip_address(text.split("%")[0])
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return mapped or ip
