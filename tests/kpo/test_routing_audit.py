"""The random audit sample of values accepted automatically."""

from __future__ import annotations

import pytest

from kpo.errors import ConfigError
from kpo.records import Box, Classification, FieldSet, FieldValue
from kpo.routing import audit_sampled, route
from kpo.settings import DEFAULT_AUDIT_RATE, PipelineSettings, ReviewThresholds


def _cls(p: float) -> Classification:
    rest = (1 - p) / 3
    probs = tuple((t, p if t == "claim" else rest) for t in ("contract", "research_paper",
                                                             "claim", "other"))  # fmt: skip
    return Classification("claim", probs, "test")  # type: ignore[arg-type]


def _fields(*confidences: float) -> FieldSet:
    names = ("claim_number", "policy_number", "claimant_name")
    values = tuple(FieldValue(n, "v", "v", c, 1, Box(1, 2, 3, 4), "t")
                   for n, c in zip(names, confidences, strict=False))  # fmt: skip
    return FieldSet("claim", values, (), "t")


def test_rate_one_samples_every_confident_value_and_the_type_but_nothing_twice() -> None:
    items = route("d", _cls(0.9), _fields(0.95, 0.3, 0.8), ReviewThresholds(audit_rate=1.0))
    reasons = sorted((i.reason, i.field or "") for i in items)
    assert reasons == [
        ("audit_sample", ""), ("audit_sample", "claim_number"), ("audit_sample", "claimant_name"),
        ("low_confidence", "policy_number"),
    ]  # fmt: skip
    sampled = next(i for i in items if i.field == "claim_number")
    assert sampled.box == Box(1, 2, 3, 4) and sampled.confidence == 0.95


def test_rate_zero_samples_nothing() -> None:
    assert route("d", _cls(0.9), _fields(0.95, 0.9), ReviewThresholds(audit_rate=0.0)) == ()


def test_the_sample_is_deterministic_and_near_the_rate() -> None:
    draws = [audit_sampled(f"doc{i}", "title", 0, 0.1) for i in range(4000)]
    assert draws == [audit_sampled(f"doc{i}", "title", 0, 0.1) for i in range(4000)]
    assert 0.085 < sum(draws) / len(draws) < 0.115


def test_audit_rate_is_a_validated_setting_with_a_default() -> None:
    assert PipelineSettings.resolve({}).review.audit_rate == DEFAULT_AUDIT_RATE
    assert PipelineSettings.resolve({"review": {"audit_rate": 0.5}}).review.audit_rate == 0.5
    with pytest.raises(ConfigError, match=r"E002 .*review.audit_rate"):
        ReviewThresholds(audit_rate=1.5)
