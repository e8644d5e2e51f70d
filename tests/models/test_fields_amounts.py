"""The contract and claim extractors find the amounts that the deliverable reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpo.models.fields_claim import CHECKS
from kpo.models.fields_contract import _VALUE
from kpo.normalise.values import parse_amount


@pytest.mark.parametrize(
    ("sentence", "amount"),
    [
        ("The license fee of INR 1,25,000 is payable on signing.", "INR 1,25,000"),
        ("a total fee of Rs. 1,25,000 shall be paid", "Rs. 1,25,000"),
        ("the contract price is \u20b912,50,000.50 in all", "\u20b912,50,000.50"),
        ("a fee of $1,000 per month", "$1,000"),
        ("the purchase price of EUR 2,500", "EUR 2,500"),
    ],
)
def test_the_contract_value_is_found_in_any_currency(sentence: str, amount: str) -> None:
    match = _VALUE.search(sentence)
    assert match is not None and match["amount"] == amount


@pytest.mark.parametrize("value", ["INR 1,25,000", "Rs. 1,25,000", "\u20b91,25,000"])
def test_a_claimed_amount_in_indian_grouping_is_kept_and_reads_as_its_value(value: str) -> None:
    found = CHECKS["amount_claimed"](value)
    assert found == value
    parsed = parse_amount(found)
    assert parsed is not None and (parsed.value, parsed.currency) == (Decimal(125000), "INR")
