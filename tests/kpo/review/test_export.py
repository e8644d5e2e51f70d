"""Decisions exported as labelled examples in the corpus label format."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from kpo.records import ReviewItem
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
