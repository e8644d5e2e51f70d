"""ingest: nothing that is not a regular file is opened; an entry that cannot be read is
a row, not a crash; entries without bytes have stable ids, and names that are not UTF-8
stay openable."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest

from kpo.ingest import discover, entry_id, ingest
from kpo.reasons import ReasonCode

from .ingest_tree import by_name as _by_name
from .ingest_tree import copy_file as _copy

HEX64 = re.compile(r"[0-9a-f]{64}")

# not regular files: refused from stat, never opened


@pytest.mark.timeout(30)  # a regression would block on open() forever
def test_a_named_pipe_in_a_folder_is_a_row_and_never_opened(tmp_path: Path, text_pdf: Path) -> None:
    _copy(text_pdf, tmp_path / "in" / "a.pdf")
    os.mkfifo(tmp_path / "in" / "pipe.pdf")
    files = _by_name(ingest([tmp_path / "in"]))
    pipe = files["pipe.pdf"]
    assert pipe.problem == ReasonCode.NOT_REGULAR
    assert pipe.problem_message is not None
    assert pipe.problem_message.startswith("E320 The path is a named pipe (FIFO), not a regular")


@pytest.mark.timeout(30)
def test_a_named_pipe_given_directly_is_a_row(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.pdf")
    [pipe] = ingest([tmp_path / "pipe.pdf"])
    assert pipe.problem == ReasonCode.NOT_REGULAR
    assert pipe.path == str(tmp_path / "pipe.pdf")


@pytest.mark.timeout(30)
def test_a_device_given_directly_is_a_row() -> None:
    [device] = ingest(["/dev/null"])
    assert device.problem == ReasonCode.NOT_REGULAR
    assert device.problem_message is not None
    assert "character device" in device.problem_message


@pytest.mark.timeout(30)
def test_a_pipe_put_in_place_of_a_file_after_discovery_is_not_read(
    tmp_path: Path, text_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy(text_pdf, tmp_path / "in" / "a.pdf")
    found = discover([tmp_path / "in"])
    path.unlink()
    os.mkfifo(path)
    monkeypatch.setattr("kpo.ingest.discover", lambda paths: found)
    [file] = ingest([tmp_path / "in"])
    assert file.problem == ReasonCode.NOT_REGULAR


# unreadable entries: a row, not a crash


def _refuse(monkeypatch: pytest.MonkeyPatch, refused: Path, *names: str) -> None:
    """Make ``os`` and ``io`` functions refuse ``refused`` as a missing permission would."""
    for module, name in [(os, n) for n in names if hasattr(os, n)] + [(io, "open")]:
        real = getattr(module, name)

        def refusing(path: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(refused):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(module, name, refusing)


def test_a_file_that_cannot_be_opened_is_an_unreadable_row(
    tmp_path: Path, text_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy(text_pdf, tmp_path / "in" / "a.pdf")
    locked = _copy(text_pdf, tmp_path / "in" / "locked.pdf")
    _refuse(monkeypatch, locked, "open")
    files = _by_name(ingest([tmp_path / "in"]))
    assert files["locked.pdf"].problem == ReasonCode.UNREADABLE
    assert files["locked.pdf"].problem_message == (
        "E313 The file could not be read: Permission denied."
    )
    assert files["locked.pdf"].duplicate_of is None  # no bytes were read to compare
    assert files["a.pdf"].problem is None


def test_a_file_without_read_permission_is_an_unreadable_row(
    tmp_path: Path, text_pdf: Path
) -> None:
    locked = _copy(text_pdf, tmp_path / "locked.pdf")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        pytest.skip("running as root: file permissions do not stop reading")
    [file] = ingest([locked])
    assert file.problem == ReasonCode.UNREADABLE


def test_a_folder_that_cannot_be_listed_is_an_unreadable_row(
    tmp_path: Path, text_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy(text_pdf, tmp_path / "in" / "a.pdf")
    locked = _copy(text_pdf, tmp_path / "in" / "locked" / "b.pdf").parent
    _refuse(monkeypatch, locked, "listdir", "scandir")
    files = _by_name(ingest([tmp_path / "in"]))
    assert list(files) == ["a.pdf", "locked"]
    assert files["locked"].problem == ReasonCode.UNREADABLE
    assert files["locked"].problem_message is not None
    assert files["locked"].problem_message.startswith("E323 The folder could not be listed")


# ids of entries without bytes, and names that are not UTF-8


def test_an_entry_without_bytes_has_a_stable_id_by_path(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("one.pdf", "two.pdf"):
        (tmp_path / "in" / name).symlink_to("missing.pdf")
    first = ingest([tmp_path / "in"])
    again = ingest([tmp_path / "in"])
    assert [f.doc_id for f in first] == [f.doc_id for f in again]
    assert first[0].doc_id != first[1].doc_id
    assert all(HEX64.fullmatch(f.doc_id) for f in first)
    assert first[0].doc_id == entry_id(first[0].path)


def test_an_entry_id_is_no_file_sha256_built_from_the_path(tmp_path: Path) -> None:
    path = str(tmp_path / "pipe.pdf")
    for prefix in (b"", b"kpo-unreadable-entry:", b"kpo-entry:", b"kpo-entry"):
        assert entry_id(path) != hashlib.sha256(prefix + os.fsencode(path)).hexdigest()


@pytest.mark.timeout(30)
def test_names_that_are_not_utf8_are_kept_openable(tmp_path: Path, text_pdf: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder)
    with open(os.path.join(raw, b"caf\xe9.pdf"), "wb") as handle:
        handle.write(text_pdf.read_bytes())
    os.symlink(b"gone-\xff.pdf", os.path.join(raw, b"link-\xfe.pdf"))
    os.mkfifo(os.path.join(raw, b"pipe-\xfd"))
    files = ingest([folder])
    assert [os.path.basename(os.fsencode(f.path)) for f in files] == [
        b"caf\xe9.pdf", b"link-\xfe.pdf", b"pipe-\xfd"
    ]  # fmt: skip
    with open(files[0].path, "rb") as handle:
        assert handle.read() == text_pdf.read_bytes()
    assert [f.problem for f in files] == [None, ReasonCode.DANGLING_LINK, ReasonCode.NOT_REGULAR]
    for file in files[1:]:
        assert file.problem_message is not None
        file.problem_message.encode("utf-8")  # printable: no lone surrogates
        assert HEX64.fullmatch(file.doc_id)
