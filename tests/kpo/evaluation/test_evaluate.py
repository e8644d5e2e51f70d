"""kpo eval: the pipeline scored against a labelled set (a small generated one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpo.cli import cli
from kpo.datasets.generator import generate_corpus
from kpo.errors import InputError
from kpo.evaluation.evaluate import evaluate


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("labelled")
    generate_corpus(folder, 8, seed=5)
    return folder


def test_eval_json_has_the_documented_keys(labelled: Path, tmp_path: Path) -> None:
    args = ["eval", str(labelled), "--workspace", str(tmp_path / "ws"), "--json",
            "--report", str(tmp_path / "report")]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("doc_type_accuracy", "field_micro_f1", "fields", "ece", "automation_at_98"):
        assert key in data
    assert data["auroc"] is None or 0.0 <= data["auroc"] <= 1.0
    wanted = {"precision", "recall", "f1", "support", "auroc"}
    assert all(set(entry) >= wanted for entry in data["fields"].values())
    assert data["batch"]["documents"] == 8
    assert "AUROC" in (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert (tmp_path / "report" / "confusion.png").read_bytes()[:4] == b"\x89PNG"


def test_generated_documents_score_well(labelled: Path, tmp_path: Path) -> None:
    evaluation = evaluate(labelled, workspace=tmp_path)
    assert evaluation.result.doc_type_accuracy >= 0.75
    assert evaluation.result.field_micro_f1 is not None
    assert evaluation.result.field_micro_f1 >= 0.5


def test_a_folder_without_labels_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E010"):
        evaluate(tmp_path)


def test_eval_shows_progress_on_stderr_and_the_scores_on_stdout(
    labelled: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(cli, ["eval", str(labelled), "--workspace", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "8/8" in result.stderr
    assert "doc_type_accuracy" in result.stdout and "8/8" not in result.stdout
    assert result.stdout.count("auroc") == 2  # in the summary and as a fields column


def test_unlabelled_takes_absent_or_unknown(labelled: Path, tmp_path: Path) -> None:
    args = ["eval", str(labelled), "--workspace", str(tmp_path), "--unlabelled", "maybe"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "'absent'" in result.output and "'unknown'" in result.output
