"""Claim fields on small hand-built claim forms: label-value pairs, and a blank form."""

from __future__ import annotations

from kpo.fieldspec import CANONICAL_FIELDS
from kpo.models.fields import FieldExtractor

from .field_docs import CLAIM, make_doc, one


def test_claim_label_values(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(CLAIM), "claim")
    assert one(fields, "claim_number") == "CL-2023-00412"
    assert one(fields, "policy_number") == "PN 77812-A"
    assert one(fields, "claimant_name") == "Jordan Miles"
    assert one(fields, "date_of_loss") == "2023-03-14"
    assert one(fields, "amount_claimed") == "$12,450.00"


def test_blank_claim_form_gives_nothing(extractor: FieldExtractor) -> None:
    blank = [
        ("Claim No.:", 10.0),
        ("Policy Number:", 10.0),
        ("Claimant Name:", 10.0),
        ("Date of Loss:", 10.0),
        ("Amount Claimed:", 10.0),
    ]
    fields = extractor(make_doc(blank), "claim")
    assert fields.values == ()
    assert fields.missing == CANONICAL_FIELDS["claim"]
