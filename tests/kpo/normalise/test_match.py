"""The matching rules of kpo.normalise.match, one kind at a time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kpo.normalise.match import dedupe, field_kind, match_items, values_match
from kpo.normalise.text import fold, names_match, token_f1
from kpo.normalise.values import Amount, parse_amount, parse_date, parse_duration


def test_fold_case_space_dashes_and_end_punctuation() -> None:
    assert fold("  Hello\u00a0 WORLD\u2014 now.  ") == "hello world- now"
    assert fold("(as defined)") == "(as defined)"


@pytest.mark.parametrize(
    "text",
    ["2020-01-05", "January 5, 2020", "Jan. 5th, 2020", "5 Jan 2020", "5th of January, 2020",
     "01/05/2020", "1/5/20", "05.01.2020", "2020-01-05T00:00:00", "5-Jan-2020"],
)  # fmt: skip
def test_parse_date_formats(text: str) -> None:
    assert parse_date(text) == dt.date(2020, 1, 5)


@pytest.mark.parametrize("text", ["13/01/2020", "01/13/2020"])
def test_parse_date_reads_day_first_when_month_is_impossible(text: str) -> None:
    assert parse_date(text) == dt.date(2020, 1, 13)


@pytest.mark.parametrize("text", ["the date of the Closing", "2020-02-30", "Smarch 5, 2020", ""])
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("$1,250,000 annual minimum", Amount(Decimal(1250000), "USD")),
        ("US$200,000 license fee", Amount(Decimal(200000), "USD")),
        ("22.800,00 €", Amount(Decimal(22800), "EUR")),
        ("EUR 34.73", Amount(Decimal("34.73"), "EUR")),
        ("$1.25 million", Amount(Decimal(1250000), "USD")),
        ("22,800.00", Amount(Decimal(22800), None)),
        (4.11, Amount(Decimal("4.11"), None)),
    ],
)
def test_parse_amount(text: object, amount: Amount) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("field", "gold", "predicted"),
    [
        ("agreement_date", "2015-06-11", "June 11, 2015"),
        ("agreement_date", "2015-06-11", "06/11/2015"),
        ("date_of_loss", "2022-04-16", "16 Apr 2022"),
        ("agreement_date", "the date of the Closing", "The date of the  closing."),
        ("title", "TIMP: An R Package", "timp:  an r package."),
        ("contract_value", "$1,250,000 annual minimum guarantee", "USD 1250000"),
        ("amount_claimed", "22,800.00", "KES 22,800"),
        ("year", 2008, "2008"),
        ("year", 2008, "2008.0"),
        ("doi", "10.1088/1475-7516/2008/10/003", "https://doi.org/10.1088/1475-7516/2008/10/003"),
        ("doi", "10.1109/DSDE.2010.49", "doi: 10.1109/dsde.2010.49"),
        ("arxiv_id", "0807.3577", "arXiv:0807.3577v2"),
        ("arxiv_id", "2103.15348", "https://arxiv.org/abs/2103.15348v1"),
        ("governing_law", "Ohio", "the laws of the State of Ohio"),
        ("claim_number", "CLM 123-45", "clm123-45"),
        ("claimant_name", "Miriam Njeri", "NJERI, MIRIAM"),
        ("authors", "Eleanor R. Whitfield", "Eleanor Whitfield"),
        ("authors", "John Smith", "J. Smith"),
        ("authors", "Tomas Arvid Lindqvist", "Tomas Lindqvist"),
        ("parties", "Acme Corporation", "ACME Corp."),
        ("parties", "The University of Iowa", "University of Iowa"),
        ("term", "5 years from the Effective Date; renews yearly", "5 years from effective date"),
        ("authors", ["Ann Lee", "Bo Chen"], "bo chen"),
    ],
)  # fmt: skip
def test_values_match(field: str, gold: object, predicted: str) -> None:
    assert values_match(field, gold, predicted)


@pytest.mark.parametrize(
    ("field", "gold", "predicted"),
    [
        ("agreement_date", "2015-06-11", "2015-11-06"),
        ("title", "TIMP: An R Package", "TIMP"),
        ("contract_value", "$50,000", "$5,000"),
        ("contract_value", "$50,000", "50,000 EUR"),
        ("year", 2008, "2009"),
        ("arxiv_id", "0807.3577", "0807.3578"),
        ("authors", "John Smith", "Jane Doe"),
        ("authors", "John Smith", "Smith"),
        ("parties", "Brightwater Claims Services, Inc.", "Claims Services, Inc."),
        ("parties", "Northwind Harbor Media Group, LLC", "Northwind Harbor, LLC"),
        ("term", "5 years from the Effective Date; renews for 3-year periods", "one year"),
    ],
)  # fmt: skip
def test_values_do_not_match(field: str, gold: object, predicted: str) -> None:
    assert not values_match(field, gold, predicted)


def test_abstract_needs_token_f1_of_0_8() -> None:
    gold = " ".join(f"w{i}" for i in range(10))
    assert values_match("abstract", gold, " ".join(f"w{i}" for i in range(8)))  # F1 0.889
    assert not values_match("abstract", gold, " ".join(f"w{i}" for i in range(6)))  # F1 0.75
    assert token_f1(gold, " ".join(f"w{i}" for i in range(6))) == pytest.approx(0.75)


def test_match_items_prefers_exact_pairs_over_lenient_ones() -> None:
    gold = ["Eleanor R. Whitfield", "Eleanor Whitfield"]
    predicted = ["Eleanor Whitfield", "Eleanor R. Whitfield"]
    assert match_items("authors", gold, predicted) == [(0, 1), (1, 0)]


def test_match_items_pairs_each_item_once() -> None:
    assert match_items("authors", ["John Smith"], ["John Smith", "J. Smith"]) == [(0, 0)]


def test_dedupe_compares_names_as_sets() -> None:
    assert dedupe("authors", ["John Smith", "SMITH, John", "Ann Lee"]) == ["John Smith", "Ann Lee"]


def test_field_kinds() -> None:
    assert field_kind("effective_date") == "date"
    assert field_kind("term") == "summary"
    assert field_kind("unknown_field") == "text"


def test_names_match_needs_two_paired_tokens() -> None:
    assert not names_match("Lee", "Ann Lee")


def test_a_term_matches_the_duration_of_the_summarys_first_clause() -> None:
    summary = "5 years from the Effective Date (Initial Term); renews for one 3-year period"
    assert values_match("term", summary, "five (5) years")
    assert values_match("term", summary, "5-year")
    assert not values_match("term", summary, "three (3) years")  # the renewal, not the term
    renewal_only = "Until December 31, 2034; then renews for successive 5-year terms"
    assert not values_match("term", renewal_only, "five (5) years")
    assert not values_match("term", "one year", "twelve (12) months")  # units differ


def test_a_term_without_a_duration_is_compared_with_the_summarys_first_clause() -> None:
    summary = (
        "January 1, 1998 to December 31, 1998; auto-extended to December 31, 1999 and then "
        "renews for successive 1-year periods unless notice"
    )
    assert values_match("term", summary, "January 1, 1998 to December 31, 1998")
    assert not values_match("term", summary, "until December 31, 1999")  # the extension


def test_parse_duration_reads_words_digits_and_hyphens() -> None:
    assert parse_duration("Thirty (30) days") == (30, "day")
    assert parse_duration("a 3-year term") == (3, "year")
    assert parse_duration("twelve months") == (12, "month")
    assert parse_duration("twenty-four months") == (24, "month")
    assert parse_duration("forty eight months") == (48, "month")
    assert parse_duration("fifty years") == (50, "year")
    assert parse_duration("until December 31, 2034") is None


def test_parse_duration_reads_hundreds() -> None:
    assert parse_duration("one hundred twenty days") == (120, "day")
    assert parse_duration("one hundred and eighty (180) days") == (180, "day")
