"""--out: local folders, file:// URIs and other pyarrow filesystems; the CLI over deliver."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kpo.cli import cli
from kpo.deliver.build import DeliveryRequest, can_rename, deliver
from kpo.deliver.verify import Location, check, open_location, verify
from kpo.errors import ConfigError


@pytest.fixture(scope="module")
def ws(deliver_sample: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return deliver_sample.build(tmp_path_factory.mktemp("ws"))  # type: ignore[no-any-return]


def test_default_out_is_the_workspace(ws: Path) -> None:
    result = deliver(DeliveryRequest("acme", "b1", ws))
    assert Path(result.location) == ws / "deliveries" / "acme" / "b1" / "v1"
    assert result.atomic and result.manifest["publish"] == "rename"


def test_a_file_uri(ws: Path, tmp_path: Path) -> None:
    result = deliver(DeliveryRequest("acme", "b1", ws, out=f"file://{tmp_path}/client-drop"))
    folder = tmp_path / "client-drop" / "acme" / "b1" / "v1"
    assert Path(result.location) == folder and (folder / "manifest.json").is_file()
    assert verify(f"file://{folder}").ok
    assert not [p for p in (folder.parent).iterdir() if p.name.startswith(".staging")]


def test_a_sub_tree_filesystem(ws: Path, tmp_path: Path) -> None:
    fs = pafs.SubTreeFileSystem(str(tmp_path), pafs.LocalFileSystem())
    result = deliver(DeliveryRequest("acme", "b1", ws, out=Location(fs, "drop")))
    assert result.atomic and (tmp_path / "drop" / "acme" / "b1" / "v1" / "claims.parquet").is_file()
    assert verify(Location(fs, "drop/acme/b1/v1")).ok


def test_an_in_memory_filesystem_renames_too(ws: Path) -> None:
    fs = pafs._MockFileSystem()
    result = deliver(DeliveryRequest("acme", "b1", ws, out=Location(fs, "")))
    assert result.atomic and verify(Location(fs, "acme/b1/v1")).ok


def test_a_filesystem_without_folder_rename_writes_the_manifest_last(ws: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    fs = pafs.PyFileSystem(pafs.FSSpecHandler(memory))
    assert not can_rename(fs)
    result = deliver(DeliveryRequest("acme", "b1", ws, out=Location(fs, "/drop")))
    assert not result.atomic and result.manifest["publish"] == "manifest-last"
    assert verify(Location(fs, "/drop/acme/b1/v1")).ok
    assert not memory.glob("/drop/acme/b1/.staging*")


def test_out_with_dot_dot_stays_inside_the_folder_it_names(ws: Path, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    result = deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path / "a" / ".." / "b"))
    assert Path(result.location) == tmp_path / "b" / "acme" / "b1" / "v1"
    assert not (tmp_path / "a" / "acme").exists()


def test_a_bad_uri_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="E701"):
        open_location("nosuchfs://bucket/prefix")


def test_cli_deliver_verify_and_the_pending_default_in_help(ws: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli"
    args = ["deliver", "--client", "acme", "--batch", "b1", "--workspace", str(ws), "--out"]
    result = runner.invoke(cli, [*args, str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["version"] == 1 and data["rows"]["documents.parquet"] == 6
    again = runner.invoke(cli, [*args, str(out)])
    assert again.exit_code == 0 and again.output.startswith("Unchanged since v1")
    assert runner.invoke(cli, ["verify", data["location"]]).exit_code == 0
    help_text = " ".join(runner.invoke(cli, ["deliver", "--help"]).output.split())
    assert "Default: withhold them" in help_text


def test_cli_deliver_refuses_a_path_as_client(ws: Path) -> None:
    result = CliRunner().invoke(
        cli, ["deliver", "--client", "../acme", "--batch", "b1", "--workspace", str(ws)]
    )
    assert result.exit_code == 1 and "E003" in result.output and "Traceback" not in result.output


def test_check_reads_rows_from_any_filesystem(ws: Path) -> None:
    fs = pafs._MockFileSystem()
    deliver(DeliveryRequest("acme", "b1", ws, out=Location(fs, "x")))
    report = check(Location(fs, "x/acme/b1/v1"))
    assert report.ok and report.manifest["files"]["claims.parquet"]["rows"] == 1
    with fs.open_input_file("x/acme/b1/v1/claims.parquet") as handle:
        assert pq.read_table(handle)["claim_number"].to_pylist() == ["CLM-2024-001"]
