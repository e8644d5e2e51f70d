"""Number words as durations spell them."""

from __future__ import annotations

import re

import pytest

from kpo.normalise.number_words import NUMBER_WORD_PATTERN, number_value


@pytest.mark.parametrize(
    ("text", "value"),
    [("zero", 0), ("seven", 7), ("Nineteen", 19), ("sixty", 60), ("twenty-four", 24),
     ("Thirty Six", 36), ("ninety-nine", 99), ("48", 48)],
)  # fmt: skip
def test_number_value_reads_words_compounds_and_digits(text: str, value: int) -> None:
    assert number_value(text) == value


@pytest.mark.parametrize("text", ["dozen", "twenty-ten", "", "4.5"])
def test_number_value_is_none_for_what_is_not_a_number(text: str) -> None:
    assert number_value(text) is None


@pytest.mark.parametrize("text", ["twenty-four", "twenty four", "seventy-seven", "eleven"])
def test_the_pattern_takes_a_compound_whole(text: str) -> None:
    assert re.fullmatch(NUMBER_WORD_PATTERN, text)
    found = re.search(NUMBER_WORD_PATTERN, f"for {text} months")
    assert found is not None and found[0] == text


@pytest.mark.parametrize(
    ("text", "value"),
    [("one hundred twenty-five thousand", 125000), ("One Hundred and Twenty", 120),
     ("two million three hundred thousand", 2300000), ("one hundred", 100)],
)  # fmt: skip
def test_number_value_reads_hundreds_thousands_and_millions(text: str, value: int) -> None:
    assert number_value(text) == value


def test_the_pattern_takes_a_whole_phrase_with_scales() -> None:
    found = re.search(NUMBER_WORD_PATTERN, "a fee of one hundred twenty-five thousand dollars")
    assert found is not None and found[0] == "one hundred twenty-five thousand"
