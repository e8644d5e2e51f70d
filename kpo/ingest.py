"""Ingest: turn the paths a user gives into InputFile records.

The document id is the sha256 of the bytes. Folders are walked recursively and
every entry found becomes one record (a file that is not a PDF is reported by a
later stage, never silently skipped). Symbolic links are followed once: a link to a
file is an input of its own, a link to a folder is walked, and a link back to a
folder being walked is a loop. Entries are looked at with ``stat`` only: an entry
that is not a regular file (a named pipe, a socket, a device) is never opened,
since reading a named pipe blocks until someone writes to it.

An entry ingest cannot take (a link loop, a dangling link, a pipe or device, a
file or folder it may not read) is kept with ``problem`` set and becomes a failed
row; the batch goes on. The same bytes twice in a batch are processed once; the
second copy (a symbolic link to the first, say) is marked ``duplicate_of`` it.

Paths are ``str`` as the OS gives them: a name that is not valid UTF-8 keeps its
PEP 383 surrogates, so it can still be opened; messages show it escaped.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from kpo.errors import Errors, InputError
from kpo.reasons import ReasonCode
from kpo.records import InputFile
from kpo.textsafe import escape_path

_CHUNK = 1 << 20
_IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_ENTRY_ID_PERSON = b"kpo-entry"  # blake2b personalisation of ids of entries without bytes
_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "named pipe (FIFO)"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)
_Key = tuple[int, int]  # (st_dev, st_ino): a folder, whatever path reached it


@dataclass(frozen=True, slots=True)
class Entry:
    """One path found by discovery; ``problem`` is set when it cannot be read as a file."""

    path: str
    problem: ReasonCode | None = None
    message: str | None = None
    size_bytes: int = 0


def sha256_file(path: str | Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    with open(path, "rb") as handle:
        return _digest(handle)[0]


def _digest(handle: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def entry_id(path: str) -> str:
    """The document id of an entry that has no bytes to hash (a loop, a pipe, ...).

    Deterministic for the path and 64 hex characters like every id, but a blake2b
    digest (personalised ``kpo-entry``) of the path's bytes, not a sha256: no file's
    sha256 equals it short of a sha256 preimage. (A sha256 of a fixed prefix and the
    path would be the id of a real file holding exactly those bytes.)
    """
    digest = hashlib.blake2b(os.fsencode(path), digest_size=32, person=_ENTRY_ID_PERSON)
    return digest.hexdigest()


def discover(paths: Iterable[str | Path]) -> list[Entry]:
    """Every entry under the given files and folders, once each, in the order found.

    Folders are walked depth first in name order. A path that does not exist raises
    InputError (E004); nothing found at all raises E005.
    """
    given = [os.fspath(p) for p in paths]
    found: dict[str, Entry] = {}
    for path in given:
        for entry in _expand(_absolute(path)):
            found.setdefault(entry.path, entry)
    if not found:
        shown = ", ".join(escape_path(p)[0] for p in given)
        raise InputError(Errors.E005.format(paths=shown))
    return list(found.values())


def _absolute(path: str) -> str:
    """``path`` made absolute with its folder resolved; its last part stays (a link stays one)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise InputError(Errors.E004.format(path=path)) from exc
    except OSError:
        pass  # there but not reachable (permissions): an unreadable row
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(os.path.realpath(folder), name)


def _expand(top: str) -> Iterator[Entry]:
    """``top`` itself, or every entry under it when it is a folder (no recursion limit)."""
    pending: list[Iterator[tuple[str, frozenset[_Key]]]] = [iter([(top, frozenset())])]
    while pending:
        item = next(pending[-1], None)
        if item is None:
            pending.pop()
            continue
        path, ancestors = item
        found = _look(path, ancestors)
        names = found if isinstance(found, Entry) else _list(path)
        if isinstance(names, Entry):
            yield names
        elif not isinstance(found, Entry):
            inner = ancestors | {found}
            pending.append(iter([(os.path.join(path, name), inner) for name in names]))


def _look(path: str, ancestors: frozenset[_Key]) -> Entry | _Key:
    """What ``path`` is, from ``stat`` alone: a folder to walk (its key), or an entry."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return _broken(path, exc)
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        return Entry(path, ReasonCode.SYMLINK_LOOP, Errors.E318) if key in ancestors else key
    if stat.S_ISREG(info.st_mode):
        return Entry(path, size_bytes=info.st_size)
    return _not_regular(path, info.st_mode, info.st_size)


def _list(folder: str) -> list[str] | Entry:
    """The names in ``folder`` to look at, sorted; an unreadable row if it cannot be listed."""
    try:
        names = os.listdir(folder)
    except OSError as exc:
        return Entry(folder, ReasonCode.UNREADABLE, Errors.E323.format(why=_why(exc)))
    return sorted(name for name in names if name not in _IGNORED_NAMES)


def _broken(path: str, exc: OSError) -> Entry:
    """The entry for a path that ``stat`` refused: a loop, a dangling link, or unreadable."""
    if exc.errno == errno.ELOOP:
        return Entry(path, ReasonCode.SYMLINK_LOOP, Errors.E318)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR) and os.path.islink(path):
        message = Errors.E319.format(target=os.readlink(path))
        return Entry(path, ReasonCode.DANGLING_LINK, message)
    return Entry(path, ReasonCode.UNREADABLE, Errors.E313.format(why=_why(exc)))


def file_kind(mode: int) -> str:
    """What a file that is not a regular file or a folder is, for messages (E320)."""
    return next((name for test, name in _KINDS if test(mode)), "special file")


def _not_regular(path: str, mode: int, size: int) -> Entry:
    return Entry(path, ReasonCode.NOT_REGULAR, Errors.E320.format(kind=file_kind(mode)), size)


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def ingest(paths: Iterable[str | Path]) -> list[InputFile]:
    """Discover the inputs, hash them and mark byte-identical repeats as duplicates."""
    first_by_id: dict[str, str] = {}
    files: list[InputFile] = []
    for entry in discover(paths):
        file = _input_file(entry)
        if file.problem is None:
            first = first_by_id.setdefault(file.doc_id, file.path)
            if first != file.path:
                file = replace(file, duplicate_of=first)
        files.append(file)
    return files


def _input_file(entry: Entry) -> InputFile:
    """Hash a regular file; an entry with a problem (or one met now) gets an id by path."""
    read = _read(entry) if entry.problem is None else entry
    if isinstance(read, InputFile):
        return read
    return InputFile(
        read.path, entry_id(read.path), read.size_bytes,
        problem=read.problem, problem_message=read.message,
    )  # fmt: skip


def _read(entry: Entry) -> InputFile | Entry:
    """The file's record with its sha256, or ``entry`` with the problem met on reading it.

    The file is opened without blocking and checked to still be a regular file, in
    case a pipe took its place since discovery.
    """
    try:
        fd = os.open(entry.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                return _not_regular(entry.path, mode, 0)
            doc_id, size = _digest(handle)
    except OSError as exc:
        message = Errors.E313.format(why=_why(exc))
        return replace(entry, problem=ReasonCode.UNREADABLE, message=message)
    return InputFile(entry.path, doc_id, size)
