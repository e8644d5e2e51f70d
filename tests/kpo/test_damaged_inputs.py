"""Damaged copies of real generated PDFs: each ends as one row with a specific reason.

The copies are made the way files get damaged in transit and storage (bytes flipped,
cut short, a block zeroed, blocks out of order, garbage inserted), from a fixed seed.
"""

from __future__ import annotations

import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kpo.batch import BatchRequest, BatchSummary, run_batch
from kpo.datasets.generator import write_sample_batch

Damage = Callable[[bytearray, random.Random], bytearray]


def flip(data: bytearray, rng: random.Random) -> bytearray:
    for _ in range(rng.randint(1, 120)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return data


def cut(data: bytearray, rng: random.Random) -> bytearray:
    """Cut short in its second half, as an interrupted transfer leaves a file."""
    return data[: rng.randrange(len(data) // 2, len(data))]


def zero(data: bytearray, rng: random.Random) -> bytearray:
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(100, 4000))
    data[start:end] = bytes(end - start)
    return data


def shuffle(data: bytearray, rng: random.Random) -> bytearray:
    size = len(data) // 6
    blocks = [data[i * size : (i + 1) * size] for i in range(6)] + [data[6 * size :]]
    rng.shuffle(blocks)
    return bytearray(b"".join(blocks))


def insert(data: bytearray, rng: random.Random) -> bytearray:
    at = rng.randrange(len(data))
    data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
    return data


DAMAGE: tuple[Damage, ...] = (flip, cut, zero, shuffle, insert)
COPIES = 8  # of each kind


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = [
        p for p in write_sample_batch(tmp_path_factory.mktemp("src")) if "broken" not in p.name
    ]
    out = tmp_path_factory.mktemp("damaged")
    rng = random.Random(2026)
    for kind in DAMAGE:
        for i in range(COPIES):
            data = bytearray(rng.choice(sources).read_bytes())
            (out / f"{kind.__name__}_{i}.pdf").write_bytes(bytes(kind(data, rng)))
    return out


@pytest.fixture(scope="module")
def finished(damaged: Path, tmp_path_factory: pytest.TempPathFactory) -> BatchSummary:
    workspace = tmp_path_factory.mktemp("ws")
    return run_batch(BatchRequest([damaged], "acme", workspace, batch_id="b1", workers=0))


def test_every_damaged_file_is_one_row_with_a_specific_reason(finished: BatchSummary) -> None:
    docs = pq.read_table(Path(finished.output_dir) / "documents.parquet").to_pylist()
    assert len(docs) == len(DAMAGE) * COPIES
    failed = [d for d in docs if d["status"] == "failed"]
    assert all(d["reason"] != "internal_error" for d in docs), [
        (d["file_name"], d["message"]) for d in docs if d["reason"] == "internal_error"
    ]
    assert all(d["message"] and d["message"][:2] == "E3" for d in failed)


def test_damage_that_leaves_the_pages_readable_loses_nothing(finished: BatchSummary) -> None:
    docs = pq.read_table(Path(finished.output_dir) / "documents.parquet").to_pylist()
    inserted = [d for d in docs if d["file_name"].startswith("insert_")]
    # bytes inserted into one object: the cross-reference table is rebuilt
    assert sum(d["status"] == "ok" for d in inserted) >= COPIES // 2
    cut = [d for d in docs if d["file_name"].startswith("cut_")]
    # cut short: the pages before the cut are read from qpdf's repaired copy
    repaired = [d for d in cut if d["status"] == "ok" and d["repaired"]]
    assert len(repaired) >= COPIES // 2
    assert all(d["message"].startswith("E316") for d in repaired)


# entries that are not plain files: each is one row, and none is opened


def _pdf(path: Path, text: str) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, text)
    c.save()
    return path


@pytest.fixture(scope="module")
def odd_entries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """A drop folder with links, a loop, a pipe and a stored zip, plus a pipe and a device."""
    root = tmp_path_factory.mktemp("odd")
    folder = root / "in"
    (folder / "sub").mkdir(parents=True)
    first = _pdf(folder / "a.pdf", "Invoice 1 from ACME Corp.")
    second = _pdf(folder / "sub" / "b.pdf", "Invoice 2 from ACME Corp.")
    (folder / "b-link.pdf").symlink_to("a.pdf")
    (folder / "gone.pdf").symlink_to("moved.pdf")
    (folder / "loop1").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop1")
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    os.mkfifo(folder / "pipe.pdf")
    with zipfile.ZipFile(folder / "two.zip", "w", zipfile.ZIP_STORED) as archive:
        archive.write(first, "a.pdf")
        archive.write(second, "b.pdf")
    os.mkfifo(root / "direct-pipe.pdf")
    inputs = [folder, root / "direct-pipe.pdf", "/dev/null", folder / "a.pdf"]
    request = BatchRequest(inputs, "acme", root / "ws", batch_id="b1", workers=0)
    done = run_batch(request)
    docs = pq.read_table(Path(done.output_dir) / "documents.parquet").to_pylist()
    return {d["path"]: d for d in docs}


EXPECTED = {  # file name: (status, reason, start of the message)
    "a.pdf": ("ok", None, None),
    "b.pdf": ("ok", None, None),
    "b-link.pdf": ("duplicate", "duplicate", "E312 Same content as "),
    "gone.pdf": ("failed", "dangling_link", "E319 The symbolic link points to 'moved.pdf'"),
    "loop1": ("failed", "symlink_loop", "E318 "),
    "loop2": ("failed", "symlink_loop", "E318 "),
    "up": ("failed", "symlink_loop", "E318 "),
    "pipe.pdf": ("failed", "not_regular_file", "E320 The path is a named pipe (FIFO)"),
    "direct-pipe.pdf": ("failed", "not_regular_file", "E320 The path is a named pipe (FIFO)"),
    "null": ("failed", "not_regular_file", "E320 The path is a character device"),
    "two.zip": ("failed", "not_pdf", "E321 The file is a ZIP archive"),
}


@pytest.mark.timeout(300)  # a pipe opened for reading would block forever
def test_every_entry_found_is_one_row_with_its_reason(
    odd_entries: dict[str, dict[str, object]],
) -> None:
    rows = {Path(str(path)).name: row for path, row in odd_entries.items()}
    assert len(rows) == len(odd_entries)  # file names are unique in this folder
    assert sorted(rows) == sorted(EXPECTED)
    for name, (status, reason, message) in EXPECTED.items():
        row = rows[name]
        assert (row["status"], row["reason"]) == (status, reason), name
        assert message is None or str(row["message"]).startswith(message), (name, row["message"])


@pytest.mark.timeout(300)
def test_a_symlinked_duplicate_names_its_first_copy(
    odd_entries: dict[str, dict[str, object]],
) -> None:
    rows = {Path(str(path)).name: row for path, row in odd_entries.items()}
    link, first = rows["b-link.pdf"], rows["a.pdf"]
    assert str(link["path"]).endswith("/in/b-link.pdf")  # the link's own path
    assert link["duplicate_of"] == first["path"]
    assert link["doc_id"] == first["doc_id"]
    ids = [row["doc_id"] for row in rows.values() if row["status"] == "failed"]
    assert len(set(ids)) == len(ids)  # entries without bytes do not share an id
