"""Score a batch's predictions against gold labels.

Rules (the report repeats them):

- Gold and predictions are matched by ``doc_id == sha256``. A gold document with
  no prediction, or with no predicted type (failed), counts as a wrong type
  (``no_prediction``) and all its gold values as missed.
- Fields are scored per canonical field, keyed ``"type.field"``. The gold values
  of a document are its gold type's canonical fields; they are compared with the
  document's predicted values of the same field names, whatever type was
  predicted (field names are unique across types). A predicted value of a field
  that is not canonical for the gold type (the type was wrong) is a false
  positive of its own ``"type.field"``. A predicted value of a field the gold
  does not state is a false positive: the corpus labels every value a document
  states for sure. Sets where a missing key means "not known" instead (CUAD's
  conversion in ``../shared/corpus-train``) are scored with ``unlabelled="unknown"``:
  a field without a key is then not scored at all.
- List fields (parties, authors) are compared as sets, item by item: TP are
  paired items, FP unpaired predicted items, FN unpaired gold items. A scalar
  field takes every predicted value the same way, so an extra value is an FP.
- Each predicted value with a confidence is one (confidence, correct) pair for
  the ECE, the reliability bins, the automation curve and the AUROC (overall, and
  per field over that field's pairs; None where a field has only right or only
  wrong values).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from kpo.evaluation.inputs import (
    GoldRecord,
    PredictedDocument,
    PredictedValue,
    TableLike,
    read_predictions,
)
from kpo.evaluation.records import DocumentDetail, EvalResult, FieldScore, Outcome
from kpo.fieldspec import CANONICAL_FIELDS
from kpo.models.metrics import (
    DEFAULT_BINS,
    Scored,
    auroc,
    automation_at,
    automation_curve,
    expected_calibration_error,
    reliability_bins,
)
from kpo.normalise.match import MATCH_RULES, dedupe, field_kind, is_list_field, match_items
from kpo.records import DOC_TYPES

TYPE_OF_FIELD: Mapping[str, str] = {f: t for t, names in CANONICAL_FIELDS.items() for f in names}
FIELD_KEYS: tuple[str, ...] = tuple(
    f"{t}.{f}" for t, names in CANONICAL_FIELDS.items() for f in names
)
_NO_PREDICTION = PredictedDocument(None, None)
Unlabelled = Literal["absent", "unknown"]
UNLABELLED: tuple[Unlabelled, ...] = ("absent", "unknown")


def _gold_items(field: str, value: Any) -> list[Any]:
    """The gold values of a field; a missing, None or empty value is no value."""
    if value is None or value == "" or value == []:
        return []
    items = list(value) if isinstance(value, list | tuple) else [value]
    return dedupe(field, [i for i in items if i is not None and i != ""])


def _field_outcomes(
    key: str, field: str, gold: Sequence[Any], predicted: Sequence[PredictedValue]
) -> list[Outcome]:
    """Pair gold and predicted values of one field; see ``Outcome`` for the statuses."""
    unique = dedupe(field, [p.value for p in predicted])
    preds = [next(p for p in predicted if p.value == u) for u in unique]
    pairs = match_items(field, gold, [p.value for p in preds])
    out = [Outcome(key, "correct", str(gold[i]), preds[j].value, preds[j].confidence)
           for i, j in pairs]  # fmt: skip
    paired_gold, paired_pred = {i for i, _ in pairs}, {j for _, j in pairs}
    lone_gold = [str(g) for i, g in enumerate(gold) if i not in paired_gold]
    lone_pred = [p for j, p in enumerate(preds) if j not in paired_pred]
    if not is_list_field(field):  # a scalar's unpaired gold and prediction: one "wrong"
        while lone_gold and lone_pred:
            p = lone_pred.pop(0)
            out.append(Outcome(key, "wrong", lone_gold.pop(0), p.value, p.confidence))
    out += [Outcome(key, "missed", g, None, None) for g in lone_gold]
    out += [Outcome(key, "extra", None, p.value, p.confidence) for p in lone_pred]
    return out


def _document_outcomes(
    label: GoldRecord, predicted: PredictedDocument, unlabelled: Unlabelled = "absent"
) -> list[Outcome]:
    canonical = CANONICAL_FIELDS[label.doc_type]
    outcomes: list[Outcome] = []
    for field in canonical:
        if unlabelled == "unknown" and field not in label.fields:
            continue
        gold = _gold_items(field, label.fields.get(field))
        found = predicted.values.get(field, ())
        outcomes += _field_outcomes(f"{label.doc_type}.{field}", field, gold, found)
    for field, found in predicted.values.items():
        if field not in canonical and field in TYPE_OF_FIELD:
            outcomes += _field_outcomes(f"{TYPE_OF_FIELD[field]}.{field}", field, [], found)
    return outcomes


def score_document(
    label: GoldRecord, predicted: PredictedDocument | None, unlabelled: Unlabelled = "absent"
) -> DocumentDetail:
    """How one gold document scored against its prediction (None: not predicted)."""
    pred = predicted or _NO_PREDICTION
    pred_type = pred.doc_type if pred.doc_type in DOC_TYPES else None
    return DocumentDetail(
        doc_id=label.sha256,
        file=label.file,
        gold_type=label.doc_type,
        predicted_type=pred_type,
        type_confidence=pred.type_confidence,
        outcomes=tuple(_document_outcomes(label, pred, unlabelled)),
    )


_COUNTS = {"correct": (1, 0, 0), "wrong": (0, 1, 1), "missed": (0, 0, 1), "extra": (0, 1, 0)}


def field_scores(details: Iterable[DocumentDetail]) -> dict[str, FieldScore]:
    """ "type.field" -> counts, with every canonical field present (zeros if unused)."""
    scores = dict.fromkeys(FIELD_KEYS, FieldScore())
    for outcome in (o for d in details for o in d.outcomes):
        scores[outcome.field] = scores[outcome.field] + FieldScore(*_COUNTS[outcome.status])
    return scores


def confusion_matrix(
    details: Iterable[DocumentDetail],
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """gold type -> predicted type -> count (4x4), and gold type -> unpredicted count."""
    confusion: dict[str, dict[str, int]] = {g: dict.fromkeys(DOC_TYPES, 0) for g in DOC_TYPES}
    missing: dict[str, int] = dict.fromkeys(DOC_TYPES, 0)
    for d in details:
        if d.predicted_type is None:
            missing[d.gold_type] += 1
        else:
            confusion[d.gold_type][d.predicted_type] += 1
    return confusion, missing


def _scored_outcomes(details: Iterable[DocumentDetail]) -> list[tuple[str, Scored]]:
    """("type.field", (confidence, correct)) of every predicted value with a confidence."""
    return [
        (o.field, (o.confidence, o.status == "correct"))
        for d in details
        for o in d.outcomes
        if o.predicted is not None and o.confidence is not None
    ]


def scored_values(details: Iterable[DocumentDetail]) -> list[Scored]:
    """(confidence, correct) of every predicted value that has a confidence."""
    return [pair for _, pair in _scored_outcomes(details)]


def field_auroc(details: Iterable[DocumentDetail]) -> dict[str, float | None]:
    """ "type.field" -> AUROC of its values' confidences, every canonical field present
    (None where the field has no right or no wrong value with a confidence)."""
    by_field: dict[str, list[Scored]] = {key: [] for key in FIELD_KEYS}
    for key, pair in _scored_outcomes(details):
        by_field.setdefault(key, []).append(pair)
    return {key: auroc(pairs) for key, pairs in by_field.items()}


def match_rules() -> dict[str, str]:
    """ "type.field" -> how its values are compared, in words."""
    return {key: MATCH_RULES[field_kind(key.split(".", 1)[1])] for key in FIELD_KEYS}


def score(
    gold: Sequence[GoldRecord],
    documents: TableLike,
    fields: TableLike,
    *,
    n_bins: int = DEFAULT_BINS,
    unlabelled: Unlabelled = "absent",
) -> EvalResult:
    """Score predictions (a batch's ``documents`` and ``fields`` tables: pyarrow
    Tables, pandas DataFrames or lists of row dicts) against gold labels
    (``kpo.datasets.labels.LabelRecord``s; matched by ``doc_id == sha256``).
    ``unlabelled``: what a field without a key in the gold means (see the module doc)."""
    predictions = read_predictions(documents, fields)
    details = tuple(
        score_document(label, predictions.get(label.sha256), unlabelled) for label in gold
    )
    confusion, missing = confusion_matrix(details)
    per_field = field_scores(details)
    pairs = scored_values(details)
    curve = automation_curve(pairs)
    gold_ids = {label.sha256 for label in gold}
    return EvalResult(
        n_documents=len(details),
        n_predicted=sum(d.predicted_type is not None for d in details),
        doc_type_accuracy=sum(d.type_correct for d in details) / len(details) if details else 0.0,
        confusion=confusion,
        no_prediction=missing,
        fields=per_field,
        field_micro=sum(per_field.values(), FieldScore()),
        ece=expected_calibration_error(pairs, n_bins),
        reliability=reliability_bins(pairs, n_bins),
        automation=curve,
        automation_at_98=automation_at(curve, 0.98),
        auroc=auroc(pairs),
        field_auroc=field_auroc(details),
        n_scored_values=len(pairs),
        documents=details,
        rules=match_rules(),
        unlabelled_documents=len(predictions.keys() - gold_ids),
    )
