"""The header labeller: trained on a small synthetic GROBID corpus, saved and loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo.errors import ModelError
from kpo.models.header_model import (
    CARD_FILE,
    CRF_FILE,
    LINES_FILE,
    HeaderLabeller,
    load_header_labeller,
)
from kpo.models.train_headers import HeaderSet, read_training

from .grobid_papers import write_corpus


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> HeaderSet:
    return read_training(write_corpus(tmp_path_factory.mktemp("grobid"), 40))


@pytest.fixture(scope="module")
def labeller(papers: HeaderSet) -> HeaderLabeller:
    return HeaderLabeller.fit(papers.tokens[:30], papers.fields[:30])


def test_labels_held_out_papers(papers: HeaderSet, labeller: HeaderLabeller) -> None:
    right = total = 0
    for tokens, fields in zip(papers.tokens[30:], papers.fields[30:], strict=True):
        labels = labeller.label(tokens)
        assert len(labels) == len(tokens)
        assert all(0.0 <= item.probability <= 1.0 for item in labels)
        right += sum(item.field == f for item, f in zip(labels, fields, strict=True))
        total += len(fields)
    assert right / total > 0.95


def test_dates_and_ids_come_from_the_crf(papers: HeaderSet, labeller: HeaderLabeller) -> None:
    tokens, fields = papers.tokens[35], papers.fields[35]
    labels = labeller.label(tokens)
    assert [t.text for t, item in zip(tokens, labels, strict=True) if item.field == "date"] == [
        t.text for t, f in zip(tokens, fields, strict=True) if f == "date"
    ]


def test_no_tokens_no_labels(labeller: HeaderLabeller) -> None:
    assert labeller.label([]) == []


def test_saved_and_loaded_it_labels_the_same(
    papers: HeaderSet, labeller: HeaderLabeller, tmp_path: Path
) -> None:
    labeller.save(tmp_path, {"model_version": "test"})
    loaded = load_header_labeller(tmp_path)
    assert loaded is not None
    assert loaded.label(papers.tokens[31]) == labeller.label(papers.tokens[31])


def test_a_folder_without_the_model_has_none(tmp_path: Path) -> None:
    assert load_header_labeller(tmp_path) is None


def test_a_damaged_model_is_a_model_error(labeller: HeaderLabeller, tmp_path: Path) -> None:
    labeller.save(tmp_path, {"model_version": "test"})
    (tmp_path / CARD_FILE).write_text("{not json")
    with pytest.raises(ModelError, match="E202"):
        load_header_labeller(tmp_path)
    labeller.save(tmp_path, {"model_version": "test"})
    (tmp_path / LINES_FILE).write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="E202"):
        load_header_labeller(tmp_path)
    labeller.save(tmp_path, {"model_version": "test"})
    (tmp_path / CRF_FILE).write_bytes(b"not a crf")
    with pytest.raises(ModelError, match="E202"):
        load_header_labeller(tmp_path)
