"""A client opens every deliverable file as it is: pyarrow, pandas, Polars, DuckDB, Spark."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pyarrow.parquet as pq
import pytest

from kpo.deliver.build import DeliveryRequest, deliver
from kpo.deliver.schema import SCHEMAS

FILES = [f"{name}.parquet" for name in SCHEMAS]


@pytest.fixture(scope="module")
def folder(deliver_sample: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = deliver_sample.build(tmp_path_factory.mktemp("ws"))
    result = deliver(DeliveryRequest("acme", "b1", ws, out=tmp_path_factory.mktemp("out")))
    return Path(result.location)


def _rows(folder: Path, name: str) -> int:
    return pq.read_metadata(folder / name).num_rows  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", FILES)
def test_pyarrow_reads_the_declared_schema(folder: Path, name: str) -> None:
    table = pq.read_table(folder / name)
    declared = SCHEMAS[name.removesuffix(".parquet")]
    assert table.schema.remove_metadata().equals(declared.remove_metadata())
    assert set(table["client"].to_pylist()) <= {"acme"}


@pytest.mark.parametrize("name", FILES)
def test_pandas_reads_every_file(folder: Path, name: str) -> None:
    import pandas as pd

    frame = pd.read_parquet(folder / name)
    assert len(frame) == _rows(folder, name)
    assert list(frame.columns) == SCHEMAS[name.removesuffix(".parquet")].names


def test_pandas_values_keep_their_types(folder: Path) -> None:
    import pandas as pd

    contracts = pd.read_parquet(folder / "contracts.parquet")
    row = contracts.iloc[0]
    assert row["contract_value"] == Decimal("1250000") and row["contract_value_currency"] == "USD"
    assert row["agreement_date"] == dt.date(2024, 1, 15)
    assert list(row["parties"]) == ["Acme Corp"]
    fields = pd.read_parquet(folder / "fields.parquet")
    assert str(fields["reviewed_at"].dtype).startswith("datetime64[us, UTC]")


@pytest.mark.parametrize("name", FILES)
def test_polars_reads_every_file(folder: Path, name: str) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(folder / name)
    assert frame.height == _rows(folder, name)


def test_polars_values_keep_their_types(folder: Path) -> None:
    pl = pytest.importorskip("polars")
    contracts = pl.read_parquet(folder / "contracts.parquet")
    assert contracts.schema["contract_value"] == pl.Decimal(20, 4)
    assert contracts.schema["agreement_date"] == pl.Date
    assert contracts.schema["parties"] == pl.List(pl.String)
    assert contracts["parties"].to_list() == [["Acme Corp"]]
    claims = pl.read_parquet(folder / "claims.parquet")
    assert claims["amount_claimed"].to_list() == [Decimal("3400.5")]
    fields = pl.read_parquet(folder / "fields.parquet")
    assert fields.schema["reviewed_at"] == pl.Datetime("us", "UTC")


@pytest.mark.parametrize("name", FILES)
def test_duckdb_reads_every_file(folder: Path, name: str) -> None:
    import duckdb

    sql = f"SELECT count(*) FROM read_parquet('{folder / name}')"
    assert duckdb.connect().execute(sql).fetchall() == [(_rows(folder, name),)]


def test_duckdb_values_keep_their_types(folder: Path) -> None:
    import duckdb

    con = duckdb.connect()
    path = folder / "contracts.parquet"
    sql = (f"SELECT contract_value, contract_value_currency, agreement_date, parties[1], "
           f"len(parties) FROM read_parquet('{path}')")  # fmt: skip
    assert con.execute(sql).fetchall() == [
        (Decimal("1250000.0000"), "USD", dt.date(2024, 1, 15), "Acme Corp", 1)]  # fmt: skip
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    types = {row[0]: row[1] for row in described}
    assert (types["parties"], types["agreement_date"]) == ("VARCHAR[]", "DATE")
    claims = folder / "claims.parquet"
    decimal_type = con.execute(f"SELECT typeof(amount_claimed) FROM '{claims}'").fetchall()
    assert decimal_type == [("DECIMAL(20,4)",)]
    fields = folder / "fields.parquet"
    rows = con.execute(f"SELECT reviewer, typeof(reviewed_at) FROM '{fields}' "
                       "WHERE field = 'governing_law'").fetchall()  # fmt: skip
    assert rows == [("rita", "TIMESTAMP WITH TIME ZONE")]


def _spark_python() -> str | None:
    """A Python with pyspark: KPO_SPARK_PYTHON, or this one if it has pyspark."""
    if os.environ.get("KPO_SPARK_PYTHON"):
        return os.environ["KPO_SPARK_PYTHON"]
    return sys.executable if importlib.util.find_spec("pyspark") else None


def _no_spark() -> str | None:
    if _spark_python() is None:
        return "pyspark is not installed (pip install pyspark, or set KPO_SPARK_PYTHON)"
    return None if shutil.which("java") else "no java on PATH for pyspark"


@pytest.mark.slow
@pytest.mark.skipif(_no_spark() is not None, reason=str(_no_spark()))
def test_spark_reads_the_typed_tables(folder: Path, tmp_path: Path) -> None:
    # Spark in this process only: on loopback, no web UI, scratch and warehouse in tmp_path
    script = f"""
from pyspark.sql import SparkSession
spark = (SparkSession.builder.master("local[1]")
         .config("spark.driver.bindAddress", "127.0.0.1")
         .config("spark.driver.host", "127.0.0.1")
         .config("spark.ui.enabled", "false")
         .config("spark.local.dir", "{tmp_path / "spark-local"}")
         .config("spark.sql.warehouse.dir", "{tmp_path / "spark-warehouse"}")
         .getOrCreate())
df = spark.read.parquet("{folder / "contracts.parquet"}")
types = dict(df.dtypes)
assert types["contract_value"] == "decimal(20,4)", types
assert types["agreement_date"] == "date", types
assert types["parties"] == "array<string>", types
assert df.count() == 1
for name in {FILES!r}:
    spark.read.parquet("{folder}/" + name).count()
spark.stop()
"""
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "TMPDIR": str(tmp_path),
           "JAVA_TOOL_OPTIONS": f"-Djava.io.tmpdir={tmp_path} -XX:-UsePerfData"}  # fmt: skip
    done = subprocess.run([str(_spark_python()), "-c", script], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
