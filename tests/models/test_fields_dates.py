"""Dates in many formats come out as ISO YYYY-MM-DD."""

from __future__ import annotations

import pytest

from kpo.models.fields_dates import find_dates, full_year, normalise_date
from kpo.normalise.values import parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("April 17, 2019", "2019-04-17"),
        ("Feb 12, 2013", "2013-02-12"),
        ("Sept. 3rd 2001", "2001-09-03"),
        ("this 21st day of September, 2008", "2008-09-21"),
        ("17 April 2019", "2019-04-17"),
        ("17-Apr-2019", "2019-04-17"),
        ("2024-08-19", "2024-08-19"),
        ("04/17/2019", "2019-04-17"),
        ("23/05/2021", "2021-05-23"),
        ("23.05.2021", "2021-05-23"),
        ("3/4/99", "1999-03-04"),
        ("March\n2, 2001", "2001-03-02"),
    ],
)
def test_formats(text: str, iso: str) -> None:
    assert normalise_date(text) == iso


@pytest.mark.parametrize("text", ["April 2019", "31/31/2015", "February 30, 2020", "no date"])
def test_not_a_calendar_date(text: str) -> None:
    assert normalise_date(text) is None


def test_compact_digits_only_when_asked() -> None:
    assert normalise_date("23052021") is None
    assert normalise_date("23052021", compact=True) == "2021-05-23"


def test_find_dates_gives_offsets_in_order() -> None:
    text = "from March 2, 2001 to 31/12/2001."
    found = list(find_dates(text))
    assert [iso for _, _, iso in found] == ["2001-03-02", "2001-12-31"]
    assert text[found[0][0] : found[0][1]] == "March 2, 2001"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("filed 2019/04/17 by", "2019-04-17"),
        ("at 2019-04-17T10:00:00Z", "2019-04-17"),
        ("on the 5th of January, 2020", "2020-01-05"),
        ("dated 17-Apr-19", "2019-04-17"),
        ("signed on 2019-04-17.", "2019-04-17"),
    ],
)
def test_forms_the_evaluation_reads_are_found_too(text: str, iso: str) -> None:
    assert normalise_date(text) == iso


def test_a_two_digit_year_reads_as_the_evaluation_reads_it() -> None:
    assert normalise_date("3/4/55") == parse_date("3/4/55").isoformat()  # type: ignore[union-attr]
    assert normalise_date("3/4/55") == f"{full_year('55')}-03-04"
