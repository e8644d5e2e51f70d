"""Dataset fixtures: the three-row CUAD copy with its PDFs, in CUAD's folder layout."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .cuad_copy import DATA, FOLDERS, PDF_TEXT


@pytest.fixture
def cuad(tmp_path: Path, write_text_pdf: Callable[..., Path]) -> Path:
    """The three-row CUAD copy with its PDFs, in CUAD's folder layout."""
    root = tmp_path / "CUAD_v1"
    shutil.copytree(DATA, root)
    for name, lines in PDF_TEXT.items():
        folder = root / "full_contract_pdf" / FOLDERS[name]
        folder.mkdir(parents=True, exist_ok=True)
        write_text_pdf(folder / name, [lines])
    return root
