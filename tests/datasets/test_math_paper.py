"""The generated math paper: symbols outside the BMP that readers map back correctly."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from kpo.datasets.math_paper import (
    BOLD,
    DOUBLE_STRUCK,
    ITALIC,
    TITLE_SUFFIX,
    mend_to_unicode,
    styled,
    write_math_paper,
)


def test_styled_maps_letters_and_digits_to_the_math_alphabets() -> None:
    assert styled("Ab", BOLD) == "\U0001d400\U0001d41b"
    assert styled("x, f(x)", ITALIC) == "\U0001d465, \U0001d453(\U0001d465)"
    assert styled("F2", DOUBLE_STRUCK) == "\U0001d53d\U0001d7da"


def test_the_paper_is_a_pure_function_of_its_seed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert write_math_paper(first, seed=4) == write_math_paper(second, seed=4)
    assert first.read_bytes() == second.read_bytes()


def test_another_reader_maps_the_symbols_back(tmp_path: Path) -> None:
    """pdfminer (through pdfplumber) reads what was drawn: the ToUnicode map is right."""
    path = tmp_path / "paper.pdf"
    title = write_math_paper(path, seed=4)
    assert title.endswith(TITLE_SUFFIX) and styled("A", BOLD) in TITLE_SUFFIX
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text()
        assert pdf.metadata["Title"] == title
    assert f"over {styled('A', BOLD)}-Modules" in text
    assert f"{styled('E', DOUBLE_STRUCK)}[{styled('f(x)', ITALIC)}]" in text


def test_mending_a_mended_paper_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    write_math_paper(path, seed=4)
    assert mend_to_unicode(path) == 0  # already mended: nothing left to rewrite


@pytest.mark.parametrize("seed", [0, 9])
def test_every_seed_has_the_symbols_in_its_first_page(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "paper.pdf"
    write_math_paper(path, seed=seed)
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text()
    assert styled("A", BOLD) in text and styled("x", ITALIC) in text
