"""Field confidence on OCR pages follows the OCR confidence of the value's words."""

from __future__ import annotations

from kpo.models.fields_ocr import with_ocr_confidence
from kpo.records import Box, FieldValue, Page, Word


def _value(page: int, box: Box | None, confidence: float = 0.8) -> FieldValue:
    return FieldValue("claim_number", "C-1", "C-1", confidence, page, box, "claim.label")


def test_values_read_by_ocr_are_as_sure_as_their_words() -> None:
    words = (
        Word("Claim", 10, 10, 40, 20, 10, conf=0.9),
        Word("C-1", 50, 10, 70, 20, 10, conf=0.5),
        Word("elsewhere", 10, 200, 60, 210, 10, conf=0.1),
    )
    ocr_page = Page(1, 300, 300, "Claim C-1 elsewhere", words, source="ocr", ocr_confidence=0.6)
    layer_page = Page(2, 300, 300, "C-1", (Word("C-1", 50, 10, 70, 20, 10),))
    values = (
        _value(1, Box(48, 8, 72, 22)),  # on the OCR word with confidence 0.5
        _value(1, None),  # no box: the page's OCR confidence
        _value(2, Box(48, 8, 72, 22)),  # a text-layer page: unchanged
    )
    out = with_ocr_confidence(values, (ocr_page, layer_page))
    assert [v.confidence for v in out] == [0.4, 0.48, 0.8]
    assert [v.value for v in out] == ["C-1"] * 3
