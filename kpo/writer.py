"""Write a batch's results as Parquet, atomically, with a manifest.

Rows (or Arrow record batches) are streamed into Parquet files in a staging folder;
``stage()`` writes ``manifest.json`` (row counts, sha256 of each file, schema and
model versions) and ``publish()`` renames the staging folder into place (``commit()``
does both). A reader never sees a half-written batch: until the rename the batch
folder does not exist. ``kpo run`` stages into its batch's staging folder
(kpo/staging.py) and publishes only once the review items are queued.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kpo import __version__
from kpo.ingest import sha256_file
from kpo.record_batches import rows_to_batch
from kpo.rows import Row
from kpo.schema import SCHEMA_VERSION, TABLES_BY_NAME, with_version

_FLUSH_ROWS = 2000


class _TableSink:
    """Buffers rows of one table and appends them to a Parquet file as row groups."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path, self.schema = path, with_version(schema)
        self.rows: list[Row] = []
        self.count = 0
        self._writer = pq.ParquetWriter(path, self.schema, compression="zstd")

    def add(self, rows: list[Row]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= _FLUSH_ROWS:
            self.flush()

    def add_batches(self, batches: Iterable[pa.RecordBatch]) -> None:
        """Append record batches of this table's schema, about ``_FLUSH_ROWS`` rows a group."""
        self.flush()
        group: list[pa.RecordBatch] = []
        for batch in batches:
            group.append(batch)
            if sum(b.num_rows for b in group) >= _FLUSH_ROWS:
                self._write_group(group)
                group = []
        self._write_group(group)

    def _write_group(self, group: list[pa.RecordBatch]) -> None:
        if group:
            table = pa.Table.from_batches(group).cast(self.schema)
            self._writer.write_table(table)
            self.count += table.num_rows

    def flush(self) -> None:
        if self.rows:
            batch = rows_to_batch(self.rows, self.schema)
            self._writer.write_table(pa.Table.from_batches([batch]))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()
        self._writer.close()


class BatchWriter:
    """Streams result rows into a staging folder, then publishes it with ``commit``."""

    def __init__(
        self, final_dir: Path, manifest_base: Mapping[str, Any], *, staging: Path | None = None
    ) -> None:
        self.final_dir = Path(final_dir)
        default = self.final_dir.with_name(f".{self.final_dir.name}.writing-{os.getpid()}")
        self.staging = Path(staging) if staging is not None else default
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.manifest_base = dict(manifest_base)
        self._sinks = {
            name: _TableSink(self.staging / f"{name}.parquet", schema)
            for name, schema in TABLES_BY_NAME.items()
        }

    def add(self, rows: Mapping[str, list[Row]]) -> None:
        for name, table_rows in rows.items():
            self._sinks[name].add(table_rows)

    def add_batches(self, name: str, batches: Iterable[pa.RecordBatch]) -> None:
        """Append Arrow record batches of table ``name`` (its schema, as in kpo/schema.py)."""
        self._sinks[name].add_batches(batches)

    def stage(self, extra: Mapping[str, Any]) -> dict[str, Any]:
        """Close the files and write the manifest, in the staging folder."""
        for sink in self._sinks.values():
            sink.close()
        manifest = self._manifest(extra)
        text = json.dumps(manifest, indent=2, sort_keys=True)
        (self.staging / "manifest.json").write_text(text + "\n", encoding="utf-8")
        return manifest

    def publish(self) -> None:
        """Move the staged batch into place."""
        os.replace(self.staging, self.final_dir)

    def commit(self, extra: Mapping[str, Any]) -> dict[str, Any]:
        """Close the files, write the manifest and move the batch into place."""
        manifest = self.stage(extra)
        self.publish()
        return manifest

    def _manifest(self, extra: Mapping[str, Any]) -> dict[str, Any]:
        files = {
            sink.path.name: {
                "rows": sink.count,
                "bytes": sink.path.stat().st_size,
                "sha256": sha256_file(sink.path),
            }
            for sink in self._sinks.values()
        }
        return {
            **self.manifest_base,
            **extra,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "kpo_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "files": files,
        }

    def abort(self) -> None:
        """Drop the staging folder (nothing was published)."""
        for sink in self._sinks.values():
            with contextlib.suppress(OSError, pa.ArrowException):
                sink.close()
        shutil.rmtree(self.staging, ignore_errors=True)
