"""Decisions exported as labelled examples in the corpus label format."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from kpo.models.train_calibration import judge, labelled
from kpo.models.train_reviewed import read_reviewed
from kpo.records import Box, ReviewItem
from kpo.review.export import export_labels, write_labels
from kpo.review.model import Decision
from kpo.review.queue import ReviewQueue
from kpo.review.service import ReviewService


def _decide_all(review: ReviewService, decisions: list[Decision]) -> None:
    for decision in decisions:
        claim = review.claim_next("ann")
        assert claim
        review.decide(claim.item.item_id, "ann", claim.token, decision)


def test_list_fields_reclassification_and_rejections(review: ReviewService) -> None:
    items = [
        ReviewItem("d1", "low_type_probability", "contract", None, "contract", 0.5, 0.6),
        ReviewItem("d1", "low_confidence", "contract", "parties", "ACME", 0.4, 0.7),
        ReviewItem("d1", "audit_sample", "contract", "parties", "Globex", 0.9, 0.7),  # type: ignore[arg-type]
        ReviewItem("d1", "low_confidence", "contract", "term", "2 years", 0.4, 0.7),
        ReviewItem("d1", "missing_required", "contract", "agreement_date"),
    ]
    review.add_batch("acme", "b1", [("/in/d1.pdf", i) for i in items])
    _decide_all(review, [
        Decision("reclassify", doc_type="claim"),
        Decision("accept"),
        Decision("correct", value="Globex Inc."),
        Decision("reject", reason="not a term"),
        Decision("correct", value="2024-01-31"),
    ])  # fmt: skip
    [row] = list(export_labels(review, "acme"))
    assert row["file"] == "/in/d1.pdf" and row["doc_type"] == "claim"
    assert row["fields"] == {"parties": ["ACME", "Globex Inc."], "agreement_date": "2024-01-31"}
    assert row["reviewed"] == ["agreement_date", "doc_type", "parties", "term"]
    assert row["reviewers"] == ["ann"] and row["doc_id"] == "d1"
    out = io.StringIO()
    assert write_labels([row], out) == 1
    assert json.loads(out.getvalue())["fields"]["agreement_date"] == "2024-01-31"


def test_undecided_items_are_not_exported(review: ReviewService) -> None:
    review.add_batch("acme", "b1", [("/a.pdf", ReviewItem("d", "low_confidence", "claim", "x",
                                                          "v", 0.1, 0.7))])  # fmt: skip
    review.claim_next("ann")
    assert list(export_labels(review)) == []


def test_a_version_1_sqlite_queue_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('schema_version', '1');"
        "CREATE TABLE items (item_id INTEGER PRIMARY KEY AUTOINCREMENT, client TEXT NOT NULL, "
        "batch_id TEXT NOT NULL, doc_id TEXT NOT NULL, path TEXT NOT NULL, doc_type TEXT NOT NULL, "
        "field TEXT, reason TEXT NOT NULL, value TEXT, confidence REAL, threshold REAL, "
        "page_number INTEGER, x0 REAL, top REAL, x1 REAL, bottom REAL, "
        "status TEXT NOT NULL DEFAULT 'open', created_at TEXT NOT NULL);"
        "INSERT INTO items (client, batch_id, doc_id, path, doc_type, field, reason, value, "
        "created_at) VALUES ('acme', 'b1', 'd', '/a.pdf', 'claim', 'x', 'low_confidence', 'v', "
        "'2026-01-01T00:00:00+00:00');"
    )
    db.close()
    with ReviewQueue(path) as queue:
        claim = queue.claim_next("ann")
        assert claim and claim.item.value == "v"
        queue.decide(claim.item.item_id, "ann", claim.token, Decision("accept"))
        assert queue.counts("acme").by_status == {"done": 1}


def _contract(field: str | None, value: str | None, reason: str = "low_confidence") -> ReviewItem:
    return ReviewItem("d1", reason, "contract", field, value, 0.4, 0.7, 1)  # type: ignore[arg-type]


def test_absent_fields_and_drawn_boxes_are_exported_and_read_back_for_training(
    review: ReviewService, tmp_path: Path
) -> None:
    items = [
        _contract("agreement_date", None, "missing_required"),
        _contract("governing_law", "New Yrok"),
        _contract("parties", "ACME"),
        _contract("parties", "Globex"),
        _contract("effective_date", "2024-02-01"),
        _contract("term", "2 years"),
    ]
    review.add_batch("acme", "b1", [("/in/d1.pdf", i) for i in items])
    _decide_all(review, [
        Decision("absent"),
        Decision("correct", value="New York", box=Box(10, 20, 80, 30), page_number=2),
        Decision("accept"),
        Decision("correct", value="Globex Inc.", box=Box(1, 2, 3, 4)),
        Decision("absent"),
        Decision("correct", value="3 years"),  # no box drawn: none exported
    ])  # fmt: skip
    [row] = list(export_labels(review, "acme"))
    assert row["fields"] == {"agreement_date": None, "governing_law": "New York",
                             "parties": ["ACME", "Globex Inc."], "effective_date": None,
                             "term": "3 years"}  # fmt: skip
    assert row["boxes"] == {"governing_law": [2.0, 10.0, 20.0, 80.0, 30.0],
                            "parties[1]": [1.0, 1.0, 2.0, 3.0, 4.0]}  # fmt: skip
    path = tmp_path / "reviewed.jsonl"
    with path.open("w", encoding="utf-8") as out:
        write_labels([row], out)
    [record] = read_reviewed([path])  # what `kpo train --reviewed` reads
    assert record.boxes["governing_law"] == (2.0, 10.0, 20.0, 80.0, 30.0)
    assert record.fields["agreement_date"] is None
    found = [("agreement_date", "2024-01-01", 0.9, "x"), ("governing_law", "New York", 0.8, "x")]
    judged = judge(record, labelled(record, found))  # a value found for an absent field is wrong
    assert [ok for _, ok in judged] == [0, 1]


def test_a_list_field_marked_absent_is_an_empty_list(review: ReviewService) -> None:
    review.add_batch("acme", "b1", [("/in/d1.pdf", _contract("parties", None, "missing_required"))])
    _decide_all(review, [Decision("absent")])
    [row] = list(export_labels(review, "acme"))
    assert row["fields"] == {"parties": []} and "boxes" not in row


def test_a_document_type_typed_before_typed_answers_is_not_exported(
    review: ReviewService,
) -> None:
    review.add_batch("acme", "b1", [("/in/d1.pdf", _contract(None, "contract",
                                                             "low_type_probability"))])  # fmt: skip
    claim = review.claim_next("ann")
    assert claim
    typed = Decision("correct", value="Invoice")  # as kpo stored it before typed answers
    review.store.insert_decision(claim.item.item_id, "ann", claim.token, 1.0, typed)
    [row] = list(export_labels(review, "acme"))
    assert row["doc_type"] == "contract"  # not "Invoice", which training refuses whole (E002)
