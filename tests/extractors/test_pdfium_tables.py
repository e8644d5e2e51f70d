"""pdfium_tables.find_tables: the Table records pdfplumber's find_tables gives, or None.

Each case writes a tiny PDF, runs both finders on it and compares the records: the
same rows (text and ``None`` cells exactly) and the same box (within a thousandth of
a point: pdfium keeps 32-bit floats).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kpo.records import Table

from .table_pdfs import (
    GRID_ROWS,
    pdfium_tables,
    plumber_tables,
    write_boxes_a_tolerance_apart,
    write_grid,
    write_hebrew_in_grid,
    write_hyphenated,
    write_in_forms,
    write_mapped_in_grid,
    write_merged,
    write_rounded,
    write_text_only,
    write_thin_rects,
    write_unmapped_cid_text,
    write_words_without_space,
)


def assert_same_tables(ours: tuple[Table, ...] | None, theirs: tuple[Table, ...]) -> None:
    assert ours is not None
    assert [(t.page_number, t.index, t.rows) for t in ours] == [
        (t.page_number, t.index, t.rows) for t in theirs
    ]
    for mine, ref in zip(ours, theirs, strict=True):
        assert mine.bbox.x0 == pytest.approx(ref.bbox.x0, abs=1e-3)
        assert mine.bbox.top == pytest.approx(ref.bbox.top, abs=1e-3)
        assert mine.bbox.x1 == pytest.approx(ref.bbox.x1, abs=1e-3)
        assert mine.bbox.bottom == pytest.approx(ref.bbox.bottom, abs=1e-3)


def test_ruled_grid_with_text_gives_pdfplumbers_table(tmp_path: Path) -> None:
    path = write_grid(tmp_path / "grid.pdf")
    ours = pdfium_tables(path)
    assert ours is not None and len(ours) == 1
    assert ours[0].rows == GRID_ROWS
    assert (ours[0].bbox.x0, ours[0].bbox.x1) == pytest.approx((72, 342))
    assert_same_tables(ours, plumber_tables(path))


def test_page_without_a_grid_has_no_tables(tmp_path: Path) -> None:
    path = write_text_only(tmp_path / "text.pdf")
    assert pdfium_tables(path) == () == plumber_tables(path)


def test_merged_cells_are_none_as_in_pdfplumber(tmp_path: Path) -> None:
    path = write_merged(tmp_path / "merged.pdf")
    ours = pdfium_tables(path)
    assert ours is not None
    assert ours[0].rows[0] == ("Quarterly totals", None, None)
    assert ours[0].rows[2] == ("South", "9", "")  # empty, not merged: ""
    assert_same_tables(ours, plumber_tables(path))


@pytest.mark.parametrize(
    "write",
    [
        write_thin_rects,  # filled rectangles 0.5 pt thick are rules, as pdfplumber's rects
        write_rounded,  # the straight pieces of a curve are edges
        lambda path: write_grid(path, rotate=90),  # a page shown turned
        lambda path: write_in_forms(path, 2, scale=1.5),  # in scaled form XObjects
    ],
    ids=["thin-filled-rects", "curved-box", "rotated-page", "scaled-forms"],
)
def test_drawn_another_way_the_table_is_pdfplumbers(
    tmp_path: Path, write: Callable[[Path], Path]
) -> None:
    path = write(tmp_path / "table.pdf")
    theirs = plumber_tables(path)
    assert theirs  # the case draws a table pdfplumber finds
    assert_same_tables(pdfium_tables(path), theirs)


def test_rules_a_tolerance_apart_snap_as_in_pdfplumber(tmp_path: Path) -> None:
    # as 32-bit floats the sides are more than 3 pt apart and would not snap: no table
    path = write_boxes_a_tolerance_apart(tmp_path / "boxes.pdf")
    theirs = plumber_tables(path)
    assert len(theirs) == 2
    assert_same_tables(pdfium_tables(path), theirs)


def test_chars_without_unicode_read_as_pdfminers_cid(tmp_path: Path) -> None:
    path = write_unmapped_cid_text(tmp_path / "cid.pdf")
    ours = pdfium_tables(path)
    assert ours is not None and ours[0].rows[0][0] == "(cid:65)(cid:66)"
    assert_same_tables(ours, plumber_tables(path))


def test_a_char_outside_the_bmp_is_one_char(tmp_path: Path) -> None:
    # pdfium's char list holds U+1D400 as two chars (a UTF-16 surrogate pair)
    path = write_mapped_in_grid(tmp_path / "math.pdf", b"D835DC00", b"0042")
    ours = pdfium_tables(path)
    assert ours is not None and ours[0].rows[0][0] == "\U0001d400B"
    assert_same_tables(ours, plumber_tables(path))


def test_a_hyphen_that_ends_a_line_is_a_hyphen(tmp_path: Path) -> None:
    path = write_hyphenated(tmp_path / "hyphen.pdf")  # pdfium's char code for it is 0x02
    ours = pdfium_tables(path)
    assert ours is not None and ours[0].rows[0][0] == "Termi-\nnation"
    assert_same_tables(ours, plumber_tables(path))


def test_a_word_gap_without_a_space_glyph_is_a_space(tmp_path: Path) -> None:
    # pdfium's text page sees a word gap (as the page's words do); pdfminer only splits
    # words at space glyphs and gaps over 3 pt: the one place the text differs on purpose
    path = write_words_without_space(tmp_path / "gap.pdf")
    ours = pdfium_tables(path)
    assert ours is not None and ours[0].rows[0][0] == "New Orleans"
    assert plumber_tables(path)[0].rows[0][0] == "NewOrleans"


def test_forms_nested_deeper_than_it_looks_are_unreadable(tmp_path: Path) -> None:
    path = write_in_forms(tmp_path / "deep.pdf", 6)
    assert plumber_tables(path)  # pdfplumber reads it; pdfium_tables hands it back
    assert pdfium_tables(path) is None
    assert pdfium_tables(write_in_forms(tmp_path / "shallow.pdf", 4)) == plumber_tables(path)


def test_more_path_segments_than_the_budget_are_unreadable(tmp_path: Path) -> None:
    path = write_grid(tmp_path / "grid.pdf")  # one path of 7 lines: 14 segments
    assert pdfium_tables(path, budget=13) is None
    assert pdfium_tables(path, budget=14) == plumber_tables(path)


def test_right_to_left_text_in_a_table_is_unreadable(tmp_path: Path) -> None:
    # pdfium reorders right-to-left runs and mirrors their brackets; pdfminer does not
    path = write_hebrew_in_grid(tmp_path / "hebrew.pdf")
    assert plumber_tables(path)[0].rows[0][0] == "\u05d0\u05d1"
    assert pdfium_tables(path) is None
