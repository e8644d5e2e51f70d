"""The classifier against near misses, with real labelled sets, and its held-out evaluation."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from kpo.datasets.generator import document_seed, generate_corpus, write_document
from kpo.datasets.labels import write_labels
from kpo.models import classifier_eval
from kpo.models.classifier import DocTypeClassifier
from kpo.models.classifier_eval import Example, held_out, out_of_fold
from kpo.models.classifier_real import header_examples, real_examples
from kpo.models.train_classifier import pdf_text, train_default_classifier

SMALL = {"min_df": 1, "word_max_features": 3000, "char_max_features": 3000}


def texts_of(root: Path, kind: str, seeds: range) -> list[str]:
    docs = [write_document(root, f"{kind}_{s}", "other", s, near_miss=kind) for s in seeds]
    return [pdf_text(root / "pdfs" / d.file) for d in docs]


@pytest.fixture(scope="module")
def mix(tmp_path_factory: pytest.TempPathFactory) -> DocTypeClassifier:
    """A small model trained on the generated corpus with near misses."""
    out = tmp_path_factory.mktemp("mix")
    records = generate_corpus(out, 120, seed=21, near_miss_share=0.4)
    texts = [pdf_text(out / "pdfs" / r.file) for r in records]
    return DocTypeClassifier(**SMALL).fit(texts, [r.doc_type for r in records])


@pytest.fixture(scope="module")
def unseen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Near misses of seeds the model never saw."""
    out = tmp_path_factory.mktemp("unseen")
    kinds = ("policy", "blank_claim", "slides", "insurance_paper")
    return {k: texts_of(out, k, range(9000, 9004)) for k in kinds}


def test_tells_a_policy_from_a_claim(mix: DocTypeClassifier, unseen: dict[str, list[str]]) -> None:
    assert list(mix.predict(unseen["policy"])) == ["other"] * 4
    assert list(mix.predict(unseen["blank_claim"])) == ["claim"] * 4


def test_tells_slides_from_a_paper(mix: DocTypeClassifier, unseen: dict[str, list[str]]) -> None:
    assert list(mix.predict(unseen["slides"])) == ["other"] * 4
    assert list(mix.predict(unseen["insurance_paper"])) == ["research_paper"] * 4


@pytest.fixture(scope="module")
def real_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A labelled set in the corpus format: four filers' contracts and one unreadable file."""
    root = tmp_path_factory.mktemp("real")
    records = []
    for i, filer in enumerate(("Acme", "Acme", "Birch", "Cedar", "Dune", "Dune")):
        record = write_document(root, f"{filer}_{i}", "contract", document_seed(5, i))
        extra = {"source_path": f"CUAD/{filer}Inc_2001_EX-10_{i}.pdf"}
        records.append(replace(record, extra=extra))
    (root / "pdfs" / "contract" / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    write_labels(root / "labels.jsonl", records)
    with (root / "labels.jsonl").open("a") as fh:
        fh.write(json.dumps({"file": "contract/broken.pdf", "doc_type": "contract"}) + "\n")
        fh.write(json.dumps({"file": "contract/missing.pdf", "doc_type": "contract"}) + "\n")
    return root


def test_real_examples_are_grouped_by_filer_and_skip_unreadable_files(real_set: Path) -> None:
    examples = real_examples([real_set])
    assert len(examples) == 6
    assert {e.group for e in examples} == {"real:acmeinc", "real:birchinc", "real:cedarinc",
                                           "real:duneinc"}  # fmt: skip
    assert {e.label for e in examples} == {"contract"}
    assert all(e.kind == f"real:{real_set.name}" and e.weight == 0.25 for e in examples)
    assert {e.weight for e in real_examples([real_set], weight=1.0)} == {1.0}


def header_row(token: str, start: bool) -> str:
    position = "LINESTART" if start else "LINEIN"
    return f"{token} {token.lower()} {token[0]} x x x x x x x BLOCKIN {position} ALIGNEDLEFT 0 0"


def test_a_grobid_header_corpus_is_read_for_checks_not_for_training(tmp_path: Path) -> None:
    (tmp_path / "tei").mkdir()
    (tmp_path / "raw").mkdir()
    lines = [("Deep", True), ("Nets", False), ("Ann", True), ("Lee", False), ("Abstract", True)]
    rows = [header_row(t, s) for t, s in lines]
    (tmp_path / "raw" / "p1.training.header").write_text("\n".join(rows) + "\n")
    (tmp_path / "raw" / "p2.training.header").write_text(rows[0] + "\n")
    assert real_examples([tmp_path]) == []
    examples = header_examples(tmp_path, weight=0.5)
    assert [e.text for e in examples] == ["Deep Nets\nAnn Lee\nAbstract", "Deep"]
    assert {e.label for e in examples} == {"research_paper"}
    assert [e.group for e in examples] == ["real:grobid:p1", "real:grobid:p2"]
    assert {e.weight for e in examples} == {0.5}
    assert header_examples(tmp_path)[0].weight == 0.25


def test_no_group_is_on_both_sides_of_a_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[set[str]] = []

    class Recorder(DocTypeClassifier):  # type: ignore[misc]
        def fit(self, X: list[str], y: list[str], w: list[float] | None = None) -> Recorder:
            seen.append(set(X))
            return super().fit(X, y, w)

    monkeypatch.setattr(classifier_eval, "DocTypeClassifier", Recorder)
    labels = ("contract", "claim", "other", "research_paper")
    pool = [
        Example(f"{g} {labels[g % 4]} text {i} " * 5, labels[g % 4], f"g{g}", "")
        for g in range(8)
        for i in range(3)
    ]
    predicted = out_of_fold(SMALL, pool, folds=4)
    assert len(seen) == 4 and all(predicted)
    for trained_on in seen:
        groups = {e.group for e in pool if e.text in trained_on}
        assert all(e.group not in groups for e in pool if e.text not in trained_on)


def test_held_out_reports_real_near_miss_and_generated_parts() -> None:
    pool = [Example(f"word{i % 4} " * 20, "contract" if i % 2 else "other", f"real:{i}", "")
            for i in range(8)]  # fmt: skip
    pool += [Example(f"slide{i % 2} " * 20, "other", f"template:{i % 2}", "near_slides:x")
             for i in range(4)]  # fmt: skip
    pool += [Example(f"claim{i} " * 20, "claim", f"seed:{i}", "form") for i in range(4)]
    report = held_out(SMALL, pool, folds=3)
    assert (report["real"]["n"], report["near_miss"]["n"], report["generated"]["n"]) == (8, 4, 4)
    assert report["near_miss_by_kind"]["near_slides"]["n"] == 4
    assert sum(map(sum, report["real"]["confusion"])) == 8


def test_training_with_a_real_set_records_it_on_the_card(real_set: Path, tmp_path: Path) -> None:
    card = train_default_classifier(
        tmp_path, n_docs=24, seed=4, params=SMALL, real=[real_set], held_out_folds=2
    )
    assert card["data"]["real_sets"] == [real_set.name]
    assert card["data"]["real_examples"] == 6
    assert card["data"]["train"] == card["data"]["real_examples"] + sum(
        sum(k.values()) for k in card["data"]["train_kinds"].values()
    )
    assert card["metrics"]["held_out"]["real"]["n"] == 6
    assert card["metrics"]["held_out"]["folds"] == 2
    plain = train_default_classifier(tmp_path / "p", n_docs=24, seed=4, params=SMALL)
    assert plain["data"]["real_examples"] == 0 and "held_out" not in plain["metrics"]
    assert plain["model_version"] != card["model_version"]


def test_a_lighter_example_pulls_the_fit_less() -> None:
    texts = [
        "the parties agree to the terms of this agreement and its schedules hereby",
        "quarterly revenue chart with bullets and speaker notes for the sales team",
        "invoice number total amount due payment terms thirty days bank transfer",
        "minutes of the board meeting approved budget adjourned motion carried",
    ]
    labels = ["contract", "contract", "other", "other"]
    probe = [texts[1]]
    full = DocTypeClassifier(**SMALL).fit(texts, labels, [1.0, 1.0, 1.0, 1.0])
    light = DocTypeClassifier(**SMALL).fit(texts, labels, [1.0, 0.05, 1.0, 1.0])
    assert light.predict_proba(probe)[0, 0] < full.predict_proba(probe)[0, 0] - 0.05
