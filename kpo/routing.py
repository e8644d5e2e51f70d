"""Route: decide which parts of a document a reviewer must look at.

Three reasons send an item to the review queue: the document type's probability
is under the threshold, a field value's confidence is under the threshold for
its type, or a required field is missing.
"""

from __future__ import annotations

from kpo.fieldspec import REQUIRED_FIELDS
from kpo.records import Classification, FieldSet, FieldValue, ReviewItem
from kpo.settings import ReviewThresholds


def _type_item(doc_id: str, classification: Classification, threshold: float) -> ReviewItem:
    return ReviewItem(
        doc_id=doc_id,
        reason="low_type_probability",
        doc_type=classification.doc_type,
        value=classification.doc_type,
        confidence=classification.confidence,
        threshold=threshold,
    )


def _field_item(doc_id: str, fieldset: FieldSet, value: FieldValue, threshold: float) -> ReviewItem:
    return ReviewItem(
        doc_id=doc_id,
        reason="low_confidence",
        doc_type=fieldset.doc_type,
        field=value.name,
        value=value.value,
        confidence=value.confidence,
        threshold=threshold,
        page_number=value.page_number,
        box=value.box,
    )


def _missing_item(doc_id: str, fieldset: FieldSet, name: str) -> ReviewItem:
    return ReviewItem(
        doc_id=doc_id, reason="missing_required", doc_type=fieldset.doc_type, field=name
    )


def route(
    doc_id: str,
    classification: Classification,
    fieldset: FieldSet | None,
    thresholds: ReviewThresholds,
) -> tuple[ReviewItem, ...]:
    """Return the review items of one document (empty when everything is confident)."""
    items: list[ReviewItem] = []
    if classification.confidence < thresholds.doc_type:
        items.append(_type_item(doc_id, classification, thresholds.doc_type))
    if fieldset is None:
        return tuple(items)
    limit = thresholds.field_threshold(fieldset.doc_type)
    items.extend(
        _field_item(doc_id, fieldset, v, limit) for v in fieldset.values if v.confidence < limit
    )
    required = REQUIRED_FIELDS.get(fieldset.doc_type, ())
    items.extend(_missing_item(doc_id, fieldset, n) for n in fieldset.missing if n in required)
    return tuple(items)
