"""Training the header labeller: cross-validated figures, learned curves, a loadable model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kpo.models.fields_header import load_header_model
from kpo.models.header_model import Labelled
from kpo.models.train_headers import group_key, judge, read_training, train_header_model

from .grobid_papers import write_corpus


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    corpus = write_corpus(tmp_path_factory.mktemp("grobid"), 24)
    out = tmp_path_factory.mktemp("model")
    return out, train_header_model(out, corpus, folds=2, jobs=1)


def test_the_card_reports_cross_validated_figures(trained: tuple[Path, dict[str, Any]]) -> None:
    _, card = trained
    assert card["data"]["papers"] == 24
    cv = card["cross_validated"]
    assert cv["folds"] == 2
    title = cv["by_field"]["title"]
    assert title["gold"] == 24 and title["value_f1"] > 0.9
    assert 0.0 <= title["ece"] <= 1.0
    assert set(card["curves"]) <= {"title", "authors", "year", "doi", "arxiv_id"}


def test_the_saved_model_gives_clipped_confidences(trained: tuple[Path, dict[str, Any]]) -> None:
    out, _ = trained
    model = load_header_model(out)
    assert model is not None
    low, high = model.clip
    assert (low, high) == (0.02, 0.98)
    assert all(low <= model.confidence(f, p) <= high for f in ("title", "doi") for p in (0, 1))


def test_judging_counts_right_wrong_and_gold(tmp_path: Path) -> None:
    data = read_training(write_corpus(tmp_path, 2))
    perfect = [[Labelled(f, 0.9) for f in fields] for fields in data.fields]
    judged, gold = judge(data, perfect)
    assert judged and all(j.right for j in judged)
    assert gold["title"] == 2 and gold["year"] == 2
    shifted = [
        [Labelled("other" if f == "title" else "title", 0.9) for f in fields]
        for fields in data.fields
    ]
    judged, _ = judge(data, shifted)
    assert [j.right for j in judged] == [False, False]


def test_papers_with_the_same_title_share_a_group(tmp_path: Path) -> None:
    from kpo.datasets.grobid import read_corpus

    papers = read_corpus(write_corpus(tmp_path, 3)).papers
    keys = [group_key(p) for p in papers]
    assert len(set(keys)) == 3 and all(k.isalnum() for k in keys)


def test_a_header_corpus_is_told_from_a_labelled_set(tmp_path: Path) -> None:
    from kpo.models.train_headers import is_header_corpus

    assert is_header_corpus(write_corpus(tmp_path / "grobid", 1))
    (tmp_path / "labelled" / "pdfs").mkdir(parents=True)
    (tmp_path / "labelled" / "labels.jsonl").write_text("")
    assert not is_header_corpus(tmp_path / "labelled")


def test_two_copies_train_one_model_on_both(tmp_path: Path) -> None:
    first, second = write_corpus(tmp_path / "a", 3, seed=1), write_corpus(tmp_path / "b", 2, seed=2)
    assert len(read_training([first, second]).tokens) == 5
