"""ingest: every entry found is one InputFile; nothing that is not a regular file is opened."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest

from kpo.errors import InputError
from kpo.ingest import discover, entry_id, ingest
from kpo.reasons import ReasonCode
from kpo.records import InputFile

HEX64 = re.compile(r"[0-9a-f]{64}")


def _by_name(files: list[InputFile]) -> dict[str, InputFile]:
    return {os.path.basename(f.path): f for f in files}


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


def test_document_id_is_sha256_of_bytes(text_pdf: Path) -> None:
    [file] = ingest([text_pdf])
    assert file.doc_id == hashlib.sha256(text_pdf.read_bytes()).hexdigest()
    assert file.size_bytes == text_pdf.stat().st_size
    assert file.problem is None


def test_folders_are_walked_recursively_and_non_pdfs_kept(tmp_path: Path, text_pdf: Path) -> None:
    nested = tmp_path / "in" / "deeper"
    nested.mkdir(parents=True)
    (nested / "b.pdf").write_bytes(text_pdf.read_bytes() + b"\n% changed")
    (tmp_path / "in" / "notes.txt").write_text("not a pdf")
    names = sorted(os.path.basename(e.path) for e in discover([tmp_path / "in"]))
    assert names == ["b.pdf", "notes.txt"]


def test_system_clutter_files_are_ignored(tmp_path: Path, text_pdf: Path) -> None:
    _copy(text_pdf, tmp_path / "in" / "a.pdf")
    for name in (".DS_Store", "Thumbs.db", "desktop.ini"):
        (tmp_path / "in" / name).write_bytes(b"clutter")
    assert list(_by_name(ingest([tmp_path / "in"]))) == ["a.pdf"]


def test_same_bytes_twice_is_marked_duplicate_of_the_first(tmp_path: Path, text_pdf: Path) -> None:
    copy = tmp_path / "zz-copy.pdf"
    copy.write_bytes(text_pdf.read_bytes())
    first, second = ingest([text_pdf, copy])
    assert first.duplicate_of is None
    assert second.duplicate_of == first.path
    assert first.doc_id == second.doc_id


def test_a_path_given_twice_is_one_input(text_pdf: Path) -> None:
    assert len(ingest([text_pdf, text_pdf])) == 1


def test_a_path_given_in_two_spellings_is_one_input(
    tmp_path: Path, text_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy(text_pdf, tmp_path / "in" / "a.pdf")
    monkeypatch.chdir(tmp_path)
    files = ingest(["in/a.pdf", "./in/../in/a.pdf", tmp_path / "in" / "a.pdf", "in"])
    assert [f.path for f in files] == [str(tmp_path / "in" / "a.pdf")]


def test_missing_input_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"E004.*nope\.pdf"):
        ingest([tmp_path / "nope.pdf"])


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="E005"):
        ingest([tmp_path / "empty"])


# symbolic links: followed once


def test_a_symlinked_file_is_its_own_row_duplicate_of_the_target(
    tmp_path: Path, text_pdf: Path
) -> None:
    target = _copy(text_pdf, tmp_path / "in" / "a.pdf")
    (tmp_path / "in" / "b-link.pdf").symlink_to("a.pdf")
    files = _by_name(ingest([tmp_path / "in"]))
    assert list(files) == ["a.pdf", "b-link.pdf"]
    link = files["b-link.pdf"]
    assert link.path == str(tmp_path / "in" / "b-link.pdf")  # the link, not its target
    assert link.duplicate_of == str(target)
    assert link.doc_id == files["a.pdf"].doc_id


def test_a_link_and_its_target_given_directly_are_two_rows(tmp_path: Path, text_pdf: Path) -> None:
    (tmp_path / "link.pdf").symlink_to(text_pdf)
    first, second = ingest([text_pdf, tmp_path / "link.pdf"])
    assert second.path == str(tmp_path / "link.pdf")
    assert second.duplicate_of == first.path


def test_a_symlinked_folder_is_walked(tmp_path: Path, text_pdf: Path) -> None:
    _copy(text_pdf, tmp_path / "in" / "real" / "a.pdf")
    (tmp_path / "in" / "zz-alias").symlink_to("real", target_is_directory=True)
    files = ingest([tmp_path / "in"])
    assert [f.path for f in files] == [
        str(tmp_path / "in" / "real" / "a.pdf"),
        str(tmp_path / "in" / "zz-alias" / "a.pdf"),
    ]
    assert files[1].duplicate_of == files[0].path


@pytest.mark.timeout(30)
def test_a_link_to_an_ancestor_folder_is_a_loop_row_and_not_walked(
    tmp_path: Path, text_pdf: Path
) -> None:
    _copy(text_pdf, tmp_path / "in" / "sub" / "a.pdf")
    (tmp_path / "in" / "sub" / "up").symlink_to("..", target_is_directory=True)
    (tmp_path / "in" / "sub" / "self").symlink_to(".", target_is_directory=True)
    files = _by_name(ingest([tmp_path / "in"]))
    assert list(files) == ["a.pdf", "self", "up"]
    for name in ("self", "up"):
        assert files[name].problem == ReasonCode.SYMLINK_LOOP
        assert files[name].problem_message is not None
        assert files[name].problem_message.startswith("E318 ")


@pytest.mark.timeout(30)
def test_a_loop_through_two_folders_is_found(tmp_path: Path, text_pdf: Path) -> None:
    _copy(text_pdf, tmp_path / "in" / "a" / "x.pdf")
    (tmp_path / "in" / "b").mkdir()
    (tmp_path / "in" / "a" / "to-b").symlink_to("../b", target_is_directory=True)
    (tmp_path / "in" / "b" / "to-a").symlink_to("../a", target_is_directory=True)
    files = ingest([tmp_path / "in"])
    loops = [f.path for f in files if f.problem == ReasonCode.SYMLINK_LOOP]
    assert loops == [
        str(tmp_path / "in" / "a" / "to-b" / "to-a"),  # a -> b -> back to a
        str(tmp_path / "in" / "b" / "to-a" / "to-b"),
    ]
    assert len(files) == 4  # x.pdf, twice (through b/to-a as well), and the two loops


def test_file_links_in_a_loop_are_rows(tmp_path: Path, text_pdf: Path) -> None:
    _copy(text_pdf, tmp_path / "in" / "a.pdf")
    (tmp_path / "in" / "loop1").symlink_to("loop2")
    (tmp_path / "in" / "loop2").symlink_to("loop1")
    files = _by_name(ingest([tmp_path / "in"]))
    assert [f.problem for f in files.values()] == [None, *[ReasonCode.SYMLINK_LOOP] * 2]
    assert ingest([tmp_path / "in" / "loop1"])[0].problem == ReasonCode.SYMLINK_LOOP


def test_a_dangling_link_is_a_row_naming_its_target(tmp_path: Path, text_pdf: Path) -> None:
    _copy(text_pdf, tmp_path / "in" / "a.pdf")
    (tmp_path / "in" / "gone.pdf").symlink_to("moved-away.pdf")
    files = _by_name(ingest([tmp_path / "in"]))
    gone = files["gone.pdf"]
    assert gone.problem == ReasonCode.DANGLING_LINK
    assert gone.problem_message == (
        "E319 The symbolic link points to 'moved-away.pdf', which does not exist; nothing was read."
    )
    assert gone.size_bytes == 0
    [direct] = ingest([tmp_path / "in" / "gone.pdf"])  # given directly: a row, not E004
    assert direct.problem == ReasonCode.DANGLING_LINK


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
