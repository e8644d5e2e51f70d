"""The evidence of an item: lines around the box with the words inside it marked."""

from __future__ import annotations

import math

from kpo.records import Box, Word
from kpo.review.context import words_to_lines
from kpo.web.render_child import fit_scale


def word(text: str, x0: float, top: float) -> Word:
    return Word(text, x0, top, x0 + 8 * len(text), top + 10, 10)


def test_words_near_the_box_come_as_lines_with_the_value_marked() -> None:
    words = [
        word("far", 10, 500),
        word("Date:", 10, 100),
        word("2024-03-01", 60, 100),
        word("Parties", 10, 115),
        word("Title", 10, 40),
    ]
    lines = words_to_lines(words, Box(60, 100, 140, 110))
    assert lines == [[("Date:", False), ("2024-03-01", True)], [("Parties", False)]]


def test_without_a_box_the_page_starts_in_reading_order() -> None:
    lines = words_to_lines([word("b", 50, 10), word("a", 10, 11), word("c", 10, 40)], None)
    assert lines == [[("a", False), ("b", False)], [("c", False)]]


def test_a_huge_page_is_scaled_down_to_the_pixel_cap_and_a_small_one_is_not() -> None:
    assert fit_scale(595, 842, 1.5, 6_000_000) == 1.5
    scale = fit_scale(14400, 14400, 1.5, 6_000_000)
    assert 0.16 < scale < 0.171
    assert math.ceil(14400 * scale) ** 2 <= 6_000_000
