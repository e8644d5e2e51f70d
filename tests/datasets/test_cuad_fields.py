"""CUAD's answers converted to kpo's fields: each row of the copy, renewal terms, the
check against the PDF's text, and agreement with corpus-train's labels.

One test reads ../shared/corpus-train/contracts, whose ``cuad`` rows are real CUAD
rows, and is skipped when that folder is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kpo.datasets.cuad import contracts_from_labels, read_master_clauses
from kpo.datasets.cuad_fields import contract_fields, renewal_term

from .cuad_copy import EXPECTED

CORPUS_TRAIN = Path(__file__).resolve().parents[3] / "shared" / "corpus-train" / "contracts"


@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
def test_the_fields_of_each_row_follow_the_corpus_train_rules(
    cuad: Path, index: int, expected: tuple[dict[str, Any], tuple[str, ...]]
) -> None:
    conversion = contract_fields(read_master_clauses(cuad).contracts[index])
    assert (dict(conversion.fields), conversion.notes) == expected


@pytest.mark.parametrize(
    ("answer", "summary"),
    [
        ("successive 1 year", "renews for successive 1-year terms"),
        ("sucessive 1 year", "renews for successive 1-year terms"),
        ("2 successive 10 years", "renews for up to 2 successive 10-year terms"),
        ("10 1 years", "renews for up to 10 successive 1-year terms"),
        ("three (3) years", "renews for a 3-year term"),
        ("12 months", "renews for a 12-month term"),
        ("successive [] years", "renews for successive terms (length redacted)"),
        ("perpetual", "renews perpetually"),
        ("4 years, 6 months", "renewal term: 4 years, 6 months"),
    ],
)
def test_renewal_answers_become_words(answer: str, summary: str) -> None:
    assert renewal_term(answer) == summary


def test_with_the_text_unprinted_dates_and_names_are_left_out(cuad: Path) -> None:
    acme, big_river, _ = read_master_clauses(cuad).contracts
    text = (
        "SUPPLY AGREEMENT between Acme Widgets, Inc. and Bolt & Nut Trading Ltd. on March 2, 2015"
    )
    conversion = contract_fields(acme, text)
    assert conversion.fields["parties"] == ["Acme Widgets, Inc.", "Bolt & Nut Trading Ltd."]
    assert conversion.fields["agreement_date"] == "2015-03-02"
    assert "contract_type" in conversion.fields
    unprinted = contract_fields(
        acme, "An agreement between Acme Widgets, Inc. and another company."
    )
    assert {"parties", "agreement_date", "effective_date", "contract_type"}.isdisjoint(
        unprinted.fields
    )
    assert unprinted.notes == (
        'parties left out: "Bolt & Nutt Trading Ltd." is not printed in the document',
        "agreement_date left out: CUAD answer 2015-03-02 is not printed in the document",
        "effective_date left out: CUAD answer 2015-03-02 is not printed in the document",
    )
    # the span's date, though the text is empty
    assert contract_fields(big_river, "").fields["agreement_date"] == "1999-10-12"


@pytest.mark.skipif(
    not (CORPUS_TRAIN / "labels.jsonl").exists(), reason="no ../shared/corpus-train"
)
def test_the_conversion_agrees_with_corpus_train_labels() -> None:
    """corpus-train's fields were made from these rows with the PDFs' text; without the
    text, what disagrees (12 of 2,184 when written) needs the text to settle."""
    rows = [json.loads(line) for line in (CORPUS_TRAIN / "labels.jsonl").open(encoding="utf-8")]
    agree: dict[str, int] = {}
    for contract, row in zip(contracts_from_labels(rows), rows, strict=True):
        fields = contract_fields(contract).fields
        for key in (
            "contract_type",
            "parties",
            "agreement_date",
            "effective_date",
            "governing_law",
            "term",
        ):
            agree[key] = agree.get(key, 0) + (fields.get(key) == row["fields"].get(key))
    assert len(rows) == 364
    assert agree == agree | {"governing_law": 364, "term": 364}
    assert min(agree["agreement_date"], agree["effective_date"], agree["contract_type"]) >= 360
    assert agree["parties"] >= 356
