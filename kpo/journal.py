"""The journal of a batch being run: every finished document, durable as soon as it is done.

A batch's rows go, document by document, into one Arrow IPC stream per table in the
batch's staging folder (``journal/TABLE.arrows``), and then one line per document into
``journal/done.jsonl``: what the summary counts and the document's review items. A
document is done when its line is there *and* its ``documents`` row is in the stream, so
a run killed at any moment loses only the documents that were in flight. Rows of a
document whose line never came are dropped when the journal is opened again.

Reopening rewrites the streams with the rows of the documents to keep (those still in the
batch's inputs) and goes on appending to them. Each write goes straight to the operating
system (``pyarrow.OSFile`` is unbuffered, the line file is flushed), so it survives the
death of the process that wrote it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc

from kpo.record_batches import rows_to_batch
from kpo.records import Box, DocumentResult, ReviewItem
from kpo.rows import Row
from kpo.schema import TABLES_BY_NAME, with_version

DONE_NAME = "done.jsonl"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """What a batch keeps of a finished document besides its rows: counts and review items."""

    doc_id: str
    path: str
    status: str
    reason: str | None
    pages: int
    doc_type: str | None = None
    classifier_version: str | None = None
    fields_version: str | None = None
    review: tuple[ReviewItem, ...] = ()

    @classmethod
    def of(cls, result: DocumentResult) -> JournalEntry:
        cls_, fields = result.classification, result.fields
        return cls(
            result.doc_id,
            result.path,
            result.status,
            str(result.reason) if result.reason else None,
            len(result.pages),
            cls_.doc_type if cls_ else None,
            cls_.model_version if cls_ else None,
            fields.model_version if fields else None,
            result.review,
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["review"] = [_item_data(item) for item in self.review]
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, line: str) -> JournalEntry:
        data = json.loads(line)
        data["review"] = tuple(_item(item) for item in data["review"])
        return cls(**data)


def _item_data(item: ReviewItem) -> dict[str, Any]:
    data = asdict(item)
    data["box"] = [item.box.x0, item.box.top, item.box.x1, item.box.bottom] if item.box else None
    return data


def _item(data: dict[str, Any]) -> ReviewItem:
    box = data.pop("box")
    return ReviewItem(**data, box=Box(*box) if box else None)


def _read_lines(path: Path) -> list[JournalEntry]:
    """The complete lines of ``done.jsonl`` (a line cut short by a kill is left out)."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.endswith("\n"):
            entries.append(JournalEntry.from_json(line))
    return entries


def read_batches(path: Path) -> Iterator[pa.RecordBatch]:
    """The complete record batches of an IPC stream (the tail cut short by a kill is left out)."""
    if not path.exists():
        return
    with pa.OSFile(str(path), "rb") as source:
        try:
            reader = pa.ipc.open_stream(source)
            while True:
                yield reader.read_next_batch()
        except (StopIteration, pa.ArrowInvalid, OSError):
            return


def _doc_ids(path: Path) -> set[str]:
    """The documents whose ``documents`` row is in the stream at ``path``."""
    return {d for batch in read_batches(path) for d in batch.column("doc_id").to_pylist()}


class Journal:
    """Append-only record of a batch's finished documents in ``folder``.

    ``keep(entry)`` decides, when the journal is opened, which documents of an earlier
    run stay (the others are dropped and will be processed again).
    """

    def __init__(self, folder: Path, keep: Callable[[JournalEntry], bool]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        written = _doc_ids(self._stream_path("documents"))
        earlier = [e for e in _read_lines(self.folder / DONE_NAME) if e.doc_id in written]
        self.entries: list[JournalEntry] = [e for e in earlier if keep(e)]
        kept = {e.doc_id for e in self.entries}
        self._schemas = {name: with_version(schema) for name, schema in TABLES_BY_NAME.items()}
        self._sinks: list[pa.NativeFile] = []
        self._streams = {name: self._rewrite(name, kept) for name in TABLES_BY_NAME}
        self._done = self._rewrite_lines()

    def _stream_path(self, name: str) -> Path:
        return self.folder / f"{name}.arrows"

    def _rewrite(self, name: str, kept: set[str]) -> pa.ipc.RecordBatchStreamWriter:
        """A new stream holding the kept documents' rows, left open for appending."""
        path, schema = self._stream_path(name), self._schemas[name]
        fresh = path.with_suffix(".arrows.new")
        sink = pa.OSFile(str(fresh), "wb")
        self._sinks.append(sink)
        writer = pa.ipc.new_stream(sink, schema)
        wanted = pa.array(sorted(kept), pa.string())
        for batch in read_batches(path):
            rows = batch.filter(pc.is_in(batch.column("doc_id"), value_set=wanted))
            if rows.num_rows:
                writer.write_batch(rows)
        os.replace(fresh, path)
        return writer

    def _rewrite_lines(self) -> IO[str]:
        path = self.folder / DONE_NAME
        fresh = path.with_suffix(".jsonl.new")
        handle = fresh.open("w", encoding="utf-8")
        handle.writelines(entry.to_json() + "\n" for entry in self.entries)
        handle.flush()
        os.replace(fresh, path)
        return handle

    def append(self, entry: JournalEntry, rows: Mapping[str, list[Row]]) -> None:
        """Record one finished document: its rows first, then its line."""
        for name, writer in self._streams.items():
            table_rows = rows.get(name) or []
            if table_rows:
                writer.write_batch(rows_to_batch(table_rows, self._schemas[name]))
        self._done.write(entry.to_json() + "\n")
        self._done.flush()
        self.entries.append(entry)

    def close(self, *, quiet: bool = False) -> None:
        """Close the streams (they stay readable with ``read_batches``).

        ``quiet`` ignores errors (a full disk): for closing on the way out of a failure,
        which must not hide the failure; what was written before stays readable.
        """
        streams, sinks = list(self._streams.values()), self._sinks
        self._streams, self._sinks = {}, []
        for closable in (*streams, *sinks, self._done):
            try:
                closable.close()
            except OSError:
                if not quiet:
                    raise

    def batches(self, name: str) -> Iterator[pa.RecordBatch]:
        """The rows of table ``name`` so far (close the journal first)."""
        return read_batches(self._stream_path(name))
