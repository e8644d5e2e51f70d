"""Amounts and currencies (price-parser), number words in amounts, and DOIs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpo.normalise.match import values_match
from kpo.normalise.values import Amount, clean_doi, norm_doi, parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("INR 1,25,000", Amount(Decimal(125000), "INR")),
        ("Rs. 1,25,000", Amount(Decimal(125000), "INR")),
        ("Rs.1,25,000/-", Amount(Decimal(125000), "INR")),
        ("₹12,50,000.50", Amount(Decimal("1250000.50"), "INR")),
        ("INR 12,34,56,789.50", Amount(Decimal("123456789.50"), "INR")),
        ("$1,250", Amount(Decimal(1250), "USD")),
        ("USD 1,250", Amount(Decimal(1250), "USD")),
        ("€ 1.250", Amount(Decimal(1250), "EUR")),
        ("EUR 1.250,50", Amount(Decimal("1250.50"), "EUR")),
        ("£34.73", Amount(Decimal("34.73"), "GBP")),
        ("GBP 34.73", Amount(Decimal("34.73"), "GBP")),
        ("CHF 1'250.50", Amount(Decimal("1250.50"), "CHF")),
        ("KSh 12,000", Amount(Decimal(12000), "KES")),
        ("NIS 500", Amount(Decimal(500), "ILS")),
        ("0.125", Amount(Decimal("0.125"), None)),
    ],
)
def test_parse_amount_reads_groupings_and_currencies(text: str, amount: Amount) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("One Hundred Twenty-Five Thousand Dollars", Amount(Decimal(125000), "USD")),
        ("one hundred and twenty-five thousand rupees", Amount(Decimal(125000), "INR")),
        ("five million euros", Amount(Decimal(5000000), "EUR")),
    ],
)
def test_parse_amount_reads_number_words(text: str, amount: Amount) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("field", "gold", "predicted"),
    [
        ("amount_claimed", "125000", "INR 1,25,000"),
        ("amount_claimed", "INR 125,000.00", "Rs. 1,25,000"),
        ("contract_value", "$125,000", "One Hundred Twenty-Five Thousand Dollars"),
        ("doi", "10.1016/j.cell.2019.01.001", "10.1016/j.cell\x02.2019.01.001"),
        ("doi", "10.1016/j.cell.2019.01.001", "10.1016/j.cell.2019\u00ad.01\u200b.001"),
    ],
)
def test_values_that_match_once_normalised(field: str, gold: str, predicted: str) -> None:
    assert values_match(field, gold, predicted)


def test_indian_grouping_keeps_its_currency_apart() -> None:
    assert not values_match("amount_claimed", "INR 1,25,000", "USD 125,000")
    assert not values_match("amount_claimed", "INR 1,25,000", "INR 12,500")


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.1016/j.cell\x02.2019.01.001", "10.1016/j.cell.2019.01.001"),
        ("10.1000/abc\ufffe", "10.1000/abc"),
        ("10.1000/a\ufffdbc", "10.1000/abc"),
        ("10.1016/S0140-6736(20)30183-5).", "10.1016/S0140-6736(20)30183-5"),
        ("10.1000/abc;\nNext line", "10.1000/abc"),
    ],
)
def test_clean_doi_drops_what_a_doi_cannot_hold(raw: str, doi: str) -> None:
    assert clean_doi(raw) == doi


def test_norm_doi_folds_case_and_prefix_and_controls() -> None:
    assert norm_doi("doi:\x0210.1000/ABC\u200b1.") == "10.1000/abc1"
