"""Party mentions: which rule proposes which name, cleaned of labels and lead-ins."""

from __future__ import annotations

from pathlib import Path

from kpo.extractors.pdf import extract_document
from kpo.models.nlp import load_pipeline
from kpo.models.party_mentions import mentions
from kpo.settings import default_spacy_model

from .contract_pdfs import write_pdf


def test_each_rule_names_its_mentions_and_labels_are_cut(tmp_path: Path) -> None:
    pages = [
        [
            "MASTER SERVICES AGREEMENT BETWEEN",
            "Party A: Kestrel Data Systems Co., Ltd.",
            'Orion Freight LLC, a Texas limited liability company ("Carrier"), agrees.',
        ],
        ["IN WITNESS WHEREOF, the parties have signed.", "ATTEST KESTREL DATA SYSTEMS CO., LTD.:",
         "By: ______________"],
    ]  # fmt: skip
    doc = extract_document(str(write_pdf(tmp_path / "m.pdf", pages)), "m")
    found = {
        (m.name, m.source)
        for m in mentions(doc, load_pipeline(default_spacy_model(), only_ner=True))
    }
    assert ("Kestrel Data Systems Co., Ltd.", "line") in found
    assert ("Orion Freight LLC", "defn") in found
    assert ("KESTREL DATA SYSTEMS CO., LTD.", "sig") in found
    assert not any(name.startswith(("Party A", "ATTEST")) for name, _ in found)
