"""A batch with a math paper and a file name that is not UTF-8 completes (issue 16, point 2).

Before, both made pyarrow refuse the rows at the batch's final write, after every
document was processed: all the work was lost.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kpo.batch import BatchRequest, run_batch
from kpo.datasets.math_paper import BOLD, ITALIC, styled, write_math_paper
from kpo.deliver.build import DeliveryRequest, deliver
from kpo.review.queue import ReviewQueue
from kpo.settings import PipelineSettings
from kpo.textsafe import is_clean
from kpo.workspace import Workspace

CAFE = b"caf\xe9-report.pdf"  # Latin-1, not UTF-8
BOLD_A = styled("A", BOLD)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    write_math_paper(folder / "math_paper.pdf", seed=1)
    write_math_paper(folder / "other.pdf", seed=2)
    os.rename(folder / "other.pdf", os.fsdecode(bytes(folder) + b"/" + CAFE))
    shutil.copy(os.fsdecode(bytes(folder) + b"/" + CAFE), folder / "zz_copy.pdf")
    return folder


@pytest.fixture(scope="module")
def workspace(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("ws")
    every_type_reviewed = PipelineSettings(review={"doc_type": 1.0})  # type: ignore[arg-type]
    request = BatchRequest(
        inputs=[inputs], client="acme", workspace=ws, batch_id="b1", workers=0,
        settings=every_type_reviewed,
    )  # fmt: skip
    summary = run_batch(request)
    assert summary.documents == 3 and summary.failed == 0
    return ws


def _rows(workspace: Path, table: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = pq.read_table(
        workspace / "batches" / "acme" / "b1" / f"{table}.parquet"
    ).to_pylist()
    return rows


def test_the_escaped_name_is_kept_with_a_flag(workspace: Path, inputs: Path) -> None:
    docs = {d["file_name"]: d for d in _rows(workspace, "documents")}
    cafe = docs["caf\\xe9-report.pdf"]
    assert cafe["path"] == f"{inputs}/caf\\xe9-report.pdf" and cafe["path_escaped"] is True
    assert cafe["status"] == "ok" and cafe["doc_type"] == "research_paper"
    assert docs["zz_copy.pdf"]["duplicate_of"] == cafe["path"]
    assert docs["math_paper.pdf"]["path_escaped"] is False


def test_characters_outside_the_bmp_are_stored_joined(workspace: Path) -> None:
    docs = {d["file_name"]: d for d in _rows(workspace, "documents")}
    title = docs["math_paper.pdf"]["title"]
    assert isinstance(title, str) and f"over {BOLD_A}-Modules" in title
    pages = _rows(workspace, "pages")
    first = next(p for p in pages if isinstance(p["text"], str) and BOLD_A in p["text"])
    words = [w["text"] for w in first["words"]]  # type: ignore[attr-defined]
    assert f"{BOLD_A}-Modules" in words and f"{styled('x', ITALIC)}," in words
    texts = [p["text"] for p in pages] + [w["text"] for p in pages for w in p["words"]]  # type: ignore[attr-defined]
    assert all(isinstance(t, str) and is_clean(t) for t in texts)


def test_review_items_of_the_escaped_file_are_queued(workspace: Path) -> None:
    with ReviewQueue(Workspace(workspace).queue_path) as queue:
        paths = {str(item["path"]) for item in queue.items("acme", "b1")}
    assert any(p.endswith("caf\\xe9-report.pdf") for p in paths)


def test_the_deliverable_of_the_batch_is_written(workspace: Path, tmp_path: Path) -> None:
    result = deliver(DeliveryRequest("acme", "b1", workspace, out=tmp_path))
    docs = pq.read_table(Path(result.location) / "documents.parquet").to_pylist()
    flags = {d["path"]: d["path_escaped"] for d in docs}
    assert flags == {"caf\\xe9-report.pdf": True, "math_paper.pdf": False, "zz_copy.pdf": False}
    assert next(d for d in docs if d["path"] == "zz_copy.pdf")["duplicate_of"] == (
        "caf\\xe9-report.pdf"
    )
