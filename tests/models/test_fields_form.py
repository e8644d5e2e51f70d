"""Form understanding: values below their labels in ruled boxes, and right-to-left text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.extractors.pdf import extract_document
from kpo.models.fields import FieldExtractor
from kpo.models.fields_form import reading_text, segments
from kpo.records import DocumentMeta, ExtractedDocument, FieldSet, Page, Word

# (label, value) in a 2 x 2 grid of ruled boxes; the value is printed under its label.
GRID = [
    [("Claim Number", "CLM-55120"), ("Policy Number", "PX 90817")],
    [("Name of Insured", "Dana Whitfield"), ("Date of Accident", "07/21/2022")],
]


def ruled_form(path: Path) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 740, "CLAIM FORM")
    for r, row in enumerate(GRID):
        for k, (label, value) in enumerate(row):
            x, y = 72 + 240 * k, 680 - 60 * r
            c.rect(x, y - 30, 240, 60)
            c.setFont("Helvetica", 8)
            c.drawString(x + 4, y + 20, label)
            c.setFont("Helvetica", 11)
            c.drawString(x + 12, y - 6, value)
    c.showPage()
    c.save()
    return path


def one(fields: FieldSet, name: str) -> str:
    (value,) = [v.value for v in fields.values if v.name == name]
    return value


@pytest.fixture(scope="module")
def extractor() -> FieldExtractor:
    return FieldExtractor()


def test_values_below_labels_in_ruled_boxes(tmp_path: Path, extractor: FieldExtractor) -> None:
    path = ruled_form(tmp_path / "ruled_form.pdf")
    fields = extractor(extract_document(str(path), "ruled"), "claim")
    assert one(fields, "claim_number") == "CLM-55120"
    assert one(fields, "policy_number") == "PX 90817"
    assert one(fields, "claimant_name") == "Dana Whitfield"
    assert one(fields, "date_of_loss") == "2022-07-21"
    assert "amount_claimed" in fields.missing
    assert all(v.box is not None for v in fields.values)


def visual(text: str) -> str:
    """Hebrew as a visual-order PDF stores it: each word's letters back to front."""
    return text[::-1]


def rtl_page(cells: list[tuple[str, float, float, float]]) -> Page:
    """Words ending at x1, placed leftwards; ``cells`` is (logical text, x1, top, size)."""
    words = []
    for text, x1, top, size in cells:
        x = x1
        tokens = text.split()
        if all(t.isdigit() for t in tokens):  # numbers run left to right in any script
            tokens = tokens[::-1]
        for token in tokens:  # logical order: the first word is rightmost
            width = 0.5 * size * len(token)
            stored = visual(token) if not token.isdigit() else token
            words.append(Word(stored, x - width, top, x, top + size, size))
            x -= width + 0.3 * size
    words.sort(key=lambda w: (w.top, w.x0))
    text = "\n".join(w.text for w in words)
    return Page(1, 612.0, 792.0, text, tuple(words))


# "date of injury" with a comb date to its lower left; "first name" / "last name"
# with the values under them and to the left (the next box in reading order).
HEBREW_FORM = [
    ("\u05ea\u05d0\u05e8\u05d9\u05da \u05d4\u05e4\u05d2\u05d9\u05e2\u05d4", 490.0, 160.0, 10.0),
    ("1 6 0 4 2 0 2 2", 355.0, 168.0, 14.0),
    ("\u05e9\u05dd \u05de\u05e9\u05e4\u05d7\u05d4", 536.0, 217.0, 10.0),
    ("\u05e9\u05dd \u05e4\u05e8\u05d8\u05d9", 394.0, 217.0, 10.0),
    ("\u05db\u05d4\u05df", 446.0, 244.0, 12.0),
    ("\u05d9\u05e2\u05dc", 277.0, 244.0, 12.0),
]


def test_rtl_reading_order() -> None:
    page = rtl_page(HEBREW_FORM)
    texts = [s.text for s in segments(page)]
    assert "\u05ea\u05d0\u05e8\u05d9\u05da \u05d4\u05e4\u05d2\u05d9\u05e2\u05d4" in texts
    assert "\u05e9\u05dd \u05de\u05e9\u05e4\u05d7\u05d4" in texts
    words = [Word("\u05dd\u05d9\u05e8\u05e2", 100, 0, 130, 10, 10), Word("12", 140, 0, 150, 10, 10)]
    assert reading_text(words, rtl=True) == "12 \u05e2\u05e8\u05d9\u05dd"


def test_rtl_form_pairs_values_by_layout(extractor: FieldExtractor) -> None:
    doc = ExtractedDocument("he", "he.pdf", DocumentMeta(page_count=1), (rtl_page(HEBREW_FORM),))
    fields = extractor(doc, "claim")
    assert one(fields, "date_of_loss") == "2022-04-16"
    assert one(fields, "claimant_name") == "\u05d9\u05e2\u05dc \u05db\u05d4\u05df"
