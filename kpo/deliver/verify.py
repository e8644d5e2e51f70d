"""Check a deliverable against its manifest: ``kpo verify DELIVERABLE``.

Every file the manifest lists must be present with the same size, sha256 and row
count, carry the schema version the manifest declares, and hold only rows of
the manifest's client and batch. A deliverable lives on any pyarrow filesystem:
a local folder, a ``file://`` URI, or whatever ``pyarrow.fs.FileSystem.from_uri``
opens (S3, GCS, HDFS, ...).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from kpo.deliver.schema import DELIVERABLE_SCHEMA_VERSION, SCHEMAS
from kpo.errors import ConfigError, Errors, KpoError

MANIFEST = "manifest.json"


class VerificationError(KpoError, ValueError):
    """A deliverable does not match its manifest."""


@dataclass(frozen=True)
class Location:
    """A folder on a pyarrow filesystem (``path`` in that filesystem's terms)."""

    fs: pafs.FileSystem
    path: str

    def child(self, *parts: str) -> Location:
        """A location below this one; ConfigError (E702) if a part would leave it."""
        for part in parts:
            if not part or part in (".", "..") or "/" in part or "\\" in part:
                raise ConfigError(Errors.E702.format(path=part, root=self.path))
        return Location(self.fs, posixpath.join(self.path, *parts) if self.path else
                        posixpath.join(*parts))  # fmt: skip

    def __str__(self) -> str:
        return f"{self.fs.type_name}:{self.path}" if self.fs.type_name != "local" else self.path


def open_location(out: str | Path | Location) -> Location:
    """A local folder or a pyarrow filesystem URI (``file://``, ``s3://``, ...)."""
    if isinstance(out, Location):
        return out
    text = str(out)
    if "://" not in text:
        return Location(pafs.LocalFileSystem(), Path(text).resolve().as_posix())
    try:
        fs, path = pafs.FileSystem.from_uri(text)
    except (pa.ArrowException, ValueError, OSError) as exc:
        raise ConfigError(Errors.E701.format(value=text, why=exc)) from exc
    return Location(fs, path.rstrip("/") or path)


def read_bytes(loc: Location) -> bytes:
    with loc.fs.open_input_stream(loc.path) as stream:
        data: bytes = stream.read()
    return data


def read_manifest(loc: Location) -> dict[str, Any]:
    """The manifest of a deliverable; VerificationError (E703) when missing or unreadable."""
    try:
        manifest = json.loads(read_bytes(loc.child(MANIFEST)))
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise VerificationError(Errors.E703.format(path=loc, why=f"no readable {MANIFEST} ({exc})")
                                ) from exc  # fmt: skip
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise VerificationError(Errors.E703.format(path=loc, why="the manifest lists no files"))
    return manifest


@dataclass
class VerifyReport:
    """The result of a check: the manifest, the files checked and every problem found."""

    location: str
    manifest: dict[str, Any]
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"location": self.location, "ok": self.ok, "checked": self.checked,
                "problems": self.problems, "client": self.manifest.get("client"),
                "batch_id": self.manifest.get("batch_id"),
                "version": self.manifest.get("version")}  # fmt: skip


def _file_problems(name: str, data: bytes, entry: dict[str, Any], manifest: dict[str, Any]
                   ) -> Iterator[str]:  # fmt: skip
    if len(data) != entry.get("bytes"):
        yield f"{name}: {len(data)} bytes, the manifest says {entry.get('bytes')}"
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        yield f"{name}: sha256 differs from the manifest (the file was changed)"
    if name.endswith(".parquet"):
        yield from _parquet_problems(name, data, entry, manifest)


def _parquet_problems(name: str, data: bytes, entry: dict[str, Any], manifest: dict[str, Any]
                      ) -> Iterator[str]:  # fmt: skip
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as exc:
        yield f"{name}: not readable as Parquet ({exc})"
        return
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    if table.num_rows != entry.get("rows"):
        yield f"{name}: {table.num_rows} rows, the manifest says {entry.get('rows')}"
    if meta.get("schema_version") != manifest.get("schema_version"):
        yield (f"{name}: schema version {meta.get('schema_version')!r}, the manifest says "
               f"{manifest.get('schema_version')!r}")  # fmt: skip
    yield from _schema_problems(name, table.schema, manifest)
    for key in ("client", "batch_id"):
        if key in table.column_names:
            foreign = pc.unique(table[key].filter(pc.not_equal(table[key], manifest.get(key))))
            if len(foreign):
                yield f"{name}: rows of another {key} ({', '.join(map(str, foreign.to_pylist()))})"


def _schema_problems(name: str, schema: pa.Schema, manifest: dict[str, Any]) -> Iterator[str]:
    expected = SCHEMAS.get(name.removesuffix(".parquet"))
    if expected is None or manifest.get("schema_version") != DELIVERABLE_SCHEMA_VERSION:
        return  # another schema version: its own declaration is not in this kpo
    if not schema.remove_metadata().equals(expected.remove_metadata()):
        yield f"{name}: columns differ from schema {DELIVERABLE_SCHEMA_VERSION}"


def _safe_name(name: str) -> bool:
    return bool(name) and name == posixpath.basename(name) and name not in (".", "..") and (
        "\\" not in name)  # fmt: skip


def _listed(loc: Location) -> set[str]:
    selector = pafs.FileSelector(loc.path, allow_not_found=True)
    return {posixpath.basename(i.path) for i in loc.fs.get_file_info(selector)}


def check(location: str | Path | Location, manifest: dict[str, Any] | None = None) -> VerifyReport:
    """Check a deliverable folder against its manifest (read from the folder unless given).

    Returns every problem found; never raises for a mismatch.
    """
    loc = open_location(location)
    manifest = manifest if manifest is not None else read_manifest(loc)
    report = VerifyReport(str(loc), manifest)
    for extra in sorted(_listed(loc) - set(manifest["files"]) - {MANIFEST}):
        report.problems.append(f"{extra}: present but not listed in the manifest")
    expected = {f"{n}.parquet" for n in SCHEMAS} | {"README.md"}
    for missing in sorted(expected - set(manifest["files"])):
        report.problems.append(f"{missing}: not listed in the manifest")
    for name, entry in sorted(manifest["files"].items()):
        if not _safe_name(name):
            report.problems.append(f"{name!r}: not a plain file name; refusing to read it")
            continue
        try:
            data = read_bytes(loc.child(name))
        except (OSError, pa.ArrowException):
            report.problems.append(f"{name}: missing")
            continue
        report.checked.append(name)
        report.problems.extend(_file_problems(name, data, entry, manifest))
    return report


def verify(location: str | Path | Location) -> VerifyReport:
    """Check a deliverable; VerificationError (E704) listing every problem on a mismatch."""
    report = check(location)
    if not report.ok:
        problems = "\n".join(f"  - {p}" for p in report.problems)
        raise VerificationError(Errors.E704.format(path=report.location, problems=problems))
    return report
