"""A batch is durable document by document: an interrupted run resumes, never half-published."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from kpo.batch import BatchRequest, LocalExecutor, run_batch
from kpo.cli import cli
from kpo.datasets.generator import write_sample_batch
from kpo.errors import ConfigError, ModelError, WorkspaceError
from kpo.records import DocumentResult, InputFile
from kpo.review.queue import ReviewQueue
from kpo.settings import PipelineSettings
from kpo.staging import Staging, staging_dir


class Interrupted(Exception):
    """Stands for the death of the run (a kill, a lost machine) part-way."""


class Counting:
    """An executor over a shared in-process pipeline that records what it processed,
    and dies (raises ``Interrupted``) after ``die_after`` documents when set."""

    def __init__(self, inner: LocalExecutor, die_after: int | None = None) -> None:
        self.inner, self.die_after = inner, die_after
        self.processed: list[str] = []

    def map(self, files: Sequence[InputFile]) -> Iterator[DocumentResult]:
        for result in self.inner.map(files):
            if self.die_after is not None and len(self.processed) == self.die_after:
                raise Interrupted
            self.processed.append(result.doc_id)
            yield result

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def close(self) -> None:
        """The shared pipeline outlives each batch."""


@pytest.fixture(scope="module")
def pipeline() -> Iterator[LocalExecutor]:
    # thresholds this high send every value to review: each document brings review items
    strict = PipelineSettings(review={"doc_type": 0.999, "field": 0.999})
    executor = LocalExecutor(strict, sandbox=False)
    yield executor
    executor.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One document of each type, a broken one, a text file and a copy: 7 inputs, 6 unique."""
    folder = tmp_path_factory.mktemp("in")
    paths = write_sample_batch(folder)
    (folder / "notes.txt").write_text("not a pdf")
    (folder / "zz_copy.pdf").write_bytes(paths[0].read_bytes())
    return folder


def _request(inputs: Path, workspace: Path, **extra: Any) -> BatchRequest:
    return BatchRequest([inputs], "acme", workspace, batch_id="b1", workers=0, **extra)


def _documents(workspace: Path) -> pd.DataFrame:
    return pd.read_parquet(workspace / "batches" / "acme" / "b1" / "documents.parquet")


def test_an_interrupted_run_resumes_without_processing_a_document_twice(
    inputs: Path, pipeline: LocalExecutor, tmp_path: Path
) -> None:
    first = Counting(pipeline, die_after=3)
    with pytest.raises(Interrupted):
        run_batch(_request(inputs, tmp_path), executor=first)
    assert not (tmp_path / "batches" / "acme" / "b1").exists(), "nothing is published"
    notices: list[str] = []
    second = Counting(pipeline)
    summary = run_batch(_request(inputs, tmp_path), executor=second, on_notice=notices.append)
    assert summary.resumed == 3 and summary.processed == 3
    assert not set(first.processed) & set(second.processed)
    assert [n[:4] for n in notices] == ["E012"]  # not also E014 for the batch it resumes
    docs = _documents(tmp_path)
    assert len(docs) == 7 and docs["path"].is_unique
    assert sorted(docs["status"].value_counts().items()) == [("duplicate", 1), ("failed", 2),
                                                             ("ok", 4)]  # fmt: skip
    assert not staging_dir(tmp_path / "batches" / "acme" / "b1").exists()


def test_a_resumed_batch_equals_one_run_in_one_go(
    inputs: Path, pipeline: LocalExecutor, tmp_path: Path
) -> None:
    with pytest.raises(Interrupted):
        run_batch(_request(inputs, tmp_path / "a"), executor=Counting(pipeline, die_after=4))
    run_batch(_request(inputs, tmp_path / "a"), executor=Counting(pipeline))
    run_batch(_request(inputs, tmp_path / "b"), executor=Counting(pipeline))
    columns = ["path", "doc_id", "status", "reason", "doc_type", "page_count", "review_items"]
    resumed, whole = (_documents(tmp_path / n)[columns].sort_values("path") for n in "ab")
    assert resumed.reset_index(drop=True).equals(whole.reset_index(drop=True))
    fields = [pd.read_parquet(tmp_path / n / "batches/acme/b1/fields.parquet") for n in "ab"]
    assert len(fields[0]) == len(fields[1]) > 0


def test_review_items_that_cannot_be_queued_keep_the_batch_unpublished_and_resumable(
    inputs: Path, pipeline: LocalExecutor, tmp_path: Path
) -> None:
    queue = tmp_path / "review.sqlite"
    queue.write_bytes(b"this is not a SQLite database" * 100)
    with pytest.raises(WorkspaceError, match="E406"):
        run_batch(_request(inputs, tmp_path), executor=Counting(pipeline))
    assert not (tmp_path / "batches" / "acme" / "b1").exists()
    queue.unlink()
    again = Counting(pipeline)
    summary = run_batch(_request(inputs, tmp_path), executor=again)
    assert summary.resumed == 6 and again.processed == []
    with ReviewQueue(queue) as review:
        assert len(review.items("acme", "b1")) == summary.queued_for_review > 0


def test_a_batch_run_by_another_process_is_refused(inputs: Path, tmp_path: Path) -> None:
    held = Staging(tmp_path / "batches" / "acme" / "b1")
    held.acquire("b1", "acme")
    try:
        with pytest.raises(WorkspaceError, match=rf"E011.*pid {os.getpid()}"):
            run_batch(_request(inputs, tmp_path), executor=Counting(pipeline_never_used()))
    finally:
        held.release()


def pipeline_never_used() -> Any:
    """An executor that fails the test if the batch gets as far as using it."""

    class Never:
        def map(self, files: Sequence[InputFile]) -> Iterator[DocumentResult]:
            raise AssertionError("the batch ran although another process holds it")

    return Never()


def test_changed_settings_start_the_batch_over(
    inputs: Path, pipeline: LocalExecutor, tmp_path: Path
) -> None:
    with pytest.raises(Interrupted):
        run_batch(_request(inputs, tmp_path), executor=Counting(pipeline, die_after=2))
    other = PipelineSettings(review={"field": 0.95})
    summary = run_batch(_request(inputs, tmp_path, settings=other), executor=Counting(pipeline))
    assert summary.resumed == 0 and summary.processed == 6


def test_dead_runs_are_tidied_or_announced(
    inputs: Path, pipeline: LocalExecutor, tmp_path: Path
) -> None:
    with pytest.raises(Interrupted):  # b0 dies with two documents done: resumable
        run_batch(BatchRequest([inputs], "acme", tmp_path, batch_id="b0", workers=0),
                  executor=Counting(pipeline, die_after=2))  # fmt: skip
    client_dir = tmp_path / "batches" / "acme"
    empty = Staging(client_dir / "b9")  # died before any document was done
    empty.acquire("b9", "acme")
    empty.release()
    legacy = client_dir / ".b8.staging-999999999"  # left by an older kpo
    legacy.mkdir()
    notices: list[str] = []
    run_batch(_request(inputs, tmp_path), executor=Counting(pipeline), on_notice=notices.append)
    assert not empty.path.exists() and not legacy.exists()
    assert sum(n.startswith("E013") for n in notices) == 2
    [kept] = [n for n in notices if n.startswith("E014")]
    assert "'b0'" in kept and "2 document(s)" in kept and "--batch b0" in kept
    assert staging_dir(client_dir / "b0").exists()


def test_missing_models_fail_the_batch_before_any_document(inputs: Path, tmp_path: Path) -> None:
    settings = PipelineSettings(spacy_model="no_such_spacy_pipeline")
    with pytest.raises(ModelError, match=r"E201.*no_such_spacy_pipeline"):
        run_batch(_request(inputs, tmp_path, settings=settings), executor=pipeline_never_used())
    with pytest.raises(ModelError, match="E202"):
        run_batch(_request(inputs, tmp_path, settings=PipelineSettings(model_dir=str(tmp_path))),
                  executor=pipeline_never_used())  # fmt: skip


def test_a_published_batch_is_still_refused(
    inputs: Path, pipeline: LocalExecutor, tmp_path: Path
) -> None:
    run_batch(_request(inputs, tmp_path), executor=Counting(pipeline))
    with pytest.raises(ConfigError, match="E006"):
        run_batch(_request(inputs, tmp_path), executor=pipeline_never_used())


def test_documents_with_review_items_are_kept_by_their_hash(
    inputs: Path, pipeline: LocalExecutor, tmp_path: Path
) -> None:
    summary = run_batch(_request(inputs, tmp_path), executor=Counting(pipeline))
    manifest = json.loads((tmp_path / "batches/acme/b1/manifest.json").read_text())
    assert manifest["summary"]["queued_for_review"] == summary.queued_for_review > 0
    docs = _documents(tmp_path)
    reviewed = docs[docs["review_items"] > 0]
    kept = sorted(p.stem for p in (tmp_path / "documents" / "acme").glob("*.pdf"))
    assert kept == sorted(reviewed["doc_id"])


def test_status_lists_an_interrupted_batch_with_how_to_resume_it(
    inputs: Path, pipeline: LocalExecutor, tmp_path: Path
) -> None:
    with pytest.raises(Interrupted):
        run_batch(_request(inputs, tmp_path), executor=Counting(pipeline, die_after=2))
    result = CliRunner().invoke(cli, ["status", "--workspace", str(tmp_path)])
    assert result.exit_code == 0
    assert "Interrupted: batch b1 of acme, 2 document(s) done" in result.output
    assert "--client acme --batch b1" in result.output
