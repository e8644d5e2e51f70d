"""Read and write ``labels.jsonl`` in the corpus format.

One JSON object a line: ``file`` (path under ``pdfs/``), ``doc_type``, ``fields``,
``scanned``, ``pages``, ``sha256``; generated sets add ``boxes``
(``{key: [page, x0, top, x1, bottom]}``, list items keyed ``name[i]``), ``raw`` (the
printed text of each boxed key), ``split``, ``kind`` and ``seed``. Other keys (the
corpus' ``source_repo``, ``notes`` ...) are kept in ``extra``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpo.records import DOC_TYPES, DocType

KNOWN = (
    "file",
    "doc_type",
    "fields",
    "scanned",
    "pages",
    "sha256",
    "boxes",
    "raw",
    "split",
    "kind",
    "seed",
)


@dataclass(frozen=True, slots=True)
class LabelRecord:
    """The labels of one document."""

    file: str
    doc_type: DocType
    fields: Mapping[str, Any]
    scanned: bool = False
    pages: int = 0
    sha256: str = ""
    boxes: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    raw: Mapping[str, str] = field(default_factory=dict)
    split: str | None = None
    kind: str | None = None
    seed: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "file": self.file,
            "doc_type": self.doc_type,
            "fields": dict(self.fields),
            "scanned": self.scanned,
            "pages": self.pages,
            "sha256": self.sha256,
        }
        if self.boxes:
            row["boxes"] = {k: list(v) for k, v in self.boxes.items()}
        if self.raw:
            row["raw"] = dict(self.raw)
        optional = {"split": self.split, "kind": self.kind, "seed": self.seed}
        row.update({k: v for k, v in optional.items() if v is not None})
        row.update(self.extra)
        return row


def record_from_json(row: Mapping[str, Any]) -> LabelRecord:
    """Build a record from one parsed line; raises ValueError on a bad ``doc_type``."""
    doc_type = row["doc_type"]
    if doc_type not in DOC_TYPES:
        raise ValueError(
            f"unknown doc_type {doc_type!r} for {row.get('file')!r}; expected {DOC_TYPES}"
        )
    return LabelRecord(
        file=str(row["file"]),
        doc_type=doc_type,
        fields=dict(row.get("fields", {})),
        scanned=bool(row.get("scanned", False)),
        pages=int(row.get("pages", 0)),
        sha256=str(row.get("sha256", "")),
        boxes={k: tuple(float(x) for x in v) for k, v in row.get("boxes", {}).items()},
        raw=dict(row.get("raw", {})),
        split=row.get("split"),
        kind=row.get("kind"),
        seed=row.get("seed"),
        extra={k: v for k, v in row.items() if k not in KNOWN},
    )


def read_labels(path: Path | str) -> list[LabelRecord]:
    """Read every non-blank line of a ``labels.jsonl`` file."""
    with Path(path).open(encoding="utf-8") as fh:
        return [record_from_json(json.loads(line)) for line in fh if line.strip()]


def write_labels(path: Path | str, records: Iterable[LabelRecord]) -> None:
    """Write records one a line, UTF-8, keys in a stable order."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
