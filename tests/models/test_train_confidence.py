"""Training the value-confidence model on a labelled set: grouped by source, cross-validated."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kpo.datasets.generator import generate_corpus
from kpo.datasets.labels import LabelRecord, read_labels, write_labels
from kpo.extractors.pdf import extract_document
from kpo.models.confidence import CONFIDENCE_CARD, CONFIDENCE_FILE
from kpo.models.fields import FieldExtractor
from kpo.models.train_confidence import collect_real, source_group, train_value_confidence

pytestmark = pytest.mark.slow
WRONG = "Bavaria"  # a gold governing law no generated contract states


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated contracts in the corpus format; every other one's governing law is wrong,
    so the set has right and wrong values; half of them come from one source."""
    root = tmp_path_factory.mktemp("real")
    records = generate_corpus(root, 24, 5, types=("contract",))
    changed = []
    for i, record in enumerate(records):
        fields = dict(record.fields)
        if i % 2 and "governing_law" in fields:
            fields["governing_law"] = WRONG
        fields.pop("contract_value", None)  # unlabelled: never judged
        source = f"data/Filer{i % 12}_2001_EX-10.pdf"
        changed.append(replace(record, fields=fields, extra={"source_path": source}))
    write_labels(root / "labels.jsonl", changed)
    return root


@pytest.fixture(scope="module")
def card(labelled: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("models")
    return {"out": out, **train_value_confidence(out, [labelled], workers=2)}


def test_the_source_of_an_edgar_exhibit_is_its_filer() -> None:
    record = LabelRecord("cuad_x.pdf", "contract", {}, extra={
        "source_path": "CUAD_v1/Part_I/CreditcardscomInc_20070810_S-1_EX-10.33.pdf"})  # fmt: skip
    assert source_group(record) == "creditcardscominc"
    assert source_group(LabelRecord("plain.pdf", "contract", {})) == "plain.pdf"


def test_only_fields_a_row_labels_are_judged(labelled: Path) -> None:
    judged, counts = collect_real([labelled], workers=1)
    assert counts["documents"] == 24 and counts["values"] == len(judged) > 0
    assert "contract_value" not in {features["field"] for features, _, _ in judged}
    assert {group for _, _, group in judged} <= {f"filer{i}" for i in range(12)}
    wrong_laws = [ok for f, ok, _ in judged if f["field"] == "governing_law" and not ok]
    assert wrong_laws, "the changed labels make wrong values"


def test_the_card_reports_cross_validated_figures(card: dict[str, Any]) -> None:
    cv = card["cross_validated"]
    assert cv["grouped_by"] == "source" and cv["folds"] == 5
    assert cv["all"]["n"] == card["data"]["values"]
    assert set(cv["all"]) >= {"ece", "auroc", "automation_at_98", "accuracy"}
    assert "governing_law" in cv["by_field"]
    on_disk = json.loads((card["out"] / CONFIDENCE_CARD).read_text())
    assert on_disk["model_version"] == card["model_version"]


def test_the_model_gives_contract_confidences_and_leaves_other_types(
    card: dict[str, Any], labelled: Path
) -> None:
    assert (card["out"] / CONFIDENCE_FILE).is_file()
    assert card["model"]["doc_types"] == ["contract"]
    [record] = read_labels(labelled / "labels.jsonl")[:1]
    doc = extract_document(str(labelled / "pdfs" / record.file), record.sha256)
    learned = FieldExtractor(model_dir=str(card["out"]))
    fields = learned(doc, "contract")
    assert card["model_version"] in fields.model_version
    assert all(0.02 <= v.confidence <= 0.98 for v in fields.values)
    plain = FieldExtractor(calibrate=False)
    raw = {(v.name, v.index): v.confidence for v in plain(doc, "claim").values}
    other = {(v.name, v.index): v.confidence for v in learned(doc, "claim").values}
    assert other == raw  # no calibrator in that folder, and the model does not answer for claims


def test_values_are_made_by_the_models_of_the_folder_being_trained(
    labelled: Path, tmp_path: Path
) -> None:
    from kpo.errors import ModelError
    from kpo.models.party_ranker import RANKER_FILE

    (tmp_path / RANKER_FILE).write_bytes(b"not a model")  # the folder's own ranker is read
    with pytest.raises(ModelError, match="E202"):
        collect_real([labelled], workers=1, model_dir=tmp_path)


def test_folds_keep_a_source_together_and_are_stable(labelled: Path) -> None:
    from kpo.models.train_confidence import source_folds

    records = read_labels(labelled / "labels.jsonl")
    folds = source_folds(records, k=5)
    assert set(folds) == {source_group(r) for r in records}
    assert set(folds.values()) == set(range(5))
    assert source_folds(list(reversed(records)), k=5) == folds


def test_a_fold_is_read_with_the_models_fitted_without_it(labelled: Path, tmp_path: Path) -> None:
    from kpo.errors import ModelError
    from kpo.models.party_ranker import RANKER_FILE
    from kpo.models.train_confidence import source_folds

    folds = source_folds(read_labels(labelled / "labels.jsonl"), k=2)
    (tmp_path / "0").mkdir()
    (tmp_path / "1").mkdir()
    judged, _ = collect_real([labelled], workers=1, folds=folds, fold_dir=tmp_path)
    assert judged  # empty fold folders: the rules make the values
    (tmp_path / "1" / RANKER_FILE).write_bytes(b"not a model")  # fold 1's own ranker is read
    with pytest.raises(ModelError, match="E202"):
        collect_real([labelled], workers=1, folds=folds, fold_dir=tmp_path)
