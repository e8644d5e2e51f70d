"""Damaged copies of real generated PDFs: each ends as one row with a specific reason.

The copies are made the way files get damaged in transit and storage (bytes flipped,
cut short, a block zeroed, blocks out of order, garbage inserted), from a fixed seed.
"""

from __future__ import annotations

import random
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
