"""Party candidates of tiny real contracts: which rules propose a name, and its features."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kpo.extractors.pdf import extract_document
from kpo.models.contract_candidates import FEATURE_NAMES, Candidate, party_candidates
from kpo.models.nlp import load_pipeline
from kpo.records import ExtractedDocument
from kpo.settings import default_spacy_model

from .contract_pdfs import preamble_contract, signature_contract, write_pdf

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(default_spacy_model(), only_ner=True)


def _doc(tmp_path: Path, pages: list[list[str]]) -> ExtractedDocument:
    return extract_document(str(write_pdf(tmp_path / "c.pdf", pages)), "c")


def _by_value(candidates: list[Candidate]) -> dict[str, Candidate]:
    return {c.value: c for c in candidates}


def test_preamble_parties_come_from_every_rule_with_their_definitions(
    tmp_path: Path, nlp: Language
) -> None:
    pages = preamble_contract("Acme Widgets, Inc.", "Borealis Partners LLC")
    doc = _doc(tmp_path, [list(p) for p in pages])
    found = _by_value(party_candidates(doc, nlp))
    acme, borealis = found["Acme Widgets, Inc."], found["Borealis Partners LLC"]
    assert acme.features["src_slot"] == acme.features["src_sig"] == 1.0
    assert acme.features["alias_follows"] == 1.0 and acme.features["legal_form"] == 1.0
    assert borealis.features["described"] == 1.0  # ", a Delaware limited liability company"
    assert acme.page_number == 1 and set(acme.features) == set(FEATURE_NAMES)
    assert found["the Federal Trade Commission"].features["src_ent"] == 1.0
    assert found["the Federal Trade Commission"].features["src_slot"] == 0.0


def test_a_name_split_over_two_signature_lines_is_joined(tmp_path: Path, nlp: Language) -> None:
    pages = signature_contract("Northwind Trading Company Limited", "Harbor Lights Corp.")
    found = _by_value(party_candidates(_doc(tmp_path, [list(p) for p in pages]), nlp))
    assert found["NORTHWIND TRADING COMPANY LIMITED"].features["src_sig"] == 1.0
    assert found["NORTHWIND TRADING COMPANY LIMITED"].page_number == 2
    assert "LIMITED" not in found and "NORTHWIND TRADING COMPANY" not in found


def test_two_signature_columns_on_one_line_are_split(tmp_path: Path, nlp: Language) -> None:
    pages = [["IN WITNESS WHEREOF, the parties have signed.",
              "TRIBUNE BROADCASTING COMPANY THE TUBE MUSIC NETWORK, INC.",
              "By: /s/ John Reardon By: /s/ Les Garland"]]  # fmt: skip
    found = _by_value(party_candidates(_doc(tmp_path, pages), nlp))
    assert {"TRIBUNE BROADCASTING COMPANY", "THE TUBE MUSIC NETWORK, INC."} <= set(found)


def test_labelled_party_lines_of_a_cover_page(tmp_path: Path, nlp: Language) -> None:
    pages = [
        [
            "Cooperation Agreement",
            "Party A: Beike Internet (Beijing) Security Co., Ltd.",
            "Party B: Baidu Online Network Technology (Beijing) Co., Ltd.",
            "April 2013",
        ]
    ]
    found = _by_value(party_candidates(_doc(tmp_path, pages), nlp))
    assert found["Beike Internet (Beijing) Security Co., Ltd."].features["src_line"] == 1.0
    assert "Baidu Online Network Technology (Beijing) Co., Ltd." in found


def test_a_document_without_text_has_no_candidates(nlp: Language) -> None:
    from kpo.records import DocumentMeta

    empty = ExtractedDocument("e", "e.pdf", DocumentMeta(page_count=0), ())
    assert party_candidates(empty, nlp) == []
