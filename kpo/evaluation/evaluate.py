"""The library API of ``kpo eval``: run the pipeline over a labelled set and score it.

A labelled set is a folder in the corpus format: ``labels.jsonl`` and the files
it names under ``pdfs/``. The batch runs like any other (in-process or on Ray),
into a workspace of its own unless one is given, and its Parquet results are
scored against the labels with ``kpo.evaluation.scoring``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from kpo.batch import BatchRequest, BatchSummary, PhaseCallback, ProgressCallback, run_batch
from kpo.errors import Errors, InputError
from kpo.evaluation.scoring import Unlabelled, score
from kpo.ingest import sha256_file
from kpo.workspace import new_batch_id

if TYPE_CHECKING:
    from kpo.datasets.labels import LabelRecord
    from kpo.evaluation.records import EvalResult

EVAL_CLIENT = "eval"


@dataclass(frozen=True)
class Evaluation:
    """The scores of one labelled set, and the batch that produced them."""

    result: EvalResult
    batch: BatchSummary

    def as_dict(self) -> dict[str, Any]:
        return {**self.result.as_dict(), "batch": self.batch.as_dict()}


def read_labelled_set(folder: Path) -> list[LabelRecord]:
    """The labels of a set, each with the sha256 of its file (computed where missing)."""
    from kpo.datasets.labels import read_labels

    labels_path = folder / "labels.jsonl"
    if not labels_path.exists():
        raise InputError(Errors.E010.format(path=str(folder)))
    records = read_labels(labels_path)
    return [
        r if r.sha256 else replace(r, sha256=_sha256(folder / "pdfs" / r.file)) for r in records
    ]


def _sha256(path: Path) -> str:
    if not path.exists():
        raise InputError(Errors.E004.format(path=str(path)))
    return sha256_file(path)


def _inputs(folder: Path, labels: list[LabelRecord]) -> list[Path]:
    return [folder / "pdfs" / r.file for r in labels]


def evaluate(
    folder: Path,
    *,
    workspace: Path | None = None,
    workers: int = 0,
    ray_address: str | None = None,
    model_dir: str | None = None,
    on_progress: ProgressCallback | None = None,
    on_phase: PhaseCallback | None = None,
    unlabelled: Unlabelled = "absent",
) -> Evaluation:
    """Run the pipeline over the labelled set in ``folder`` and score the results.

    ``unlabelled`` says what a field without a key in the labels means
    (kpo.evaluation.scoring: "absent", a value found is a false positive; "unknown", not
    scored).
    """
    labels = read_labelled_set(Path(folder))
    with tempfile.TemporaryDirectory(prefix="kpo-eval-") as scratch:
        root = Path(workspace) if workspace else Path(scratch)
        request = BatchRequest(
            inputs=_inputs(Path(folder), labels), client=EVAL_CLIENT, workspace=root,
            batch_id=f"eval-{new_batch_id()}", workers=workers, ray_address=ray_address,
            settings=_settings(root, model_dir),
        )  # fmt: skip
        summary = run_batch(request, on_progress=on_progress, on_phase=on_phase)
        out = Path(summary.output_dir)
        documents = pq.read_table(out / "documents.parquet")
        fields = pq.read_table(out / "fields.parquet")
    return Evaluation(score(labels, documents, fields, unlabelled=unlabelled), summary)


def _settings(root: Path, model_dir: str | None) -> Any:
    from kpo.workspace import Workspace

    settings = Workspace(root).pipeline_settings(EVAL_CLIENT)
    return replace(settings, model_dir=model_dir) if model_dir else settings
