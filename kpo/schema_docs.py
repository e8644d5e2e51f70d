"""A Parquet schema as a Markdown table: column, type and the ``doc`` of each field."""

from __future__ import annotations

import pyarrow as pa


def field_doc(field: pa.Field) -> str:
    meta: dict[bytes, bytes] = field.metadata or {}
    return meta.get(b"doc", b"").decode()


def table_markdown(file: str, schema: pa.Schema) -> str:
    """``file`` in bold, then one table row per column."""
    lines = [f"**{file}**", "", "| column | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{f.name}` | `{f.type}` | {field_doc(f)} |" for f in schema]
    return "\n".join(lines)
