"""kpo deliver: typed tables, reviewed values superseding model values, versions, manifest."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow.parquet as pq
import pytest

from kpo.deliver.build import DeliveryRequest, DeliveryResult, deliver
from kpo.deliver.rows import amount, document_row, sort_documents
from kpo.deliver.schema import DELIVERABLE_SCHEMA_VERSION, SCHEMAS
from kpo.errors import WorkspaceError
from kpo.review.model import Decision


@pytest.fixture(scope="module")
def ws(deliver_sample: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the sample batch and its standard decisions (read-only for tests)."""
    return deliver_sample.build(tmp_path_factory.mktemp("ws"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def delivered(ws: Path, tmp_path_factory: pytest.TempPathFactory) -> DeliveryResult:
    return deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path_factory.mktemp("out")))


def _rows(result: DeliveryResult, table: str) -> list[dict[str, Any]]:
    return pq.read_table(Path(result.location) / f"{table}.parquet").to_pylist()  # type: ignore[no-any-return]


def _by_doc(result: DeliveryResult, table: str) -> dict[str, dict[str, Any]]:
    return {r["doc_id"][0]: r for r in _rows(result, table)}


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$1,250,000.00", Decimal("1250000"), "USD"),
        ("EUR 3.400,50", Decimal("3400.50"), "EUR"),
        ("KSh 12,000", Decimal("12000"), "KES"),
        ("22.800,00 €", Decimal("22800"), "EUR"),
        ("USD 1.5 million", Decimal("1500000"), "USD"),
        ("no amount here", None, None),
    ],
)
def test_amounts_parse_with_their_currency(text: str, value: Decimal | None, currency: str) -> None:
    assert amount(text) == (value, currency)


def test_typed_tables_hold_real_types_and_values(delivered: DeliveryResult) -> None:
    contract = _by_doc(delivered, "contracts")["a"]
    assert contract["contract_value"] == Decimal("1250000")
    assert contract["contract_value_currency"] == "USD"
    assert contract["contract_value_raw"] == "$1,250,000.00"
    assert contract["agreement_date"] == dt.date(2024, 1, 15)
    assert contract["agreement_date_raw"] == "January 15, 2024"
    assert contract["term_status"] == "absent" and contract["term"] is None
    claim = _by_doc(delivered, "claims")["b"]
    assert (claim["amount_claimed"], claim["amount_claimed_currency"]) == (Decimal("3400.5"), "EUR")
    assert claim["date_of_loss"] == dt.date(2023, 5, 2)
    schema = pq.read_schema(Path(delivered.location) / "contracts.parquet")
    assert str(schema.field("parties").type) == "list<element: string>"
    assert str(schema.field("agreement_date").type) == "date32[day]"
    assert str(schema.field("contract_value").type) == "decimal128(20, 4)"


def test_a_reviewer_correction_supersedes_the_model_value(
    deliver_sample: ModuleType, delivered: DeliveryResult
) -> None:
    contract = _by_doc(delivered, "contracts")["a"]
    assert contract["governing_law"] == "Delaware"
    assert (contract["governing_law_source"], contract["governing_law_status"]) == (
        "reviewer", "reviewed")  # fmt: skip
    long = [r for r in _rows(delivered, "fields") if r["field"] == "governing_law"]
    assert len(long) == 1
    row = long[0]
    assert (row["value"], row["model_value"], row["source"]) == ("Delaware", "New York", "reviewer")
    assert row["reviewer"] == "rita" and row["review_action"] == "correct"
    assert isinstance(row["reviewed_at"], dt.datetime) and row["reviewed_at"].tzinfo is not None
    assert row["page_number"] == 1 and row["model_version"] == deliver_sample.MODEL


def test_a_rejected_value_is_not_delivered(delivered: DeliveryResult) -> None:
    claim = _by_doc(delivered, "claims")["b"]
    assert claim["policy_number"] is None
    assert (claim["policy_number_status"], claim["policy_number_source"]) == (
        "rejected",
        "reviewer",
    )


def test_pending_values_are_withheld_by_default(delivered: DeliveryResult) -> None:
    contract = _by_doc(delivered, "contracts")["a"]
    assert contract["parties"] == ["Acme Corp"]  # "Beta LLC" waits for review
    assert contract["parties_status"] == "withheld"
    withheld = [r for r in _rows(delivered, "fields") if r["status"] == "withheld"]
    assert withheld and all(r["value"] is None and r["raw"] is None for r in withheld)
    assert "Beta LLC" not in json.dumps(_rows(delivered, "fields"), default=str)


def test_an_audit_sample_item_withholds_nothing(delivered: DeliveryResult) -> None:
    claim = _by_doc(delivered, "claims")["b"]
    assert (claim["claim_number"], claim["claim_number_status"]) == ("CLM-2024-001", "accepted")


def test_a_document_whose_type_waits_for_review_is_withheld(delivered: DeliveryResult) -> None:
    assert "d" not in _by_doc(delivered, "research_papers")
    doc = _by_doc(delivered, "documents")["d"]
    assert doc["doc_type"] is None and doc["doc_type_status"] == "withheld"
    assert doc["doc_type_model"] == "research_paper" and doc["values_withheld"] == 4


def test_include_pending_delivers_marked_values(ws: Path, tmp_path: Path) -> None:
    result = deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path, include_pending=True))
    contract = _by_doc(result, "contracts")["a"]
    assert contract["parties"] == ["Acme Corp", "Beta LLC"]
    assert contract["parties_status"] == "pending"
    paper = _by_doc(result, "research_papers")["d"]
    assert paper["authors"] == ["A. One", "B. Two"] and paper["year"] == 2021
    assert result.manifest["include_pending"] is True


def test_a_reclassified_document_moves_to_its_new_type(delivered: DeliveryResult) -> None:
    assert "c" not in _by_doc(delivered, "contracts")
    other = _by_doc(delivered, "other")["c"]
    assert other["doc_type_source"] == "reviewer"
    doc = _by_doc(delivered, "documents")["c"]
    assert (doc["doc_type"], doc["doc_type_model"], doc["doc_type_reviewer"]) == (
        "other", "contract", "rita")  # fmt: skip


def test_documents_lists_every_input_with_its_status(delivered: DeliveryResult) -> None:
    docs = _rows(delivered, "documents")
    assert [d["file_name"] for d in docs] == [
        "a_contract.pdf", "b_claim.pdf", "c_letter.pdf", "d_paper.pdf", "e_broken.pdf",
        "f_copy.pdf"]  # fmt: skip
    statuses = {d["file_name"]: d["status"] for d in docs}
    assert statuses["e_broken.pdf"] == "failed" and statuses["f_copy.pdf"] == "duplicate"


def test_paths_are_relative_to_the_batch_input_folder(delivered: DeliveryResult) -> None:
    docs = {d["file_name"]: d for d in _rows(delivered, "documents")}
    assert docs["a_contract.pdf"]["path"] == "a_contract.pdf"  # the sample's inputs are in/
    assert docs["f_copy.pdf"]["duplicate_of"] == "a_contract.pdf"


def _doc(path: str, duplicate_of: str | None = None) -> dict[str, object]:
    return {"path": path, "duplicate_of": duplicate_of, "doc_id": path, "status": "ok"}


def test_an_analysts_own_folders_never_reach_the_client() -> None:
    docs = sort_documents([
        _doc("/home/ana/acme/in/2026/a.pdf"),
        _doc("/home/ana/acme/in/claims/b.pdf"),
        _doc("/home/ana/acme/in/claims/c.pdf", "/home/ana/acme/in/claims/b.pdf"),
    ])  # fmt: skip
    assert [(d["path"], d["duplicate_of"]) for d in docs] == [
        ("2026/a.pdf", None), ("claims/b.pdf", None), ("claims/c.pdf", "claims/b.pdf")]  # fmt: skip
    assert [d["path"] for d in sort_documents([_doc("/srv/x/one.pdf")])] == ["one.pdf"]


def test_path_escaped_is_delivered_and_false_for_batches_from_before_the_flag() -> None:
    columns = ("client", "batch_id", "doc_id", "path", "file_name", "size_bytes", "status",
               "reason", "message", "duplicate_of", "page_count", "doc_type_confidence",
               "classifier_version", "doc_type")  # fmt: skip
    old = dict.fromkeys(columns)  # a batch of schema 1.2.0: no path_escaped column
    assert document_row(old, None, 0)["path_escaped"] is False
    assert document_row({**old, "path_escaped": True}, None, 0)["path_escaped"] is True


def test_tables_are_delivered_cell_by_cell(delivered: DeliveryResult) -> None:
    cells = [(r["row_index"], r["column_index"], r["text"]) for r in _rows(delivered, "tables")]
    assert cells == [(0, 0, "Item"), (0, 1, "Price"), (1, 0, "Widget"), (1, 1, None)]


def test_manifest_and_readme_describe_the_files(
    deliver_sample: ModuleType, delivered: DeliveryResult
) -> None:
    folder = Path(delivered.location)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert (manifest["client"], manifest["batch_id"], manifest["version"]) == ("acme", "b1", 1)
    assert manifest["schema_version"] == DELIVERABLE_SCHEMA_VERSION
    assert manifest["model_versions"] == {
        "classifier": "doctype-test-1",
        "fields": deliver_sample.MODEL,
    }
    assert manifest["kpo_version"] and manifest["created_at"]
    for name in SCHEMAS:
        entry = manifest["files"][f"{name}.parquet"]
        meta = pq.read_metadata(folder / f"{name}.parquet")
        assert entry["rows"] == meta.num_rows
        assert meta.metadata[b"schema_version"] == DELIVERABLE_SCHEMA_VERSION.encode()
    readme = (folder / "README.md").read_text()
    assert "| `contract_value_currency` | `string` |" in readme and "acme" in readme


def test_the_same_batch_twice_gives_the_same_rows(ws: Path, tmp_path: Path,
                                                  delivered: DeliveryResult) -> None:  # fmt: skip
    other = deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path))
    for name in SCHEMAS:
        a = (Path(delivered.location) / f"{name}.parquet").read_bytes()
        assert a == (Path(other.location) / f"{name}.parquet").read_bytes(), name
    again = deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path))
    assert (again.created, again.version, again.location) == (False, 1, other.location)


def test_a_newer_delivery_gets_a_new_version_and_keeps_the_old(
    deliver_sample: ModuleType, ws: Path, tmp_path: Path
) -> None:
    mine = shutil.copytree(ws, tmp_path / "ws")
    first = deliver(DeliveryRequest("acme", "b1", mine, out=tmp_path / "out"))
    before = {p.name: p.read_bytes() for p in Path(first.location).iterdir()}
    deliver_sample.decide(mine, "acme", "d", None, Decision("accept"))
    second = deliver(DeliveryRequest("acme", "b1", mine, out=tmp_path / "out"))
    assert (second.version, second.created) == (2, True)
    assert Path(second.location).name == "v2" and "d" in _by_doc(second, "research_papers")
    assert {p.name: p.read_bytes() for p in Path(first.location).iterdir()} == before
    leftovers = [p.name for p in (tmp_path / "out" / "acme" / "b1").iterdir()]
    assert sorted(leftovers) == ["v1", "v2"]


def test_an_unknown_batch_is_a_clear_error(ws: Path, tmp_path: Path) -> None:
    from kpo.errors import WorkspaceError

    with pytest.raises(WorkspaceError, match="E007"):
        deliver(DeliveryRequest("acme", "nope", ws, out=tmp_path))


def test_a_batch_whose_review_items_are_gone_is_not_delivered(
    deliver_sample: ModuleType, tmp_path: Path
) -> None:
    ws = deliver_sample.build(tmp_path / "ws")
    for leftover in ws.glob("review.sqlite*"):  # the queue replaced by an empty one
        leftover.unlink()
    with pytest.raises(WorkspaceError, match=r"E707.*queued 6 review item\(s\).*holds 0"):
        deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path / "out"))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("blocker", ["out", "out/acme"])
def test_an_out_folder_that_cannot_be_written_is_a_numbered_error(
    ws: Path, tmp_path: Path, blocker: str
) -> None:
    (tmp_path / blocker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / blocker).write_text("a file where a folder should be")
    with pytest.raises(WorkspaceError, match="E706"):
        deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path / "out"))
