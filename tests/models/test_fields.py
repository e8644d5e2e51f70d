"""Field extraction on small hand-built documents: what holds for every document type.

The documents are in field_docs.py; one test module per type beside this one
(test_fields_contract.py, test_fields_paper.py, test_fields_claim.py).
"""

from __future__ import annotations

import pytest

from kpo.fieldspec import CANONICAL_FIELDS
from kpo.models.fields import FieldExtractor
from kpo.models.fields_common import fix_rtl_line
from kpo.records import DocType

from .field_docs import CLAIM, CONTRACT, GOVERNING, PAPER, Line, make_doc


def test_reversed_hebrew_does_not_crash(extractor: FieldExtractor) -> None:
    reversed_line = "\u05dd\u05d9\u05dc\u05e9\u05d5\u05e8\u05d9 \u05dd\u05d5\u05dc\u05e9"
    fields = extractor(make_doc([(reversed_line, 10.0)]), "claim")
    assert fields.missing == CANONICAL_FIELDS["claim"]
    assert fix_rtl_line(reversed_line) == reversed_line[::-1]
    assert fix_rtl_line("\u05e9\u05dc\u05d5\u05dd") == "\u05e9\u05dc\u05d5\u05dd"


def test_other_type_has_no_fields(extractor: FieldExtractor) -> None:
    fields = extractor(make_doc(CLAIM), "other")
    assert fields.values == () and fields.missing == ()


@pytest.mark.parametrize(
    ("doc_type", "lines"),
    [("contract", CONTRACT + GOVERNING), ("research_paper", PAPER), ("claim", CLAIM)],
)
def test_every_value_is_well_formed(
    extractor: FieldExtractor, doc_type: DocType, lines: list[Line]
) -> None:
    fields = extractor(make_doc(lines), doc_type)
    assert fields.values and fields.model_version.startswith("fields-")
    for value in fields.values:
        assert 0.0 <= value.confidence <= 1.0
        assert value.extractor and value.raw and value.value
        assert value.box is not None and value.page_number == 1


def test_pipe_keeps_order(extractor: FieldExtractor) -> None:
    docs = [(make_doc(CLAIM), "claim"), (make_doc(PAPER), "research_paper")]
    assert [f.doc_type for f in extractor.pipe(docs)] == ["claim", "research_paper"]


def test_confidences_from_generated_data_alone_stay_under_the_ceiling(
    extractor: FieldExtractor,
) -> None:
    from kpo.models.fields import GENERATED_CEILING

    fields = extractor(make_doc(CLAIM), "claim")  # claims: calibrated on generated data only
    assert fields.values
    assert all(v.confidence <= GENERATED_CEILING for v in fields.values)


def test_the_ceiling_keeps_the_order_of_confidences() -> None:
    from kpo.models.fields import GENERATED_CEILING, under_ceiling

    assert under_ceiling(0.5) == 0.5
    assert under_ceiling(0.95) < under_ceiling(0.99) <= GENERATED_CEILING
