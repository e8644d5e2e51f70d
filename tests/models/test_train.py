"""kpo train: every trainable part into one versioned folder, deterministically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpo.cli import cli
from kpo.datasets.generator import generate_corpus
from kpo.extractors.pdf import extract_document
from kpo.ingest import ingest, sha256_file
from kpo.models.fields import FieldExtractor
from kpo.models.train import CARD_FILE, reviewed_examples, train_models
from kpo.models.train_reviewed import read_reviewed
from kpo.pipeline import DocumentProcessor
from kpo.records import FieldValue, ReviewItem
from kpo.review.queue import open_review

SMALL = {"seed": 3, "classifier_docs": 48, "calibration_docs": 40}


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list[str]]:
    out, phases = tmp_path_factory.mktemp("models"), []
    return out, train_models(out, **SMALL, on_phase=phases.append), phases


def test_folder_holds_models_and_a_card(trained: tuple[Path, dict, list[str]]) -> None:
    out, card, _ = trained
    assert {"doc_type.skops", "fields_calibration.skops", CARD_FILE} <= {
        p.name for p in out.iterdir()
    }
    on_disk = json.loads((out / CARD_FILE).read_text())
    assert on_disk == json.loads(json.dumps(card))
    assert card["seed"] == 3 and card["version"].startswith("kpo-models-")
    for part in ("classifier", "field_calibration"):
        assert card["parts"][part]["data"]["generator"] == "kpo.datasets.generator"


def test_same_seed_gives_the_same_version(
    trained: tuple[Path, dict, list[str]], tmp_path: Path
) -> None:
    assert train_models(tmp_path, **SMALL)["version"] == trained[1]["version"]


def test_the_pipeline_runs_on_a_trained_folder(
    trained: tuple[Path, dict, list[str]], text_pdf: Path
) -> None:
    out, card, _ = trained
    with DocumentProcessor({"model_dir": str(out)}, sandbox=False) as process:
        result = process(ingest([text_pdf])[0])
    assert result.classification is not None
    assert result.classification.model_version == card["parts"]["classifier"]["model_version"]


def test_each_part_is_announced_as_it_begins(trained: tuple[Path, dict, list[str]]) -> None:
    assert trained[2] == [
        "document-type classifier: 48 generated documents",
        "field confidences: 40 generated documents",
    ]


def test_cli_writes_a_versioned_folder_in_the_workspace(tmp_path: Path) -> None:
    args = ["train", "--workspace", str(tmp_path), "--seed", "3", "--classifier-docs", "48",
            "--calibration-docs", "40", "--json"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert Path(data["out_dir"]) == tmp_path / "models" / data["version"]
    assert (Path(data["out_dir"]) / CARD_FILE).exists()


def test_reviewed_documents_join_the_classifier_training(tmp_path: Path, text_pdf: Path) -> None:
    export = tmp_path / "reviewed.jsonl"
    rows = [{"file": str(text_pdf), "doc_type": "claim", "fields": {}},
            {"file": str(tmp_path / "gone.pdf"), "doc_type": "contract",
             "fields": {"term": "two (2) years"}}]  # fmt: skip
    export.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    records = read_reviewed([export])
    assert reviewed_examples(records) == [("Hello kpo\nA second line\n\nPage two", "claim")]
    card = train_models(tmp_path / "m", **SMALL, reviewed=[export])
    assert card["parts"]["classifier"]["data"]["reviewed_examples"] == 1
    assert "1 reviewed documents" in card["trained_on"]
    calibration = card["parts"]["field_calibration"]["data"]
    assert calibration["reviewed_values"] == 0 and calibration["reviewed_skipped"]["missing"] == 1


def _first_contract_law(root: Path) -> tuple[Path, FieldValue]:
    extractor = FieldExtractor(calibrate=False)
    for record in generate_corpus(root, 12, 5):
        path = root / "pdfs" / record.file
        if record.doc_type == "contract":
            values = extractor(extract_document(str(path), record.sha256), "contract").values
            law = [v for v in values if v.name == "governing_law"]
            if law:
                return path, law[0]
    raise AssertionError("the generator should give a contract with a governing law")


def test_review_export_feeds_kpo_train(tmp_path: Path) -> None:
    """A reviewer's correction goes through 'kpo review export' into 'kpo train --reviewed'."""
    path, law = _first_contract_law(tmp_path / "set")
    item = ReviewItem(sha256_file(path), "low_confidence", "contract", "governing_law",
                      law.value, law.confidence, 0.99)  # fmt: skip
    ws, db = tmp_path / "ws", str(tmp_path / "review.sqlite")
    with open_review(db, ws) as service:
        service.add_batch("acme", "b1", [(str(path), item)])
    base = ["--workspace", str(ws), "--db", db, "--reviewer", "ann"]
    runner, export = CliRunner(), tmp_path / "reviewed.jsonl"
    claimed = json.loads(runner.invoke(cli, ["review", "next", *base, "--json"]).output)
    item_id = str(claimed["item"]["item_id"])
    assert (
        runner.invoke(cli, ["review", "correct", *base, item_id, "--value", "Bavaria"]).exit_code
        == 0
    )
    assert runner.invoke(cli, ["review", "export", *base, "-o", str(export)]).exit_code == 0
    args = ["train", "--out", str(tmp_path / "m"), "--seed", "3", "--classifier-docs", "48",
            "--calibration-docs", "40", "--reviewed", str(export), "--json"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    calibration = card["parts"]["field_calibration"]["data"]
    assert (calibration["reviewed_docs"], calibration["reviewed_values"]) == (1, 1)
    assert card["parts"]["classifier"]["data"]["reviewed_examples"] == 1
