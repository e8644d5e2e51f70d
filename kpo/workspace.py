"""The workspace folder: batches, the review queue and the settings file.

Layout::

    WORKSPACE/
      kpo.toml                        optional settings (see README: Settings)
      review.sqlite                   the review queue
      batches/CLIENT/BATCH/           documents/pages/fields/tables.parquet, manifest.json
      batches/CLIENT/.BATCH.staging/  a batch being run: its journal (resumable)
      documents/CLIENT/SHA256.pdf     copies of the documents that have review items

``kpo.toml`` holds ``[limits]``, ``[review]`` (with ``[review.field_by_type]``),
``spacy_model``, and per-client overrides under ``[clients.NAME]``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kpo.errors import ConfigError, Errors, WorkspaceError
from kpo.settings import PipelineSettings, validate_name

CONFIG_NAME = "kpo.toml"
QUEUE_NAME = "review.sqlite"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def new_batch_id() -> str:
    """A timestamped batch id, unique enough for concurrent submissions."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{secrets.token_hex(2)}"


_FULL = (errno.ENOSPC, errno.EDQUOT)
_NOT_A_FOLDER = (errno.ENOTDIR, errno.EEXIST)
_CHUNK = 1 << 20


def _in_the_way(path: Path) -> Path:
    """The nearest of ``path`` and its parents that exists and is not a folder."""
    for candidate in (path, *path.parents):
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return path


def workspace_error(path: Path, exc: OSError) -> WorkspaceError:
    """A numbered error for a failed write under ``path``: full disk, a file in the way, denied."""
    why = exc.strerror or type(exc).__name__
    if exc.errno in _FULL:
        return WorkspaceError(Errors.E405.format(path=str(path), why=why))
    if (
        exc.errno in _NOT_A_FOLDER
        and not (blocker := _in_the_way(Path(exc.filename or path))).is_dir()
    ):
        return WorkspaceError(Errors.E404.format(path=str(blocker)))
    return WorkspaceError(Errors.E403.format(path=str(path), why=why))


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an OSError while writing under ``path`` into E403, E404 or E405."""
    try:
        yield
    except OSError as exc:
        raise workspace_error(path, exc) from exc


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class Workspace:
    """A workspace rooted at ``root``."""

    root: Path

    @property
    def queue_path(self) -> Path:
        return self.root / QUEUE_NAME

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def batch_dir(self, client: str, batch_id: str) -> Path:
        validate_name(client)
        validate_name(batch_id, kind="batch")
        return self.root / "batches" / client / batch_id

    def document_path(self, client: str, doc_id: str) -> Path:
        """Where the workspace keeps its copy of a document that has review items.

        The copy is named by the sha256 of its bytes, so the review page shows exactly
        what the batch read, whatever happens later to the input folder.
        """
        validate_name(client)
        if not _SHA256.fullmatch(doc_id):
            raise ConfigError(Errors.E002.format(key="doc_id", value=doc_id, why="not a sha256"))
        return self.root / "documents" / client / f"{doc_id}.pdf"

    def keep_document(self, client: str, doc_id: str, source: str) -> bool:
        """Copy ``source`` to ``document_path`` if its bytes still hash to ``doc_id``.

        Returns whether the workspace now holds the copy (False: the file changed, went
        away or cannot be read since the batch read it). An error writing the copy (a
        full disk) is raised. Written beside the target, then renamed.
        """
        target = self.document_path(client, doc_id)
        if target.exists():
            return True
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            if _copy_hashing(source, partial) == doc_id:
                os.replace(partial, target)
                return True
        finally:
            partial.unlink(missing_ok=True)
        return False

    def _config(self) -> dict[str, Any]:
        if not self.config_path.exists():
            return {}
        try:
            return tomllib.loads(self.config_path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(Errors.E008.format(path=str(self.config_path), why=exc)) from exc

    def pipeline_settings(self, client: str) -> PipelineSettings:
        """Settings for a client: defaults, then the file's top level, then ``[clients.NAME]``."""
        config = self._config()
        clients = config.pop("clients", {})
        merged = _merge(config, clients.get(client, {}))
        return PipelineSettings.resolve(merged)

    def manifests(self, client: str | None = None) -> Iterator[dict[str, Any]]:
        """The manifests of the committed batches, newest first."""
        pattern = f"{client}/*/manifest.json" if client else "*/*/manifest.json"
        found = [json.loads(p.read_text(encoding="utf-8")) for p in self.batches_root.glob(pattern)]
        yield from sorted(found, key=lambda m: str(m.get("created_at", "")), reverse=True)

    @property
    def batches_root(self) -> Path:
        return self.root / "batches"

    def manifest(self, client: str | None, batch_id: str) -> dict[str, Any]:
        """The manifest of one batch, looked up across clients when ``client`` is None."""
        for manifest in self.manifests(client):
            if manifest.get("batch_id") == batch_id:
                return manifest
        raise WorkspaceError(Errors.E007.format(batch=batch_id, workspace=str(self.root)))


def _copy_hashing(source: str, target: Path) -> str | None:
    """Copy ``source`` to ``target``; the sha256 of the bytes, None if ``source`` is unreadable.

    Errors reading the source give None; errors writing the target are raised.
    """
    digest = hashlib.sha256()
    try:
        reader = open(source, "rb")  # noqa: SIM115 (closed below; its errors are not ours)
    except OSError:
        return None
    with reader, target.open("wb") as writer:
        while True:
            try:
                chunk = reader.read(_CHUNK)
            except OSError:
                return None
            if not chunk:
                return digest.hexdigest()
            digest.update(chunk)
            writer.write(chunk)
