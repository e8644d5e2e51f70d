"""Date candidates of a tiny real contract: cue words, footers and the rules' picks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.extractors.pdf import extract_document
from kpo.models.date_candidates import FEATURE_NAMES, DateCandidate, date_candidates
from kpo.models.fields_common import Hit

from .contract_pdfs import dated_contract, write_pdf


@pytest.fixture
def found(tmp_path: Path) -> dict[str, DateCandidate]:
    pages = [list(p) for p in dated_contract("March 3, 2019", in_preamble=True)]
    pages[0].insert(3, 'The services start on April 1, 2019 (the "Effective Date").')
    doc = extract_document(str(write_pdf(tmp_path / "d.pdf", pages)), "d")
    rule = Hit("agreement_date", "2019-03-03", "March 3, 2019", 0.9, 1, "pattern.dated_as_of")
    return {c.value: c for c in date_candidates(doc, [rule])}


def test_every_date_of_the_first_pages_is_a_candidate(found: dict[str, DateCandidate]) -> None:
    assert set(found) == {"2019-03-03", "2019-04-01", "2030-12-31", "2021-02-14"}
    assert all(set(c.features) == set(FEATURE_NAMES) for c in found.values())


def test_cue_words_and_places_are_features(found: dict[str, DateCandidate]) -> None:
    dated, effective = found["2019-03-03"].features, found["2019-04-01"].features
    assert dated["cue_dated"] == dated["cue_as_of"] == dated["in_preamble"] == 1.0
    assert dated["rule_agreement"] == 1.0 and dated["count"] == 2.0  # preamble and signature
    assert dated["witness_page"] == 1.0 and dated["cue_label"] == 1.0
    assert effective["effective_after"] == 1.0 and effective["rule_agreement"] == 0.0
    assert found["2030-12-31"].features["cue_end"] == 1.0
    assert found["2021-02-14"].features["footer"] == 1.0
    assert dated["footer"] == 0.0


def test_the_value_is_where_the_date_first_appears(found: dict[str, DateCandidate]) -> None:
    assert found["2019-03-03"].raw == "March 3, 2019" and found["2019-03-03"].page_number == 1


def test_a_date_on_the_last_page_is_a_candidate_without_in_witness(tmp_path: Path) -> None:
    pages = [["SUPPLY AGREEMENT", "The parties agree as follows."]] + [
        [f"{k}. Clause {k} of the agreement."] for k in range(2, 6)
    ]
    pages[-1].append("14.6 This Agreement is dated April 29, 2010.")
    doc = extract_document(str(write_pdf(tmp_path / "late.pdf", pages)), "late")
    [candidate] = date_candidates(doc, [])
    assert candidate.value == "2010-04-29" and candidate.page_number == 5
    assert candidate.features["cue_dated"] == 1.0 and candidate.features["page_fraction"] == 1.0
