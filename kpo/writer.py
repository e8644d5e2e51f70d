"""Write a batch's results as Parquet, atomically, with a manifest.

Rows are streamed into Parquet files in a staging folder beside the final one;
``commit()`` writes ``manifest.json`` (row counts, sha256 of each file, schema and
model versions) and renames the staging folder into place. A reader never sees a
half-written batch: until the rename the batch folder does not exist.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kpo import __version__
from kpo.ingest import sha256_file
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

    def flush(self) -> None:
        if self.rows:
            self._writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()
        self._writer.close()


class BatchWriter:
    """Streams result rows into a staging folder, then publishes it with ``commit``."""

    def __init__(self, final_dir: Path, manifest_base: Mapping[str, Any]) -> None:
        self.final_dir = Path(final_dir)
        self.staging = self.final_dir.with_name(f".{self.final_dir.name}.staging-{os.getpid()}")
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

    def commit(self, extra: Mapping[str, Any]) -> dict[str, Any]:
        """Close the files, write the manifest and move the batch into place."""
        for sink in self._sinks.values():
            sink.close()
        manifest = self._manifest(extra)
        text = json.dumps(manifest, indent=2, sort_keys=True)
        (self.staging / "manifest.json").write_text(text + "\n", encoding="utf-8")
        os.replace(self.staging, self.final_dir)
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
