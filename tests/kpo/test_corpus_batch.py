"""`kpo run` over the real corpus and its broken files, on a local Ray (the issue's check)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from kpo.review.queue import ReviewQueue

pytestmark = [pytest.mark.corpus, pytest.mark.slow, pytest.mark.ray]
KPO = str(Path(sys.executable).with_name("kpo"))

# what ../shared/corpus/broken.jsonl says a good pipeline reports, as (status, reason)
EXPECTED_BROKEN = {
    "encrypted_user_password_pdfplumber.pdf": ("failed", "encrypted"),
    "encrypted_aes256_pdfminer.pdf": ("failed", "encrypted"),
    "not_a_pdf_header_only_ocrmypdf.pdf": ("failed", "not_pdf"),
    "page_without_contents_ocrmypdf.pdf": ("failed", "empty"),
    # readable: an empty user password, but image-only pages: OCR reads them if it can
    "encrypted_no_trailer_id_pypdf.pdf": (
        ("ok", None) if shutil.which("tesseract") else ("needs_ocr", "needs_ocr")
    ),
    # damaged but recoverable: extracted, not hung
    "corrupted_flate_stream_pdfminer.pdf": ("ok", None),
    "truncated_array_object_pypdf.pdf": ("ok", None),
    "circular_form_xobjects_pdfminer.pdf": ("ok", None),
}


@pytest.fixture(scope="module")
def corpus_batch(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    workspace = tmp_path_factory.mktemp("ws")
    cmd = [KPO, "run", str(corpus / "pdfs"), str(corpus / "broken"), "--client", "demo",
           "--workers", "2", "--workspace", str(workspace), "--json"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return {**json.loads(done.stdout), "workspace": workspace}


def test_one_documents_row_per_file(corpus: Path, corpus_batch: dict) -> None:
    files = [p for p in [*corpus.glob("pdfs/**/*"), *corpus.glob("broken/*")] if p.is_file()]
    docs = pd.read_parquet(Path(corpus_batch["output_dir"]) / "documents.parquet")
    assert sorted(docs["file_name"]) == sorted(p.name for p in files)
    assert corpus_batch["documents"] == len(files)


def test_broken_files_get_the_reason_broken_jsonl_describes(
    corpus: Path, corpus_batch: dict
) -> None:
    described = {
        json.loads(line)["file"].split("/")[-1]
        for line in (corpus / "broken.jsonl").read_text().splitlines()
    }
    assert described == set(EXPECTED_BROKEN)
    docs = pd.read_parquet(Path(corpus_batch["output_dir"]) / "documents.parquet")
    docs = docs.set_index("file_name")
    for name, (status, reason) in EXPECTED_BROKEN.items():
        row = docs.loc[name]
        found = row["reason"] if isinstance(row["reason"], str) else None
        assert (row["status"], found) == (status, reason), name
        if status == "failed":
            assert row["message"].startswith("E3"), name


def test_readable_with_pyarrow_pandas_and_duckdb(corpus_batch: dict) -> None:
    folder = Path(corpus_batch["output_dir"])
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, entry in manifest["files"].items():
        assert pq.read_table(folder / name).num_rows == entry["rows"]
        assert len(pd.read_parquet(folder / name)) == entry["rows"]
        count = duckdb.connect().execute(f"SELECT count(*) FROM '{folder / name}'").fetchone()
        assert count == (entry["rows"],)


def test_uncertain_items_wait_for_review(corpus_batch: dict) -> None:
    with ReviewQueue(corpus_batch["workspace"] / "review.sqlite") as queue:
        counts = queue.counts("demo", corpus_batch["batch_id"])
    assert counts.open == corpus_batch["queued_for_review"] > 0
