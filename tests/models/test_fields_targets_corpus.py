"""Calibrated field extraction on the labelled corpus, scored with ``kpo.evaluation.scoring``.

Gold document types; the packaged calibrator. Run with ``-s`` to print the numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kpo.datasets.labels import read_labels
from kpo.errors import KpoError
from kpo.evaluation.records import EvalResult, FieldScore
from kpo.evaluation.scoring import score
from kpo.extractors.pdf import extract_document
from kpo.models.fields import FieldExtractor

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def result(corpus: Path) -> EvalResult:
    gold = read_labels(corpus / "labels.jsonl")
    extractor = FieldExtractor()
    documents: list[dict[str, Any]] = []
    fields: list[dict[str, Any]] = []
    for label in gold:
        row = {"doc_id": label.sha256, "doc_type": label.doc_type, "doc_type_confidence": 1.0}
        documents.append({**row, "status": "ok"})
        try:
            doc = extract_document(str(corpus / "pdfs" / label.file), label.sha256)
        except KpoError:
            continue
        for v in extractor(doc, label.doc_type).values:
            fields.append({**row, "field": v.name, "value_index": v.index, "status": "found",
                           "value": v.value, "confidence": v.confidence})  # fmt: skip
    result = score(gold, documents, fields)
    for key, s in result.fields.items():
        if s.support or s.fp:
            print(
                f"{key:28} P={s.precision} R={s.recall} F1={s.f1} (tp={s.tp} fp={s.fp} fn={s.fn})"
            )
    print(f"micro F1={result.field_micro.f1:.3f} ECE={result.ece:.3f} "
          f"automation@98={result.automation_at_98:.3f} n={result.n_scored_values}")  # fmt: skip
    return result


def f1(result: EvalResult, *keys: str) -> float:
    total = sum((result.fields[k] for k in keys), FieldScore())
    return total.f1 or 0.0


def test_calibration_and_automation(result: EvalResult) -> None:
    # A guard against gross miscalibration only: calibration is judged cross-validated on
    # real training data (models/default/value_confidence.json), not on these 30 files.
    # Contract confidences learned from real contracts say how often such values are
    # right there (77%); the corpus's 38 contract values are all right, so here they look
    # underconfident (ECE 0.12 on the corpus against 0.03 cross-validated on CUAD).
    assert result.ece is not None and result.ece <= 0.15
    assert result.automation_at_98 >= 0.6
    assert (result.field_micro.f1 or 0.0) >= 0.8


def test_claim_fields(result: EvalResult) -> None:
    claim = [k for k in result.fields if k.startswith("claim.")]
    assert f1(result, *claim) >= 0.7


@pytest.mark.parametrize(
    ("key", "floor"),
    [
        # the target is measured cross-validated on GROBID's papers (title F1 0.861, see
        # models/default/header_model.json); here 7 of 9 titles, a guard against collapse
        ("research_paper.title", 0.7),
        ("research_paper.authors", 0.85),
        ("contract.parties", 0.8),
        ("contract.agreement_date", 0.8),
        ("contract.effective_date", 0.8),
        ("contract.governing_law", 0.85),
    ],
)
def test_key_fields(result: EvalResult, key: str, floor: float) -> None:
    assert f1(result, key) >= floor
