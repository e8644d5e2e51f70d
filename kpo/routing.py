"""Route: decide which parts of a document a reviewer must look at.

Three reasons send an item to the review queue: the document type's probability
is under the threshold, a field value's confidence is under the threshold for
its type, or a required field is missing. A fourth, ``audit_sample``, sends a
random share (``review.audit_rate``) of the values accepted automatically, so the
error rate of automatic acceptance is measured; the draw is a hash of the
document id and field, so reruns sample the same values.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from kpo.fieldspec import REQUIRED_FIELDS
from kpo.records import Classification, FieldSet, FieldValue, ReviewItem, ReviewReason
from kpo.settings import ReviewThresholds

# not yet in records.ReviewReason (a core record): to be added there
AUDIT_SAMPLE: ReviewReason = "audit_sample"


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
    return tuple(items) + audit_sample(doc_id, classification, fieldset, thresholds)


def audit_sampled(doc_id: str, field: str | None, index: int, rate: float) -> bool:
    """Whether this value is in the audit sample: the same answer on every run."""
    if rate <= 0.0:
        return False
    key = f"{doc_id}\x00{field or ''}\x00{index}".encode()
    draw = int.from_bytes(hashlib.sha256(key).digest()[:8], "big") / 2.0**64
    return draw < rate


def audit_sample(
    doc_id: str,
    classification: Classification,
    fieldset: FieldSet | None,
    thresholds: ReviewThresholds,
) -> tuple[ReviewItem, ...]:
    """Items (reason ``audit_sample``) for a random share of the automatically accepted values."""
    rate = thresholds.audit_rate
    items: list[ReviewItem] = []
    confident_type = classification.confidence >= thresholds.doc_type
    if confident_type and audit_sampled(doc_id, None, 0, rate):
        items.append(_type_item(doc_id, classification, thresholds.doc_type))
    if fieldset is not None:
        limit = thresholds.field_threshold(fieldset.doc_type)
        items.extend(
            _field_item(doc_id, fieldset, v, limit)
            for v in fieldset.values
            if v.confidence >= limit and audit_sampled(doc_id, v.name, v.index, rate)
        )
    return tuple(replace(item, reason=AUDIT_SAMPLE) for item in items)
