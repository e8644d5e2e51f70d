"""The deliverable's README.md and data dictionary, from its schemas."""

from __future__ import annotations

from collections.abc import Mapping

from kpo import __version__
from kpo.deliver.schema import DELIVERABLE_SCHEMA_VERSION, FIELD_STATUS_DOC, SCHEMAS, file_name
from kpo.schema_docs import table_markdown


def deliverable_markdown() -> str:
    """The data dictionary of every deliverable table (README and the deliverable's README)."""
    parts = [f"Deliverable schema version `{DELIVERABLE_SCHEMA_VERSION}`.", ""]
    parts += [table_markdown(file_name(n), s) + "\n" for n, s in SCHEMAS.items()]
    return "\n".join(parts).rstrip()


_ABOUT = {
    "documents": "every input file: status, failure reason, delivered document type",
    "contracts": "one row per contract, one group of columns per field",
    "research_papers": "one row per research paper, one group of columns per field",
    "claims": "one row per insurance claim, one group of columns per field",
    "other": "one row per document of no known type",
    "fields": "every field value, long form, with its source, reviewer, page and box",
    "tables": "tables found in the documents, one row per cell",
}

_README = """# Deliverable {client} / {batch_id}, version v{version}

Made by kpo {kpo}; schema version `{schema}`. `manifest.json` lists every file with
its row count and sha256; `kpo verify FOLDER` checks them.

## Files

| file | rows | holds |
| --- | --- | --- |
{files}

## Where every value comes from

Each field has a `source`: `model` (extracted automatically) or `reviewer` (a
person accepted or corrected it), and a `status`: {statuses}. Dates are
`date32`, amounts `decimal128(20, 4)` with an ISO 4217 currency column, and the
text as printed is kept in the `_raw` column. `fields.parquet` has the page and box
of each value, the model version, the reviewer and when they decided.

## Loading

```python
import pandas as pd; pd.read_parquet("contracts.parquet")
import polars as pl; pl.read_parquet("contracts.parquet")
import duckdb; duckdb.connect().execute("SELECT * FROM 'contracts.parquet'").fetchall()
spark.read.parquet("contracts.parquet")  # PySpark
```

## Columns

{columns}
"""


def readme_text(client: str, batch_id: str, version: int, rows: Mapping[str, int]) -> str:
    """The deliverable's README.md: files with row counts and the data dictionary."""
    files = "\n".join(f"| `{file_name(n)}` | {rows.get(file_name(n), 0)} | {_ABOUT[n]} |"
                      for n in SCHEMAS)  # fmt: skip
    return _README.format(client=client, batch_id=batch_id, version=version, kpo=__version__,
                          schema=DELIVERABLE_SCHEMA_VERSION, files=files,
                          statuses=FIELD_STATUS_DOC, columns=deliverable_markdown())  # fmt: skip
