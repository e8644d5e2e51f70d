"""The records an evaluation returns: per-field scores, per-document outcomes, the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from kpo.models.metrics import AutomationPoint, ReliabilityBin

OutcomeStatus = Literal["correct", "wrong", "missed", "extra"]


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True, slots=True)
class FieldScore:
    """Counts of one field (or of all fields, micro-averaged).

    Precision and recall are None when undefined (0/0); F1 is None only when the
    field has neither gold nor predicted values.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        """Gold values."""
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: FieldScore) -> FieldScore:
        return FieldScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class Outcome:
    """One gold or predicted value of a document and how it scored.

    ``correct``: TP. ``wrong``: a scalar field with a predicted value that does not
    match the gold one (FP and FN). ``missed``: gold value not predicted (FN).
    ``extra``: predicted value with no gold partner (FP), including values of
    fields the gold document does not state and fields of another type.
    """

    field: str  # "type.field"
    status: OutcomeStatus
    gold: str | None
    predicted: str | None
    confidence: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """How one gold document scored."""

    doc_id: str
    file: str
    gold_type: str
    predicted_type: str | None  # None: not in the predictions, or no type (failed)
    type_confidence: float | None
    outcomes: tuple[Outcome, ...]

    @property
    def type_correct(self) -> bool:
        return self.gold_type == self.predicted_type

    @property
    def errors(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status != "correct")

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "file": self.file,
            "gold_type": self.gold_type,
            "predicted_type": self.predicted_type,
            "type_confidence": self.type_confidence,
            "type_correct": self.type_correct,
            "outcomes": [o.as_dict() for o in self.outcomes],
        }


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Scores of a batch against gold labels (see ``kpo.evaluation.scoring.score``)."""

    n_documents: int  # gold documents
    n_predicted: int  # of them, found in the predictions with a type
    doc_type_accuracy: float
    confusion: Mapping[str, Mapping[str, int]]  # gold type -> predicted type -> count
    no_prediction: Mapping[str, int]  # gold type -> documents without a predicted type
    fields: Mapping[str, FieldScore]  # "type.field" -> counts
    field_micro: FieldScore
    ece: float | None
    reliability: tuple[ReliabilityBin, ...]
    automation: tuple[AutomationPoint, ...]
    automation_at_98: float
    auroc: float | None  # how well the confidences rank wrong values below right ones
    field_auroc: Mapping[str, float | None]  # "type.field" -> the same, per field
    n_scored_values: int  # predicted values with a confidence (calibration and automation)
    documents: tuple[DocumentDetail, ...]
    rules: Mapping[str, str]  # "type.field" -> how its values are compared
    unlabelled_documents: int = 0  # predicted documents with no gold row (ignored)

    @property
    def field_micro_f1(self) -> float:
        return self.field_micro.f1 or 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: str keys, numbers, None, lists and dicts only."""
        return {
            "n_documents": self.n_documents,
            "n_predicted": self.n_predicted,
            "doc_type_accuracy": self.doc_type_accuracy,
            "confusion": {g: dict(row) for g, row in self.confusion.items()},
            "no_prediction": dict(self.no_prediction),
            "field_micro_f1": self.field_micro_f1,
            "field_micro": self.field_micro.as_dict(),
            "fields": {
                k: {**v.as_dict(), "auroc": self.field_auroc.get(k)} for k, v in self.fields.items()
            },
            "ece": self.ece,
            "reliability": [b.as_dict() for b in self.reliability],
            "automation": [p.as_dict() for p in self.automation],
            "automation_at_98": self.automation_at_98,
            "auroc": self.auroc,
            "n_scored_values": self.n_scored_values,
            "unlabelled_documents": self.unlabelled_documents,
            "rules": dict(self.rules),
            "documents": [d.as_dict() for d in self.documents],
        }
