from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from kpo.reasons import ReasonCode
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


BOLD_A, PAIR = "\U0001d400", "\ud835\udc00"  # a character outside the BMP, and pdfium's view of it
CAFE = os.fsdecode(b"/in/caf\xe9-report.pdf")  # a file name that is not valid UTF-8


def _dirty_result() -> DocumentResult:
    """Every kind of string a row takes, each with a surrogate or a control character."""
    ok = _ok_result()
    word = Word(f"{PAIR}-Modules", 10, 20, 40, 30, 11)
    table = Table(1, 0, Box(0, 0, 100, 50), ((f"x\x00{PAIR}", None), ("\ud835", "ok")))
    page = replace(ok.pages[0], text=f"over {PAIR}-Modules\x07", words=(word,), tables=(table,))
    value = FieldValue("parties", f"{PAIR} Corp", f"{PAIR} Corp\x1b", 0.9, 1, None, "test")
    assert ok.fields is not None
    return replace(
        ok, doc_id="d3", path=CAFE, message=f"E103 failed: {CAFE}", pages=(page,),
        meta=DocumentMeta(1, title=f"On {PAIR}-Modules", producer="pdf\ud835"),
        fields=replace(ok.fields, values=(value,)),
    )  # fmt: skip


def test_no_string_in_a_result_can_make_the_parquet_write_fail(tmp_path: Path) -> None:
    """Regression (issue 16): one such document lost the whole batch at the final write."""
    final = tmp_path / "batches" / "acme" / "b3"
    writer = BatchWriter(final, {"client": "acme", "batch_id": "b3"})
    writer.add(result_rows("acme", "b3", _dirty_result(), duplicate_of=CAFE))
    writer.add(result_rows("acme", "b3", _ok_result()))
    writer.commit({"summary": {}})
    docs = pq.read_table(final / "documents.parquet").to_pylist()
    dirty = next(d for d in docs if d["doc_id"] == "d3")
    assert dirty["path"] == "/in/caf\\xe9-report.pdf" and dirty["path_escaped"] is True
    assert dirty["file_name"] == "caf\\xe9-report.pdf" and dirty["duplicate_of"] == dirty["path"]
    assert dirty["title"] == f"On {BOLD_A}-Modules" and dirty["producer"] == "pdf\ufffd"
    assert dirty["message"] == "E103 failed: /in/caf\ufffd-report.pdf"
    assert next(d for d in docs if d["doc_id"] == "d1")["path_escaped"] is False
    page = pq.read_table(final / "pages.parquet").to_pylist()[0]
    assert page["text"] == f"over {BOLD_A}-Modules\ufffd"
    assert page["words"][0]["text"] == f"{BOLD_A}-Modules"
    cells = [r["cells"] for r in pq.read_table(final / "tables.parquet").to_pylist()][:2]
    assert cells == [[f"x\ufffd{BOLD_A}", None], ["\ufffd", "ok"]]
    field = pq.read_table(final / "fields.parquet").to_pylist()[0]
    assert (field["value"], field["raw"]) == (f"{BOLD_A} Corp", f"{BOLD_A} Corp\ufffd")


def test_rows_of_clean_text_are_left_as_they_are() -> None:
    result = _ok_result()
    rows = result_rows("acme", "b1", result)
    assert rows["pages"][0]["text"] is result.pages[0].text
    assert rows["documents"][0]["path"] == "/in/a.pdf" and not rows["documents"][0]["path_escaped"]
