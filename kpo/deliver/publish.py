"""Publish a deliverable's version folder: staged, verified against its manifest, moved.

The files go to a staging folder beside the version folder, are
verified against the manifest, then renamed into place, where the filesystem
can rename a folder (local, HDFS, pyarrow's mock and sub-tree filesystems over
those). Object stores cannot: there the files are written into the version
folder and ``manifest.json`` last, so a folder without a manifest is an
unfinished delivery (``kpo verify`` refuses it). Versions are never overwritten.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs

from kpo.deliver.verify import MANIFEST, Location, VerificationError, check
from kpo.errors import Errors, WorkspaceError

_VERSION = re.compile(r"^v(\d+)$")
_RENAMES = frozenset({"local", "mock", "hdfs"})


def can_rename(fs: pafs.FileSystem) -> bool:
    """Whether a folder moves in one step on ``fs`` (not on object stores)."""
    if isinstance(fs, pafs.SubTreeFileSystem):
        return can_rename(fs.base_fs)
    return fs.type_name in _RENAMES


def versions(target: Location) -> dict[int, bool]:
    """The version folders under ``target``: number -> has a manifest (is complete)."""
    selector = pafs.FileSelector(target.path, allow_not_found=True)
    found = {}
    for info in target.fs.get_file_info(selector):
        m = _VERSION.fullmatch(info.base_name)
        if m and info.type == pafs.FileType.Directory:
            manifest = target.child(info.base_name, MANIFEST).path
            found[int(m[1])] = target.fs.get_file_info(manifest).type == pafs.FileType.File
    return found


def _write(loc: Location, files: Mapping[str, bytes]) -> None:
    loc.fs.create_dir(loc.path, recursive=True)
    for name, data in files.items():
        with loc.fs.open_output_stream(loc.child(name).path) as out:
            out.write(data)


def _manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()


def publish(target: Location, files: Mapping[str, bytes], manifest: dict[str, Any]) -> Location:
    """Write, verify and move a version folder into place; never over an existing one."""
    final = target.child(f"v{manifest['version']}")
    if manifest["publish"] == "rename":
        staging = target.child(f".staging-v{manifest['version']}-{secrets.token_hex(4)}")
        _write(staging, {**files, MANIFEST: _manifest_bytes(manifest)})
        try:
            _checked(staging, manifest)
            _move(staging, final)
        finally:
            target.fs.delete_dir_contents(staging.path, missing_dir_ok=True)
            _delete(staging)
        return final
    if final.fs.get_file_info(final.path).type != pafs.FileType.NotFound:
        raise WorkspaceError(Errors.E705.format(path=str(final), why="the folder exists"))
    _write(final, files)
    _checked(final, manifest)
    _write(final, {MANIFEST: _manifest_bytes(manifest)})  # last: marks the delivery complete
    return final


def _checked(loc: Location, manifest: dict[str, Any]) -> None:
    report = check(loc, manifest)
    if not report.ok:
        problems = "\n".join(f"  - {p}" for p in report.problems)
        raise VerificationError(Errors.E704.format(path=str(loc), problems=problems))


def _move(staging: Location, final: Location) -> None:
    if final.fs.get_file_info(final.path).type != pafs.FileType.NotFound:
        raise WorkspaceError(Errors.E705.format(path=str(final), why="the folder exists"))
    try:
        final.fs.move(staging.path, final.path)
    except (OSError, pa.ArrowException) as exc:
        raise WorkspaceError(Errors.E705.format(path=str(final), why=exc)) from exc


def _delete(loc: Location) -> None:
    if loc.fs.get_file_info(loc.path).type == pafs.FileType.Directory:
        loc.fs.delete_dir(loc.path)
