"""A workspace kpo cannot write gets a numbered error, never a traceback; a full disk resumes.

The read-only and full-disk cases mount a small tmpfs in a mount namespace of their own
(``unshare --mount``, root only), so nothing outside the test sees the mount and it goes
away with the namespace.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpo.cli import cli

KPO = str(Path(sys.executable).with_name("kpo"))
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _can_mount() -> bool:
    try:
        done = subprocess.run(["unshare", "--mount", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


needs_mount = pytest.mark.skipif(
    not _can_mount(), reason="mounting a tmpfs in a mount namespace needs root and unshare"
)


def _in_namespace(script: str, tmp_path: Path) -> dict[str, str]:
    """Run ``script`` (bash) in a private mount namespace; return what it wrote to OUT/*."""
    out = tmp_path / "out"
    out.mkdir()
    body = f"set -u\nKPO={KPO}\nSAMPLES={SAMPLES}\nOUT={out}\nWS={tmp_path / 'ws'}\n"
    body += 'mkdir -p "$WS"\n' + textwrap.dedent(script)
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "bash", "-c", body],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return {p.name: p.read_text() for p in out.iterdir()}


def test_batches_that_is_a_file_is_a_numbered_error(tmp_path: Path) -> None:
    (tmp_path / "batches").write_text("not a folder")
    args = ["run", str(SAMPLES / "sample_claim.pdf"), "--client", "acme"]
    result = CliRunner().invoke(cli, [*args, "--workspace", str(tmp_path), "--workers", "0"])
    assert result.exit_code == 1
    assert "E404" in result.output and str(tmp_path / "batches") in result.output
    assert "Traceback" not in result.output


@needs_mount
def test_a_read_only_workspace_is_a_numbered_error(tmp_path: Path) -> None:
    found = _in_namespace(
        """
        mount -t tmpfs -o ro,size=1m tmpfs "$WS"
        "$KPO" run "$SAMPLES" --client acme --workspace "$WS" --workers 0 \\
            >"$OUT/stdout" 2>"$OUT/stderr"
        echo $? >"$OUT/status"
        """,
        tmp_path,
    )
    assert found["status"].strip() == "1"
    assert "Error: E403" in found["stderr"] and "Traceback" not in found["stderr"]


@needs_mount
def test_a_full_disk_stops_the_batch_with_a_numbered_error_and_it_resumes(tmp_path: Path) -> None:
    found = _in_namespace(
        """
        mount -t tmpfs -o size=100k tmpfs "$WS"
        run() { "$KPO" run "$SAMPLES" --client acme --batch b1 --workspace "$WS" --workers 0 \\
                --json; }
        run >"$OUT/first" 2>"$OUT/first_err"; echo $? >"$OUT/first_status"
        mount -o remount,size=64m "$WS"
        run >"$OUT/second" 2>"$OUT/second_err"; echo $? >"$OUT/second_status"
        """,
        tmp_path,
    )
    assert found["first_status"].strip() == "1"
    assert found["first_err"].startswith("Error: E405") and "Traceback" not in found["first_err"]
    assert found["second_status"].strip() == "0", found["second_err"]
    summary = json.loads(found["second"])
    assert summary["resumed"] > 0 and summary["resumed"] + summary["processed"] == 5


@needs_mount
def test_deliver_into_a_read_only_or_full_folder_is_a_numbered_error(tmp_path: Path) -> None:
    found = _in_namespace(
        """
        "$KPO" run "$SAMPLES/sample_claim.pdf" --client acme --batch b1 --workspace "$WS" \\
            --workers 0 >/dev/null 2>"$OUT/run_err" || echo failed >"$OUT/run_failed"
        mkdir -p "$WS/ro" "$WS/full"
        mount -t tmpfs -o ro,size=1m tmpfs "$WS/ro"
        mount -t tmpfs -o size=8k tmpfs "$WS/full"
        for target in ro full; do
            "$KPO" deliver --client acme --batch b1 --workspace "$WS" --out "$WS/$target" \\
                >/dev/null 2>"$OUT/$target"
            echo $? >"$OUT/${target}_status"
        done
        """,
        tmp_path,
    )
    assert "run_failed" not in found, found.get("run_err")
    for target in ("ro", "full"):
        assert found[f"{target}_status"].strip() == "1"
        assert found[target].startswith("Error: E706"), found[target]
