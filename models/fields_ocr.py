"""Field confidence on OCR pages: a value is only as sure as the OCR that read it.

A value whose box holds words read by OCR has its confidence multiplied by the
mean OCR confidence of those words (``Word.conf``); a value on an OCR page
without a box, by the page's ``ocr_confidence``. Values from a text layer are
unchanged. This runs after calibration, which is fitted on born-digital pages.
"""

from __future__ import annotations

from dataclasses import replace

from kpo.records import Box, FieldValue, Page, Word

from .fields_common import clamp


def ocr_factor(value: FieldValue, pages: dict[int, Page]) -> float | None:
    """The OCR confidence behind ``value``, or None if no OCR word supports it."""
    page = pages.get(value.page_number) if value.page_number is not None else None
    if page is None or page.source != "ocr":
        return None
    if value.box is None:
        return page.ocr_confidence
    confs = [w.conf for w in page.words if w.conf is not None and _inside(w, value.box)]
    return sum(confs) / len(confs) if confs else None


def with_ocr_confidence(
    values: tuple[FieldValue, ...], pages: tuple[Page, ...]
) -> tuple[FieldValue, ...]:
    """``values`` with confidences scaled by the OCR confidence of their words."""
    by_number = {p.page_number: p for p in pages}
    out = []
    for value in values:
        factor = ocr_factor(value, by_number)
        if factor is not None:
            value = replace(value, confidence=clamp(value.confidence * factor))
        out.append(value)
    return tuple(out)


def _inside(word: Word, box: Box) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom
