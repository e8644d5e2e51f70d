"""Reviewed field values (``kpo review export`` rows) join the calibrator's fit data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kpo.datasets.generator import generate_corpus
from kpo.datasets.labels import LabelRecord, write_labels
from kpo.errors import ConfigError
from kpo.extractors.pdf import extract_document
from kpo.ingest import sha256_file
from kpo.models.calibration import CALIBRATION_FILE, FieldCalibrator
from kpo.models.fields import FieldExtractor
from kpo.models.train_calibration import collect_reviewed, train_field_calibrator
from kpo.models.train_reviewed import read_reviewed
from kpo.records import FieldValue

SMALL = {"n_docs": 40, "seed": 4}
WRONG = "Bavaria"  # a reviewer's correction no generated governing law can match
Contracts = list[tuple[Path, dict[str, FieldValue]]]


def _reviewed_row(path: Path, fields: dict[str, Any]) -> LabelRecord:
    return LabelRecord(str(path), "contract", fields, extra={"doc_id": sha256_file(path)})


@pytest.fixture(scope="module")
def contracts(tmp_path_factory: pytest.TempPathFactory) -> Contracts:
    """Generated contracts (not the calibrator's own set) with their raw field values."""
    root = tmp_path_factory.mktemp("reviewed")
    extractor = FieldExtractor(calibrate=False)
    out = []
    for record in generate_corpus(root, 30, 11):
        path = root / "pdfs" / record.file
        if record.doc_type == "contract":
            values = extractor(extract_document(str(path), record.sha256), "contract").values
            out.append((path, {v.name: v for v in values}))
    found = [(p, v) for p, v in out if {"governing_law", "contract_value"} <= set(v)]
    assert len(found) >= 6, "the generator should give contracts with a law and a value"
    return found


@pytest.fixture(scope="module")
def export(contracts: Contracts, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reviewers corrected every governing law and accepted every value; one file is gone."""
    rows = [
        _reviewed_row(
            path, {"governing_law": WRONG, "contract_value": values["contract_value"].value}
        )
        for path, values in contracts
    ]
    gone = LabelRecord("/nowhere/gone.pdf", "claim", {"claim_number": "CL-1"})
    path = tmp_path_factory.mktemp("export") / "reviewed.jsonl"
    write_labels(path, [*rows, gone])
    return path


@pytest.fixture(scope="module")
def trained(export: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The calibrator trained without and with the reviewed export, and their cards."""
    base, with_reviews = tmp_path_factory.mktemp("base"), tmp_path_factory.mktemp("reviewed")
    return {
        "base": (
            train_field_calibrator(base, **SMALL),
            FieldCalibrator.load(base / CALIBRATION_FILE),
        ),
        "reviewed": (
            train_field_calibrator(with_reviews, **SMALL, reviewed=read_reviewed([export])),
            FieldCalibrator.load(with_reviews / CALIBRATION_FILE),
        ),
    }


def _groups(contracts: Contracts, field: str) -> set[tuple[float, str, str]]:
    return {(v[field].confidence, field, v[field].extractor) for _, v in contracts}


def test_corrected_values_lower_their_group(trained: dict[str, Any], contracts: Contracts) -> None:
    base, reviewed = trained["base"][1], trained["reviewed"][1]
    for row in _groups(contracts, "governing_law"):
        assert reviewed.predict_one(*row) < base.predict_one(*row) - 0.2, row


def test_accepted_values_raise_their_group(trained: dict[str, Any], contracts: Contracts) -> None:
    base, reviewed = trained["base"][1], trained["reviewed"][1]
    for row in _groups(contracts, "contract_value"):  # a group the generated data leaves < 0.99
        assert reviewed.predict_one(*row) > base.predict_one(*row), row


def test_the_card_counts_reviewed_values_and_skipped_rows(
    trained: dict[str, Any], contracts: Contracts
) -> None:
    base, reviewed = trained["base"][0], trained["reviewed"][0]
    assert base["data"]["reviewed_docs"] == 0 and base["data"]["reviewed_values"] == 0
    data = reviewed["data"]
    assert data["reviewed_docs"] == len(contracts)
    assert data["reviewed_values"] == 2 * len(contracts)
    assert data["reviewed_skipped"] == {"missing": 1, "changed": 0, "unreadable": 0}
    assert data["fit_values"] == base["data"]["fit_values"] + 2 * len(contracts)
    assert reviewed["model_version"] != base["model_version"]
    assert reviewed["test"]["before"] == base["test"]["before"]  # the same generated test split


def test_same_reviewed_data_gives_the_same_version(
    trained: dict[str, Any], export: Path, tmp_path: Path
) -> None:
    again = train_field_calibrator(tmp_path, **SMALL, reviewed=read_reviewed([export, export]))
    assert again["model_version"] == trained["reviewed"][0]["model_version"]
    assert again["data"]["reviewed_docs"] == trained["reviewed"][0]["data"]["reviewed_docs"]


def test_the_weight_changes_the_version(
    trained: dict[str, Any], export: Path, tmp_path: Path
) -> None:
    once = train_field_calibrator(tmp_path, **SMALL, reviewed=read_reviewed([export]),
                                  reviewed_weight=1)  # fmt: skip
    assert once["model_version"] != trained["reviewed"][0]["model_version"]
    assert once["data"]["reviewed_weight"] == 1


@pytest.mark.parametrize("weight", [0, -2, 1.5, True])
def test_a_bad_weight_is_refused(weight: Any, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"E002.*reviewed_weight"):
        train_field_calibrator(tmp_path, **SMALL, reviewed_weight=weight)


def test_fields_absent_from_a_row_give_no_examples(contracts: Contracts) -> None:
    path, values = contracts[0]
    assert len(values) > 1  # the extractor found more than the reviewer labelled
    record = _reviewed_row(path, {"governing_law": values["governing_law"].value})
    examples, counts = collect_reviewed([record], FieldExtractor(calibrate=False))
    assert [(row[1], ok) for row, ok, _ in examples] == [("governing_law", 1)]
    assert counts["reviewed_values"] == 1 and counts["reviewed_docs"] == 1
    _, none = collect_reviewed([_reviewed_row(path, {})], FieldExtractor(calibrate=False))
    assert none["reviewed_docs"] == 0 and none["reviewed_values"] == 0


def test_a_list_field_is_judged_only_when_every_item_was_reviewed(tmp_path: Path) -> None:
    root = tmp_path / "set"
    extractor = FieldExtractor(calibrate=False)
    for record in generate_corpus(root, 30, 11):
        path = root / "pdfs" / record.file
        found = [v for v in extractor(extract_document(str(path), "x"), record.doc_type).values
                 if v.name == "parties"]  # fmt: skip
        if len(found) >= 2:
            break
    else:
        pytest.skip("no generated contract with two parties found")
    partial = _reviewed_row(path, {"parties": [found[0].value]})
    full = _reviewed_row(path, {"parties": [v.value for v in found]})
    assert collect_reviewed([partial], extractor)[0] == []
    judged = collect_reviewed([full], extractor)[0]
    assert [ok for _, ok, _ in judged] == [1] * len(found)


def test_a_changed_or_broken_file_is_skipped_and_counted(
    contracts: Contracts, tmp_path: Path
) -> None:
    path = contracts[0][0]
    changed = LabelRecord(str(path), "contract", {"term": "x"}, extra={"doc_id": "0" * 64})
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    unreadable = LabelRecord(str(broken), "contract", {"term": "x"})
    examples, counts = collect_reviewed([changed, unreadable], FieldExtractor(calibrate=False))
    assert examples == []
    assert counts["reviewed_skipped"] == {"missing": 0, "changed": 1, "unreadable": 1}


def test_a_file_that_is_not_an_export_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "reviewed.jsonl"
    bad.write_text(json.dumps({"file": "a.pdf", "doc_type": "poem"}) + "\n")
    with pytest.raises(ConfigError, match="E002"):
        read_reviewed([bad])
