"""kpo train: every trainable part into one versioned folder, deterministically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpo.cli import cli
from kpo.ingest import ingest
from kpo.models.train import CARD_FILE, train_models
from kpo.pipeline import DocumentProcessor

SMALL = {"seed": 3, "classifier_docs": 48, "calibration_docs": 40}


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("models")
    return out, train_models(out, **SMALL)


def test_folder_holds_models_and_a_card(trained: tuple[Path, dict]) -> None:
    out, card = trained
    assert {"doc_type.skops", "fields_calibration.skops", CARD_FILE} <= {
        p.name for p in out.iterdir()
    }
    on_disk = json.loads((out / CARD_FILE).read_text())
    assert on_disk == json.loads(json.dumps(card))
    assert card["seed"] == 3 and card["version"].startswith("kpo-models-")
    for part in ("classifier", "field_calibration"):
        assert card["parts"][part]["data"]["generator"] == "kpo.datasets.generator"


def test_same_seed_gives_the_same_version(trained: tuple[Path, dict], tmp_path: Path) -> None:
    assert train_models(tmp_path, **SMALL)["version"] == trained[1]["version"]


def test_the_pipeline_runs_on_a_trained_folder(trained: tuple[Path, dict], text_pdf: Path) -> None:
    out, card = trained
    with DocumentProcessor({"model_dir": str(out)}, sandbox=False) as process:
        result = process(ingest([text_pdf])[0])
    assert result.classification is not None
    assert result.classification.model_version == card["parts"]["classifier"]["model_version"]


def test_cli_writes_a_versioned_folder_in_the_workspace(tmp_path: Path) -> None:
    args = ["train", "--workspace", str(tmp_path), "--seed", "3", "--classifier-docs", "48",
            "--calibration-docs", "40", "--json"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert Path(data["out_dir"]) == tmp_path / "models" / data["version"]
    assert (Path(data["out_dir"]) / CARD_FILE).exists()
