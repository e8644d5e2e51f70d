"""pdfium_chars: the space that stands for a word gap, and pdfplumber's centre rule."""

from __future__ import annotations

from typing import Any

import pytest

from kpo.extractors.pdfium_chars import centre_in, gap_space


def char(text: str, x0: float, x1: float, top: float = 100, upright: bool = True) -> Any:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 10,
            "doctop": top, "width": x1 - x0, "height": 10, "upright": upright}  # fmt: skip


def test_a_gap_between_chars_of_a_line_is_one_space_across_it() -> None:
    (space,) = gap_space(char("w", 50, 56), char("O", 58, 65))
    assert space["text"] == " "
    assert (space["x0"], space["x1"], space["top"], space["bottom"]) == (56, 58, 100, 110)


def test_touching_chars_get_a_space_of_no_width() -> None:
    (space,) = gap_space(char("3", 50, 56), char("A", 55.8, 60))
    assert space["x0"] == space["x1"] == 56


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (char("e", 300, 306), char("N", 72, 80, top=112)),  # the next line
        (char("e", 300, 306), char("N", 72, 80)),  # back to the left: another column
        (char("e", 50, 56), char("N", 60, 66, top=130)),  # same column, lines apart
        (char("e", 50, 56, upright=False), char("N", 60, 66, upright=False)),
    ],
    ids=["next-line", "leftwards", "other-line", "not-upright"],
)
def test_a_gap_off_the_line_is_no_space(before: Any, after: Any) -> None:
    assert gap_space(before, after) == []


@pytest.mark.parametrize(
    ("box", "inside"),
    [
        ((10, 10, 20, 20), True),
        ((0, 0, 20, 20), True),  # centre on the left and top sides: in
        ((0, 0, 40, 20), False),  # centre on the right side: out
        ((0, 0, 20, 40), False),  # centre on the bottom side: out
    ],
)
def test_a_char_is_in_a_cell_by_its_centre_right_and_bottom_open(
    box: tuple[float, float, float, float], inside: bool
) -> None:
    assert centre_in(box, (10, 10, 20, 20)) is inside
