"""ingest: every entry found is one InputFile; paths given twice are one input, the same
bytes twice a duplicate; symbolic links are followed once.

Entries that are not regular files, cannot be read or have no UTF-8 name:
test_ingest_entries.py.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from kpo.errors import InputError
from kpo.ingest import discover, ingest
from kpo.reasons import ReasonCode

from .ingest_tree import by_name as _by_name
from .ingest_tree import copy_file as _copy


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
