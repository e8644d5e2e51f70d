"""Training the date ranker on a labelled set: cross-validated by filer, used by extraction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kpo.extractors.pdf import extract_document
from kpo.models.date_ranker import DATE_RANKER_CARD, DATE_RANKER_FILE
from kpo.models.fields import FieldExtractor
from kpo.models.train_dates import collect_dates, train_date_ranker

from .contract_pdfs import dated_contract, dated_set, write_pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dated")
    dated_set(root)
    return root


@pytest.fixture(scope="module")
def card(labelled: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("models")
    return {"out": out, **train_date_ranker(out, [labelled], workers=1)}


def test_candidates_are_labelled_per_field(labelled: Path) -> None:
    docs = collect_dates([labelled], workers=1)
    assert len(docs) == 20 and {d.group for d in docs} == {f"filer{i}" for i in range(10)}
    for doc in docs:
        assert sum(doc.labels["agreement_date"]) == 1  # one right date among footer and term
    # dated only where it is signed: the rules take the term's end, the first date they see
    assert docs[1].rules["agreement_date"] == "2030-12-31" != docs[1].gold["agreement_date"]


def test_the_card_reports_cross_validated_figures_per_field(card: dict[str, Any]) -> None:
    cv = card["cross_validated"]
    assert cv["folds"] == 5 and cv["grouped_by"] == "source (filer)"
    agreement = cv["fields"]["agreement_date"]
    assert agreement["ranker"]["f1"] > agreement["rules"]["f1"] and agreement["documents"] == 20
    on_disk = json.loads((card["out"] / DATE_RANKER_CARD).read_text())
    assert on_disk["model_version"] == card["model_version"]


def test_extraction_with_the_ranker_reads_a_signature_date(
    card: dict[str, Any], tmp_path: Path
) -> None:
    assert (card["out"] / DATE_RANKER_FILE).is_file()
    path = write_pdf(tmp_path / "new.pdf", dated_contract("August 8, 2015", in_preamble=False))
    doc = extract_document(str(path), "new")
    ranked = FieldExtractor(model_dir=str(card["out"]), calibrate=False)(doc, "contract")
    rules = FieldExtractor(model_dir=str(tmp_path), calibrate=False)(doc, "contract")
    dates = {v.name: v.value for v in ranked.values if v.name.endswith("_date")}
    assert dates["agreement_date"] == "2015-08-08"
    assert {v.value for v in rules.values if v.name == "agreement_date"} == {"2030-12-31"}
    assert card["model_version"] in ranked.model_version
