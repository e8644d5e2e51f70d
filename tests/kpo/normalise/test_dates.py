"""kpo's one date parser: the extractors' finder and the evaluation's reader agree."""

from __future__ import annotations

import datetime as dt

import pytest

from kpo.normalise.dates import find_dates, full_year, normalise_date, parse_date

# Each of these was read one way by the evaluation and another (or not at all) by the
# extractors when each had its own parser: 3/4/55 was 2055 for one and 1955 for the other.
FOUND_AND_READ_ALIKE = [
    "3/4/55", "03/04/60", "2020/01/05", "2020.01.05", "2020-01-05T10:00:00", "5-Jan-20",
    "5th of January, 2020", "17.04.19", "Jan 5 2020", "April 17, 2019", "04/17/2019",
]  # fmt: skip


@pytest.mark.parametrize("text", FOUND_AND_READ_ALIKE)
def test_the_finder_and_the_reader_give_the_same_date(text: str) -> None:
    iso = normalise_date(text)
    assert iso is not None
    assert parse_date(text) == dt.date.fromisoformat(iso)


@pytest.mark.parametrize(
    ("digits", "reference", "year"),
    [("46", 2026, 2046), ("47", 2026, 1947), ("00", 2026, 2000), ("99", 2026, 1999),
     ("55", 2026, 1955), ("70", 2050, 2070), ("71", 2050, 1971), ("2019", 2026, 2019)],
)  # fmt: skip
def test_two_digit_years_fall_in_the_window_around_the_reference(
    digits: str, reference: int, year: int
) -> None:
    assert full_year(digits, reference) == year


def test_two_digit_years_use_the_current_year_by_default() -> None:
    this_year = dt.date.today().year
    assert full_year(f"{this_year % 100:02d}") == this_year
    assert full_year(f"{(this_year + 20) % 100:02d}") == this_year + 20
    assert full_year(f"{(this_year + 21) % 100:02d}") == this_year - 79


def test_every_path_reads_a_two_digit_year_alike() -> None:
    yy = f"{(dt.date.today().year + 30) % 100:02d}"  # 30 years ahead: the last century
    expected = dt.date(full_year(yy), 3, 4)
    assert expected.year < dt.date.today().year
    assert parse_date(f"3/4/{yy}") == expected  # the patterns
    assert parse_date(f"4 March {yy}") == expected  # dateutil
    assert normalise_date(f"signed 3/4/{yy}.") == expected.isoformat()


@pytest.mark.parametrize(
    ("text", "date"),
    [("Sunday, January 5, 2020", dt.date(2020, 1, 5)), ("20200105", dt.date(2020, 1, 5)),
     ("5 Jan 20", dt.date(2020, 1, 5)), ("Jan-05-2020", dt.date(2020, 1, 5))],
)  # fmt: skip
def test_parse_date_reads_other_forms_with_dateutil(text: str, date: dt.date) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text", ["April 2019", "2020", "5", "12.5", "1.234", "Smarch 5, 2020", "2020-02-30", "§ 5"]
)
def test_parse_date_needs_a_whole_date(text: str) -> None:
    assert parse_date(text) is None


def test_a_date_at_the_end_of_a_sentence_is_found() -> None:
    text = "Signed on 2020-01-05. Filed 2020/02/06."
    assert [iso for _, _, iso in find_dates(text)] == ["2020-01-05", "2020-02-06"]


def test_a_version_number_is_not_a_date() -> None:
    assert list(find_dates("release 1.2.2020.5 of v3.4.5")) == []
