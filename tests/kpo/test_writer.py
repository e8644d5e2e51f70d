from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from kpo.errors import ReasonCode
from kpo.records import (
    Box,
    Classification,
    DocumentMeta,
    DocumentResult,
    FieldSet,
    FieldValue,
    Page,
    Table,
    Word,
)  # fmt: skip
from kpo.rows import result_rows
from kpo.schema import SCHEMA_VERSION
from kpo.writer import BatchWriter


def _ok_result() -> DocumentResult:
    word = Word("Acme", 10, 20, 40, 30, 11)
    table = Table(1, 0, Box(0, 0, 100, 50), (("a", "b"), ("1", None)))
    page = Page(1, 612, 792, "Acme", (word,), (table,), "pdfplumber")
    value = FieldValue("parties", "Acme", "Acme", 0.9, 1, word.box, "test")
    probs = (("contract", 0.9), ("research_paper", 0.05), ("claim", 0.03), ("other", 0.02))
    return DocumentResult(
        "d1", "/in/a.pdf", 100, "ok", meta=DocumentMeta(1, title="T"), pages=(page,),
        classification=Classification("contract", probs, "cls-1"),  # type: ignore[arg-type]
        fields=FieldSet("contract", (value,), ("agreement_date",), "fields-1"),
    )  # fmt: skip


def _failed_result() -> DocumentResult:
    return DocumentResult("d2", "/in/b.pdf", 5, "failed", ReasonCode.ENCRYPTED, "E301 ...")


def _write(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    final = tmp_path / "batches" / "acme" / "b1"
    writer = BatchWriter(final, {"client": "acme", "batch_id": "b1"})
    for result in (_ok_result(), _failed_result()):
        writer.add(result_rows("acme", "b1", result))
    assert not final.exists(), "the batch must not be visible before commit"
    return final, writer.commit({"summary": {}})


def test_commit_publishes_files_with_a_checked_manifest(tmp_path: Path) -> None:
    final, _ = _write(tmp_path)
    on_disk = json.loads((final / "manifest.json").read_text())
    assert on_disk["schema_version"] == SCHEMA_VERSION
    rows = {name: entry["rows"] for name, entry in on_disk["files"].items()}
    assert rows == {"documents.parquet": 2, "pages.parquet": 1, "fields.parquet": 2,
                    "tables.parquet": 2}  # fmt: skip
    for name, entry in on_disk["files"].items():
        assert hashlib.sha256((final / name).read_bytes()).hexdigest() == entry["sha256"]
    assert not list(final.parent.glob(".*staging*"))


def test_files_carry_schema_version_and_open_in_pandas_and_duckdb(tmp_path: Path) -> None:
    final, _ = _write(tmp_path)
    meta = pq.read_schema(final / "fields.parquet").metadata
    assert meta[b"schema_version"].decode() == SCHEMA_VERSION
    docs = pd.read_parquet(final / "documents.parquet")
    assert list(docs.sort_values("doc_id")["status"]) == ["ok", "failed"]
    assert docs.set_index("doc_id").loc["d2", "reason"] == "encrypted"
    con = duckdb.connect()
    absent = con.execute(
        f"SELECT field FROM '{final / 'fields.parquet'}' WHERE status = 'absent'"
    ).fetchall()
    assert absent == [("agreement_date",)]
    words = con.execute(f"SELECT words[1].text FROM '{final / 'pages.parquet'}'").fetchone()
    assert words == ("Acme",)


def test_abort_leaves_nothing_behind(tmp_path: Path) -> None:
    final = tmp_path / "batches" / "acme" / "b2"
    writer = BatchWriter(final, {})
    writer.add(result_rows("acme", "b2", _ok_result()))
    writer.abort()
    assert not final.exists()
    assert list(final.parent.iterdir()) == []


@pytest.mark.parametrize("result", [_failed_result()])
def test_failed_document_still_has_a_documents_row(result: DocumentResult) -> None:
    rows = result_rows("acme", "b1", result)
    assert len(rows["documents"]) == 1 and rows["pages"] == [] and rows["fields"] == []
