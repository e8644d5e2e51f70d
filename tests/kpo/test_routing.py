from __future__ import annotations

from kpo.records import Box, Classification, FieldSet, FieldValue
from kpo.routing import route
from kpo.settings import ReviewThresholds


def _cls(doc_type: str = "contract", p: float = 0.9) -> Classification:
    rest = (1 - p) / 3
    probs = tuple(
        (t, p if t == doc_type else rest) for t in ("contract", "research_paper", "claim", "other")
    )
    return Classification(doc_type, probs, "test")  # type: ignore[arg-type]


def _value(name: str, confidence: float) -> FieldValue:
    return FieldValue(name, "v", "v", confidence, 1, Box(1, 2, 3, 4), "test")


def test_confident_document_routes_nothing() -> None:
    fields = FieldSet("contract", (_value("parties", 0.95), _value("agreement_date", 0.9)), (), "t")
    assert route("d", _cls(), fields, ReviewThresholds()) == ()


def test_low_type_probability_is_an_item() -> None:
    [item] = route("d", _cls(p=0.4), None, ReviewThresholds(doc_type=0.6))
    assert item.reason == "low_type_probability"
    assert item.confidence == 0.4 and item.threshold == 0.6


def test_low_field_confidence_and_missing_required_field_are_items() -> None:
    fields = FieldSet("contract", (_value("parties", 0.3),), ("agreement_date", "term"), "t")
    items = route("d", _cls(), fields, ReviewThresholds(field=0.7))
    reasons = sorted((i.reason, i.field) for i in items)
    # term is not required: its absence is reported in the fields table, not queued
    assert reasons == [("low_confidence", "parties"), ("missing_required", "agreement_date")]
    low = next(i for i in items if i.reason == "low_confidence")
    assert low.box == Box(1, 2, 3, 4) and low.page_number == 1


def test_threshold_per_document_type_overrides_the_default() -> None:
    fields = FieldSet("claim", (_value("claim_number", 0.8),), (), "t")
    strict = ReviewThresholds(field=0.5, field_by_type={"claim": 0.9})
    assert [i.field for i in route("d", _cls("claim"), fields, strict)] == ["claim_number"]
    assert route("d", _cls("claim"), fields, ReviewThresholds(field=0.5)) == ()
