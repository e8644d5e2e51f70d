"""What the ``kpo review`` tests share: the items, the batch's page words, the runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import Result

from kpo.records import Box, ReviewItem
from kpo.schema import PAGES
from kpo.workspace import Workspace

Kpo = Callable[..., Result]
# the words of docA's page 1: CL-1 is the value inside the claim_number item's box
PAGE_WORDS = [
    ("ACME", 10, 5, 40, 15), ("Insurance", 45, 5, 90, 15),
    ("Claim", 10, 22, 35, 30), ("no.", 38, 22, 50, 30), ("CL-1", 62, 22, 85, 30),
    ("Filed", 10, 40, 30, 48), ("today", 32, 40, 55, 48),
    ("Footer", 10, 500, 40, 508),
]  # fmt: skip
ITEMS = [
    ("/in/a.pdf", ReviewItem("docA", "low_confidence", "claim", "claim_number", "CL-1", 0.3,
                             0.7, 1, Box(60, 20, 90, 32))),
    ("/in/a.pdf", ReviewItem("docA", "low_type_probability", "claim", None, "claim", 0.5, 0.6)),
    ("/in/b.pdf", ReviewItem("docB", "missing_required", "contract", "agreement_date")),
]  # fmt: skip


def write_pages(root: Path, client: str, batch_id: str) -> None:
    """The batch's pages.parquet with docA's page 1 (what kpo run writes, cut down)."""
    words = [{"text": t, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "size": 10.0,
              "conf": None} for t, x0, top, x1, bottom in PAGE_WORDS]  # fmt: skip
    row = {"client": client, "batch_id": batch_id, "doc_id": "docA", "page_number": 1,
           "words": words}  # fmt: skip
    folder = Workspace(root).batch_dir(client, batch_id)
    folder.mkdir(parents=True)
    names = PAGES.names
    table = pa.Table.from_pylist([{n: row.get(n) for n in names}], schema=PAGES)
    pq.write_table(table, folder / "pages.parquet")


def ok_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)
