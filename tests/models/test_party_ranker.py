"""The party ranker: which candidates it accepts, its file, and extraction without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.errors import ModelError
from kpo.extractors.pdf import extract_document
from kpo.models.contract_candidates import FEATURE_NAMES, Candidate
from kpo.models.fields import FieldExtractor
from kpo.models.party_ranker import RANKER_FILE, PartyRanker, load_party_ranker, select

from .contract_pdfs import preamble_contract, write_pdf


def _candidate(value: str, **features: float) -> Candidate:
    return Candidate(value, 1, 0, {name: features.get(name, 0.0) for name in FEATURE_NAMES})


def test_select_keeps_one_name_per_party_best_first() -> None:
    names = [
        "Acme Widgets",
        "Acme Widgets, Inc.",
        "Borealis Partners LLC",
        "Federal Trade Commission",
    ]
    found = [_candidate(name) for name in names]
    kept = select(found, [0.6, 0.9, 0.7, 0.2], threshold=0.5)
    assert [c.value for c, _ in kept] == ["Acme Widgets, Inc.", "Borealis Partners LLC"]
    assert [s for _, s in kept] == [0.9, 0.7]
    assert select(found, [0.6, 0.9, 0.7, 0.2], threshold=0.95) == []


def test_a_shorter_name_with_a_legal_form_is_another_party() -> None:
    names = ["Sykes HealthPlan Services, Inc.", "HealthPlan Services, Inc.",
             "Dialog Semiconductor (UK) Ltd.", "Dialog Semiconductor"]  # fmt: skip
    kept = select([_candidate(n) for n in names], [0.9, 0.8, 0.7, 0.6], threshold=0.5)
    assert [c.value for c, _ in kept] == names[:3]


def test_a_fitted_ranker_saves_loads_and_scores_like_before(tmp_path: Path) -> None:
    rows = [_candidate("x", legal_form=float(i % 2), src_slot=float(i % 2)).features
            for i in range(80)]  # fmt: skip
    ranker = PartyRanker(threshold=0.4, max_iter=20, min_samples_leaf=5)
    ranker.fit(rows, [i % 2 for i in range(80)])
    ranker.save(tmp_path / RANKER_FILE)
    loaded = load_party_ranker(tmp_path)
    assert loaded is not None and loaded.threshold == 0.4
    assert (loaded.predict_proba(rows) == ranker.predict_proba(rows)).all()
    assert loaded.predict_proba(rows[:2])[1, 1] > 0.5 > loaded.predict_proba(rows[:2])[0, 1]


def test_an_unfitted_ranker_says_so() -> None:
    with pytest.raises(ModelError, match="E203"):
        PartyRanker().predict_proba([_candidate("x").features])


def test_without_a_ranker_file_the_rules_give_the_parties(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "c.pdf", preamble_contract("Acme Widgets, Inc.", "Borealis LLC"))
    (tmp_path / "models").mkdir()
    fields = FieldExtractor(model_dir=str(tmp_path / "models"))
    assert fields.party_ranker is None
    found = fields(extract_document(str(path), "c"), "contract")
    parties = [v for v in found.values if v.name == "parties"]
    assert [v.value for v in parties] == ["Acme Widgets, Inc.", "Borealis LLC"]
    assert all(v.extractor.startswith("pattern.") for v in parties)
