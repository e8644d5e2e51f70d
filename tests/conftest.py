"""Shared fixtures: the real corpus (when present) and tiny PDFs made on the fly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def corpus_path() -> Path:
    """../shared/corpus beside the repository, or KPO_CORPUS."""
    return Path(os.environ.get("KPO_CORPUS") or REPO.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_path()
    if not (path / "labels.jsonl").exists():
        pytest.skip(f"the labelled corpus is not at {path} (set KPO_CORPUS); skipping corpus tests")
    return path


def make_text_pdf(path: Path, pages: list[list[str]], *, font_size: float = 11) -> Path:
    """Write a PDF whose pages hold the given lines of text (reportlab)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    for lines in pages:
        y = 720.0
        for line in lines:
            c.setFont("Helvetica", font_size)
            c.drawString(72, y, line)
            y -= font_size * 1.6
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="session")
def write_text_pdf() -> object:
    """``make_text_pdf`` for tests outside this folder (conftest modules are not importable)."""
    return make_text_pdf


@pytest.fixture
def text_pdf(tmp_path: Path) -> Path:
    return make_text_pdf(tmp_path / "letter.pdf", [["Hello kpo", "A second line"], ["Page two"]])
