"""A small batch written straight from records (no PDFs, no models), with review decisions.

Loaded by the deliverable tests through ``load()`` (the suite imports test modules
with ``--import-mode=importlib``, so siblings are not importable by name).

The batch of client ``acme``, id ``b1``:

- contract A: two parties (the second waits for review), a date, "$1,250,000.00",
  governing law corrected by a reviewer, a table with an empty cell;
- claim B: "EUR 3.400,50", a policy number a reviewer rejected, an audit-sample
  item still open (not withheld);
- contract C: "KSh 12,000", its type uncertain, reclassified by a reviewer to other;
- paper D: its type waits for review (withheld by default);
- E: a corrupt file; F: a copy of A.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from kpo.records import (
    Box,
    Classification,
    DocType,
    DocumentMeta,
    DocumentResult,
    FieldSet,
    FieldValue,
    Page,
    ReviewItem,
    Table,
)
from kpo.review.model import Decision
from kpo.review.queue import ReviewQueue
from kpo.rows import result_rows
from kpo.writer import BatchWriter

CLIENT, BATCH = "acme", "b1"
DOC = {k: k * 64 for k in "abcdef"}  # doc ids: "aaaa...", "bbbb...", ...
MODEL = "fields-test-1"
REVIEWER = "rita"


def load() -> ModuleType:
    """This module, loaded once under a stable name."""
    name = "kpo_tests_deliver_sample"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _cls(doc_type: DocType, p: float) -> Classification:
    rest = (1.0 - p) / 3
    probs = tuple((t, p if t == doc_type else rest) for t in ("contract", "research_paper",
                  "claim", "other"))  # fmt: skip
    return Classification(doc_type, probs, "doctype-test-1")  # type: ignore[arg-type]


def _v(name: str, value: str, raw: str, conf: float, index: int = 0) -> FieldValue:
    box = Box(72.0, 100.0 + 10 * index, 200.0, 110.0 + 10 * index)
    return FieldValue(name, value, raw, conf, 1, box, "test.rule", index)


def _page(tables: tuple[Table, ...] = ()) -> Page:
    return Page(1, 612.0, 792.0, "text", (), tables=tables)


def _result(key: str, path: str, doc_type: DocType, p: float, values: tuple[FieldValue, ...],
            missing: tuple[str, ...], review: tuple[ReviewItem, ...] = (),
            pages: tuple[Page, ...] = ()) -> DocumentResult:  # fmt: skip
    return DocumentResult(
        doc_id=DOC[key], path=path, size_bytes=1000, status="ok",
        meta=DocumentMeta(page_count=1, title=f"title {key}"), pages=pages or (_page(),),
        classification=_cls(doc_type, p), fields=FieldSet(doc_type, values, missing, MODEL),
        review=review,
    )  # fmt: skip


def _item(key: str, doc_type: DocType, field: str | None, value: str | None,
          reason: str = "low_confidence") -> ReviewItem:  # fmt: skip
    return ReviewItem(DOC[key], reason, doc_type, field, value, 0.3, 0.7, 1)  # type: ignore[arg-type]


def results() -> list[DocumentResult]:
    table = Table(1, 0, Box(50, 400, 500, 450), (("Item", "Price"), ("Widget", None)))
    contract_a = _result(
        "a", "in/a_contract.pdf", "contract", 0.95,
        (_v("parties", "Acme Corp", "ACME CORP", 0.95),
         _v("parties", "Beta LLC", "Beta LLC", 0.4, 1),
         _v("agreement_date", "2024-01-15", "January 15, 2024", 0.9),
         _v("governing_law", "New York", "New York", 0.5),
         _v("contract_value", "$1,250,000.00", "$1,250,000.00", 0.88)),
        ("effective_date", "term"),
        (_item("a", "contract", "parties", "Beta LLC"),
         _item("a", "contract", "governing_law", "New York")),
        (_page((table,)),),
    )  # fmt: skip
    claim_b = _result(
        "b", "in/b_claim.pdf", "claim", 0.9,
        (_v("claim_number", "CLM-2024-001", "CLM-2024-001", 0.97),
         _v("policy_number", "PX-9", "PX-9", 0.3),
         _v("amount_claimed", "EUR 3.400,50", "EUR 3.400,50", 0.93),
         _v("date_of_loss", "2023-05-02", "2 May 2023", 0.92)),
        ("claimant_name",),
        (_item("b", "claim", "policy_number", "PX-9"),
         _item("b", "claim", "claim_number", "CLM-2024-001", "audit_sample")),
    )  # fmt: skip
    contract_c = _result(
        "c", "in/c_letter.pdf", "contract", 0.45,
        (_v("contract_value", "KSh 12,000", "KSh 12,000", 0.8),), ("parties",),
        (_item("c", "contract", None, "contract", "low_type_probability"),),
    )  # fmt: skip
    paper_d = _result(
        "d", "in/d_paper.pdf", "research_paper", 0.5,
        (_v("title", "On Tests", "On Tests", 0.9), _v("authors", "A. One", "A. One", 0.9),
         _v("authors", "B. Two", "B. Two", 0.85, 1), _v("year", "2021", "2021", 0.9)),
        ("abstract", "doi", "arxiv_id"),
        (_item("d", "research_paper", None, "research_paper", "low_type_probability"),),
    )  # fmt: skip
    failed_e = DocumentResult(DOC["e"], "in/e_broken.pdf", 900, "failed", message="E304 corrupt")
    return [contract_a, claim_b, contract_c, paper_d, failed_e]


def write_batch(workspace: Path, client: str = CLIENT, batch_id: str = BATCH) -> None:
    """The batch's Parquet and its review items, as ``kpo run`` leaves them."""
    writer = BatchWriter(workspace / "batches" / client / batch_id, {"client": client,
                         "batch_id": batch_id})  # fmt: skip
    review: list[tuple[str, ReviewItem]] = []
    all_results = results()
    for result in all_results:
        writer.add(result_rows(client, batch_id, result))
        review.extend((result.path, item) for item in result.review)
    copy = DocumentResult(DOC["a"], "in/f_copy.pdf", 1000, "duplicate", message="E312 copy")
    writer.add(result_rows(client, batch_id, copy, "in/a_contract.pdf"))
    summary = {"queued_for_review": len(review)}  # as kpo run records it
    writer.commit({"summary": summary, "model_versions": {"classifier": "doctype-test-1",
                                                          "fields": MODEL}})  # fmt: skip
    with ReviewQueue(workspace / "review.sqlite") as queue:
        queue.add_batch(client, batch_id, review)


def decide(workspace: Path, client: str, doc_key: str, field: str | None,
           decision: Decision, reviewer: str = REVIEWER) -> None:  # fmt: skip
    """Claim and decide the item of one document and field."""
    with ReviewQueue(workspace / "review.sqlite") as queue:
        item = next(
            i
            for i in queue.list_items()
            if i.client == client and i.doc_id == DOC[doc_key] and i.field == field
            and i.decision is None
        )  # fmt: skip
        claim = queue.claim(item.item_id, reviewer)
        queue.decide(item.item_id, reviewer, claim.token, decision)


def standard_decisions(workspace: Path, client: str = CLIENT) -> None:
    """Correct A's governing law, reject B's policy number, reclassify C to other."""
    decide(workspace, client, "a", "governing_law", Decision("correct", value="Delaware"))
    decide(workspace, client, "b", "policy_number", Decision("reject", reason="not a policy"))
    decide(workspace, client, "c", None, Decision("reclassify", doc_type="other"))


def build(workspace: Path, client: str = CLIENT, batch_id: str = BATCH) -> Path:
    write_batch(workspace, client, batch_id)
    standard_decisions(workspace, client)
    return workspace
