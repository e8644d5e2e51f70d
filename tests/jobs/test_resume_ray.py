"""A `kpo run` on a real local Ray, its driver killed part-way, resumes with the same command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from kpo.datasets.generator import generate_corpus
from kpo.staging import count_done, staging_dir

pytestmark = [pytest.mark.ray, pytest.mark.slow]
KPO = str(Path(sys.executable).with_name("kpo"))
DOCUMENTS = 24
KILL_AFTER = 4  # documents in the journal when the driver is killed
WAIT_S = 300.0


def _command(inputs: Path, workspace: Path) -> list[str]:
    return [KPO, "run", str(inputs), "--client", "acme", "--batch", "b1", "--workspace",
            str(workspace), "--workers", "2", "--json"]  # fmt: skip


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}


def _wait_for_journal(proc: subprocess.Popen[bytes], staging: Path) -> int:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if (done := count_done(staging)) >= KILL_AFTER:
            return done
        assert proc.poll() is None, "the run ended before it could be killed part-way"
        time.sleep(0.05)
    raise AssertionError(f"fewer than {KILL_AFTER} documents in the journal after {WAIT_S} s")


def _kill_run(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the driver by its pid; then stop, by pid, whatever it started that outlives it."""
    family = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    _, alive = psutil.wait_procs(family, timeout=20)  # Ray's own processes share its fate
    for leftover in alive:
        leftover.kill()
    psutil.wait_procs(alive, timeout=10)


def test_a_driver_killed_part_way_resumes_and_processes_nothing_twice(tmp_path: Path) -> None:
    inputs, workspace = tmp_path / "in", tmp_path / "ws"
    generate_corpus(inputs, DOCUMENTS, seed=16)  # and labels.jsonl: one more input, not a PDF
    staging = staging_dir(workspace / "batches" / "acme" / "b1")
    proc = subprocess.Popen(_command(inputs, workspace), env=_environment(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait_for_journal(proc, staging)
    finally:
        _kill_run(proc)
    done_at_kill = count_done(staging)
    assert not (workspace / "batches" / "acme" / "b1").exists()
    again = subprocess.run(_command(inputs, workspace), env=_environment(), capture_output=True,
                           text=True, timeout=600)  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    summary = json.loads(again.stdout)
    assert summary["resumed"] == done_at_kill >= KILL_AFTER
    assert summary["resumed"] + summary["processed"] == DOCUMENTS + 1
    assert "E012" in again.stderr
    docs = pd.read_parquet(workspace / "batches" / "acme" / "b1" / "documents.parquet")
    assert len(docs) == DOCUMENTS + 1 and docs["doc_id"].is_unique
    assert (docs["status"] == "ok").sum() == DOCUMENTS
    assert not staging.exists()
