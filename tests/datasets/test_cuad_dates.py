"""CUAD's date answers and the dates printed in a contract, in every numeric reading."""

from __future__ import annotations

import datetime as dt

import pytest

from kpo.datasets.cuad_dates import answer_date, dates_in


@pytest.mark.parametrize(
    ("answer", "filed", "expiry", "date"),
    [
        ("10/1/99", dt.date(1999, 11, 2), False, dt.date(1999, 10, 1)),
        ("5/8/02", dt.date(2002, 6, 1), False, dt.date(2002, 5, 8)),
        ("11/2/01", dt.date(1999, 11, 2), False, dt.date(2001, 11, 2)),  # two years after
        ("11/3/01", dt.date(1999, 11, 2), False, dt.date(1901, 11, 3)),  # past the two years
        ("2/28/02", dt.date(2000, 2, 29), False, dt.date(2002, 2, 28)),
        ("9/1/45", dt.date(2019, 5, 9), True, dt.date(2045, 9, 1)),  # an expiry: nearest century
        ("31/01/2025", None, True, dt.date(2025, 1, 31)),
        ("[]/[]/2006", None, False, None),
        ("09/01/2006; 8/31/2007", None, False, None),
    ],
)
def test_cuad_dates_take_the_century_of_the_filing_date(
    answer: str, filed: dt.date | None, expiry: bool, date: dt.date | None
) -> None:
    assert answer_date(answer, filed, expiry=expiry) == date


def test_dates_are_found_as_contracts_print_them() -> None:
    text = (
        "20t h day of November, 2018; December 3rd, 2018 (; January  28,  2005; 1 Sept. 2019; "
        "the 5th of June, 2001; 3/13/2003; Marketing 5, 2014"
    )
    assert dates_in(text) == {
        dt.date(2018, 11, 20),
        dt.date(2018, 12, 3),
        dt.date(2005, 1, 28),
        dt.date(2019, 9, 1),
        dt.date(2001, 6, 5),
        dt.date(2003, 3, 13),
    }
    assert dates_in("3/13/2003", numeric=False) == set()


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("made and effective as of1 August 2019, by", {dt.date(2019, 8, 1)}),
        ("made as of 31 December,\n --------- \n1996, between", {dt.date(1996, 12, 31)}),
        ("made this 1st day of\n      ---\nNovember, 2003", {dt.date(2003, 11, 1)}),
        ("effective as of the 1.4.2011 (the", {dt.date(2011, 4, 1), dt.date(2011, 1, 4)}),
        ("Date 13/07/05", {dt.date(1905, 7, 13), dt.date(2005, 7, 13)}),
        (
            "Contract start: 04-01-06",
            {dt.date(y, m, d) for y in (1906, 2006) for m, d in ((4, 1), (1, 4))},
        ),
        ("Section 2.3.16.4 and 1-2-3-4", set()),
        ("signed on 7/7/98.", {dt.date(1998, 7, 7), dt.date(2098, 7, 7)}),
    ],
)
def test_a_printed_date_is_found_in_any_of_its_numeric_readings(
    text: str, dates: set[dt.date]
) -> None:
    assert dates_in(text) == dates
