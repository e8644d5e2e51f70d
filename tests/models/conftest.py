"""Model fixtures: kpo's field extractor, built once per test module."""

from __future__ import annotations

import pytest

from kpo.models.fields import FieldExtractor


@pytest.fixture(scope="module")
def extractor() -> FieldExtractor:
    return FieldExtractor()
