"""The text around a review item's value: the words of its page, as lines near its box.

The words come from the batch's ``pages.parquet`` (what the pipeline saw). Both the
web page and ``kpo review`` in the terminal show them beside the value.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kpo.records import Box, Word
from kpo.review.model import QueueItem
from kpo.workspace import Workspace

MARGIN_PT = 30.0  # text this far above and below the box is "around" it
MAX_LINES = 12
Line = list[tuple[str, bool]]  # words, each marked True when inside the box


def _inside(word: Word, box: Box) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box.x0 - 1 <= cx <= box.x1 + 1 and box.top - 1 <= cy <= box.bottom + 1


def words_to_lines(words: Sequence[Word], box: Box | None) -> list[Line]:
    """Words near the box (all when no box), as reading-order lines with in-box words marked."""
    if box is not None:
        words = [
            w for w in words if w.bottom >= box.top - MARGIN_PT and w.top <= box.bottom + MARGIN_PT
        ]
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        mid = (word.top + word.bottom) / 2
        if lines and lines[-1][0].top <= mid <= lines[-1][0].bottom:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [
        [(w.text, box is not None and _inside(w, box)) for w in sorted(line, key=lambda w: w.x0)]
        for line in lines[:MAX_LINES]
    ]


def page_words(workspace: Path, item: QueueItem, page_number: int) -> list[Word] | None:
    """The words of the item's page from its batch's pages.parquet; None if not there."""
    import pyarrow.parquet as pq

    path = Workspace(workspace).batch_dir(item.client, item.batch_id) / "pages.parquet"
    if not path.exists():
        return None
    table = pq.read_table(
        path,
        columns=["words"],
        filters=[("doc_id", "=", item.doc_id), ("page_number", "=", page_number)],
    )
    rows = table.column("words").to_pylist()
    if not rows:
        return None
    return [
        Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], w["size"] or 0.0)
        for w in rows[0] or []
    ]
