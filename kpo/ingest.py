"""Ingest: turn the paths a user gives into InputFile records.

The document id is the sha256 of the bytes. Folders are walked recursively and
every regular file found is kept (a file that is not a PDF is reported by a later
stage, never silently skipped). The same bytes twice in a batch are processed
once; the second copy is marked ``duplicate_of`` the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from kpo.errors import Errors, InputError
from kpo.records import InputFile

_CHUNK = 1 << 20
_IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name not in _IGNORED_NAMES:
            yield path


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders (recursively) into a sorted, de-duplicated file list."""
    found: dict[Path, None] = {}
    given = [Path(p) for p in paths]
    for path in given:
        if not path.exists():
            raise InputError(Errors.E004.format(path=str(path)))
        items = _walk(path) if path.is_dir() else iter([path])
        for item in items:
            found.setdefault(item.resolve(), None)
    if not found:
        raise InputError(Errors.E005.format(paths=", ".join(str(p) for p in given)))
    return list(found)


def ingest(paths: Iterable[str | Path]) -> list[InputFile]:
    """Discover the inputs, hash them and mark byte-identical repeats as duplicates."""
    first_by_id: dict[str, str] = {}
    files: list[InputFile] = []
    for path in discover(paths):
        doc_id = sha256_file(path)
        first = first_by_id.setdefault(doc_id, str(path))
        duplicate_of = first if first != str(path) else None
        files.append(InputFile(str(path), doc_id, path.stat().st_size, duplicate_of))
    return files
