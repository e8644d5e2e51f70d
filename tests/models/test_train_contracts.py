"""Both contract rankers trained from one pass over a labelled set."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.datasets.labels import write_labels
from kpo.models.date_ranker import DATE_RANKER_FILE, load_date_ranker
from kpo.models.party_ranker import RANKER_FILE, load_party_ranker
from kpo.models.train_contracts import train_contract_rankers

from .contract_pdfs import dated_set, labelled_set

pytestmark = pytest.mark.slow


def test_one_pass_trains_the_party_and_the_date_ranker(tmp_path: Path) -> None:
    root = tmp_path / "contracts"
    records = labelled_set(root) + dated_set(root)
    write_labels(root / "labels.jsonl", records)
    cards = train_contract_rankers(tmp_path / "models", [root], workers=1)
    assert set(cards) == {"party_ranker", "date_ranker"}
    assert cards["party_ranker"]["data"]["documents"] == 20  # the dated set labels no parties
    assert cards["date_ranker"]["data"]["documents"] == 20
    assert (tmp_path / "models" / RANKER_FILE).is_file()
    assert (tmp_path / "models" / DATE_RANKER_FILE).is_file()
    party, dates = load_party_ranker(tmp_path / "models"), load_date_ranker(tmp_path / "models")
    assert party is not None and party.version_ == cards["party_ranker"]["model_version"]
    assert dates is not None and dates.version_ == cards["date_ranker"]["model_version"]


def test_each_fold_gets_rankers_fitted_without_it(tmp_path: Path) -> None:
    import json

    from kpo.models.party_ranker import RANKER_CARD
    from kpo.models.train_confidence import source_folds, source_group

    root = tmp_path / "contracts"
    records = labelled_set(root) + dated_set(root)
    write_labels(root / "labels.jsonl", records)
    folds = source_folds(records, k=2)
    train_contract_rankers(tmp_path / "models", [root], workers=1, folds=folds,
                           fold_dir=tmp_path / "folds")  # fmt: skip
    for k in (0, 1):
        card = json.loads((tmp_path / "folds" / str(k) / RANKER_CARD).read_text())
        kept = [r for r in records[:20] if folds[source_group(r)] != k]  # the party set
        assert card["data"]["documents"] == len(kept) < 20
