"""Small hand-built documents for the field-extraction tests: a contract, a paper's first
page and a claim form, with helpers to build pages and read the values found."""

from __future__ import annotations

from collections.abc import Sequence

from kpo.records import DocumentMeta, ExtractedDocument, FieldSet, Page, Word

Line = tuple[str, float]  # text, font size


def make_page(number: int, lines: Sequence[Line]) -> Page:
    """A page whose words sit left to right, one text line under the other."""
    words, top = [], 40.0
    for text, size in lines:
        x = 50.0
        for token in text.split():
            width = 0.5 * size * len(token)
            words.append(Word(token, x, top, x + width, top + size, size))
            x += width + 0.3 * size
        top += 1.4 * size
    text = "\r\n".join(t for t, _ in lines)
    return Page(number, 612.0, 792.0, text, tuple(words))


def make_doc(*pages: Sequence[Line]) -> ExtractedDocument:
    built = tuple(make_page(i, lines) for i, lines in enumerate(pages, start=1))
    return ExtractedDocument("id", "test.pdf", DocumentMeta(page_count=len(built)), built)


def values(fields: FieldSet, name: str) -> list[str]:
    return [v.value for v in sorted(fields.values, key=lambda v: v.index) if v.name == name]


def one(fields: FieldSet, name: str) -> str:
    (value,) = values(fields, name)
    return value


CONTRACT = [
    ("Exhibit 10.1", 10.0),
    ("LICENSE AGREEMENT", 12.0),
    (
        "This License Agreement (the \u201cAgreement\u201d) is dated as of March 3, 2019, by and",
        10.0,
    ),
    (
        "between Acme Widgets Inc., a Delaware corporation (\u201cLicensor\u201d), and Blue River",
        10.0,
    ),
    ("Holdings LLC, a Texas limited liability company (\u201cLicensee\u201d).", 10.0),
    ("WHEREAS, Licensor owns certain software;", 10.0),
    ("1. Term. The initial term of this Agreement shall be three (3) years.", 10.0),
    ("2. Fees. Licensee shall pay a license fee of $250,000 on signature.", 10.0),
]
GOVERNING = [
    ("9. Governing Law. This Agreement shall be governed by and construed in", 10.0),
    ("accordance with the laws of the State of New York, without regard to conflicts.", 10.0),
]

PAPER = [
    ("Journal of Examples 12 (2020) 1-9", 8.0),
    ("Learning to Extract Fields", 18.0),
    ("from Scientific Documents", 18.0),
    ("Alice Johnson1, Robert Smith2 and Maria Garcia1", 11.0),
    ("1 Department of Computer Science, Example University", 9.0),
    ("2 Institute of Things, Springfield", 9.0),
    ("Abstract", 10.0),
    ("We study how to extract fields from scientific documents with layout cues and a small", 9.0),
    ("entity recogniser. Our method finds titles and authors reliably across many publishers", 9.0),
    ("and formats, and it is fast enough to run on millions of pages every day.", 9.0),
    ("Keywords: extraction, layout", 9.0),
    ("doi:10.1234/abcd.5678. Copyright \u00a9 2021 The Authors. arXiv:2101.01234v2", 8.0),
]
BODY = [("We report results on several data sets and compare them with earlier work.", 9.0)] * 8

CLAIM = [
    ("NOTICE OF LOSS", 14.0),
    ("Claim No.: CL-2023-00412   Policy Number: PN 77812-A", 10.0),
    ("Claimant Name: Jordan Miles   Phone: 555 0100", 10.0),
    ("Date of Loss: 03/14/2023   Location: Springfield", 10.0),
    ("Amount Claimed: $12,450.00", 10.0),
]
