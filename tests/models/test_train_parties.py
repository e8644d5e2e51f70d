"""Training the party ranker on a labelled set: cross-validated by filer, used by extraction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kpo.extractors.pdf import extract_document
from kpo.models.fields import FieldExtractor
from kpo.models.party_ranker import RANKER_CARD, RANKER_FILE
from kpo.models.train_parties import collect, field_counts, train_party_ranker

from .contract_pdfs import labelled_set, signature_contract, write_pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contracts")
    labelled_set(root)
    return root


@pytest.fixture(scope="module")
def card(labelled: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("models")
    return {"out": out, **train_party_ranker(out, [labelled], workers=1)}


def test_field_counts_pair_names_as_the_scorer_does() -> None:
    assert field_counts(["Acme Widgets, Inc.", "Borealis LLC"], ["ACME WIDGETS", "Zed Ltd"]) == (
        1, 1, 1)  # fmt: skip


def test_candidates_are_labelled_by_the_gold_parties(labelled: Path) -> None:
    docs = collect([labelled], workers=1)
    assert len(docs) == 20 and {d.group for d in docs} == {f"filer{i}" for i in range(10)}
    for doc in docs:
        positives = {c.value.lower() for c, y in zip(doc.candidates, doc.labels, strict=True) if y}
        assert len(positives) >= 2, doc.gold
    signature_only = docs[1]
    assert signature_only.rules == ()  # the preamble rule finds nothing there


def test_the_card_reports_cross_validated_figures(card: dict[str, Any]) -> None:
    cv = card["cross_validated"]
    assert cv["folds"] == 5 and cv["grouped_by"] == "source (filer)"
    assert cv["parties_field"]["f1"] > cv["rules_field"]["f1"]
    assert 0.0 < cv["threshold"] < 1.0 and cv["candidates"]["n"] == card["model"]["candidates"]
    on_disk = json.loads((card["out"] / RANKER_CARD).read_text())
    assert on_disk["model_version"] == card["model_version"]


def test_extraction_with_the_ranker_finds_signature_block_parties(
    card: dict[str, Any], tmp_path: Path
) -> None:
    assert (card["out"] / RANKER_FILE).is_file()
    pages = signature_contract("Juniper Valley Textiles Limited", "Osprey Point Software Inc.")
    doc = extract_document(str(write_pdf(tmp_path / "new.pdf", pages)), "new")
    ranked = FieldExtractor(model_dir=str(card["out"]), calibrate=False)(doc, "contract")
    rules = FieldExtractor(model_dir=str(tmp_path), calibrate=False)(doc, "contract")
    names = sorted(v.value for v in ranked.values if v.name == "parties")
    assert names == ["JUNIPER VALLEY TEXTILES LIMITED", "OSPREY POINT SOFTWARE INC."]
    assert "parties" in rules.missing and "parties" not in ranked.missing
    assert card["model_version"] in ranked.model_version
