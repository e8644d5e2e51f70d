"""Fixtures of the Ray tests: the sample batch, with a file that is not a PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.datasets.generator import write_sample_batch


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    write_sample_batch(folder)
    (folder / "readme.txt").write_text("not a pdf")
    return folder
