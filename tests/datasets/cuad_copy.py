"""The three-row CUAD copy the CUAD tests share: its PDFs' names, folders and text, and
what each row converts to.

The copy is tests/data/cuad/CUAD_v1 (three invented rows, see its README); the
``cuad`` fixture (conftest.py) writes the PDFs on the fly.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "cuad" / "CUAD_v1"
ACME = "AcmeWidgetsInc_20150310_8-K_EX-10.1_1234567_EX-10.1_Supply Agreement.pdf"
BIG_RIVER = "BIGRIVERCORP_11_02_1999-EX-10.2-LICENSE AGREEMENT.PDF"
HARBOR_PDF = "Harbor Lights, Inc. - A_R MARKETING AGREEMENT .PDF"
PDF_TEXT = {
    ACME: [
        "SUPPLY AGREEMENT",
        "dated March 2, 2015, between ACME WIDGETS, INC.",
        "and BOLT & NUT TRADING LTD.",
        "governed by the laws of the State of New York",
    ],
    BIG_RIVER: ["LICENSE AGREEMENT", "made this 12th day of October 1999 by Big River Corp."],
    HARBOR_PDF: [
        "AMENDED AND RESTATED MARKETING AGREEMENT",
        "Harbor Lights, Inc. and",
        "Seaside Partners, L.P., effective as of July 1, 2044",
    ],
}
FOLDERS = {ACME: "Part_I/Supply", BIG_RIVER: "Part_III/License", HARBOR_PDF: "Part_II/Marketing"}


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# what each row converts to: its fields, and the notes of the conversion
EXPECTED = [
    (
        {
            "contract_type": "SUPPLY AGREEMENT",
            "parties": ["Acme Widgets, Inc.", "Bolt & Nut Trading Ltd."],
            "agreement_date": "2015-03-02",
            "effective_date": "2015-03-02",
            "governing_law": "New York",
            "term": "Expires 2018-03-01; renews for successive 1-year terms",
        },
        ('party "Bolt & Nutt Trading Ltd." spelt as printed: "Bolt & Nut Trading Ltd."',),
    ),
    (
        {
            "contract_type": "LICENSE AGREEMENT",
            "parties": ["Big River Corp."],
            "agreement_date": "1999-10-12",
            "term": "Perpetual (no fixed expiry)",
        },
        (
            "agreement_date 1999-10-12 from the annotated text (CUAD answer read 1999-10-21)",
            "effective_date left out: CUAD answer '[]/[]/1999' is not a full date",
            "governing_law left out: CUAD answer has no supporting clause",
        ),
    ),
    (
        {
            "contract_type": "AMENDED AND RESTATED MARKETING AGREEMENT",
            "parties": ["Harbor Lights, Inc.", "Seaside Partners, L.P."],
            "effective_date": "2044-07-01",
            "term": "Expires in 2049; renews for up to 2 successive 5-year terms",
        },
        ("effective_date 2044-07-01 from the annotated text (CUAD answer read 1944-07-01)",),
    ),
]
