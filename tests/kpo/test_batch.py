"""kpo run end to end, in-process (workers=0): every input ends as one documents row."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from kpo.batch import BatchRequest, run_batch
from kpo.cli import cli
from kpo.datasets.generator import write_sample_batch
from kpo.errors import ConfigError
from kpo.review.queue import ReviewQueue
from kpo.workspace import Workspace


@pytest.fixture(scope="module")
def batch_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    paths = write_sample_batch(folder / "samples")
    (folder / "notes.txt").write_text("meeting notes, not a PDF")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "zz_copy_of_contract.pdf").write_bytes(paths[0].read_bytes())
    return folder


@pytest.fixture(scope="module")
def finished(batch_inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    workspace = tmp_path_factory.mktemp("ws")
    request = BatchRequest([batch_inputs], "acme", workspace, batch_id="b1", workers=0)
    return workspace, run_batch(request)


def _documents(workspace: Path) -> pd.DataFrame:
    return pd.read_parquet(workspace / "batches" / "acme" / "b1" / "documents.parquet")


def test_every_input_is_one_documents_row(batch_inputs: Path, finished: tuple) -> None:
    workspace, summary = finished
    docs = _documents(workspace)
    inputs = sorted(p.name for p in batch_inputs.rglob("*") if p.is_file())
    assert sorted(docs["file_name"]) == inputs
    assert summary.documents == len(inputs)


def test_bad_inputs_fail_with_specific_reasons(finished: tuple) -> None:
    docs = _documents(finished[0]).set_index("file_name")
    assert docs.loc["notes.txt", ["status", "reason"]].tolist() == ["failed", "not_pdf"]
    assert docs.loc["empty.pdf", "reason"] == "empty"
    assert docs.loc["sample_broken_truncated.pdf", "status"] == "failed"
    assert docs.loc["zz_copy_of_contract.pdf", "status"] == "duplicate"
    assert docs.loc["zz_copy_of_contract.pdf", "duplicate_of"].endswith("sample_contract.pdf")


def test_good_documents_are_classified_with_fields(finished: tuple) -> None:
    docs = _documents(finished[0]).set_index("file_name")
    for kind in ("contract", "research_paper", "claim", "other"):
        row = docs.loc[f"sample_{kind}.pdf"]
        assert row["status"] == "ok" and row["doc_type"] == kind
        assert 0.0 <= row["doc_type_confidence"] <= 1.0
    fields = pd.read_parquet(finished[0] / "batches" / "acme" / "b1" / "fields.parquet")
    found = fields[fields["status"] == "found"]
    assert found["confidence"].between(0, 1).all()
    assert (found["page_number"] >= 1).all() and found["x1"].notna().all()


def test_review_items_wait_in_the_queue(finished: tuple) -> None:
    workspace, summary = finished
    with ReviewQueue(Workspace(workspace).queue_path) as queue:
        counts = queue.counts("acme", "b1")
    assert counts.open == summary.queued_for_review


def test_results_open_in_duckdb(finished: tuple) -> None:
    folder = finished[0] / "batches" / "acme" / "b1"
    manifest = json.loads((folder / "manifest.json").read_text())
    pages = (
        duckdb.connect().execute(f"SELECT count(*) FROM '{folder / 'pages.parquet'}'").fetchone()
    )
    assert pages == (manifest["files"]["pages.parquet"]["rows"],)


def test_cli_run_json_and_status(batch_inputs: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["run", str(batch_inputs / "samples"), "--client", "globex", "--batch", "b9",
            "--workers", "0", "--workspace", str(tmp_path), "--json"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    for key in ("batch_id", "documents", "pages", "succeeded", "failed", "queued_for_review",
                "output_dir"):  # fmt: skip
        assert key in summary
    assert summary["documents"] == 5 and summary["failed"] == 1
    status = json.loads(
        runner.invoke(cli, ["status", "--workspace", str(tmp_path), "--json"]).output
    )
    assert [(s["client"], s["batch_id"], s["documents"]) for s in status] == [("globex", "b9", 5)]
    again = runner.invoke(cli, args)
    assert again.exit_code == 1 and "E006" in again.output and "Traceback" not in again.output


def test_cli_refuses_a_client_name_with_a_path(tmp_path: Path, text_pdf: Path) -> None:
    result = CliRunner().invoke(
        cli, ["run", str(text_pdf), "--client", "../evil", "--workspace", str(tmp_path)]
    )
    assert result.exit_code == 2 and "E003" in result.output
    assert not (tmp_path / "batches").exists()


def test_workers_0_with_a_ray_address_on_the_command_line_is_refused(
    tmp_path: Path, text_pdf: Path
) -> None:
    args = ["run", str(text_pdf), "--client", "acme", "--workers", "0",
            "--ray-address", "127.0.0.1:9", "--workspace", str(tmp_path)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "E002" in result.output and "127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "batches").exists()


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        (["--niceness", "2", "--ray-address", "127.0.0.1:9"], "ray start"),
        (["--niceness", "2", "--workers", "0"], "--workers 0"),
    ],
)
def test_niceness_is_refused_where_kpo_starts_no_local_ray(
    tmp_path: Path, text_pdf: Path, extra: list[str], why: str
) -> None:
    args = ["run", str(text_pdf), "--client", "acme", "--workspace", str(tmp_path), *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "E002" in result.output and "niceness" in result.output and why in result.output
    assert not (tmp_path / "batches").exists()


@pytest.mark.parametrize("niceness", [-1, 20])
def test_a_niceness_linux_cannot_give_is_refused(tmp_path: Path, niceness: int) -> None:
    with pytest.raises(ConfigError, match=r"E002.*niceness.*0 to 19"):
        BatchRequest(inputs=[], client="acme", workspace=tmp_path, niceness=niceness)


def test_workers_0_runs_in_process_whatever_ray_address_says(
    tmp_path: Path, text_pdf: Path
) -> None:
    args = ["run", str(text_pdf), "--client", "acme", "--workers", "0",
            "--workspace", str(tmp_path), "--json"]  # fmt: skip
    result = CliRunner().invoke(cli, args, env={"RAY_ADDRESS": "127.0.0.1:9"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["executor"]["kind"] == "in-process"


def test_phases_are_announced_before_the_first_document(tmp_path: Path, text_pdf: Path) -> None:
    events: list[str] = []
    request = BatchRequest([text_pdf], "acme", tmp_path, batch_id="b1", workers=0)
    run_batch(request, on_phase=events.append,
              on_progress=lambda result, done, total: events.append(f"{done}/{total}"))  # fmt: skip
    assert events == ["reading inputs", "starting workers", "processing", "1/1"]
