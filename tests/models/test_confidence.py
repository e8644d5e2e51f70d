"""The value-confidence model: features of a value, fit, ranking, calibration, persistence."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from kpo.errors import ModelError
from kpo.models.confidence import CONFIDENCE_FILE, ValueConfidence, load_value_confidence
from kpo.models.metrics import auroc
from kpo.models.value_features import FEATURE_NAMES, document_features
from kpo.records import Box, DocumentMeta, ExtractedDocument, FieldValue, Page, Word


def _doc(text: str, pages: int = 2) -> ExtractedDocument:
    words = tuple(Word(w, 10.0 * i, 100, 10.0 * i + 8, 110, 10) for i, w in enumerate(text.split()))
    page = Page(1, 612, 792, text, words)
    rest = tuple(Page(n, 612, 792, "", ()) for n in range(2, pages + 1))
    return ExtractedDocument("d", "d.pdf", DocumentMeta(pages), (page, *rest))


def _value(name: str, value: str, conf: float = 0.9, index: int = 0) -> FieldValue:
    return FieldValue(name, value, value, conf, 1, Box(10, 396, 80, 410), f"rule.{name}", index)


def test_features_describe_the_value_and_what_else_was_found() -> None:
    doc = _doc("THIS AGREEMENT between Acme Widgets, Inc. and the Company dated 2001-05-01 "
               "Acme Widgets, Inc. 1999 and 1999")  # fmt: skip
    values = [
        _value("parties", "Acme Widgets, Inc."),
        _value("parties", "the Company", index=1),
        _value("agreement_date", "2001-05-01"),
        _value("effective_date", "2001-06-01"),
    ]
    acme, company, agreement, _ = document_features(values, doc)
    assert set(acme) == set(FEATURE_NAMES)
    assert acme["legal_form"] == 1.0 and acme["leading_article"] == 0.0
    assert company["leading_article"] == 1.0 and company["role_word"] == 1.0
    assert acme["values_of_field"] == 2.0 and company["index_in_field"] == 1.0
    assert acme["occurrences_log"] > company["occurrences_log"] > 0
    assert agreement["dates_agree"] == -1.0 and agreement["digit_share"] > 0.7
    assert agreement["year_offset"] == 2.0  # 2001 against the median of 1999, 1999, 2001
    assert acme["top_share"] == pytest.approx(396 / 792) and acme["pages_log"] > 1


def _rows(n: int, seed: int) -> tuple[list[dict[str, float | str]], list[int], list[str]]:
    """Values whose raw score says little; a legal form says whether a party is right."""
    rng = random.Random(seed)
    rows, labels, groups = [], [], []
    for i in range(n):
        legal = rng.random() < 0.5
        row: dict[str, float | str] = dict.fromkeys(FEATURE_NAMES, 0.0)
        row.update(field="parties", extractor="rule.parties", raw_confidence=0.99,
                   legal_form=float(legal))  # fmt: skip
        rows.append(row)
        labels.append(int(rng.random() < (0.9 if legal else 0.2)))
        groups.append(f"source{i % 40}")
    return rows, labels, groups


@pytest.fixture(scope="module")
def fitted() -> ValueConfidence:
    rows, labels, groups = _rows(800, 0)
    model = ValueConfidence(max_iter=50).fit(rows, labels, groups)
    model.doc_types_ = ["contract"]
    return model


def test_ranks_what_the_raw_score_cannot(fitted: ValueConfidence) -> None:
    rows, labels, _ = _rows(400, 1)
    p = fitted.predict(rows)
    assert auroc(list(zip(p.tolist(), map(bool, labels), strict=True))) > 0.75
    with_form = p[[r["legal_form"] == 1.0 for r in rows]]
    without = p[[r["legal_form"] == 0.0 for r in rows]]
    assert with_form.mean() == pytest.approx(0.9, abs=0.08)
    assert without.mean() == pytest.approx(0.2, abs=0.08)


def test_probabilities_stay_inside_the_clip(fitted: ValueConfidence) -> None:
    rows, _, _ = _rows(200, 2)
    p = fitted.predict(rows)
    assert p.min() >= 0.02 and p.max() <= 0.98
    assert np.allclose(fitted.predict_proba(rows).sum(axis=1), 1.0)


def test_an_unseen_category_is_scored_not_refused(fitted: ValueConfidence) -> None:
    rows, _, _ = _rows(3, 3)
    rows[0]["extractor"] = "rule.never.seen"
    assert len(fitted.predict(rows)) == 3


def test_answers_only_for_its_document_types(fitted: ValueConfidence) -> None:
    assert fitted.answers_for("contract") and not fitted.answers_for("research_paper")


def test_an_unfitted_model_says_so() -> None:
    with pytest.raises(ModelError, match="E203"):
        ValueConfidence().predict([])


def test_one_class_is_refused() -> None:
    rows, _, groups = _rows(50, 4)
    with pytest.raises(ValueError, match="both right and wrong"):
        ValueConfidence().fit(rows, [1] * 50, groups)


def test_saved_and_loaded_it_predicts_the_same(fitted: ValueConfidence, tmp_path: Path) -> None:
    fitted.save(tmp_path / CONFIDENCE_FILE)
    loaded = load_value_confidence(tmp_path)
    assert loaded is not None
    rows, _, _ = _rows(50, 5)
    assert np.array_equal(loaded.predict(rows), fitted.predict(rows))
    assert load_value_confidence(tmp_path / "nowhere") is None
