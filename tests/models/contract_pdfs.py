"""Tiny real contract PDFs for the party tests: a preamble, a signature block, a cover page."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from kpo.datasets.labels import LabelRecord, write_labels

Pages = Sequence[Sequence[str]]
BODY = [
    "1. Services. The Supplier shall provide the services described in Exhibit A.",
    "2. Compliance. Each party shall comply with the rules of the Federal Trade Commission.",
    "3. Notices. Notices go to the addresses in Schedule B, attention General Counsel.",
]


def write_pdf(path: Path, pages: Pages) -> Path:
    """A born-digital PDF with one text line per entry, top to bottom."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for lines in pages:
        for i, line in enumerate(lines):
            c.drawString(60, 760 - 16 * i, line)
        c.showPage()
    c.save()
    return path


def preamble_contract(first: str, second: str) -> Pages:
    """Parties named in the preamble, with aliases; a signature page repeats them."""
    return [
        [
            "SERVICES AGREEMENT",
            f'This Services Agreement is made by and between {first} ("Supplier")',
            f'and {second}, a Delaware limited liability company ("Client").',
            "WHEREAS, the Client wishes to buy services;",
            *BODY,
        ],
        [
            "IN WITNESS WHEREOF, the parties have executed this Agreement.",
            first.upper(),
            "By: ______________",
            "Name: Jane Roe",
            second.upper(),
            "By: ______________",
            "Name: John Doe",
        ],
    ]


def signature_contract(first: str, second: str) -> Pages:
    """Parties named only in the signature blocks, the first split over two lines."""
    head, _, tail = first.upper().rpartition(" ")
    return [
        ["SUPPLY TERMS", "The Supplier and the Client agree as follows.", *BODY],
        [
            "IN WITNESS WHEREOF, the parties have executed this Agreement.",
            head,
            tail,
            "By: ______________",
            "Name: Jane Roe",
            second.upper(),
            "By: ______________",
            "Name: John Doe",
        ],
    ]


NAMES = [
    ("Acme Widgets, Inc.", "Borealis Partners LLC"),
    ("Northwind Trading Company Limited", "Harbor Lights Corp."),
    ("Quarry Stone Holdings, Inc.", "Meadowbrook Foods LLC"),
    ("Silver Fir Logistics Ltd.", "Cobalt Ridge Energy, Inc."),
    ("Pine Hollow Software Corp.", "Lantern Bay Capital LLC"),
    ("Granite Peak Mining, Inc.", "Riverbend Health Partners LLC"),
    ("Orchard Lane Media Ltd.", "Blue Canyon Robotics, Inc."),
    ("Summit Arc Devices Corp.", "Willow Creek Farms LLC"),
    ("Copperline Networks, Inc.", "Fjord Shipping Ltd."),
    ("Tall Oak Pharmaceuticals Corp.", "Sandpiper Retail LLC"),
]


def labelled_set(root: Path) -> list[LabelRecord]:
    """Twenty contracts of ten filers in the corpus format: preambles and signature-only."""
    (root / "pdfs").mkdir(parents=True, exist_ok=True)
    records = []
    for i, (first, second) in enumerate(NAMES * 2):
        build = preamble_contract if i % 2 == 0 else signature_contract
        name = f"contract_{i:02d}.pdf"
        path = write_pdf(root / "pdfs" / name, build(first, second))
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        source = {"source_path": f"data/Filer{i % 10}_2001_EX-10.pdf"}
        records.append(LabelRecord(name, "contract", {"parties": [first, second]},
                                   sha256=sha, extra=source))  # fmt: skip
    write_labels(root / "labels.jsonl", records)
    return records


DATES = ["March 3, 2019", "June 5, 2018", "January 17, 2020", "October 9, 2017", "May 22, 2016"]
ISO = ["2019-03-03", "2018-06-05", "2020-01-17", "2017-10-09", "2016-05-22"]


def dated_contract(date: str, *, in_preamble: bool) -> Pages:
    """A contract dated in its preamble, or only on its signature page; each page has an
    EDGAR footer with the filing date and the term ends on a later date."""
    footer = "Source: ACME WIDGETS INC, 10-K, 2/14/2021"
    opening = f"This Supply Agreement is dated as of {date}, by and between" if in_preamble else (
        "This Supply Agreement is made by and between")  # fmt: skip
    return [
        [
            "SUPPLY AGREEMENT",
            opening,
            'Acme Widgets, Inc. ("Supplier") and Borealis Partners LLC ("Client").',
            "1. Term. This Agreement expires on December 31, 2030 unless renewed.",
            *BODY,
            footer,
        ],
        [
            "IN WITNESS WHEREOF, the parties have executed this Agreement.",
            "ACME WIDGETS, INC.",
            "By: ______________",
            f"Date: {date}",
            footer,
        ],
    ]


def dated_set(root: Path) -> list[LabelRecord]:
    """Twenty dated contracts of ten filers, half dated only where they are signed."""
    (root / "pdfs").mkdir(parents=True, exist_ok=True)
    records = []
    for i in range(20):
        date, iso = DATES[i % 5], ISO[i % 5]
        name = f"dated_{i:02d}.pdf"
        path = write_pdf(root / "pdfs" / name, dated_contract(date, in_preamble=i % 2 == 0))
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        fields = {"agreement_date": iso, "effective_date": iso}
        source = {"source_path": f"data/Filer{i % 10}_2001_EX-10.pdf"}
        records.append(LabelRecord(name, "contract", fields, sha256=sha, extra=source))
    write_labels(root / "labels.jsonl", records)
    return records
