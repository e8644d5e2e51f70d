"""kpo verify catches a changed byte, a missing file, a foreign row and a wrong schema version."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kpo.cli import cli
from kpo.deliver.build import DeliveryRequest, deliver
from kpo.deliver.schema import DELIVERABLE_SCHEMA_VERSION
from kpo.deliver.verify import VerificationError, check, verify


@pytest.fixture(scope="module")
def pristine(deliver_sample: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = deliver_sample.build(tmp_path_factory.mktemp("ws"))
    result = deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path_factory.mktemp("out")))
    return Path(result.location)


@pytest.fixture
def copy(pristine: Path, tmp_path: Path) -> Path:
    """A deliverable of one's own to tamper with."""
    return Path(shutil.copytree(pristine, tmp_path / "v1"))


def _relist(folder: Path, name: str) -> None:
    """Update the manifest so that only the content check can catch the change."""
    manifest = json.loads((folder / "manifest.json").read_text())
    data = (folder / name).read_bytes()
    entry = manifest["files"][name]
    entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
                 rows=pq.read_metadata(folder / name).num_rows)  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_a_fresh_deliverable_verifies(pristine: Path) -> None:
    report = verify(pristine)
    assert report.ok and "contracts.parquet" in report.checked and "README.md" in report.checked
    result = CliRunner().invoke(cli, ["verify", str(pristine)])
    assert result.exit_code == 0 and "OK" in result.output


def test_a_changed_byte_is_caught(copy: Path) -> None:
    path = copy / "claims.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(VerificationError, match=r"claims\.parquet: sha256 differs"):
        verify(copy)
    result = CliRunner().invoke(cli, ["verify", str(copy)])
    assert result.exit_code == 1 and "claims.parquet: sha256 differs" in result.output


def test_a_missing_file_is_caught(copy: Path) -> None:
    (copy / "fields.parquet").unlink()
    assert check(copy).problems == ["fields.parquet: missing"]
    result = CliRunner().invoke(cli, ["verify", str(copy), "--json"])
    assert result.exit_code == 1 and json.loads(result.output)["ok"] is False


def test_a_foreign_row_is_caught_even_with_a_matching_manifest(copy: Path) -> None:
    path = copy / "documents.parquet"
    table = pq.read_table(path)
    rows = [*table.to_pylist(), {**table.slice(0, 1).to_pylist()[0], "client": "globex"}]
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    _relist(copy, "documents.parquet")
    problems = check(copy).problems
    assert problems == ["documents.parquet: rows of another client (globex)"]


def test_a_wrong_schema_version_is_caught(copy: Path) -> None:
    path = copy / "tables.parquet"
    table = pq.read_table(path)
    meta = {**table.schema.metadata, b"schema_version": b"0.9.0"}
    pq.write_table(table.replace_schema_metadata(meta), path)
    _relist(copy, "tables.parquet")
    assert check(copy).problems == [
        f"tables.parquet: schema version '0.9.0', the manifest says "
        f"'{DELIVERABLE_SCHEMA_VERSION}'"]  # fmt: skip


def test_a_wrong_row_count_and_an_added_file_are_caught(copy: Path) -> None:
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["files"]["other.parquet"]["rows"] = 7
    (copy / "manifest.json").write_text(json.dumps(manifest))
    shutil.copy(copy / "claims.parquet", copy / "globex_claims.parquet")
    problems = check(copy).problems
    assert "other.parquet: 1 rows, the manifest says 7" in problems
    assert "globex_claims.parquet: present but not listed in the manifest" in problems


def test_a_manifest_naming_a_path_outside_the_folder_is_refused(copy: Path) -> None:
    (copy.parent / "secret.txt").write_text("not yours")
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["files"]["../secret.txt"] = {"bytes": 9, "sha256": "0" * 64}
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert check(copy).problems == ["'../secret.txt': not a plain file name; refusing to read it"]


def test_a_folder_without_manifest_is_not_a_deliverable(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["verify", str(tmp_path)])
    assert result.exit_code == 1 and "E703" in result.output and "Traceback" not in result.output


_LINGERING = """
import sys, threading, time
threading.Thread(target=time.sleep, args=(90,)).start()  # a thread still running at exit
sys.argv = ["kpo", "verify", sys.argv[1]]
from kpo.cli import main
main()
"""


def test_the_exit_status_is_decided_when_the_command_ends(pristine: Path, tmp_path: Path) -> None:
    """Regression: kpo verify and deliver exited 134 after succeeding (a native thread pool
    torn down at interpreter exit). Threads left running at exit neither change the status
    nor hold the process."""
    for target, status in ((pristine, 0), (tmp_path, 1)):
        done = subprocess.run([sys.executable, "-c", _LINGERING, str(target)],
                              capture_output=True, text=True, timeout=45)  # fmt: skip
        assert done.returncode == status, done.stderr[-2000:]
