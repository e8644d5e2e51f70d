"""Start and stop a real PostgreSQL server on loopback, for tests and benchmarks.

``initdb`` and ``pg_ctl`` run in a fresh temporary folder on a free port. PostgreSQL
refuses to run as root, so under root the binaries run as the ``postgres`` user
(``runuser``). The server is stopped by its own data folder (``pg_ctl stop``),
never by process name.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
               "/usr/lib/postgresql/15/bin")  # fmt: skip


@dataclass(frozen=True)
class PgServer:
    bin_dir: Path
    data_dir: Path
    port: int

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    if env := os.environ.get("KPO_PG_BIN"):
        return Path(env)
    for candidate in PG_BIN_DIRS:
        if (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def _run(args: list[str]) -> None:
    subprocess.run(_as_postgres(args), check=True, capture_output=True, cwd="/")


@contextmanager
def pg_server(bin_dir: Path) -> Iterator[PgServer]:
    """A running server in a fresh folder (fsync off: test data only); stopped after."""
    root = Path(tempfile.mkdtemp(prefix="kpo-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server = PgServer(bin_dir, data, _free_port())
    _run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"])
    options = f"-h 127.0.0.1 -p {server.port} -k {root} -c fsync=off -c max_connections=60"
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
          "start", "-w"])  # fmt: skip
    try:
        yield server
    finally:
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "stop", "-m", "fast", "-w"])
        shutil.rmtree(root, ignore_errors=True)


def create_database(server: PgServer, name: str) -> str:
    """Create an empty database; return its URL."""
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)
