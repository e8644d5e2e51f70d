"""Read ``kpo review export`` files for training, and check the documents they name.

An export is a ``labels.jsonl`` (``kpo.datasets.labels``) whose rows carry the
reviewed document type, the field values reviewers accepted or corrected, and the
``doc_id`` (the sha256 of the file) the queue knew the document by. It outlives
its inputs: a row whose PDF is gone, or whose path now holds another file (its
sha256 is no longer the row's ``doc_id``), is skipped and counted, never an error.
A document in several exports (two exports of one queue) counts once: the row of
the last file given wins, so training does not weigh it twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kpo.datasets.labels import LabelRecord, read_labels
from kpo.errors import ConfigError, Errors
from kpo.ingest import sha256_file

SKIP_REASONS = ("missing", "changed", "unreadable")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _read(path: Path) -> list[LabelRecord]:
    try:
        return read_labels(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        why = f"not a 'kpo review export' labels file ({type(exc).__name__}: {exc})"
        raise ConfigError(Errors.E002.format(value=str(path), key="--reviewed", why=why)) from exc


def _key(record: LabelRecord) -> str:
    return str(record.extra.get("doc_id") or record.sha256 or record.file)


def read_reviewed(paths: Sequence[Path]) -> list[LabelRecord]:
    """The reviewed rows of every export file, one per document, in a stable order.

    Raises ConfigError (E002) when a file is not a labels file.
    """
    by_document: dict[str, LabelRecord] = {}
    for path in paths:
        for record in _read(Path(path)):
            by_document[_key(record)] = record
    return list(by_document.values())


def expected_sha256(record: LabelRecord) -> str | None:
    """The sha256 the reviewed file had (``sha256`` or the queue's ``doc_id``), if known."""
    for candidate in (record.sha256, record.extra.get("doc_id")):
        if isinstance(candidate, str) and _SHA256.fullmatch(candidate):
            return candidate
    return None


def skip_reason(record: LabelRecord) -> str | None:
    """Why the row's PDF cannot be used now (``missing``, ``changed``), or None."""
    path = Path(record.file)
    if not path.is_file():
        return "missing"
    expected = expected_sha256(record)
    if expected is not None and sha256_file(path) != expected:
        return "changed"
    return None


def document_id(record: LabelRecord) -> str:
    """An id for extraction: the known sha256, else the file's name."""
    return expected_sha256(record) or Path(record.file).name
