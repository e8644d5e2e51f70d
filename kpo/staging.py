"""The staging folder of a batch being run: an exclusive lock, a journal, the staged output.

Layout, beside the folder the batch is published as::

    batches/CLIENT/.BATCH.staging/
      run.lock        the pid of the run holding it (an flock, released when it dies)
      meta.json       what the run was started with (its settings' fingerprint)
      journal/        every finished document (kpo/journal.py)
      out/            the Parquet files and manifest, made at the end

Publishing renames ``out/`` to ``batches/CLIENT/BATCH`` and removes the rest. A staging
folder whose lock nobody holds belongs to a run that died: the same batch run again
resumes from its journal; ``stale_runs`` finds those of other batches.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpo.errors import Errors, WorkspaceError
from kpo.journal import DONE_NAME

SUFFIX = ".staging"
_LEGACY = ".staging-"  # kpo before the journal: .BATCH.staging-PID, never resumable


def staging_dir(final_dir: Path) -> Path:
    return final_dir.with_name(f".{final_dir.name}{SUFFIX}")


def _holder(lock_path: Path) -> str:
    with contextlib.suppress(OSError):
        return lock_path.read_text(encoding="utf-8").strip() or "unknown"
    return "unknown"


def _try_lock(lock_path: Path) -> int | None:
    """An fd holding an exclusive lock on ``lock_path``, or None when another process holds it."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _still_linked(fd: int, path: Path) -> bool:
    """Whether the locked file is still the one at ``path`` (a cleaner may have removed it)."""
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def count_done(folder: Path) -> int:
    """Documents in a staging folder's journal (complete lines of done.jsonl)."""
    path = folder / "journal" / DONE_NAME
    with contextlib.suppress(OSError), path.open("rb") as handle:
        return sum(line.endswith(b"\n") for line in handle)
    return 0


class Staging:
    """The staging folder of one batch, held by this process from ``acquire`` to ``release``."""

    def __init__(self, final_dir: Path) -> None:
        self.final_dir = Path(final_dir)
        self.path = staging_dir(self.final_dir)
        self._fd: int | None = None

    @property
    def journal_dir(self) -> Path:
        return self.path / "journal"

    @property
    def out_dir(self) -> Path:
        return self.path / "out"

    def acquire(self, batch_id: str, client: str) -> None:
        """Take the folder (made if absent); E011 while another run holds it."""
        while self._fd is None:
            self.path.mkdir(parents=True, exist_ok=True)
            lock = self.path / "run.lock"
            fd = _try_lock(lock)
            if fd is None:
                pid = _holder(lock)
                raise WorkspaceError(Errors.E011.format(batch=batch_id, client=client, pid=pid))
            if not _still_linked(fd, lock):  # removed while we waited: make it again
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self._fd = fd

    def meta(self) -> dict[str, Any]:
        with contextlib.suppress(OSError, ValueError):
            data: dict[str, Any] = json.loads((self.path / "meta.json").read_text("utf-8"))
            return data
        return {}

    def start_over(self, meta: dict[str, Any]) -> None:
        """Forget an earlier run's journal and output; record what this run starts with."""
        shutil.rmtree(self.journal_dir, ignore_errors=True)
        shutil.rmtree(self.out_dir, ignore_errors=True)
        (self.path / "meta.json").write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")

    def publish(self) -> None:
        """Move the staged output into place (the batch appears at once), then tidy up."""
        os.replace(self.out_dir, self.final_dir)
        self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@dataclass(frozen=True)
class StaleRun:
    """The staging folder of a run that died."""

    path: Path
    batch_id: str
    done: int  # documents in its journal
    published: bool  # the batch exists: the run died after publishing it
    legacy: bool = False  # left by a kpo from before the journal: nothing to resume

    @property
    def resumable(self) -> bool:
        return self.done > 0 and not self.published and not self.legacy


def _pid_alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(folder: Path) -> StaleRun | None:
    name = folder.name[1:]
    if _LEGACY in name:
        batch_id, _, pid = name.rpartition(_LEGACY)
        if _pid_alive(pid):
            return None
        return StaleRun(folder, batch_id, 0, folder.with_name(batch_id).exists(), legacy=True)
    batch_id = name.removesuffix(SUFFIX)
    fd = _try_lock(folder / "run.lock")
    if fd is None:
        return None  # its run is alive
    os.close(fd)
    return StaleRun(folder, batch_id, count_done(folder), folder.with_name(batch_id).exists())


def stale_runs(client_dir: Path) -> list[StaleRun]:
    """The staging folders under ``client_dir`` whose runs died, by batch id."""
    if not client_dir.is_dir():
        return []
    found = []
    for folder in sorted(client_dir.iterdir()):
        if folder.name.startswith(".") and SUFFIX in folder.name and folder.is_dir():
            with contextlib.suppress(OSError):
                if (run := _stale(folder)) is not None:
                    found.append(run)
    return found
