"""Scoring on hand-made gold and prediction tables, and gold scored against itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from kpo.datasets.labels import LabelRecord, read_labels
from kpo.evaluation.scoring import FIELD_KEYS, score
from kpo.fieldspec import CANONICAL_FIELDS, LIST_FIELDS
from kpo.records import DOC_TYPES

ABSTRACT = "we study deep networks for parsing documents and report accuracy on three sets"

GOLD = [
    LabelRecord(
        file="contract/a.pdf",
        doc_type="contract",
        sha256="a" * 64,
        fields={
            "contract_type": "not scored",
            "parties": ["Acme Corporation", "Beta LLC"],
            "agreement_date": "2020-01-05",
            "governing_law": "Delaware",
            "term": "Five years from the Effective Date, renews yearly",
            "contract_value": "$1,000,000",
        },
    ),
    LabelRecord(
        file="research_paper/b.pdf",
        doc_type="research_paper",
        sha256="b" * 64,
        fields={
            "title": "Deep Nets",
            "authors": ["John Smith", "Mary Jones", "Li Wei"],
            "abstract": ABSTRACT,
            "year": 2019,
            "doi": "10.1000/ABC.123",
            "arxiv_id": "1901.00001",
        },
    ),
    LabelRecord(
        file="claim/c.pdf",
        doc_type="claim",
        sha256="c" * 64,
        fields={"claim_number": "CLM-001", "date_of_loss": "2021-03-04"},
    ),
    LabelRecord(file="other/d.pdf", doc_type="other", sha256="d" * 64, fields={"title": "x"}),
]


def _doc(doc_id: str, doc_type: str | None, conf: float | None = 0.9) -> dict[str, Any]:
    status = "ok" if doc_type else "failed"
    return {"doc_id": doc_id, "doc_type": doc_type, "doc_type_confidence": conf, "status": status}


def _val(
    doc_id: str, field: str, value: str | None, conf: float | None, i: int = 0
) -> dict[str, Any]:
    status = "found" if value is not None else "absent"
    return {"doc_id": doc_id, "doc_type": "x", "field": field, "value_index": i,
            "status": status, "value": value, "confidence": conf}  # fmt: skip


A, B, C, E = "a" * 64, "b" * 64, "c" * 64, "e" * 64
DOCUMENTS = [_doc(A, "contract"), _doc(B, "research_paper", 0.8), _doc(C, "contract", 0.6),
             _doc(E, "other")]  # fmt: skip
FIELDS = [
    _val(A, "parties", "ACME Corp.", 0.9, 0),  # TP (legal form dropped)
    _val(A, "parties", "Gamma Inc", 0.4, 1),  # FP; "Beta LLC" is FN
    _val(A, "agreement_date", "January 5, 2020", 0.95),  # TP
    _val(A, "effective_date", "2020-01-05", 0.5),  # FP: gold does not state it
    _val(A, "governing_law", "State of Delaware", 0.9),  # TP
    _val(A, "term", "five years from the effective date", 0.7),  # TP (loose)
    _val(A, "contract_value", None, None),  # absent -> FN
    _val(B, "title", "DEEP  NETS.", 0.99),  # TP
    _val(B, "authors", "J. Smith", 0.9, 0),  # TP
    _val(B, "authors", "Mary Jones", 0.9, 1),  # TP; "Li Wei" FN
    _val(B, "year", "2018", 0.6),  # wrong: FP + FN
    _val(B, "doi", "https://doi.org/10.1000/abc.123", 0.99),  # TP
    _val(B, "arxiv_id", "arXiv:1901.00001v3", 0.99),  # TP; abstract not predicted: FN
    _val(C, "parties", "Someone Else", 0.3),  # wrong type: FP of contract.parties
]


@pytest.fixture(scope="module")
def result() -> Any:
    return score(GOLD, pa.Table.from_pylist(DOCUMENTS), pa.Table.from_pylist(FIELDS))


def _counts(result: Any, key: str) -> tuple[int, int, int]:
    s = result.fields[key]
    return s.tp, s.fp, s.fn


def test_doc_type_accuracy_counts_missing_document_as_wrong(result: Any) -> None:
    assert result.doc_type_accuracy == 0.5
    assert result.confusion["claim"]["contract"] == 1
    assert result.confusion["contract"]["contract"] == 1
    assert result.no_prediction["other"] == 1
    assert set(result.confusion) == set(DOC_TYPES)
    assert all(set(row) == set(DOC_TYPES) for row in result.confusion.values())
    assert result.unlabelled_documents == 1


def test_list_field_partial_match_and_wrong_type_false_positive(result: Any) -> None:
    assert _counts(result, "contract.parties") == (1, 2, 1)
    assert _counts(result, "research_paper.authors") == (2, 0, 1)
    assert result.fields["research_paper.authors"].recall == pytest.approx(2 / 3)


def test_normalised_scalar_matches(result: Any) -> None:
    keys = ["contract.agreement_date", "contract.governing_law", "contract.term"]
    keys += ["research_paper.title", "research_paper.doi", "research_paper.arxiv_id"]
    for key in keys:
        assert _counts(result, key) == (1, 0, 0), key


def test_absent_missing_extra_and_wrong_values(result: Any) -> None:
    assert _counts(result, "contract.contract_value") == (0, 0, 1)
    assert _counts(result, "contract.effective_date") == (0, 1, 0)
    assert _counts(result, "research_paper.year") == (0, 1, 1)
    assert _counts(result, "research_paper.abstract") == (0, 0, 1)
    assert _counts(result, "claim.claim_number") == (0, 0, 1)
    assert _counts(result, "claim.date_of_loss") == (0, 0, 1)
    assert result.fields["claim.policy_number"].f1 is None  # no gold, no prediction


def test_every_canonical_field_is_reported(result: Any) -> None:
    assert tuple(result.fields) == FIELD_KEYS
    assert "contract.contract_type" not in result.fields


def test_micro_f1(result: Any) -> None:
    tp, fp, fn = 9, 4, 7
    assert (result.field_micro.tp, result.field_micro.fp, result.field_micro.fn) == (tp, fp, fn)
    assert result.field_micro_f1 == pytest.approx(2 * tp / (2 * tp + fp + fn))


def test_calibration_uses_every_predicted_value(result: Any) -> None:
    assert result.n_scored_values == 13
    assert sum(b.count for b in result.reliability) == 13
    # Every value with confidence >= 0.7 is correct (9 of 13); the 0.6 one is wrong.
    assert result.automation_at_98 == pytest.approx(9 / 13)
    assert [p.accepted for p in result.automation][:4] == [3, 4, 8, 9]


def test_auroc_overall_and_per_field(result: Any) -> None:
    # Every right value (confidence >= 0.7) is above every wrong one (0.6 and below).
    assert result.auroc == pytest.approx(1.0)
    assert set(result.field_auroc) == set(FIELD_KEYS)
    # contract.parties: right 0.9 against wrong 0.4 (extra) and 0.3 (wrong-type document).
    assert result.field_auroc["contract.parties"] == pytest.approx(1.0)
    assert result.field_auroc["research_paper.year"] is None  # only a wrong value
    assert result.field_auroc["research_paper.title"] is None  # only a right value
    assert result.field_auroc["claim.policy_number"] is None  # no value at all


def test_auroc_when_confidences_rank_errors_badly() -> None:
    labels = {"title": "T", "year": 2000, "doi": "10.1/x", "arxiv_id": "1",
              "authors": ["Ann Lee", "Bo Chan"]}  # fmt: skip
    gold = [LabelRecord(file="p.pdf", doc_type="research_paper", sha256=B, fields=labels)]
    fields = [_val(B, "title", "T", 0.9), _val(B, "year", "1999", 0.95),  # right, wrong
              _val(B, "doi", "10.1/x", 0.7), _val(B, "arxiv_id", "2", 0.6),  # right, wrong
              _val(B, "authors", "Ann Lee", 0.8, 0), _val(B, "authors", "Cy Dee", 0.65, 1),
              _val(B, "authors", "Bo Chan", 0.62, 2)]  # fmt: skip
    result = score(gold, [_doc(B, "research_paper")], fields)
    # Right {0.9, 0.8, 0.7, 0.62}, wrong {0.95, 0.65, 0.6}: 2 + 2 + 2 + 1 of 12 pairs.
    assert result.auroc == pytest.approx(7 / 12)
    # Authors: right {0.8, 0.62} against the extra 0.65: 1 of 2 pairs.
    assert result.field_auroc["research_paper.authors"] == pytest.approx(0.5)
    assert result.field_auroc["research_paper.year"] is None
    data = json.loads(json.dumps(result.as_dict()))
    assert data["auroc"] == pytest.approx(7 / 12)
    assert data["fields"]["research_paper.authors"]["auroc"] == pytest.approx(0.5)
    assert data["fields"]["research_paper.title"]["auroc"] is None


def test_document_details_list_errors(result: Any) -> None:
    by_file = {d.file: d for d in result.documents}
    statuses = {(o.field, o.status) for o in by_file["contract/a.pdf"].errors}
    assert ("contract.parties", "missed") in statuses
    assert ("contract.parties", "extra") in statuses
    assert ("contract.contract_value", "missed") in statuses
    assert by_file["other/d.pdf"].predicted_type is None
    wrong = [o for o in by_file["research_paper/b.pdf"].errors if o.status == "wrong"]
    assert [(o.gold, o.predicted) for o in wrong] == [("2019", "2018")]


def test_as_dict_is_json_safe(result: Any) -> None:
    data = json.loads(json.dumps(result.as_dict()))
    assert data["doc_type_accuracy"] == 0.5
    assert data["fields"]["contract.parties"]["support"] == 2
    assert len(data["documents"]) == 4


def test_pandas_input_gives_the_same_result(result: Any) -> None:
    pd = pytest.importorskip("pandas")
    from_pandas = score(GOLD, pd.DataFrame(DOCUMENTS), pd.DataFrame(FIELDS))
    assert from_pandas.as_dict() == result.as_dict()


def test_automation_at_98_known_example() -> None:
    labels = {"title": "T", "year": 2000, "doi": "10.1/x", "arxiv_id": "1"}
    gold = [LabelRecord(file="p.pdf", doc_type="research_paper", sha256=B, fields=labels)]
    fields = [_val(B, "title", "T", 0.9), _val(B, "year", "2000", 0.8),
              _val(B, "doi", "10.1/y", 0.7), _val(B, "arxiv_id", "1", 0.6)]  # fmt: skip
    result = score(gold, [_doc(B, "research_paper")], fields)
    assert result.automation_at_98 == pytest.approx(0.5)  # accept 0.9 and 0.8: 2 of 4, all correct


def test_empty_gold() -> None:
    result = score([], [], [])
    assert result.n_documents == 0 and result.doc_type_accuracy == 0.0 and result.ece is None
    assert result.auroc is None and set(result.field_auroc.values()) == {None}


def _self_predictions(gold: list[LabelRecord]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    docs = [_doc(g.sha256, g.doc_type) for g in gold]
    rows = []
    for g in gold:
        for name in CANONICAL_FIELDS[g.doc_type]:
            value = g.fields.get(name)
            items = value if name in LIST_FIELDS else [value]
            rows += [
                _val(g.sha256, name, str(v), 0.9, i)
                for i, v in enumerate(items or [])
                if v is not None
            ]
    return docs, rows


@pytest.mark.corpus
def test_corpus_gold_scores_perfectly_against_itself(corpus: Path) -> None:
    gold = read_labels(corpus / "labels.jsonl")
    docs, rows = _self_predictions(gold)
    result = score(gold, pa.Table.from_pylist(docs), pa.Table.from_pylist(rows))
    assert result.doc_type_accuracy == 1.0
    scored = {k: s for k, s in result.fields.items() if s.support}
    assert scored, "the corpus has gold field values"
    assert {k: s.f1 for k, s in scored.items()} == dict.fromkeys(scored, 1.0)
    assert result.field_micro_f1 == 1.0


def _reformat(name: str, value: str) -> str:
    """The same value printed differently: what a correct extractor may return."""
    if name in ("agreement_date", "effective_date", "date_of_loss") and value[:4].isdigit():
        y, m, d = value.split("-")
        return f"{m}/{d}/{y}"  # US format
    if name == "doi":
        return "https://doi.org/" + value.upper()
    if name == "arxiv_id":
        return f"arXiv:{value}v2"
    return f"  {value.upper()}. "


@pytest.mark.corpus
def test_corpus_gold_reformatted_still_scores_perfectly(corpus: Path) -> None:
    gold = read_labels(corpus / "labels.jsonl")
    docs, rows = _self_predictions(gold)
    rows = [{**r, "value": _reformat(r["field"], r["value"])} for r in rows]
    result = score(gold, docs, rows)
    assert result.field_micro.fp == 0 and result.field_micro.fn == 0


def test_unlabelled_fields_are_false_positives_or_unscored() -> None:
    gold = [LabelRecord(file="k.pdf", doc_type="contract", sha256=A, fields={"parties": ["Acme"]})]
    fields = [_val(A, "parties", "Acme", 0.9), _val(A, "governing_law", "Texas", 0.8)]
    absent = score(gold, [_doc(A, "contract")], fields)
    assert _counts(absent, "contract.governing_law") == (0, 1, 0)
    assert absent.n_scored_values == 2
    unknown = score(gold, [_doc(A, "contract")], fields, unlabelled="unknown")
    assert _counts(unknown, "contract.governing_law") == (0, 0, 0)
    assert _counts(unknown, "contract.parties") == (1, 0, 0)
    assert unknown.n_scored_values == 1
