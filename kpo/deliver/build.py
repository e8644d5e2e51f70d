"""The library API of ``kpo deliver``: a batch's results and review decisions -> client files.

``deliver`` reads one client's batch from the workspace and the review decisions
of that client and batch, lets reviewed values supersede model values
(kpo/deliver/supersede.py), builds the typed tables (kpo/deliver/rows.py) and publishes
them as ``OUT/CLIENT/BATCH/vN/``: Parquet files, ``manifest.json`` and a
``README.md`` data dictionary.

A delivery whose rows equal the latest version's is not written again; any other gets
the next version number, published by kpo/deliver/publish.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kpo import __version__
from kpo.deliver.publish import can_rename, publish, versions
from kpo.deliver.readme import readme_text
from kpo.deliver.rows import deliverable_rows
from kpo.deliver.schema import (
    DELIVERABLE_SCHEMA_VERSION,
    SCHEMAS,
    file_name,
    with_version,
)
from kpo.deliver.supersede import supersede
from kpo.deliver.verify import (
    Location,
    VerificationError,
    open_location,
    read_manifest,
)
from kpo.errors import Errors, WorkspaceError
from kpo.review.model import ItemFilter, QueueItem
from kpo.review.postgres import redact
from kpo.review.queue import open_review, queue_location
from kpo.settings import validate_name
from kpo.workspace import Workspace

Row = dict[str, Any]
_ALL = 10**9


@dataclass(frozen=True)
class DeliveryRequest:
    """What to deliver, and where (None: ``WORKSPACE/deliveries``)."""

    client: str
    batch_id: str
    workspace: Path
    out: str | Path | Location | None = None
    include_pending: bool = False
    db: str | None = None  # review queue: None for the workspace's SQLite file

    def __post_init__(self) -> None:
        validate_name(self.client)
        validate_name(self.batch_id, kind="batch")


@dataclass
class DeliveryResult:
    """Where the deliverable is, its version, and whether this call wrote it."""

    location: str
    version: int
    created: bool  # False: the rows equal the latest version's, which is returned
    atomic: bool
    rows: dict[str, int] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"location": self.location, "version": self.version, "created": self.created,
                "atomic": self.atomic, "rows": self.rows}  # fmt: skip


def _own_rows(rows: list[Row], client: str, batch_id: str) -> list[Row]:
    """Only the rows of this client and batch (the batch folder should hold no others)."""
    return [r for r in rows if r["client"] == client and r["batch_id"] == batch_id]


def read_batch(
    ws: Workspace, client: str, batch_id: str
) -> tuple[dict[str, Any], dict[str, list[Row]]]:
    """The manifest and the documents, fields and tables rows of a committed batch."""
    folder = ws.batch_dir(client, batch_id)
    if not (folder / "manifest.json").is_file():
        raise WorkspaceError(Errors.E007.format(batch=batch_id, workspace=str(ws.root)))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tables = {
        name: _own_rows(pq.read_table(folder / f"{name}.parquet").to_pylist(), client, batch_id)
        for name in ("documents", "fields", "tables")
    }
    return manifest, tables


def review_items(request: DeliveryRequest) -> list[QueueItem]:
    """Every queue item of this client and batch, decided or not."""
    flt = ItemFilter(client=request.client, batch_id=request.batch_id, limit=_ALL)
    with open_review(request.db, Path(request.workspace)) as service:
        items = service.list_items(flt)
    return [i for i in items if i.client == request.client and i.batch_id == request.batch_id]


def parquet_bytes(rows: list[Row], schema: pa.Schema, client: str, batch_id: str) -> bytes:
    table = pa.Table.from_pylist(rows, schema=with_version(schema, client, batch_id))
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def check_queue(request: DeliveryRequest, batch_manifest: Mapping[str, Any],
                items: list[QueueItem]) -> None:  # fmt: skip
    """E707 when the queue holds fewer of the batch's items than the batch queued.

    A value whose item is gone would be delivered as accepted: the queue was replaced,
    restored from an old copy, or the batch was published by a kpo that queued its items
    after publishing and failed to.
    """
    expected = int((batch_manifest.get("summary") or {}).get("queued_for_review") or 0)
    if len(items) < expected:
        queue = redact(queue_location(request.db, Path(request.workspace)))
        raise WorkspaceError(
            Errors.E707.format(
                batch=request.batch_id,
                client=request.client,
                expected=expected,
                queue=queue,
                found=len(items),
            )
        )


def build_files(
    request: DeliveryRequest, batch: Mapping[str, list[Row]], items: list[QueueItem]
) -> dict[str, bytes]:
    """The Parquet files of the deliverable, by file name."""
    resolution = supersede(batch["documents"], batch["fields"], items,
                           include_pending=request.include_pending)  # fmt: skip
    rows = deliverable_rows(batch["documents"], resolution, batch["tables"])
    return {
        file_name(name): parquet_bytes(rows[name], schema, request.client, request.batch_id)
        for name, schema in SCHEMAS.items()
    }


def content_sha256(files: Mapping[str, bytes]) -> str:
    """One digest of the data files: equal digests, equal rows."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}\0{hashlib.sha256(files[name]).hexdigest()}\n".encode())
    return digest.hexdigest()


def _entry(name: str, data: bytes) -> dict[str, Any]:
    entry: dict[str, Any] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if name.endswith(".parquet"):
        entry["rows"] = pq.ParquetFile(pa.BufferReader(data)).metadata.num_rows
        entry["schema_version"] = DELIVERABLE_SCHEMA_VERSION
    return entry


def make_manifest(
    request: DeliveryRequest,
    batch_manifest: Mapping[str, Any],
    files: Mapping[str, bytes],
    version: int,
    atomic: bool,
) -> dict[str, Any]:
    return {
        "client": request.client,
        "batch_id": request.batch_id,
        "version": version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "batch_created_at": batch_manifest.get("created_at"),
        "kpo_version": __version__,
        "model_versions": dict(batch_manifest.get("model_versions") or {}),
        "schema_version": DELIVERABLE_SCHEMA_VERSION,
        "include_pending": request.include_pending,
        "publish": "rename" if atomic else "manifest-last",
        "content_sha256": content_sha256({k: v for k, v in files.items() if k != "README.md"}),
        "files": {name: _entry(name, data) for name, data in sorted(files.items())},
    }


def deliver(request: DeliveryRequest) -> DeliveryResult:
    """Build and publish the deliverable of one client's batch; return where it is.

    Raises WorkspaceError (E007) for an unknown batch, ConfigError for a bad name or
    --out (E003, E009, E701, E702), VerificationError (E704) if the files written do
    not match their manifest, WorkspaceError (E705) if the version folder appeared
    meanwhile, E706 if --out cannot be written, E707 if review items are missing.
    """
    ws = Workspace(Path(request.workspace))
    batch_manifest, batch = read_batch(ws, request.client, request.batch_id)
    items = review_items(request)
    check_queue(request, batch_manifest, items)
    data = build_files(request, batch, items)
    root = open_location(request.out if request.out is not None else ws.root / "deliveries")
    try:
        return _deliver_to(request, root, batch_manifest, data)
    except OSError as exc:  # a file in the way, no permission, a full disk
        raise WorkspaceError(Errors.E706.format(path=str(root), why=_os_why(exc))) from exc


def _os_why(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _deliver_to(request: DeliveryRequest, root: Location, batch_manifest: dict[str, Any],
                data: dict[str, bytes]) -> DeliveryResult:  # fmt: skip
    """Publish ``data`` as the next version under ``root`` (or return the latest, unchanged)."""
    target = root.child(request.client, request.batch_id)
    found = versions(target)
    latest = max((v for v, complete in found.items() if complete), default=0)
    if latest and _same_rows(target.child(f"v{latest}"), data):
        manifest = read_manifest(target.child(f"v{latest}"))
        return _result(target.child(f"v{latest}"), manifest, created=False)
    version = max(found, default=0) + 1
    atomic = can_rename(target.fs)
    counts = {n: pq.ParquetFile(pa.BufferReader(d)).metadata.num_rows for n, d in data.items()}
    readme = readme_text(request.client, request.batch_id, version, counts)
    files = {**data, "README.md": readme.encode()}
    manifest = make_manifest(request, batch_manifest, files, version, atomic)
    return _result(publish(target, files, manifest), manifest, created=True)


def _same_rows(latest: Location, data: Mapping[str, bytes]) -> bool:
    try:
        manifest = read_manifest(latest)
    except VerificationError:
        return False
    return bool(manifest.get("content_sha256") == content_sha256(data))


def _result(loc: Location, manifest: dict[str, Any], *, created: bool) -> DeliveryResult:
    rows = {n: e["rows"] for n, e in manifest["files"].items() if "rows" in e}
    return DeliveryResult(str(loc), int(manifest["version"]), created,
                          manifest.get("publish") == "rename", rows, manifest)  # fmt: skip
